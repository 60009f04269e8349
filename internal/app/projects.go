package app

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/tandemqda/tandem/internal/tandem"
)

// CreateProject creates a project whose first lead is u.
func (a *App) CreateProject(ctx context.Context, u *tandem.User, name, desc string, rt tandem.ResearcherType, label string) (*tandem.Project, error) {
	now := a.Now()
	lead := tandem.Member{UserID: u.ID, DisplayName: u.Name, Email: u.Email, Role: tandem.RoleLead,
		ResearcherType: rt, ResearcherTypeLabel: label, JoinedAt: now}
	p := &tandem.Project{ID: uuid.NewString(), Name: name, Description: desc, CreatedAt: now, UpdatedAt: now,
		Members: []tandem.Member{lead}}
	// The user's list of projects is only an index; write it first so that a
	// failure leaves no project that its lead cannot find.
	if err := a.store.AddUserProject(ctx, u.ID, p.ID); err != nil {
		return nil, err
	}
	if err := a.store.CreateProject(ctx, p); err != nil {
		return nil, err
	}
	a.Audit(ctx, p.ID, u, "project.created", fmt.Sprintf("%s created the project %q.", u.Name, p.Name), nil)
	return p, nil
}

// PatchProject changes the project's settings when version is current, and
// writes each change to the audit log.
func (a *App) PatchProject(ctx context.Context, sc Scope, version int64, patch tandem.ProjectPatch) (*tandem.Project, error) {
	if err := patch.Validate(); err != nil {
		return nil, err
	}
	var before tandem.Project
	p, err := a.store.UpdateProject(ctx, sc.Project.ID, func(p *tandem.Project) error {
		if p.Version != version {
			cur := *p
			return stale(&cur, staleProject)
		}
		before = *p
		patch.Apply(p)
		p.UpdatedAt = a.Now()
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.auditProjectChanges(ctx, sc.User, &before, p)
	return p, nil
}

// auditProjectChanges writes to the audit log what changed in a project's
// settings.
func (a *App) auditProjectChanges(ctx context.Context, u *tandem.User, before, p *tandem.Project) {
	if p.Name != before.Name {
		a.Audit(ctx, p.ID, u, "project.renamed", fmt.Sprintf("%s renamed the project from %q to %q.", u.Name, before.Name, p.Name),
			map[string]any{"before": before.Name, "after": p.Name})
	}
	if p.Description != before.Description {
		a.Audit(ctx, p.ID, u, "project.described", fmt.Sprintf("%s changed the project description.", u.Name),
			map[string]any{"before": before.Description, "after": p.Description})
	}
	if p.Archived != before.Archived {
		action, verb := "project.archived", "archived"
		if !p.Archived {
			action, verb = "project.restored", "restored"
		}
		a.Audit(ctx, p.ID, u, action, fmt.Sprintf("%s %s the project.", u.Name, verb), nil)
	}
	if p.ShareTranscripts != before.ShareTranscripts {
		what := "only the transcripts assigned to them"
		if p.ShareTranscripts {
			what = "every transcript"
		}
		a.Audit(ctx, p.ID, u, "project.sharing_changed", fmt.Sprintf("%s let coders read %s.", u.Name, what), nil)
	}
	if p.OpenCoding != before.OpenCoding {
		what := "independently: coders no longer see each other's excerpts"
		if p.OpenCoding {
			what = "openly: coders see each other's excerpts"
		}
		a.Audit(ctx, p.ID, u, "project.coding_mode_changed", fmt.Sprintf("%s set the project to code %s.", u.Name, what), nil)
	}
}

// PatchMember changes the membership of userID: its role (by a lead), or
// the member's own display name and researcher type.
func (a *App) PatchMember(ctx context.Context, sc Scope, userID string, patch tandem.MemberPatch) (*tandem.Project, error) {
	if err := patch.Validate(sc.Member, userID); err != nil {
		return nil, err
	}
	var before tandem.Member
	p, err := a.store.UpdateProject(ctx, sc.Project.ID, func(p *tandem.Project) error {
		if m := p.Member(userID); m != nil {
			before = *m
		}
		if err := patch.Apply(p, userID); err != nil {
			return err
		}
		p.UpdatedAt = a.Now()
		return nil
	})
	if err != nil {
		return nil, err
	}
	m, u := p.Member(userID), sc.User
	if m.Role != before.Role {
		a.Audit(ctx, p.ID, u, "member.role_changed", fmt.Sprintf("%s changed the role of %s from %s to %s.", u.Name, m.DisplayName, before.Role, m.Role),
			map[string]any{"userId": userID, "before": string(before.Role), "after": string(m.Role)})
	}
	if m.DisplayName != before.DisplayName || m.ResearcherType != before.ResearcherType || m.ResearcherTypeLabel != before.ResearcherTypeLabel {
		a.Audit(ctx, p.ID, u, "member.profile_changed", fmt.Sprintf("%s changed their display name or researcher type.", m.DisplayName),
			map[string]any{"userId": userID, "displayName": m.DisplayName, "researcherType": string(m.ResearcherType)})
	}
	return p, nil
}
