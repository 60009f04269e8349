package httpapi

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

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
	u := scopeOf(c).User
	newAccount := u == nil
	if newAccount {
		if u, err = s.app.CheckNewUser(in.Email, in.Name, in.Password); err != nil {
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
		if err := s.app.CreateUser(ctx, u, in.Password); err != nil {
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
	s.app.Audit(ctx, p.ID, u, "member.joined", fmt.Sprintf("%s joined as a %s (%s).", displayName, role, researcherWords(rt, label)),
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
