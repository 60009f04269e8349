package tandem

import (
	"regexp"
	"time"
)

// Patches are changes that people send to a transcript's details, a
// project's settings and a membership. Absent fields are nil and stay as
// they are. Validate cleans the fields in place and refuses a bad one with
// a message that names it; Apply then changes the thing, inside the
// store's atomic update.

// TranscriptInterviewDate is the interview date of a transcript,
// "YYYY-MM-DD" or empty.
var TranscriptInterviewDate = TextField{Field: "interviewDate", Label: "The date", Max: 10}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// TranscriptPatch is a change to a transcript's details.
type TranscriptPatch struct {
	Title          *string            `json:"title"`
	Participant    *string            `json:"participant"`
	InterviewDate  *string            `json:"interviewDate"`
	Interviewer    *string            `json:"interviewer"`
	Site           *string            `json:"site"`
	Attributes     *map[string]string `json:"attributes"`
	ContentNote    *string            `json:"contentNote"`
	AssignedCoders *[]string          `json:"assignedCoders"`
}

// Validate cleans the patch. Only the coders and leads of p can be
// assigned the transcript.
func (tp *TranscriptPatch) Validate(p *Project) error {
	if d := tp.InterviewDate; d != nil && *d != "" {
		if _, err := time.Parse("2006-01-02", *d); err != nil || !dateRE.MatchString(*d) {
			return Invalid("interviewDate", "Give the date as year-month-day, like 2026-03-14.")
		}
	}
	for _, f := range []struct {
		field TextField
		v     *string
	}{
		{TranscriptTitle, tp.Title},
		{TranscriptParticipant, tp.Participant},
		{TranscriptInterviewDate, tp.InterviewDate},
		{TranscriptInterviewer, tp.Interviewer},
		{TranscriptSite, tp.Site},
		{ContentNote, tp.ContentNote},
	} {
		if f.v == nil {
			continue
		}
		clean, err := f.field.Clean(*f.v)
		if err != nil {
			return err
		}
		if f.field == TranscriptTitle && clean == "" {
			return Invalid("title", "Give the transcript a title.")
		}
		*f.v = clean
	}
	if tp.Attributes != nil {
		attrs, err := CleanAttributes(*tp.Attributes)
		if err != nil {
			return err
		}
		tp.Attributes = &attrs
	}
	if tp.AssignedCoders != nil {
		ids := []string{}
		seen := map[string]bool{}
		for _, id := range *tp.AssignedCoders {
			m := p.Member(id)
			if m == nil || m.Role == RoleViewer {
				return Invalid("assignedCoders", "Only coders and leads of this project can be assigned a transcript.")
			}
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		tp.AssignedCoders = &ids
	}
	return nil
}

// Apply changes t's details (not its version).
func (tp *TranscriptPatch) Apply(t *TranscriptInfo) {
	set(&t.Title, tp.Title)
	set(&t.Participant, tp.Participant)
	set(&t.InterviewDate, tp.InterviewDate)
	set(&t.Interviewer, tp.Interviewer)
	set(&t.Site, tp.Site)
	set(&t.ContentNote, tp.ContentNote)
	set(&t.Attributes, tp.Attributes)
	set(&t.AssignedCoders, tp.AssignedCoders)
}

// CleanSpeakerRenames checks the new names of a transcript's speakers
// (old name -> new name) and returns them cleaned.
func CleanSpeakerRenames(in map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(in))
	for from, to := range in {
		clean, err := SpeakerName.Clean(to)
		if err != nil {
			return nil, err
		}
		if clean == "" {
			return nil, Invalid("renames", "A speaker needs a name.")
		}
		out[from] = clean
	}
	return out, nil
}

// ProjectPatch is a change to a project's settings.
type ProjectPatch struct {
	Name             *string `json:"name"`
	Description      *string `json:"description"`
	Archived         *bool   `json:"archived"`
	ShareTranscripts *bool   `json:"shareTranscripts"`
	OpenCoding       *bool   `json:"openCoding"`
}

// Validate cleans the patch.
func (pp *ProjectPatch) Validate() error {
	if pp.Name != nil {
		name, err := ValidateProjectName(*pp.Name)
		if err != nil {
			return err
		}
		pp.Name = &name
	}
	if pp.Description != nil {
		desc, err := ValidateDescription(*pp.Description)
		if err != nil {
			return err
		}
		pp.Description = &desc
	}
	return nil
}

// Apply changes p's settings (not its version).
func (pp *ProjectPatch) Apply(p *Project) {
	set(&p.Name, pp.Name)
	set(&p.Description, pp.Description)
	set(&p.Archived, pp.Archived)
	set(&p.ShareTranscripts, pp.ShareTranscripts)
	set(&p.OpenCoding, pp.OpenCoding)
}

// MemberPatch is a change to a membership: the role, which only a lead
// changes, or the display name and researcher type, which only the member
// changes.
type MemberPatch struct {
	Role                *string `json:"role"`
	DisplayName         *string `json:"displayName"`
	ResearcherType      *string `json:"researcherType"`
	ResearcherTypeLabel *string `json:"researcherTypeLabel"`

	role  Role
	rtype ResearcherType
	label string
}

// profile reports whether the patch changes the member's own details.
func (mp *MemberPatch) profile() bool {
	return mp.DisplayName != nil || mp.ResearcherType != nil || mp.ResearcherTypeLabel != nil
}

// Validate cleans the patch that by changes on the member userID.
func (mp *MemberPatch) Validate(by *Member, userID string) error {
	if mp.Role == nil && !mp.profile() {
		return Invalid("role", "Nothing to change: send a role, a display name or a researcher type.")
	}
	if mp.Role != nil {
		if by.Role != RoleLead {
			return Errorf(CodeForbidden, "Only a project lead can change roles.")
		}
		role, err := ParseRole("role", *mp.Role)
		if err != nil {
			return err
		}
		mp.role = role
	}
	if mp.profile() && userID != by.UserID {
		return Errorf(CodeForbidden, "You can change only your own display name and researcher type.")
	}
	if mp.DisplayName != nil {
		name, err := ValidateName("displayName", *mp.DisplayName)
		if err != nil {
			return err
		}
		mp.DisplayName = &name
	}
	switch {
	case mp.ResearcherType != nil:
		label := ""
		if mp.ResearcherTypeLabel != nil {
			label = *mp.ResearcherTypeLabel
		}
		rt, label, err := ParseResearcherType(*mp.ResearcherType, label)
		if err != nil {
			return err
		}
		mp.rtype, mp.label = rt, label
	case mp.ResearcherTypeLabel != nil:
		return Invalid("researcherType", "Send the researcher type together with its description.")
	}
	return nil
}

// Apply changes the membership of userID in p; a project keeps a lead.
func (mp *MemberPatch) Apply(p *Project, userID string) error {
	m := p.Member(userID)
	if m == nil {
		return Errorf(CodeNotFound, "That person is not a member of this project.")
	}
	if mp.Role != nil {
		if err := p.ChangeRole(userID, mp.role); err != nil {
			return err
		}
	}
	set(&m.DisplayName, mp.DisplayName)
	if mp.ResearcherType != nil {
		m.ResearcherType, m.ResearcherTypeLabel = mp.rtype, mp.label
	}
	return nil
}

// set sets *dst to *v when v is not nil.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
