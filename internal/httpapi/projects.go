package httpapi

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/tandemqda/tandem/internal/auth"
	"github.com/tandemqda/tandem/internal/tandem"
)

type memberView struct {
	UserID              string                `json:"userId"`
	DisplayName         string                `json:"displayName"`
	Email               string                `json:"email,omitempty"`
	Role                tandem.Role           `json:"role"`
	ResearcherType      tandem.ResearcherType `json:"researcherType"`
	ResearcherTypeLabel string                `json:"researcherTypeLabel,omitempty"`
	JoinedAt            time.Time             `json:"joinedAt"`
	// OnlyLead marks the project's sole lead, who can neither step down nor
	// leave until someone else is a lead.
	OnlyLead bool `json:"onlyLead,omitempty"`
}

type projectView struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Archived    bool        `json:"archived"`
	CreatedAt   time.Time   `json:"createdAt"`
	UpdatedAt   time.Time   `json:"updatedAt"`
	Version     int64       `json:"version"`
	MyRole      tandem.Role `json:"myRole"`
	MemberCount int         `json:"memberCount"`
	// ShareTranscripts lets coders read all transcripts, not only theirs.
	ShareTranscripts bool          `json:"shareTranscripts"`
	OpenCoding       bool          `json:"openCoding"`
	Members          []*memberView `json:"members,omitempty"`
}

// viewMember shows a member of p to viewer; emails are shown to leads and to
// the member themself.
func viewMember(p *tandem.Project, m *tandem.Member, viewer *tandem.Member) *memberView {
	v := &memberView{UserID: m.UserID, DisplayName: m.DisplayName, Role: m.Role,
		ResearcherType: m.ResearcherType, ResearcherTypeLabel: m.ResearcherTypeLabel, JoinedAt: m.JoinedAt,
		OnlyLead: p.SoleLead(m.UserID)}
	if viewer.Role == tandem.RoleLead || viewer.UserID == m.UserID {
		v.Email = m.Email
	}
	return v
}

func viewProject(p *tandem.Project, viewer *tandem.Member, withMembers bool) *projectView {
	v := &projectView{ID: p.ID, Name: p.Name, Description: p.Description, Archived: p.Archived,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, Version: p.Version, MyRole: viewer.Role, MemberCount: len(p.Members),
		ShareTranscripts: p.ShareTranscripts, OpenCoding: p.OpenCoding}
	if withMembers {
		v.Members = viewMembers(p, viewer)
	}
	return v
}

func viewMembers(p *tandem.Project, viewer *tandem.Member) []*memberView {
	out := make([]*memberView, len(p.Members))
	for i := range p.Members {
		out[i] = viewMember(p, &p.Members[i], viewer)
	}
	return out
}

// audit appends an entry to the project's log. The change it records is
// already saved, so a failure is logged rather than reported to the client.
func (s *Server) audit(ctx context.Context, projectID string, actor *tandem.User, action, summary string, details map[string]any) {
	e := &tandem.AuditEntry{ProjectID: projectID, At: s.now(), ActorID: actor.ID, ActorName: actor.Name,
		Action: action, Summary: summary, Details: details}
	if err := s.store.AppendAudit(context.WithoutCancel(ctx), e); err != nil {
		s.log.Error("append audit entry", "project", projectID, "action", action, "error", err)
	}
}

