package transcript

import (
	"bytes"
	"strings"
)

// docxBlocks reads the body of a Word document: its paragraphs and tables
// in order, with tabs and line breaks. Headers, footers, comments and
// footnotes live in other parts of the file and are not read. Files that are
// encrypted or hold macros are refused.
func docxBlocks(a *archive) ([]docBlock, error) {
	if a.Encrypted() {
		return nil, officeWord.encrypted()
	}
	if a.HasPart(func(n string) bool {
		return strings.HasSuffix(n, "vbaproject.bin") || strings.HasSuffix(n, "vbadata.xml")
	}) {
		return nil, officeWord.macros()
	}
	if ct := a.File("[Content_Types].xml"); ct != nil {
		b, err := a.read(ct, 1<<20)
		if err != nil {
			return nil, err
		}
		if bytes.Contains(bytes.ToLower(b), []byte("macroenabled")) {
			return nil, officeWord.macros()
		}
	}
	b, err := a.read(a.File("word/document.xml"), a.lim.MaxUnzippedBytes)
	if err != nil {
		return nil, err
	}
	return scanWordML(b, a.lim.MaxXMLDepth)
}

// scanWordML reads the blocks of word/document.xml: text runs (w:t), tabs,
// line breaks, paragraphs, tables. What the reader of the document does not
// see is left out: deleted and moved-away text of tracked changes (w:del,
// w:moveFrom; inserted and moved-here text, w:ins and w:moveTo, counts),
// field codes, the formatting before a tracked change, and the fallback
// copies of drawings.
func scanWordML(b []byte, maxDepth int) ([]docBlock, error) {
	var w wordML
	if err := scanXML(b, maxDepth, officeWord, &w); err != nil {
		return nil, err
	}
	return w.d.blocks, nil
}

// wordML is the xmlHandler of WordprocessingML.
type wordML struct {
	d      docBuilder
	inText bool
	skip   int // depth inside an element whose text is not read
}

func (w *wordML) start(local, tag []byte) {
	if w.skip > 0 {
		w.skip++
		return
	}
	switch string(local) {
	case "Fallback", "delText", "instrText", "del", "moveFrom", "pPrChange", "rPrChange", "tabs":
		w.skip = 1
	case "p":
		w.d.openPara(false)
	case "pStyle":
		if p := w.d.para(); p != nil && headingStyle(attr(tag, "val")) {
			p.heading = true
		}
	case "outlineLvl":
		if p := w.d.para(); p != nil && attr(tag, "val") != "9" {
			p.heading = true // level 9 is body text
		}
	case "t":
		w.inText = true
	case "tab", "ptab":
		w.d.write("\t")
	case "br", "cr":
		w.d.write("\n")
	case "noBreakHyphen":
		w.d.write("-")
	case "tbl":
		w.d.openTable()
	case "tr":
		w.d.openRow()
	case "tc":
		w.d.openCell()
	}
}

func (w *wordML) end(local []byte) {
	if w.skip > 0 {
		w.skip--
		return
	}
	switch string(local) {
	case "t":
		w.inText = false
	case "p":
		w.d.closePara()
	case "tc":
		w.d.closeCell()
	case "tr":
		w.d.closeRow()
	case "tbl":
		w.d.closeTable()
	}
}

func (w *wordML) text(raw []byte) error {
	if p := w.d.para(); w.inText && w.skip == 0 && p != nil {
		return unescape(&p.sb, raw)
	}
	return nil
}

func (w *wordML) cdata(raw []byte) {
	if p := w.d.para(); w.inText && w.skip == 0 && p != nil {
		p.sb.Write(raw)
	}
}

// headingStyle reports whether a paragraph style names a heading or a title
// (Word's style ids follow the language: Heading1, berschrift1, Titre1...).
func headingStyle(style string) bool {
	s := strings.ToLower(style)
	for _, w := range []string{"heading", "title", "berschrift", "titre", "titolo", "titulo", "título"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
