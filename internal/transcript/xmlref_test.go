package transcript

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"testing"
)

// referenceXML drives an xmlHandler from encoding/xml, with the policy of
// scanXML (tags must nest, only the five XML entities and character
// references, no DTD, at most maxDepth levels): it is the reference the
// differential fuzz tests hold the scanner to. Text is handed over escaped
// again, and tags are written again from their decoded attributes, so the
// handler reads what encoding/xml read.
func referenceXML(b []byte, maxDepth int, h xmlHandler) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxDepth {
				return errors.New("too deep")
			}
			var tag bytes.Buffer
			tag.WriteString("<" + qualified(t.Name))
			for _, a := range t.Attr {
				tag.WriteString(" " + qualified(a.Name) + `="`)
				xml.EscapeText(&tag, []byte(a.Value))
				tag.WriteString(`"`)
			}
			tag.WriteString(">")
			h.start([]byte(t.Name.Local), tag.Bytes())
		case xml.EndElement:
			depth--
			h.end([]byte(t.Name.Local))
		case xml.CharData:
			var esc bytes.Buffer
			xml.EscapeText(&esc, t)
			if err := h.text(esc.Bytes()); err != nil {
				return err
			}
		case xml.Directive:
			return errors.New("document type declaration")
		}
	}
}

// qualified writes a name back with its prefix. Token replaced the prefix
// with its namespace, if declared; the handler reads only local names.
func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return "p:" + n.Local
}

// documentText is the text and turns a document's blocks make.
func documentText(blocks []docBlock) (string, any) {
	var b builder
	b.labelled(documentParas(blocks))
	return b.sb.String(), b.turns
}

// differential checks that scanner and reference read data alike: the same
// text and turns, or both refuse.
func differential(t *testing.T, data []byte, scan func([]byte, int) ([]docBlock, error), h func() (xmlHandler, func() []docBlock)) {
	got, err := scan(data, 64)
	ref, blocks := h()
	refErr := referenceXML(data, 64, ref)
	switch {
	case err != nil && refErr != nil:
		return
	case err != nil:
		t.Fatalf("the scanner refused what encoding/xml reads: %v", err)
	case refErr != nil:
		t.Fatalf("the scanner read what encoding/xml refuses (%v): %q", refErr, data)
	}
	gotText, gotTurns := documentText(got)
	wantText, wantTurns := documentText(blocks())
	if gotText != wantText || !reflect.DeepEqual(gotTurns, wantTurns) {
		t.Fatalf("the scanner read\n%q\nencoding/xml read\n%q", gotText, wantText)
	}
}

func wordMLHandler() (xmlHandler, func() []docBlock) {
	w := &wordML{}
	return w, func() []docBlock { return w.d.blocks }
}

func odfHandler() (xmlHandler, func() []docBlock) {
	o := &odfText{}
	return o, func() []docBlock { return o.d.blocks }
}

// FuzzWordMLAgainstEncodingXML holds the WordprocessingML scanner to
// encoding/xml on the same inputs: the same text, or both refuse.
func FuzzWordMLAgainstEncodingXML(f *testing.F) {
	for _, s := range wordMLSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		differential(t, data, scanWordML, wordMLHandler)
	})
}

// FuzzODFAgainstEncodingXML holds the OpenDocument scanner to encoding/xml
// on the same inputs: the same text, or both refuse.
func FuzzODFAgainstEncodingXML(f *testing.F) {
	for _, s := range odfSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		differential(t, data, scanODF, odfHandler)
	})
}

// TestScannersReadTheFixturesAsEncodingXMLDoes runs the differential check
// on every document of testdata.
func TestScannersReadTheFixturesAsEncodingXMLDoes(t *testing.T) {
	for _, name := range []string{"interview.docx", "names.docx", "table.docx", "teams.docx", "tracked.docx"} {
		a, err := openArchive(fixture(t, name), DefaultLimits, officeWord)
		if err != nil {
			t.Fatal(err)
		}
		b, err := a.read(a.File("word/document.xml"), 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) { differential(t, b, scanWordML, wordMLHandler) })
	}
	a, err := openArchive(fixture(t, "interview.odt"), DefaultLimits, officeODT)
	if err != nil {
		t.Fatal(err)
	}
	b, err := a.read(a.File("content.xml"), 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("interview.odt", func(t *testing.T) { differential(t, b, scanODF, odfHandler) })
}
