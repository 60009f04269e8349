package tandem

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Role is what a member may do in a project.
type Role string

// Roles, from most to least powerful.
const (
	RoleLead   Role = "lead"
	RoleCoder  Role = "coder"
	RoleViewer Role = "viewer"
)

// rank orders roles so that a route can require "at least" a role.
func (r Role) rank() int {
	switch r {
	case RoleLead:
		return 3
	case RoleCoder:
		return 2
	case RoleViewer:
		return 1
	}
	return 0
}

// AtLeast reports whether r is min or more powerful.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() && r.rank() > 0 }

// ParseRole checks a role name.
func ParseRole(field, s string) (Role, error) {
	r := Role(s)
	if r.rank() == 0 {
		return "", Invalid(field, "Choose a role: lead, coder or viewer.")
	}
	return r, nil
}

// ResearcherType is how a member describes their position in the team; it is
// used to compare groups of coders.
type ResearcherType string

// Researcher types.
const (
	ResearcherPeer     ResearcherType = "peer"
	ResearcherAcademic ResearcherType = "academic"
	ResearcherOther    ResearcherType = "other"
)

// ParseResearcherType checks a researcher type and its self-described label,
// which is kept only for "other".
func ParseResearcherType(s, label string) (ResearcherType, string, error) {
	t := ResearcherType(s)
	switch t {
	case ResearcherPeer, ResearcherAcademic:
		return t, "", nil
	case ResearcherOther:
		label, err := researcherTypeLabel.Clean(label)
		if err != nil {
			return "", "", err
		}
		return t, label, nil
	}
	return "", "", Invalid("researcherType", "Choose peer researcher, academic researcher or other.")
}

// Member is a user in a project.
type Member struct {
	UserID              string         `bson:"userId"`
	DisplayName         string         `bson:"displayName"`
	Email               string         `bson:"email"`
	Role                Role           `bson:"role"`
	ResearcherType      ResearcherType `bson:"researcherType"`
	ResearcherTypeLabel string         `bson:"researcherTypeLabel,omitempty"`
	JoinedAt            time.Time      `bson:"joinedAt"`
}

// Invitation is a single-use link to join a project with a role. Only the
// hash of its token is kept.
type Invitation struct {
	ID        string     `bson:"id"`
	TokenHash string     `bson:"tokenHash"`
	Role      Role       `bson:"role"`
	Note      string     `bson:"note,omitempty"`
	CreatedBy string     `bson:"createdBy"`
	CreatedAt time.Time  `bson:"createdAt"`
	ExpiresAt time.Time  `bson:"expiresAt"`
	UsedBy    string     `bson:"usedBy,omitempty"`
	UsedAt    *time.Time `bson:"usedAt,omitempty"`
	RevokedAt *time.Time `bson:"revokedAt,omitempty"`
}

// InvitationStatus is where an invitation stands.
type InvitationStatus string

// Invitation statuses.
const (
	InvitationPending InvitationStatus = "pending"
	InvitationUsed    InvitationStatus = "used"
	InvitationExpired InvitationStatus = "expired"
	InvitationRevoked InvitationStatus = "revoked"
)

// Status returns the invitation's status at time now.
func (inv *Invitation) Status(now time.Time) InvitationStatus {
	switch {
	case inv.UsedAt != nil:
		return InvitationUsed
	case inv.RevokedAt != nil:
		return InvitationRevoked
	case !now.Before(inv.ExpiresAt):
		return InvitationExpired
	}
	return InvitationPending
}

// Usable returns nil if the invitation can be accepted at time now, or the
// error that says why not.
func (inv *Invitation) Usable(now time.Time) error {
	switch inv.Status(now) {
	case InvitationUsed:
		return Errorf(CodeInvitationUsed, "This invitation has already been used. Ask the project lead for a new link.")
	case InvitationRevoked:
		return Errorf(CodeInvitationRevoked, "This invitation was withdrawn by the project lead. Ask them for a new link.")
	case InvitationExpired:
		return Errorf(CodeInvitationExpired, "This invitation has expired. Ask the project lead for a new link.")
	}
	return nil
}

// ErrProjectNotFound is the answer about a project that does not exist or
// that the caller is not a member of: the two are not told apart.
func ErrProjectNotFound() *Error {
	return Errorf(CodeNotFound, "This project does not exist, or you are not a member of it.")
}

