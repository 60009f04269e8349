package httpapi

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/app"
	"github.com/tandemqda/tandem/internal/report"
	"github.com/tandemqda/tandem/internal/tandem"
)

// consensusAgreement compares each coder with the consensus: a lead sees
// every coder, a coder only themselves on locked transcripts; viewers are
// refused by the route.
func (s *Server) consensusAgreement(c *fiber.Ctx) error {
	opt := report.Options{Unit: c.Query("unit", report.UnitTurn), MinOverlap: 1}
	if q := c.Query("overlap"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil {
			return tandem.Invalid("overlap", "The minimum overlap is a whole number of characters, from 1 to 10,000.")
		}
		opt.MinOverlap = n
	}
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
	f, err := s.app.Findings(c.UserContext(), scopeOf(c))
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
