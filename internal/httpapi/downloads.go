package httpapi

import (
	"bufio"
	"fmt"
	"io"
	"mime"
	"os"
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

// sendDownloadFrom answers a file to save that write produces, without
// holding it in memory: write fills a temporary file, which is then streamed
// to the client and closed. An error from write is answered as an error, as
// nothing has been sent yet. The file is removed as soon as it is made
// (the open file stays readable on Unix), so that no copy of the data is left
// behind even if the process dies; where removing an open file fails, it is
// removed once sent.
func sendDownloadFrom(c *fiber.Ctx, contentType, projectName, what, ext string, write func(io.Writer) error) error {
	f, err := os.CreateTemp("", "tandem-download-*")
	if err != nil {
		return fmt.Errorf("temporary file for a download: %w", err)
	}
	body := &downloadFile{File: f, removed: os.Remove(f.Name()) == nil}
	bw := bufio.NewWriterSize(f, 256<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	var size int64
	if err == nil {
		size, err = f.Seek(0, io.SeekCurrent)
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		_ = body.Close()
		return err
	}
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, contentDisposition(projectName, what, ext))
	c.Response().SetBodyStream(body, int(size)) // closed once sent
	return nil
}

// downloadFile is a temporary file being sent; closing removes it if it
// could not be removed while open.
type downloadFile struct {
	*os.File
	removed bool
}

func (d *downloadFile) Close() error {
	err := d.File.Close()
	if !d.removed {
		_ = os.Remove(d.File.Name())
	}
	return err
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
