package httpapi

import (
	"bytes"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/app"
	"github.com/tandemqda/tandem/internal/report"
	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/xlsx"
)

// consensusAgreement compares each coder with the consensus: a lead sees
// every coder, a coder only themselves on locked transcripts; viewers are
// refused by the route.
func (s *Server) consensusAgreement(c *fiber.Ctx) error {
	overlap, err := tandem.ParseMinOverlap(c.Query("overlap"))
	if err != nil {
		return err
	}
	opt := report.Options{Unit: c.Query("unit", report.UnitTurn), MinOverlap: overlap}
	if err := opt.Validate(); err != nil {
		return err
	}
	r, err := s.app.ConsensusAgreement(c.UserContext(), scopeOf(c), opt)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

// findings answers the project's findings as far as the member may see
// them.
func (s *Server) findings(c *fiber.Ctx) error {
	f, err := s.app.Findings(c.UserContext(), scopeOf(c), c.Query("theme"))
	if err != nil {
		return err
	}
	return c.JSON(f)
}

// pickExemplar keeps a consensus excerpt as a quote for a theme, and as the
// codebook's example when asked.
func (s *Server) pickExemplar(c *fiber.Ctx) error {
	var in app.ExemplarPick
	if err := decode(c, &in); err != nil {
		return err
	}
	x, cb, err := s.app.PickExemplar(c.UserContext(), scopeOf(c), in)
	if err != nil {
		return codebookError(err)
	}
	out := fiber.Map{"exemplar": x}
	if cb != nil {
		out["codebook"] = viewCodebook(cb)
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

// removeExemplar removes a picked quote.
func (s *Server) removeExemplar(c *fiber.Ctx) error {
	if err := s.app.RemoveExemplar(c.UserContext(), scopeOf(c), c.Params("xid")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// exportFindings sends the findings as an Excel workbook, and records the
// download in the audit log: it holds quotes from the interviews.
func (s *Server) exportFindings(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p, u := sc.Project, sc.User
	f, err := s.app.Findings(c.UserContext(), sc, "")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := xlsx.WriteFindings(&buf, xlsx.FindingsExport{ProjectName: p.Name, Findings: f, ExportedAt: s.now(), TandemVersion: s.cfg.Version}); err != nil {
		return err
	}
	s.app.Audit(c.UserContext(), p.ID, u, "export.findings", fmt.Sprintf("%s downloaded the findings workbook (%d transcripts with a consensus).", u.Name, f.Transcripts),
		map[string]any{"transcripts": f.Transcripts})
	return sendDownload(c, mimeXLSX, p.Name, "findings", "xlsx", buf.Bytes())
}
