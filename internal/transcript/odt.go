package transcript

import (
	"bytes"
	"strconv"
	"strings"
)

// odtBlocks reads the body of an OpenDocument text (content.xml): its
// paragraphs, headings and tables in order. Files protected with a password
// or holding macros are refused.
func odtBlocks(a *archive) ([]docBlock, error) {
	if a.Encrypted() {
		return nil, officeODT.encrypted()
	}
	if m := a.File("META-INF/manifest.xml"); m != nil {
		b, err := a.read(m, 1<<20)
		if err != nil {
			return nil, err
		}
		// A password-protected file lists how each part is encrypted.
		if bytes.Contains(b, []byte("encryption-data")) {
			return nil, officeODT.encrypted()
		}
	}
	if a.HasPart(func(n string) bool { return strings.HasPrefix(n, "basic/") || strings.HasPrefix(n, "scripts/") }) {
		return nil, officeODT.macros()
	}
	content := a.File("content.xml")
	if content == nil {
		return nil, fileError(CodeInvalidFile, "This .odt file has no text part (content.xml). Open it in LibreOffice, save it again, and upload it.")
	}
	b, err := a.read(content, a.lim.MaxUnzippedBytes)
	if err != nil {
		return nil, err
	}
	return scanODF(b, a.lim.MaxXMLDepth)
}

// scanODF reads the blocks of an OpenDocument content.xml: paragraphs
// (text:p), headings (text:h), spans, spaces (text:s), tabs, line breaks and
// tables. What the reader of the document does not see is left out: the
// tracked-changes region (which holds deleted text), comments, footnotes,
// generated indexes, and the titles and descriptions of drawings. White space
// in the XML collapses to one space, as OpenDocument says it does.
func scanODF(b []byte, maxDepth int) ([]docBlock, error) {
	var o odfText
	if err := scanXML(b, maxDepth, officeODT, &o); err != nil {
		return nil, err
	}
	return o.d.blocks, nil
}

// odfText is the xmlHandler of OpenDocument text.
type odfText struct {
	d     docBuilder
	skip  int  // depth inside an element whose text is not read
	space bool // the paragraph so far is empty or ends in a collapsible space
	buf   strings.Builder
}

// maxSpaces bounds one text:s element; a document never needs more.
const maxSpaces = 1000

func (o *odfText) start(local, tag []byte) {
	if o.skip > 0 {
		o.skip++
		return
	}
	switch string(local) {
	case "tracked-changes", "annotation", "note", "title", "desc",
		"table-of-content", "alphabetical-index", "illustration-index", "table-index",
		"object-index", "user-index", "bibliography":
		o.skip = 1
	case "p", "h":
		o.d.openPara(string(local) == "h")
		o.space = true
	case "s":
		n, err := strconv.Atoi(attr(tag, "c"))
		if err != nil || n < 1 {
			n = 1
		}
		o.d.write(strings.Repeat(" ", min(n, maxSpaces)))
		o.space = false
	case "tab":
		o.d.write("\t")
		o.space = false
	case "line-break":
		o.d.write("\n")
		o.space = false
	case "table":
		o.d.openTable()
	case "table-row":
		o.d.openRow()
	case "table-cell":
		o.d.openCell()
	case "covered-table-cell":
		// A cell hidden by a merged one: it keeps the columns in line.
		o.d.openCell()
		o.d.closeCell()
		o.skip = 1
	}
}

func (o *odfText) end(local []byte) {
	if o.skip > 0 {
		o.skip--
		return
	}
	switch string(local) {
	case "p", "h":
		o.d.closePara()
	case "table-cell":
		o.d.closeCell()
	case "table-row":
		o.d.closeRow()
	case "table":
		o.d.closeTable()
	}
}

func (o *odfText) text(raw []byte) error {
	p := o.d.para()
	if o.skip > 0 || p == nil {
		return nil
	}
	o.buf.Reset()
	if err := unescape(&o.buf, raw); err != nil {
		return err
	}
	o.collapse(p, o.buf.String())
	return nil
}

func (o *odfText) cdata(raw []byte) {
	if p := o.d.para(); o.skip == 0 && p != nil {
		o.collapse(p, string(raw))
	}
}

// collapse writes s to the paragraph with each run of white space as one
// space, and none at the paragraph's start.
func (o *odfText) collapse(p *paraBuf, s string) {
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			if !o.space {
				p.sb.WriteByte(' ')
				o.space = true
			}
			continue
		}
		p.sb.WriteRune(r)
		o.space = false
	}
}
