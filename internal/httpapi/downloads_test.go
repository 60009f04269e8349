package httpapi

import (
	"mime"
	"testing"
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
