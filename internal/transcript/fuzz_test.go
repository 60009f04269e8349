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
	names := []string{"a.txt", "a.md", "a.docx", "a.vtt", "a.srt", "a", "a.odt"}
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
		"Interviewer: a\n\n[00:01:02] Sam: b\nNote: c\nDate: d",
		"MARIA\nx\nJO\nOK\ny\nMARIA\nz\n# H\nw",
		"Speaker 1  0:03\nx\n00:00:09\nLopez, Maria\ny\n0:1 --> 0:2\n",
	} {
		f.Add(uint8(i), []byte(s))
	}
	f.Add(uint8(2), wordFile(f, table([]string{"Time", "Speaker", "Text"}, []string{"0:01", "A", "x"}, []string{"", "", "y"})))
	f.Add(uint8(6), odtFile(f, odtMime, odtContent(`<text:p>P1: a<text:s text:c="2"/>b</text:p>`), odtManifest(""), nil))
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
	for _, s := range wordMLSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		blocks, err := scanWordML(data, 64)
		checkBlocks(t, blocks, err)
	})
}

// FuzzScanODF feeds any bytes to the OpenDocument scanner: it never panics,
// refuses with a message for people, or returns blocks that make turns in
// order inside NFC text.
func FuzzScanODF(f *testing.F) {
	for _, s := range odfSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		blocks, err := scanODF(data, 64)
		checkBlocks(t, blocks, err)
	})
}

// checkBlocks holds for what a document scanner returns: a refusal with a
// message for people, or blocks that make turns in order inside NFC text.
func checkBlocks(t *testing.T, blocks []docBlock, err error) {
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
}

// wordMLSeeds are the first inputs of the WordprocessingML fuzz targets.
var wordMLSeeds = []string{
	doc(para("Interviewer: hello") + para("P1: a &amp; b &#233; &#x1F642;")),
	doc(`<w:p><w:r><w:t xml:space="preserve"> x </w:t><w:tab/><w:br/></w:r></w:p>`),
	`<?xml version="1.0"?><!-- c --><w:document xmlns:w="x"><w:body><w:p><w:r><w:t><![CDATA[<raw>]]></w:t></w:r></w:p></w:body></w:document>`,
	`<a b='>' c=">"><w:p><w:t>x</w:t></w:p></a>`,
	`<w:p><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:t>kept</w:t></w:r></w:p>`,
	`<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>`,
	`<w:p><w:t>&unknown;</w:t></w:p>`,
	`<w:p><w:t>unclosed`,
	`<w:p><w:moveFrom><w:r><w:t>moved</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t>moved</w:t></w:r></w:moveTo></w:p>`,
	`<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:tabs><w:tab w:pos="1"/></w:tabs></w:pPr><w:r><w:t>MARIA</w:t></w:r></w:p>`,
	doc(table([]string{"Time", "Speaker", "Text"}, []string{"0:01", "Maria", "x\ny"}, []string{"0:02", "", "z"})),
	doc(table([]string{"Interviewer", "a b c"}, []string{"Maria", "d e f"}, []string{"Interviewer", "g"})),
	doc(`<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`),
	`<w:tc><w:tr><w:p><w:t>x</w:t></w:p></w:tr></w:tc>`,
	// What the differential fuzz test found the scanner reading while
	// encoding/xml refuses it, or reading otherwise.
	`<w:document 0></w:document>`,
	`<w:p a></w:p>`,
	`<w:p></ w:p>`,
	`<w:p><w:t>a ]]> b &#0; &#X41; &#+65;</w:t></w:p>`,
	`<w:p><w:pPr><w:outlineLvl w:val="&#57;"/></w:pPr><w:r><w:t>body</w:t></w:r></w:p>`,
	`<w:p><w:r><w:t>&#xD800;</w:t></w:r></w:p><!-- a -- b -->`,
	"<w:p><w:r><w:t>\x01</w:t></w:r></w:p>",
	`<:p><w:t>x</w:t></:p>`,
}

// odfSeeds are the first inputs of the OpenDocument fuzz targets.
var odfSeeds = []string{
	odtContent(`<text:h>T</text:h><text:p>Interviewer:<text:tab/>a<text:s text:c="3"/>b<text:line-break/>c</text:p>`),
	odtContent(`<text:tracked-changes><text:changed-region><text:deletion><text:p>gone</text:p></text:deletion></text:changed-region></text:tracked-changes><text:p>P1: x<office:annotation><text:p>c</text:p></office:annotation></text:p>`),
	odtContent(`<table:table><table:table-row><table:table-cell><text:p>Time</text:p></table:table-cell><table:table-cell><text:p>Speaker</text:p></table:table-cell><table:table-cell><text:p>Text</text:p></table:table-cell></table:table-row>` +
		`<table:table-row><table:table-cell><text:p>0:01</text:p></table:table-cell><table:covered-table-cell><text:p>hidden</text:p></table:covered-table-cell><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row></table:table>`),
	"<text:p>\n  a \n b<text:s text:c=\"99999999999\"/></text:p>",
	`<text:p><text:s text:c='x'/>&amp;&#233;</text:p>`,
	`<!DOCTYPE x><x/>`,
	`<text:p><text:note><text:p>n</text:p></text:note>`,
}
