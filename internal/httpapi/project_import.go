package httpapi

import (
	"fmt"
	"io"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/app"
	"github.com/tandemqda/tandem/internal/tandem"
)

// projectImportResult is the answer to a project import: what the file
// holds and what was skipped or changed, and the new project once made.
type projectImportResult struct {
	*app.ProjectImport
	Project *projectView `json:"project,omitempty"`
}

// importProject reads a REFI-QDA project (.qdpx, or a bare .qde) sent as
// the form field "file". With preview=true it answers what the file holds
// and every element skipped or changed, and makes nothing; otherwise it
// makes a new project led by the caller, whole or not at all. Any
// signed-in user may, as any may create a project.
func (s *Server) importProject(c *fiber.Ctx) error {
	if err := requireMediaType(c, fiber.MIMEMultipartForm); err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return tandem.Invalid("file", "Choose a project file from another program (.qdpx) to import.")
	}
	f, err := fh.Open()
	if err != nil {
		return fmt.Errorf("open uploaded project: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return fmt.Errorf("read uploaded project: %w", err)
	}
	u := scopeOf(c).User
	preview := c.Query("preview") == "true"
	im, err := s.app.ImportProject(c.UserContext(), u, data, preview)
	if err != nil {
		return err
	}
	if preview {
		return c.JSON(projectImportResult{ProjectImport: im})
	}
	return c.Status(fiber.StatusCreated).JSON(projectImportResult{ProjectImport: im, Project: viewProject(im.Project, im.Project.Member(u.ID), true)})
}
