package httpapi

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

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

func viewMembers(p *tandem.Project, viewer *tandem.Member) []*memberView {
	out := make([]*memberView, len(p.Members))
	for i := range p.Members {
		out[i] = viewMember(p, &p.Members[i], viewer)
	}
	return out
}

func (s *Server) listMembers(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p, m := sc.Project, sc.Member
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
	sc := scopeOf(c)
	me := sc.Member
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
	u := scopeOf(c).User
	ctx := c.UserContext()
	if m.Role != before.Role {
		s.app.Audit(ctx, p.ID, u, "member.role_changed", fmt.Sprintf("%s changed the role of %s from %s to %s.", u.Name, m.DisplayName, before.Role, m.Role),
			map[string]any{"userId": uid, "before": string(before.Role), "after": string(m.Role)})
	}
	if m.DisplayName != before.DisplayName || m.ResearcherType != before.ResearcherType || m.ResearcherTypeLabel != before.ResearcherTypeLabel {
		s.app.Audit(ctx, p.ID, u, "member.profile_changed", fmt.Sprintf("%s changed their display name or researcher type.", m.DisplayName),
			map[string]any{"userId": uid, "displayName": m.DisplayName, "researcherType": string(m.ResearcherType)})
	}
	return c.JSON(viewMember(p, m, p.Member(me.UserID)))
}

func (s *Server) removeMember(c *fiber.Ctx) error {
	sc := scopeOf(c)
	me := sc.Member
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
	u := scopeOf(c).User
	if uid == me.UserID {
		s.app.Audit(c.UserContext(), p.ID, u, "member.left", fmt.Sprintf("%s left the project.", removed.DisplayName), map[string]any{"userId": uid})
	} else {
		s.app.Audit(c.UserContext(), p.ID, u, "member.removed", fmt.Sprintf("%s removed %s from the project.", u.Name, removed.DisplayName), map[string]any{"userId": uid})
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// memberName is the display name of a user in the project, for lists.
func memberName(p *tandem.Project, userID string) string {
	if m := p.Member(userID); m != nil {
		return m.DisplayName
	}
	return "a former member"
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
