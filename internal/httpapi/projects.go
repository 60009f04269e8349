package httpapi

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/tandemqda/tandem/internal/tandem"
)

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

func viewProject(p *tandem.Project, viewer *tandem.Member, withMembers bool) *projectView {
	v := &projectView{ID: p.ID, Name: p.Name, Description: p.Description, Archived: p.Archived,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, Version: p.Version, MyRole: viewer.Role, MemberCount: len(p.Members),
		ShareTranscripts: p.ShareTranscripts, OpenCoding: p.OpenCoding}
	if withMembers {
		v.Members = viewMembers(p, viewer)
	}
	return v
}

func (s *Server) listProjects(c *fiber.Ctx) error {
	u := scopeOf(c).User
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
	p, err := s.newProject(c.UserContext(), scopeOf(c).User, name, desc, rt, label)
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
	s.app.Audit(ctx, p.ID, u, "project.created", fmt.Sprintf("%s created the project %q.", u.Name, p.Name), nil)
	return p, nil
}

func (s *Server) getProject(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p, m := sc.Project, sc.Member
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
	sc := scopeOf(c)
	me := sc.Member
	u := scopeOf(c).User
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
		s.app.Audit(ctx, p.ID, u, "project.renamed", fmt.Sprintf("%s renamed the project from %q to %q.", u.Name, before.Name, p.Name),
			map[string]any{"before": before.Name, "after": p.Name})
	}
	if p.Description != before.Description {
		s.app.Audit(ctx, p.ID, u, "project.described", fmt.Sprintf("%s changed the project description.", u.Name),
			map[string]any{"before": before.Description, "after": p.Description})
	}
	if p.Archived != before.Archived {
		action, verb := "project.archived", "archived"
		if !p.Archived {
			action, verb = "project.restored", "restored"
		}
		s.app.Audit(ctx, p.ID, u, action, fmt.Sprintf("%s %s the project.", u.Name, verb), nil)
	}
	if p.ShareTranscripts != before.ShareTranscripts {
		what := "only the transcripts assigned to them"
		if p.ShareTranscripts {
			what = "every transcript"
		}
		s.app.Audit(ctx, p.ID, u, "project.sharing_changed", fmt.Sprintf("%s let coders read %s.", u.Name, what), nil)
	}
	if p.OpenCoding != before.OpenCoding {
		what := "independently: coders no longer see each other's excerpts"
		if p.OpenCoding {
			what = "openly: coders see each other's excerpts"
		}
		s.app.Audit(ctx, p.ID, u, "project.coding_mode_changed", fmt.Sprintf("%s set the project to code %s.", u.Name, what), nil)
	}
	return c.JSON(viewProject(p, me, true))
}
