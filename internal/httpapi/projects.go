package httpapi

import (
	"errors"
	"sort"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/app"
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
	p, err := s.app.CreateProject(c.UserContext(), scopeOf(c).User, name, desc, rt, label)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(viewProject(p, &p.Members[0], true))
}

func (s *Server) getProject(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p, m := sc.Project, sc.Member
	return c.JSON(viewProject(p, m, true))
}

func (s *Server) patchProject(c *fiber.Ctx) error {
	var in struct {
		Version *int64 `json:"version"`
		tandem.ProjectPatch
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.Version == nil {
		return tandem.Invalid("version", "Send the version of the project you changed.")
	}
	sc := scopeOf(c)
	p, err := s.app.PatchProject(c.UserContext(), sc, *in.Version, in.ProjectPatch)
	var stale *app.Stale[*tandem.Project]
	if errors.As(err, &stale) {
		return &tandem.Error{Code: tandem.CodeVersionConflict, Message: stale.Message(),
			Details: map[string]any{"current": viewProject(stale.Current, sc.Member, true)}}
	}
	if err != nil {
		return err
	}
	return c.JSON(viewProject(p, sc.Member, true))
}
