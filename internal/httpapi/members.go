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
	var in tandem.MemberPatch
	if err := decode(c, &in); err != nil {
		return err
	}
	sc := scopeOf(c)
	uid := c.Params("uid")
	p, err := s.app.PatchMember(c.UserContext(), sc, uid, in)
	if err != nil {
		return err
	}
	return c.JSON(viewMember(p, p.Member(uid), p.Member(sc.Member.UserID)))
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
	u := sc.User
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
