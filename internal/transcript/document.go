package transcript

import "strings"

// docBlock is one paragraph or one table of a word-processor document, in
// reading order.
type docBlock struct {
	text    string     // a paragraph, with "\t" and "\n" for tabs and line breaks
	heading bool       // the paragraph is a heading or a title
	rows    [][]string // a table (when not nil): rows of cells, a cell's paragraphs joined by "\n"
}

// docBuilder collects the blocks of a document as a reader walks its XML.
// Paragraphs nest (a text box inside a paragraph) and so do tables (a table
// in a cell): a nested table becomes paragraphs of the cell it is in.
type docBuilder struct {
	blocks []docBlock
	paras  []*paraBuf
	tables []*tableBuf
}

type paraBuf struct {
	sb      strings.Builder
	heading bool
}

type tableBuf struct {
	rows   [][]string
	row    []string
	cell   []string
	inCell bool
}

func (d *docBuilder) openPara(heading bool) {
	d.paras = append(d.paras, &paraBuf{heading: heading})
}

// para returns the innermost open paragraph, or nil outside paragraphs.
func (d *docBuilder) para() *paraBuf {
	if n := len(d.paras); n > 0 {
		return d.paras[n-1]
	}
	return nil
}

// write adds text to the open paragraph, if any.
func (d *docBuilder) write(s string) {
	if p := d.para(); p != nil {
		p.sb.WriteString(s)
	}
}

func (d *docBuilder) closePara() {
	n := len(d.paras)
	if n == 0 {
		return
	}
	p := d.paras[n-1]
	d.paras = d.paras[:n-1]
	if t := d.table(); t != nil && t.inCell {
		t.cell = append(t.cell, p.sb.String())
		return
	}
	d.blocks = append(d.blocks, docBlock{text: p.sb.String(), heading: p.heading})
}

func (d *docBuilder) table() *tableBuf {
	if n := len(d.tables); n > 0 {
		return d.tables[n-1]
	}
	return nil
}

func (d *docBuilder) openTable() { d.tables = append(d.tables, &tableBuf{}) }

func (d *docBuilder) openRow() {
	if t := d.table(); t != nil {
		t.row = nil
	}
}

func (d *docBuilder) openCell() {
	if t := d.table(); t != nil {
		t.cell, t.inCell = nil, true
	}
}

func (d *docBuilder) closeCell() {
	if t := d.table(); t != nil && t.inCell {
		t.row = append(t.row, strings.Join(t.cell, "\n"))
		t.cell, t.inCell = nil, false
	}
}

func (d *docBuilder) closeRow() {
	if t := d.table(); t != nil {
		t.rows = append(t.rows, t.row)
		t.row = nil
	}
}

func (d *docBuilder) closeTable() {
	n := len(d.tables)
	if n == 0 {
		return
	}
	t := d.tables[n-1]
	d.tables = d.tables[:n-1]
	if outer := d.table(); outer != nil {
		// A table inside a table: each row becomes a paragraph, its cells
		// separated by tabs.
		for _, row := range t.rows {
			line := strings.Join(row, "\t")
			if outer.inCell {
				outer.cell = append(outer.cell, line)
			} else {
				outer.rows = append(outer.rows, []string{line})
			}
		}
		return
	}
	if t.rows == nil {
		t.rows = [][]string{} // an empty table is still a table
	}
	d.blocks = append(d.blocks, docBlock{rows: t.rows})
}

// officeBlocks reads a zipped document, a Word document (.docx) or an
// OpenDocument text (.odt), as its parts show; ext (the file name's) only
// words the message about a damaged file.
func officeBlocks(ext string, data []byte, lim Limits) (Format, []docBlock, error) {
	as := officeWord
	if ext == ".odt" || ext == ".ott" {
		as = officeODT
	}
	a, err := openArchive(data, lim, as)
	if err != nil {
		return "", nil, err
	}
	switch {
	case a.File("word/document.xml") != nil:
		a.as = officeWord
		blocks, err := docxBlocks(a)
		return FormatDocx, blocks, err
	case a.File("content.xml") != nil || a.File("mimetype") != nil:
		a.as = officeODT
		if f := a.File("mimetype"); f != nil {
			b, err := a.read(f, 1<<10)
			if err != nil {
				return "", nil, err
			}
			kind, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "application/vnd.oasis.opendocument.")
			if ok && kind != "text" && kind != "text-template" {
				return "", nil, fileError(CodeUnsupported, "This is an OpenDocument %s, not a text document. Put the transcript in a text document (.odt or .docx) and upload that.", strings.TrimSuffix(kind, "-template"))
			}
		}
		blocks, err := odtBlocks(a)
		return FormatODT, blocks, err
	}
	return "", nil, fileError(CodeInvalidFile, "This is a zip file but not a Word document (.docx) or an OpenDocument text (.odt).")
}
