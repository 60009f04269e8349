package httpapi

import (
	"context"
	"fmt"
	"io"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/refiqda"
	"github.com/tandemqda/tandem/internal/tandem"
)

// mimeQDPX is the media type of a REFI-QDA project file (a zip).
const mimeQDPX = "application/zip"

// exportProject sends the whole project as a REFI-QDA project (.qdpx),
// written as it is read, one transcript at a time.
func (s *Server) exportProject(c *fiber.Ctx) error {
	sc := scopeOf(c)
	return sendDownloadFrom(c, mimeQDPX, sc.Project.Name, "project", "qdpx", func(w io.Writer) error {
		_, err := s.ExportProject(c.UserContext(), w, sc.Project, sc.User)
		return err
	})
}

// ExportProject writes a project as a REFI-QDA project (.qdpx) to w and
// records it in the project's audit log as by's. It is for a lead (the
// route checks) and for `tandem export-project` on the server's command line.
func (s *Server) ExportProject(ctx context.Context, w io.Writer, p *tandem.Project, by *tandem.User) (refiqda.ProjectCounts, error) {
	x, err := s.app.ProjectExport(ctx, p)
	if err != nil {
		return refiqda.ProjectCounts{}, err
	}
	n, err := refiqda.WriteProject(w, refiqda.NewProject(refiqda.ProjectExport{Project: x.Project, Codebook: x.Codebook, Index: x.Index,
		Origin: "Tandem " + s.cfg.Version, Sources: x.Sources}))
	if err != nil {
		return n, fmt.Errorf("export project %s as .qdpx: %w", p.ID, err)
	}
	s.app.Audit(ctx, p.ID, by, "project.exported",
		fmt.Sprintf("%s exported the whole project as a REFI-QDA project file (.qdpx): %s, %s, %s.", by.Name,
			tandem.Plural(n.Sources, "transcript", "transcripts"), tandem.Plural(n.Selections, "excerpt", "excerpts"), tandem.Plural(n.Notes, "memo", "memos")),
		map[string]any{"format": "qdpx", "transcripts": n.Sources, "excerpts": n.Selections, "codings": n.Codings, "memos": n.Notes})
	return n, nil
}
