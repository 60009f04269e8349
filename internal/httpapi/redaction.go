package httpapi

import (
	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/transcript"
)

// redactTranscript replaces identifiers in the text (see app.Redact for
// the steps). The original words are not kept anywhere, and the audit log
// records only how many were replaced.
func (s *Server) redactTranscript(c *fiber.Ctx) error {
	var in struct {
		Version      *int64                   `json:"version"`
		Replacements []transcript.Replacement `json:"replacements"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.Version == nil {
		return tandem.Invalid("version", "Send the text version of the transcript you redacted.")
	}
	info, t, err := s.app.Redact(c.UserContext(), scopeOf(c), c.Params("tid"), *in.Version, in.Replacements)
	if err != nil {
		return err
	}
	return c.JSON(viewTranscript(info, t))
}
