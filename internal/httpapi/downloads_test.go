package httpapi

import (
	"errors"
	"io"
	"mime"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
)

func TestContentDisposition(t *testing.T) {
	for _, c := range []struct {
		project, what, ext string
		want               string // the whole header
		name               string // the name a browser saves under
	}{
		{"Source study", "codebook", "qdc",
			`attachment; filename=codebook.qdc; filename*=UTF-8''Source%20study%20codebook.qdc`, "Source study codebook.qdc"},
		{"RLC / study", "codebook", "xlsx",
			`attachment; filename=codebook.xlsx; filename*=UTF-8''RLC%20_%20study%20codebook.xlsx`, "RLC _ study codebook.xlsx"},
		{"Étude (pilote) : vécu", "agreement", "xlsx",
			`attachment; filename=agreement.xlsx; filename*=UTF-8''%C3%89tude%20%28pilote%29%20_%20v%C3%A9cu%20agreement.xlsx`, "Étude (pilote) _ vécu agreement.xlsx"},
		{"a\"b;c=d\nе", "codebook", "qdc",
			`attachment; filename=codebook.qdc; filename*=UTF-8''a_b%3Bc%3Dd_%D0%B5%20codebook.qdc`, "a_b;c=d_е codebook.qdc"},
	} {
		got := contentDisposition(c.project, c.what, c.ext)
		if got != c.want {
			t.Errorf("%q:\n got  %s\n want %s", c.project, got, c.want)
		}
		// The standard library reads it back to the full name.
		disp, params, err := mime.ParseMediaType(got)
		if err != nil || disp != "attachment" || params["filename"] != c.name {
			t.Errorf("%q: read back as %q %q (%v), want the name %q", c.project, disp, params, err, c.name)
		}
	}
}

func TestSendDownloadFrom(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	app := fiber.New()
	app.Get("/ok", func(c *fiber.Ctx) error {
		return sendDownloadFrom(c, "text/plain; charset=utf-8", "Study", "excerpts", "txt", func(w io.Writer) error {
			_, err := io.WriteString(w, "every row")
			return err
		})
	})
	app.Get("/broken", func(c *fiber.Ctx) error {
		return sendDownloadFrom(c, "text/plain; charset=utf-8", "Study", "excerpts", "txt", func(w io.Writer) error {
			_, _ = io.WriteString(w, "half the rows")
			return errors.New("the store went away")
		})
	})
	res, err := app.Test(httptest.NewRequest("GET", "/ok", nil))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(body) != "every row" || res.Header.Get("Content-Disposition") == "" || res.ContentLength != 9 {
		t.Errorf("download: %d %q %v", res.StatusCode, body, res.Header)
	}
	// A failure on the way is an error answer, never half a file.
	res, err = app.Test(httptest.NewRequest("GET", "/broken", nil))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	if res.StatusCode != 500 || strings.Contains(string(body), "half") || res.Header.Get("Content-Disposition") != "" {
		t.Errorf("broken download: %d %q %v", res.StatusCode, body, res.Header)
	}
	// No copy of the data is left behind.
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
