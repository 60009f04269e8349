package httpapi

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/tandem"
)

// auditLog answers a page of the project's audit log.
func (s *Server) auditLog(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p := sc.Project
	return s.sendAuditPage(c, p.ID)
}

// sendAuditPage answers a page of the audit log with the id: a project's, or
// the instance's own.
func (s *Server) sendAuditPage(c *fiber.Ctx, logID string) error {
	limit := 50
	if q := c.Query("limit"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > 200 {
			return tandem.Invalid("limit", "limit must be a number from 1 to 200.")
		}
		limit = n
	}
	var before int64
	if q := c.Query("before"); q != "" {
		n, err := strconv.ParseInt(q, 10, 64)
		if err != nil || n < 1 {
			return tandem.Invalid("before", "before must be a positive number.")
		}
		before = n
	}
	entries, err := s.store.AuditPage(c.UserContext(), logID, before, limit)
	if err != nil {
		return err
	}
	out := fiber.Map{"entries": entries}
	if n := len(entries); n == limit && entries[n-1].Seq > 1 {
		out["nextBefore"] = entries[n-1].Seq
	}
	return c.JSON(out)
}