func (s *Server) listProjects(c *fiber.Ctx) error {
	u := currentUser(c)
	withArchived := c.QueryBool("archived", false)
	out := []*projectView{}
	for i := len(u.ProjectIDs) - 1; i >= 0; i-- {
		pid := u.ProjectIDs[i]
		p, err := s.store.Project(c.UserContext(), pid)
		if errors.Is(err, tandem.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		m := p.Member(u.ID)
		if m == nil || p.DeletedAt != nil || (p.Archived && !withArchived) {
			continue
		}
		out = append(out, viewProject(p, m, false))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return c.JSON(out)
}

func (s *Server) createProject(c *fiber.Ctx) error {
	var in struct {
		Name                string `json:"name"`
		Description         string `json:"description"`
		ResearcherType      string `json:"researcherType"`
		ResearcherTypeLabel string `json:"researcherTypeLabel"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	name, err := tandem.ValidateProjectName(in.Name)
	if err != nil {
		return err
	}
	desc, err := tandem.ValidateDescription(in.Description)
	if err != nil {
		return err
	}
	if in.ResearcherType == "" {
		in.ResearcherType = string(tandem.ResearcherOther)
	}
	rt, label, err := tandem.ParseResearcherType(in.ResearcherType, in.ResearcherTypeLabel)
	if err != nil {
		return err
	}
	p, err := s.newProject(c.UserContext(), currentUser(c), name, desc, rt, label)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(viewProject(p, &p.Members[0], true))
}

// newProject creates a project whose first lead is u.
func (s *Server) newProject(ctx context.Context, u *tandem.User, name, desc string, rt tandem.ResearcherType, label string) (*tandem.Project, error) {
	now := s.now()
	lead := tandem.Member{UserID: u.ID, DisplayName: u.Name, Email: u.Email, Role: tandem.RoleLead,
		ResearcherType: rt, ResearcherTypeLabel: label, JoinedAt: now}
	p := &tandem.Project{ID: uuid.NewString(), Name: name, Description: desc, CreatedAt: now, UpdatedAt: now,
		Members: []tandem.Member{lead}}
	// The user's list of projects is only an index; write it first so that a
	// failure leaves no project that its lead cannot find.
	if err := s.store.AddUserProject(ctx, u.ID, p.ID); err != nil {
		return nil, err
	}
	if err := s.store.CreateProject(ctx, p); err != nil {
		return nil, err
	}
	s.audit(ctx, p.ID, u, "project.created", fmt.Sprintf("%s created the project %q.", u.Name, p.Name), nil)
	return p, nil
}

func (s *Server) getProject(c *fiber.Ctx) error {
	p, m := currentProject(c)
	return c.JSON(viewProject(p, m, true))
}

func (s *Server) patchProject(c *fiber.Ctx) error {
	var in struct {
		Version     *int64  `json:"version"`
		Name        *string `json:"name"`
		Description *string `json:"description"`
		Archived    *bool   `json:"archived"`
		Share       *bool   `json:"shareTranscripts"`
		Open        *bool   `json:"openCoding"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.Version == nil {
		return tandem.Invalid("version", "Send the version of the project you changed.")
	}
	var name, desc string
	var err error
	if in.Name != nil {
		if name, err = tandem.ValidateProjectName(*in.Name); err != nil {
			return err
		}
	}
	if in.Description != nil {
		if desc, err = tandem.ValidateDescription(*in.Description); err != nil {
			return err
		}
	}
	_, me := currentProject(c)
	u := currentUser(c)
	var before tandem.Project
	p, err := s.store.UpdateProject(c.UserContext(), c.Params("pid"), func(p *tandem.Project) error {
		if p.Version != *in.Version {
			return &tandem.Error{Code: tandem.CodeVersionConflict,
				Message: "Someone else changed this project while you were editing. The latest version is shown; your text is kept so you can apply it again.",
				Details: map[string]any{"current": viewProject(p, me, true)}}
		}
		before = *p
		if in.Name != nil {
			p.Name = name
		}
		if in.Description != nil {
			p.Description = desc
		}
		if in.Archived != nil {
			p.Archived = *in.Archived
		}
		if in.Share != nil {
			p.ShareTranscripts = *in.Share
		}
		if in.Open != nil {
			p.OpenCoding = *in.Open
		}
		p.UpdatedAt = s.now()
		return nil
	})
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if p.Name != before.Name {
		s.audit(ctx, p.ID, u, "project.renamed", fmt.Sprintf("%s renamed the project from %q to %q.", u.Name, before.Name, p.Name),
			map[string]any{"before": before.Name, "after": p.Name})
	}
	if p.Description != before.Description {
		s.audit(ctx, p.ID, u, "project.described", fmt.Sprintf("%s changed the project description.", u.Name),
			map[string]any{"before": before.Description, "after": p.Description})
	}
	if p.Archived != before.Archived {
		action, verb := "project.archived", "archived"
		if !p.Archived {
			action, verb = "project.restored", "restored"
		}
		s.audit(ctx, p.ID, u, action, fmt.Sprintf("%s %s the project.", u.Name, verb), nil)
	}
	if p.ShareTranscripts != before.ShareTranscripts {
		what := "only the transcripts assigned to them"
		if p.ShareTranscripts {
			what = "every transcript"
		}
		s.audit(ctx, p.ID, u, "project.sharing_changed", fmt.Sprintf("%s let coders read %s.", u.Name, what), nil)
	}
	if p.OpenCoding != before.OpenCoding {
		what := "independently: coders no longer see each other's excerpts"
		if p.OpenCoding {
			what = "openly: coders see each other's excerpts"
		}
		s.audit(ctx, p.ID, u, "project.coding_mode_changed", fmt.Sprintf("%s set the project to code %s.", u.Name, what), nil)
	}
	return c.JSON(viewProject(p, me, true))
}

func (s *Server) listMembers(c *fiber.Ctx) error {
	p, m := currentProject(c)
	return c.JSON(viewMembers(p, m))
}

func (s *Server) patchMember(c *fiber.Ctx) error {
	var in struct {
		Role                *string `json:"role"`
		DisplayName         *string `json:"displayName"`
		ResearcherType      *string `json:"researcherType"`
		ResearcherTypeLabel *string `json:"researcherTypeLabel"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	_, me := currentProject(c)
	uid := c.Params("uid")
	profile := in.DisplayName != nil || in.ResearcherType != nil || in.ResearcherTypeLabel != nil
	if in.Role == nil && !profile {
		return tandem.Invalid("role", "Nothing to change: send a role, a display name or a researcher type.")
	}
	var role tandem.Role
	var err error
	if in.Role != nil {
		if me.Role != tandem.RoleLead {
			return tandem.Errorf(tandem.CodeForbidden, "Only a project lead can change roles.")
		}
		if role, err = tandem.ParseRole("role", *in.Role); err != nil {
			return err
		}
	}
	if profile && uid != me.UserID {
		return tandem.Errorf(tandem.CodeForbidden, "You can change only your own display name and researcher type.")
	}
	var name string
	if in.DisplayName != nil {
		if name, err = tandem.ValidateName("displayName", *in.DisplayName); err != nil {
			return err
		}
	}
	var rt tandem.ResearcherType
	var label string
	if in.ResearcherType != nil {
		l := ""
		if in.ResearcherTypeLabel != nil {
			l = *in.ResearcherTypeLabel
		}
		if rt, label, err = tandem.ParseResearcherType(*in.ResearcherType, l); err != nil {
			return err
		}
	} else if in.ResearcherTypeLabel != nil {
		return tandem.Invalid("researcherType", "Send the researcher type together with its description.")
	}
	var before tandem.Member
	p, err := s.store.UpdateProject(c.UserContext(), c.Params("pid"), func(p *tandem.Project) error {
		m := p.Member(uid)
		if m == nil {
			return tandem.Errorf(tandem.CodeNotFound, "That person is not a member of this project.")
		}
		before = *m
		if in.Role != nil {
			if err := p.ChangeRole(uid, role); err != nil {
				return err
			}
		}
		if in.DisplayName != nil {
			m.DisplayName = name
		}
		if in.ResearcherType != nil {
			m.ResearcherType, m.ResearcherTypeLabel = rt, label
		}
		p.UpdatedAt = s.now()
		return nil
	})
	if err != nil {
		return err
	}
	m := p.Member(uid)
	u := currentUser(c)
	ctx := c.UserContext()
	if m.Role != before.Role {
		s.audit(ctx, p.ID, u, "member.role_changed", fmt.Sprintf("%s changed the role of %s from %s to %s.", u.Name, m.DisplayName, before.Role, m.Role),
			map[string]any{"userId": uid, "before": string(before.Role), "after": string(m.Role)})
	}
	if m.DisplayName != before.DisplayName || m.ResearcherType != before.ResearcherType || m.ResearcherTypeLabel != before.ResearcherTypeLabel {
		s.audit(ctx, p.ID, u, "member.profile_changed", fmt.Sprintf("%s changed their display name or researcher type.", m.DisplayName),
			map[string]any{"userId": uid, "displayName": m.DisplayName, "researcherType": string(m.ResearcherType)})
	}
	return c.JSON(viewMember(p, m, p.Member(me.UserID)))
}

func (s *Server) removeMember(c *fiber.Ctx) error {
	_, me := currentProject(c)
	uid := c.Params("uid")
	if uid != me.UserID && me.Role != tandem.RoleLead {
		return tandem.Errorf(tandem.CodeForbidden, "Only a project lead can remove members.")
	}
	var removed tandem.Member
	p, err := s.store.UpdateProject(c.UserContext(), c.Params("pid"), func(p *tandem.Project) error {
		if m := p.Member(uid); m != nil {
			removed = *m
		}
		p.UpdatedAt = s.now()
		return p.RemoveMember(uid)
	})
	if err != nil {
		return err
	}
	u := currentUser(c)
	if uid == me.UserID {
		s.audit(c.UserContext(), p.ID, u, "member.left", fmt.Sprintf("%s left the project.", removed.DisplayName), map[string]any{"userId": uid})
	} else {
		s.audit(c.UserContext(), p.ID, u, "member.removed", fmt.Sprintf("%s removed %s from the project.", u.Name, removed.DisplayName), map[string]any{"userId": uid})
	}
	return c.SendStatus(fiber.StatusNoContent)
}

type invitationView struct {
	ID        string                  `json:"id"`
	Role      tandem.Role             `json:"role"`
	Note      string                  `json:"note,omitempty"`
	Status    tandem.InvitationStatus `json:"status"`
	CreatedAt time.Time               `json:"createdAt"`
	ExpiresAt time.Time               `json:"expiresAt"`
	CreatedBy string                  `json:"createdBy"`
	UsedBy    string                  `json:"usedBy,omitempty"`
	UsedAt    *time.Time              `json:"usedAt,omitempty"`
	URL       string                  `json:"url,omitempty"`
	Token     string                  `json:"token,omitempty"`
}

// memberName is the display name of a user in the project, for lists.
func memberName(p *tandem.Project, userID string) string {
	if m := p.Member(userID); m != nil {
		return m.DisplayName
	}
	return "a former member"
}

func (s *Server) viewInvitation(p *tandem.Project, inv *tandem.Invitation) *invitationView {
	v := &invitationView{ID: inv.ID, Role: inv.Role, Note: inv.Note, Status: inv.Status(s.now()),
		CreatedAt: inv.CreatedAt, ExpiresAt: inv.ExpiresAt, CreatedBy: memberName(p, inv.CreatedBy), UsedAt: inv.UsedAt}
	if inv.UsedBy != "" {
		v.UsedBy = memberName(p, inv.UsedBy)
	}
	return v
}

func (s *Server) listInvitations(c *fiber.Ctx) error {
	p, _ := currentProject(c)
	out := make([]*invitationView, 0, len(p.Invitations))
	for i := len(p.Invitations) - 1; i >= 0; i-- {
		out = append(out, s.viewInvitation(p, &p.Invitations[i]))
	}
	return c.JSON(out)
}

// maxPendingInvitations bounds the open invitations of a project.
const maxPendingInvitations = 200

func (s *Server) createInvitation(c *fiber.Ctx) error {
	var in struct {
		Role           string `json:"role"`
		ExpiresInHours *int   `json:"expiresInHours"`
		Note           string `json:"note"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	role, err := tandem.ParseRole("role", in.Role)
	if err != nil {
		return err
	}
	ttl := s.cfg.InvitationTTL
	if in.ExpiresInHours != nil {
		if *in.ExpiresInHours < 1 || *in.ExpiresInHours > 720 {
			return tandem.Invalid("expiresInHours", "An invitation can last from 1 hour to 30 days (720 hours).")
		}
		ttl = time.Duration(*in.ExpiresInHours) * time.Hour
	}
	note, err := tandem.TextField{Field: "note", Label: "The note", Max: 200}.Clean(in.Note)
	if err != nil {
		return err
	}
	u := currentUser(c)
	secret := auth.NewToken()
	now := s.now()
	inv := tandem.Invitation{ID: uuid.NewString(), TokenHash: auth.HashToken(secret), Role: role, Note: note,
		CreatedBy: u.ID, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	p, err := s.store.UpdateProject(c.UserContext(), c.Params("pid"), func(p *tandem.Project) error {
		p.PruneInvitations(now)
		pending := 0
		for i := range p.Invitations {
			if p.Invitations[i].Status(now) == tandem.InvitationPending {
				pending++
			}
		}
		if pending >= maxPendingInvitations {
			return tandem.Errorf(tandem.CodeConflict, "This project has %d open invitations. Withdraw some before creating more.", pending)
		}
		p.Invitations = append(p.Invitations, inv)
		return nil
	})
	if err != nil {
		return err
	}
	s.audit(c.UserContext(), p.ID, u, "invitation.created", fmt.Sprintf("%s created an invitation for a %s.", u.Name, role),
		map[string]any{"invitationId": inv.ID, "role": string(role)})
	v := s.viewInvitation(p, &inv)
	v.Token = p.ID + "." + secret
	v.URL = s.cfg.BaseURL + "/invite/" + v.Token
	return c.Status(fiber.StatusCreated).JSON(v)
}

func (s *Server) revokeInvitation(c *fiber.Ctx) error {
	iid := c.Params("iid")
	now := s.now()
	p, err := s.store.UpdateProject(c.UserContext(), c.Params("pid"), func(p *tandem.Project) error {
		inv := p.Invitation(iid)
		if inv == nil {
			return tandem.Errorf(tandem.CodeNotFound, "There is no such invitation.")
		}
		if st := inv.Status(now); st != tandem.InvitationPending {
			return tandem.Errorf(tandem.CodeConflict, "This invitation is already %s.", st)
		}
		inv.RevokedAt = &now
		return nil
	})
	if err != nil {
		return err
	}
	u := currentUser(c)
	s.audit(c.UserContext(), p.ID, u, "invitation.revoked", fmt.Sprintf("%s withdrew an invitation.", u.Name), map[string]any{"invitationId": iid})
	return c.SendStatus(fiber.StatusNoContent)
}

// findInvitation loads the project and invitation named by an invitation
// token "<project id>.<secret>".
func (s *Server) findInvitation(ctx context.Context, token string) (*tandem.Project, *tandem.Invitation, string, error) {
	notFound := tandem.Errorf(tandem.CodeNotFound, "This invitation link is not valid. Check that you copied the whole link, or ask the project lead for a new one.")
	pid, secret, ok := strings.Cut(token, ".")
	if !ok || pid == "" || secret == "" {
		return nil, nil, "", notFound
	}
	p, err := s.store.Project(ctx, pid)
	if errors.Is(err, tandem.ErrNotFound) || err == nil && p.DeletedAt != nil {
		return nil, nil, "", notFound
	}
	if err != nil {
		return nil, nil, "", err
	}
	hash := auth.HashToken(secret)
	inv := p.InvitationByHash(hash)
	if inv == nil {
		return nil, nil, "", notFound
	}
	return p, inv, hash, nil
}

func (s *Server) invitationPreview(c *fiber.Ctx) error {
	p, inv, _, err := s.findInvitation(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	if err := inv.Usable(s.now()); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"projectName": p.Name, "role": inv.Role, "expiresAt": inv.ExpiresAt, "invitedBy": memberName(p, inv.CreatedBy)})
}

func (s *Server) acceptInvitation(c *fiber.Ctx) error {
	var in struct {
		ResearcherType      string `json:"researcherType"`
		ResearcherTypeLabel string `json:"researcherTypeLabel"`
		DisplayName         string `json:"displayName"`
		Email               string `json:"email"`
		Name                string `json:"name"`
		Password            string `json:"password"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	rt, label, err := tandem.ParseResearcherType(in.ResearcherType, in.ResearcherTypeLabel)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	p, inv, hash, err := s.findInvitation(ctx, c.Params("token"))
	if err != nil {
		return err
	}
	if err := inv.Usable(s.now()); err != nil {
		return err
	}
	u := currentUser(c)
	newAccount := u == nil
	if newAccount {
		if u, err = s.checkNewUser(in.Email, in.Name, in.Password); err != nil {
			return err
		}
	} else if p.Member(u.ID) != nil {
		return tandem.Errorf(tandem.CodeAlreadyMember, "You are already a member of %q.", p.Name)
	}
	displayName := u.Name
	if strings.TrimSpace(in.DisplayName) != "" {
		if displayName, err = tandem.ValidateName("displayName", in.DisplayName); err != nil {
			return err
		}
	}
	// A new account is made before the invitation is used (two documents,
	// no transaction), and removed again when the invitation went to
	// someone else first: only the person who joined keeps an account.
	if newAccount {
		u.ProjectIDs = []string{p.ID}
		if err := s.createUser(ctx, u, in.Password); err != nil {
			return err
		}
	} else if err := s.store.AddUserProject(ctx, u.ID, p.ID); err != nil {
		return err
	}
	now := s.now()
	var role tandem.Role
	p, err = s.store.UpdateProject(ctx, p.ID, func(p *tandem.Project) error {
		inv := p.InvitationByHash(hash)
		if inv == nil {
			return tandem.Errorf(tandem.CodeInvitationRevoked, "This invitation was withdrawn by the project lead. Ask them for a new link.")
		}
		if err := inv.Usable(now); err != nil {
			return err
		}
		role = inv.Role
		if err := p.AddMember(tandem.Member{UserID: u.ID, DisplayName: displayName, Email: u.Email, Role: inv.Role,
			ResearcherType: rt, ResearcherTypeLabel: label, JoinedAt: now}); err != nil {
			return err
		}
		inv.UsedAt, inv.UsedBy = &now, u.ID
		p.UpdatedAt = now
		return nil
	})
	if err != nil {
		if newAccount {
			if derr := s.store.DeleteUser(context.WithoutCancel(ctx), u.ID); derr != nil {
				s.log.Error("remove the account made for an invitation used by someone else", "user", u.ID, "error", derr)
			}
		}
		return err
	}
	s.audit(ctx, p.ID, u, "member.joined", fmt.Sprintf("%s joined as a %s (%s).", displayName, role, researcherWords(rt, label)),
		map[string]any{"userId": u.ID, "role": string(role), "researcherType": string(rt)})
	out := fiber.Map{"project": viewProject(p, p.Member(u.ID), true)}
	if newAccount {
		sess, err := s.openSession(c, u)
		if err != nil {
			return err
		}
		out["session"] = sess
	}
	return c.JSON(out)
}

// researcherWords describes a researcher type in plain words.
func researcherWords(t tandem.ResearcherType, label string) string {
	switch {
	case t == tandem.ResearcherPeer:
		return "peer researcher"
	case t == tandem.ResearcherAcademic:
		return "academic researcher"
	case label != "":
		return label
	}
	return "other researcher"
}

func (s *Server) auditLog(c *fiber.Ctx) error {
	p, _ := currentProject(c)
	return s.sendAuditPage(c, p.ID)
}

// sendAuditPage answers a page of the audit log with the id: a project's, or
// the instance's own.
func (s *Server) sendAuditPage(c *fiber.Ctx, logID string) error {
	limit := 50
	if q := c.Query("limit"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > 200 {
			return tandem.Invalid("limit", "limit must be a number from 1 to 200.")
		}
		limit = n
	}
	var before int64
	if q := c.Query("before"); q != "" {
		n, err := strconv.ParseInt(q, 10, 64)
		if err != nil || n < 1 {
			return tandem.Invalid("before", "before must be a positive number.")
		}
		before = n
	}
	entries, err := s.store.AuditPage(c.UserContext(), logID, before, limit)
	if err != nil {
		return err
	}
	out := fiber.Map{"entries": entries}
	if n := len(entries); n == limit && entries[n-1].Seq > 1 {
		out["nextBefore"] = entries[n-1].Seq
	}
	return c.JSON(out)
}