// Project is one study: its name, members and invitations. Every change
// increments Version.
type Project struct {
	ID          string       `bson:"_id"`
	Name        string       `bson:"name"`
	Description string       `bson:"description"`
	Archived    bool         `bson:"archived"`
	CreatedAt   time.Time    `bson:"createdAt"`
	UpdatedAt   time.Time    `bson:"updatedAt"`
	Version     int64        `bson:"version"`
	Members     []Member     `bson:"members"`
	Invitations []Invitation `bson:"invitations"`
	// ShareTranscripts lets coders read every transcript, not only those
	// assigned to them.
	ShareTranscripts bool `bson:"shareTranscripts"`
	// OpenCoding shows coders each other's excerpts. Off (the default), the
	// project codes independently ("blind"): a coder sees only their own
	// excerpts and the others' progress, until a lead reveals a transcript.
	OpenCoding bool `bson:"openCoding"`
	// IdentifierNames are names the lead lists for de-identification.
	IdentifierNames []string `bson:"identifierNames"`
	// Pseudonyms are the words the lead put in place of names (other than
	// bracketed ones such as [NAME]), so that they are not suggested as
	// names in turn.
	Pseudonyms []string `bson:"pseudonyms,omitempty"`
	// Reconcile is how the project reconciles its coding (zero: the
	// defaults, see ReconcileSettings.OrDefault).
	Reconcile ReconcileSettings `bson:"reconcile,omitempty"`
	// DeletedAt marks a project a lead deleted: it is gone for everyone at
	// once, while the store removes what it holds (and resumes the removal at
	// start-up if the server stopped half-way).
	DeletedAt *time.Time `bson:"deletedAt,omitempty"`
}

// Member returns the member with the user id, or nil.
func (p *Project) Member(userID string) *Member {
	for i := range p.Members {
		if p.Members[i].UserID == userID {
			return &p.Members[i]
		}
	}
	return nil
}

// SoleLead reports whether the member with userID is the project's only
// lead. A project always keeps a lead, so the sole lead can neither stop
// being a lead nor leave (or be removed) until someone else is a lead.
func (p *Project) SoleLead(userID string) bool {
	sole := false
	for _, m := range p.Members {
		if m.Role != RoleLead {
			continue
		}
		if m.UserID != userID {
			return false
		}
		sole = true
	}
	return sole
}

// errSoleLead is the refusal of a change that would leave no lead.
func errSoleLead() *Error {
	return Errorf(CodeLastLead, "You are the only lead of this project, and a project always needs a lead. Make someone else a lead first.")
}

// Fields of a project's text.
var (
	projectName         = TextField{Field: "name", Label: "The project name", Max: 200}
	projectDescription  = TextField{Field: "description", Label: "The description", Max: 5000, Multiline: true}
	researcherTypeLabel = TextField{Field: "researcherTypeLabel", Label: "“In your own words”", Max: 100}
)

// ValidateProjectName checks a project name and returns it trimmed.
func ValidateProjectName(name string) (string, error) {
	name, err := projectName.Clean(name)
	if err != nil {
		return "", err
	}
	if name == "" {
		return "", Invalid("name", "Give the project a name.")
	}
	return name, nil
}

// ValidateDescription checks a project description and returns it trimmed.
func ValidateDescription(d string) (string, error) { return projectDescription.Clean(d) }

// AddMember adds a member; a user can be a member once.
func (p *Project) AddMember(m Member) error {
	if p.Member(m.UserID) != nil {
		return Errorf(CodeAlreadyMember, "You are already a member of %q.", p.Name)
	}
	p.Members = append(p.Members, m)
	return nil
}

// ChangeRole changes a member's role, keeping at least one lead.
func (p *Project) ChangeRole(userID string, role Role) error {
	m := p.Member(userID)
	if m == nil {
		return Errorf(CodeNotFound, "That person is not a member of this project.")
	}
	if role != RoleLead && p.SoleLead(userID) {
		return errSoleLead()
	}
	m.Role = role
	return nil
}

// RemoveMember removes a member, keeping at least one lead.
func (p *Project) RemoveMember(userID string) error {
	for i, m := range p.Members {
		if m.UserID != userID {
			continue
		}
		if p.SoleLead(userID) {
			return errSoleLead()
		}
		p.Members = append(p.Members[:i], p.Members[i+1:]...)
		return nil
	}
	return Errorf(CodeNotFound, "That person is not a member of this project.")
}

