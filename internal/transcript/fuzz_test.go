package transcript

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tandemqda/tandem/internal/tandem"
)

// FuzzParse feeds any bytes under any supported name to Parse: it never
// panics, refuses with a *tandem.Error that has a message, or returns a
// transcript whose turns lie in order inside NFC text.
func FuzzParse(f *testing.F) {
	names := []string{"a.txt", "a.md", "a.docx", "a.vtt", "a.srt", "a"}
	files, _ := filepath.Glob("testdata/*.*")
	for i, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), b)
	}
	for i, s := range []string{
		"WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>x</v>\n",
		"1\n00:00:01,000 --> 00:00:02,000\nA: x\n\n2\n00:00:02,000 --> 00:00:03,000\nA: y",
		"[00:00:01] Q: x\nA: y\nQ:\nz",
		"\xFF\xFEQ\x00:\x00 \x00x\x00",
		"caf\xe9 \x93x\x94",
	} {
		f.Add(uint8(i), []byte(s))
	}
	lim := Limits{MaxBytes: 1 << 20, MaxUnzippedBytes: 4 << 20, MaxZipEntries: 100, MaxXMLDepth: 64}
	f.Fuzz(func(t *testing.T, name uint8, data []byte) {
		p, err := Parse(names[int(name)%len(names)], data, lim)
		if err != nil {
			te, ok := err.(*tandem.Error)
			if !ok || te.Message == "" {
				t.Fatalf("error without a message for people: %#v", err)
			}
			return
		}
		checkInvariants(t, p)
	})
}
