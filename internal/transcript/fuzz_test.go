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

// FuzzScanWordML feeds any bytes to the WordprocessingML scanner: it never
// panics, refuses with a message for people, or returns paragraphs of valid
// text that normalise cleanly.
func FuzzScanWordML(f *testing.F) {
	for _, s := range []string{
		doc(para("Interviewer: hello") + para("P1: a &amp; b &#233; &#x1F642;")),
		doc(`<w:p><w:r><w:t xml:space="preserve"> x </w:t><w:tab/><w:br/></w:r></w:p>`),
		`<?xml version="1.0"?><!-- c --><w:document xmlns:w="x"><w:body><w:p><w:r><w:t><![CDATA[<raw>]]></w:t></w:r></w:p></w:body></w:document>`,
		`<a b='>' c=">"><w:p><w:t>x</w:t></w:p></a>`,
		`<w:p><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:t>kept</w:t></w:r></w:p>`,
		`<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>`,
		`<w:p><w:t>&unknown;</w:t></w:p>`,
		`<w:p><w:t>unclosed`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		blocks, err := scanWordML(data, 64)
		if err != nil {
			te, ok := err.(*tandem.Error)
			if !ok || te.Message == "" {
				t.Fatalf("error without a message for people: %#v", err)
			}
			return
		}
		var b builder
		b.labelled(documentParas(blocks))
		checkInvariants(t, &Parsed{Text: b.sb.String(), Turns: b.turns})
	})
}