// ConfirmDeletion checks the name a lead typed to confirm deleting the
// project. Capitals and runs of spaces do not matter; the whole name does.
func (p *Project) ConfirmDeletion(typed string) error {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	switch t := norm(typed); {
	case t == "":
		return Invalid("name", "Type the name of the project to confirm that you want to delete it.")
	case t != norm(p.Name):
		return Invalid("name", fmt.Sprintf("That is not the name of this project. To delete it, type %q.", p.Name))
	}
	return nil
}

// Invitation returns the invitation with the id, or nil.
func (p *Project) Invitation(id string) *Invitation {
	for i := range p.Invitations {
		if p.Invitations[i].ID == id {
			return &p.Invitations[i]
		}
	}
	return nil
}

// InvitationByHash returns the invitation whose token hashes to h, or nil.
func (p *Project) InvitationByHash(h string) *Invitation {
	for i := range p.Invitations {
		if p.Invitations[i].TokenHash == h {
			return &p.Invitations[i]
		}
	}
	return nil
}

// InvitationKeep is how long finished (used, expired, withdrawn) invitations
// stay listed.
const InvitationKeep = 30 * 24 * time.Hour

// PruneInvitations drops invitations that finished more than InvitationKeep
// before now, so the project document stays small.
func (p *Project) PruneInvitations(now time.Time) {
	kept := p.Invitations[:0]
	for _, inv := range p.Invitations {
		end := inv.ExpiresAt
		if inv.UsedAt != nil {
			end = *inv.UsedAt
		} else if inv.RevokedAt != nil {
			end = *inv.RevokedAt
		}
		if inv.Status(now) != InvitationPending && now.Sub(end) > InvitationKeep {
			continue
		}
		kept = append(kept, inv)
	}
	p.Invitations = kept
}

// Limits of invitations.
const (
	// MaxPendingInvitations bounds the open invitations of a project.
	MaxPendingInvitations = 200
	// MaxInvitationHours bounds the lifetime of an invitation link.
	MaxInvitationHours = 720
)

// InvitationNote is the note a lead writes on an invitation.
var InvitationNote = TextField{Field: "note", Label: "The note", Max: 200}

// InvitationLifetime checks the lifetime a lead chose for an invitation, in
// hours; nil means the instance's default.
func InvitationLifetime(hours *int, def time.Duration) (time.Duration, error) {
	if hours == nil {
		return def, nil
	}
	if *hours < 1 || *hours > MaxInvitationHours {
		return 0, Invalid("expiresInHours", "An invitation can last from 1 hour to 30 days (720 hours).")
	}
	return time.Duration(*hours) * time.Hour, nil
}

// AddInvitation adds an invitation at now, after dropping old finished
// ones, unless the project has MaxPendingInvitations open already.
func (p *Project) AddInvitation(inv Invitation, now time.Time) error {
	p.PruneInvitations(now)
	pending := 0
	for i := range p.Invitations {
		if p.Invitations[i].Status(now) == InvitationPending {
			pending++
		}
	}
	if pending >= MaxPendingInvitations {
		return Errorf(CodeConflict, "This project has %d open invitations. Withdraw some before creating more.", pending)
	}
	p.Invitations = append(p.Invitations, inv)
	return nil
}

// Limits of the names a lead lists for de-identification.
const MaxIdentifierNames = 1000

// IdentifierName is one name a lead lists for de-identification.
var IdentifierName = TextField{Field: "names", Label: "A name to look for", Max: 100}

// CleanIdentifierNames checks the names a lead lists for de-identification,
// and returns them cleaned, once each (capitals aside), sorted.
func CleanIdentifierNames(in []string) ([]string, error) {
	if len(in) > MaxIdentifierNames {
		return nil, Invalid("names", "List at most 1,000 names.")
	}
	names := []string{}
	seen := map[string]bool{}
	for _, n := range in {
		n, err := IdentifierName.Clean(n)
		if err != nil {
			return nil, err
		}
		if n != "" && !seen[strings.ToLower(n)] {
			seen[strings.ToLower(n)] = true
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}

// AuditEntry is one change to a project, appended to its audit log.
type AuditEntry struct {
	ID        string         `bson:"_id" json:"-"`
	ProjectID string         `bson:"projectId" json:"-"`
	Seq       int64          `bson:"seq" json:"seq"`
	At        time.Time      `bson:"at" json:"at"`
	ActorID   string         `bson:"actorId" json:"actorId"`
	ActorName string         `bson:"actorName" json:"actorName"`
	Action    string         `bson:"action" json:"action"`
	Summary   string         `bson:"summary" json:"summary"`
	Details   map[string]any `bson:"details,omitempty" json:"details,omitempty"`
}
