package httpapi

import (
	"bytes"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/tandem"
)

// createSample makes a sample project for the caller, who leads it: the RLC
// codebook, three short fictional interviews, and two demo coders (one peer,
// one academic, accounts that cannot sign in) who have coded and submitted
// them. Everything goes through the same store calls as the rest of the API.
func (s *Server) createSample(c *fiber.Ctx) error {
	var in struct {
		ResearcherType      string `json:"researcherType"`
		ResearcherTypeLabel string `json:"researcherTypeLabel"`
	}
	if len(bytes.TrimSpace(c.Body())) > 0 {
		if err := decode(c, &in); err != nil {
			return err
		}
	}
	if in.ResearcherType == "" {
		in.ResearcherType = string(tandem.ResearcherOther)
	}
	rt, label, err := tandem.ParseResearcherType(in.ResearcherType, in.ResearcherTypeLabel)
	if err != nil {
		return err
	}
	u := scopeOf(c).User
	p, err := s.app.CreateSample(c.UserContext(), u, rt, label)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(viewProject(p, p.Member(u.ID), true))
}
