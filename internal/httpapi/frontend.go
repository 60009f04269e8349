package httpapi

import (
	"errors"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// frontend serves the built browser app: files as they are, and index.html
// for every other path so that the app's own routes work on reload.
func (s *Server) frontend(c *fiber.Ctx) error {
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		return fiber.ErrNotFound
	}
	if s.cfg.Frontend == nil {
		return c.Status(fiber.StatusServiceUnavailable).SendString("The browser app is not part of this build. Run `make run` to build it.")
	}
	name := strings.TrimPrefix(path.Clean("/"+c.Path()), "/")
	if name != "" && name != "index.html" {
		if data, err := fs.ReadFile(s.cfg.Frontend, name); err == nil {
			if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
				c.Set(fiber.HeaderContentType, ct)
			}
			if strings.HasPrefix(name, "assets/") {
				c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
			}
			return c.Send(data)
		}
	}
	data, err := fs.ReadFile(s.cfg.Frontend, "index.html")
	if errors.Is(err, fs.ErrNotExist) {
		return c.Status(fiber.StatusServiceUnavailable).SendString("The browser app has not been built. Run `make run` (or `make build`) to build it.")
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Send(data)
}
