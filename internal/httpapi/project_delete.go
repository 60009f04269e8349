package httpapi

import (
	"context"

	"github.com/gofiber/fiber/v2"
)

// deleteProject deletes a project and everything in it, once a lead typed
// its name.
func (s *Server) deleteProject(c *fiber.Ctx) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := s.app.DeleteProject(c.UserContext(), scopeOf(c), in.Name); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// ResumeDeletions finishes the project deletions that a stop or a failure
// interrupted. The server calls it at start-up, before it takes requests.
func (s *Server) ResumeDeletions(ctx context.Context) error {
	return s.app.ResumeDeletions(ctx)
}
