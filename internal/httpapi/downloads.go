package httpapi

import (
	"fmt"
	"mime"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// mimeXLSX is the media type of an Excel workbook.
const mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// sendDownload answers a file to save, named "<project> <what>.<ext>".
func sendDownload(c *fiber.Ctx, contentType, projectName, what, ext string, body []byte) error {
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, contentDisposition(projectName, what, ext))
	return c.Send(body)
}

// contentDisposition is the Content-Disposition of a download named
// "<project> <what>.<ext>" (RFC 6266): the full name in UTF-8 (filename*),
// and "<what>.<ext>" for the rare client that reads only plain ASCII.
// Characters that no file system takes become "_".
func contentDisposition(projectName, what, ext string) string {
	name := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, projectName)
	v := mime.FormatMediaType("attachment", map[string]string{
		"filename":  what + "." + ext,
		"filename*": "UTF-8''" + extValue(name+" "+what+"."+ext),
	})
	if v == "" {
		return "attachment"
	}
	return v
}

// extValue percent-encodes s as an RFC 5987 value: every byte but the
// attr-chars. (mime.FormatMediaType writes parameters, but encodes with
// RFC 2231 only the values that are not ASCII, so a name with spaces
// would have no UTF-8 form at all.)
func extValue(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
