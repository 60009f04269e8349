package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tandemqda/tandem/internal/auth"
	"github.com/tandemqda/tandem/internal/tandem"
)

// Joining is what a person sends to accept an invitation: how they join
// the project, and, without an account, the account to make.
type Joining struct {
	ResearcherType      string `json:"researcherType"`
	ResearcherTypeLabel string `json:"researcherTypeLabel"`
	DisplayName         string `json:"displayName"`
	Email               string `json:"email"`
	Name                string `json:"name"`
	Password            string `json:"password"`
}

// Invitation returns the project and the invitation of an invitation token,
// when it can still be used.
func (a *App) Invitation(ctx context.Context, token string) (*tandem.Project, *tandem.Invitation, error) {
	p, inv, _, err := a.findInvitation(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	if err := inv.Usable(a.Now()); err != nil {
		return nil, nil, err
	}
	return p, inv, nil
}

// AcceptInvitation makes user (nil: a new account made from in) a member of
// the project of the invitation token, and uses the invitation up. It
// returns the project, the member's account, and whether it is new.
func (a *App) AcceptInvitation(ctx context.Context, user *tandem.User, token string, in Joining) (*tandem.Project, *tandem.User, bool, error) {
	rt, label, err := tandem.ParseResearcherType(in.ResearcherType, in.ResearcherTypeLabel)
	if err != nil {
		return nil, nil, false, err
	}
	p, inv, hash, err := a.findInvitation(ctx, token)
	if err != nil {
		return nil, nil, false, err
	}
	if err := inv.Usable(a.Now()); err != nil {
		return nil, nil, false, err
	}
	u := user
	newAccount := u == nil
	if newAccount {
		if u, err = a.CheckNewUser(in.Email, in.Name, in.Password); err != nil {
			return nil, nil, false, err
		}
	} else if p.Member(u.ID) != nil {
		return nil, nil, false, tandem.Errorf(tandem.CodeAlreadyMember, "You are already a member of %q.", p.Name)
	}
	displayName := u.Name
	if strings.TrimSpace(in.DisplayName) != "" {
		if displayName, err = tandem.ValidateName("displayName", in.DisplayName); err != nil {
			return nil, nil, false, err
		}
	}
	// A new account is made before the invitation is used (two documents,
	// no transaction), and removed again when the invitation went to
	// someone else first: only the person who joined keeps an account.
	if newAccount {
		u.ProjectIDs = []string{p.ID}
		if err := a.CreateUser(ctx, u, in.Password); err != nil {
			return nil, nil, false, err
		}
	} else if err := a.store.AddUserProject(ctx, u.ID, p.ID); err != nil {
		return nil, nil, false, err
	}
	now := a.Now()
	var role tandem.Role
	p, err = a.store.UpdateProject(ctx, p.ID, func(p *tandem.Project) error {
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
			if derr := a.store.DeleteUser(context.WithoutCancel(ctx), u.ID); derr != nil {
				a.log.Error("remove the account made for an invitation used by someone else", "user", u.ID, "error", derr)
			}
		}
		return nil, nil, false, err
	}
	a.Audit(ctx, p.ID, u, "member.joined", fmt.Sprintf("%s joined as a %s (%s).", displayName, role, researcherWords(rt, label)),
		map[string]any{"userId": u.ID, "role": string(role), "researcherType": string(rt)})
	return p, u, newAccount, nil
}

// findInvitation loads the project and invitation named by an invitation
// token "<project id>.<secret>".
func (a *App) findInvitation(ctx context.Context, token string) (*tandem.Project, *tandem.Invitation, string, error) {
	notFound := tandem.Errorf(tandem.CodeNotFound, "This invitation link is not valid. Check that you copied the whole link, or ask the project lead for a new one.")
	pid, secret, ok := strings.Cut(token, ".")
	if !ok || pid == "" || secret == "" {
		return nil, nil, "", notFound
	}
	p, err := a.store.Project(ctx, pid)
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
