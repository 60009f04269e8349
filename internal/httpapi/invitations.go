package httpapi

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/tandemqda/tandem/internal/app"
	"github.com/tandemqda/tandem/internal/auth"
	"github.com/tandemqda/tandem/internal/tandem"
)

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

func (s *Server) viewInvitation(p *tandem.Project, inv *tandem.Invitation) *invitationView {
	v := &invitationView{ID: inv.ID, Role: inv.Role, Note: inv.Note, Status: inv.Status(s.now()),
		CreatedAt: inv.CreatedAt, ExpiresAt: inv.ExpiresAt, CreatedBy: memberName(p, inv.CreatedBy), UsedAt: inv.UsedAt}
	if inv.UsedBy != "" {
		v.UsedBy = memberName(p, inv.UsedBy)
	}
	return v
}

func (s *Server) listInvitations(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p := sc.Project
	out := make([]*invitationView, 0, len(p.Invitations))
	for i := len(p.Invitations) - 1; i >= 0; i-- {
		out = append(out, s.viewInvitation(p, &p.Invitations[i]))
	}
	return c.JSON(out)
}

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
	ttl, err := tandem.InvitationLifetime(in.ExpiresInHours, s.cfg.InvitationTTL)
	if err != nil {
		return err
	}
	note, err := tandem.InvitationNote.Clean(in.Note)
	if err != nil {
		return err
	}
	u := scopeOf(c).User
	secret := auth.NewToken()
	now := s.now()
	inv := tandem.Invitation{ID: uuid.NewString(), TokenHash: auth.HashToken(secret), Role: role, Note: note,
		CreatedBy: u.ID, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	p, err := s.store.UpdateProject(c.UserContext(), c.Params("pid"), func(p *tandem.Project) error {
		return p.AddInvitation(inv, now)
	})
	if err != nil {
		return err
	}
	s.app.Audit(c.UserContext(), p.ID, u, "invitation.created", fmt.Sprintf("%s created an invitation for a %s.", u.Name, role),
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
	u := scopeOf(c).User
	s.app.Audit(c.UserContext(), p.ID, u, "invitation.revoked", fmt.Sprintf("%s withdrew an invitation.", u.Name), map[string]any{"invitationId": iid})
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) invitationPreview(c *fiber.Ctx) error {
	p, inv, err := s.app.Invitation(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	if err := inv.Usable(s.now()); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"projectName": p.Name, "role": inv.Role, "expiresAt": inv.ExpiresAt, "invitedBy": memberName(p, inv.CreatedBy)})
}

func (s *Server) acceptInvitation(c *fiber.Ctx) error {
	var in app.Joining
	if err := decode(c, &in); err != nil {
		return err
	}
	p, u, newAccount, err := s.app.AcceptInvitation(c.UserContext(), scopeOf(c).User, c.Params("token"), in)
	if err != nil {
		return err
	}
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
