package xlsx

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/tandem"
)

// MaxImportBytes bounds an uploaded workbook; unzipped parts are bounded too,
// so a zip bomb is refused rather than read.
const (
	MaxImportBytes    = 20 << 20
	maxUnzippedBytes  = 200 << 20
	maxUnzippedXML    = 100 << 20
	maxHeaderSearch   = 10 // rows searched for the header row
	maxRefusedListed  = 1000
	importSheetPrefer = "Codebook"
)

// column is what a header cell of an imported sheet means.
type column int

const (
	colNone column = iota
	colCode
	colDomain
	colCategory
	colTheme
	colID
	colStatus
	colText // a NodeText field, named in field
)

// headerNames maps header cells (lower case, single spaces) to columns and,
// for text, the NodeText field. Tandem's own column names come first.
var headerNames = map[string]struct {
	col   column
	field string
}{
	"code": {col: colCode}, "code system": {col: colCode}, "code path": {col: colCode},
	"domain": {col: colDomain}, "category": {col: colCategory}, "theme": {col: colTheme},
	"id": {col: colID}, "status": {col: colStatus},
	"colour": {colText, "colour"}, "color": {colText, "colour"},
	"brief definition": {colText, "brief"}, "brief": {colText, "brief"}, "definition": {colText, "brief"},
	"full definition": {colText, "full"}, "description": {colText, "full"}, "memo": {colText, "full"}, "code memo": {colText, "full"},
	"when to use": {colText, "whenToUse"}, "when not to use": {colText, "whenNotToUse"},
	"example": {colText, "example"}, "examples": {colText, "example"},
	"plain-language description": {colText, "plainLanguage"}, "plain language description": {colText, "plainLanguage"}, "plain language": {colText, "plainLanguage"},
}

// fieldColumn names a NodeText field by its column in Tandem's workbook.
var fieldColumn = map[string]string{
	"name": "Name", "colour": "Colour", "brief": "Brief definition", "full": "Full definition", "whenToUse": "When to use",
	"whenNotToUse": "When not to use", "example": "Example", "plainLanguage": "Plain-language description", "level": "Level",
}

var idRE = regexp.MustCompile(`^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$`)

// sheetLayout is where an imported sheet keeps what.
type sheetLayout struct {
	code, domain, category, theme, id, status int // column index, or -1
	text                                      map[string]int
}

func findLayout(row []string) (*sheetLayout, bool) {
	l := &sheetLayout{code: -1, domain: -1, category: -1, theme: -1, id: -1, status: -1, text: map[string]int{}}
	for i, cell := range row {
		h, ok := headerNames[strings.ToLower(strings.Join(strings.Fields(cell), " "))]
		if !ok {
			continue
		}
		at := map[column]*int{colCode: &l.code, colDomain: &l.domain, colCategory: &l.category, colTheme: &l.theme, colID: &l.id, colStatus: &l.status}
		if h.col == colText {
			if _, dup := l.text[h.field]; !dup {
				l.text[h.field] = i
			}
		} else if p := at[h.col]; *p < 0 {
			*p = i
		}
	}
	return l, l.code >= 0 || (l.domain >= 0 && l.category >= 0 && l.theme >= 0)
}

// ReadCodebook reads a codebook from an Excel workbook: Tandem's own (sheet
// "Codebook" with Domain, Category and Theme columns), or any sheet with a
// Code column written "Domain > Category > Theme" (as MAXQDA writes code
// paths) and optional Description or Memo, Colour and other columns named
// as in Tandem's workbook. A row naming one or two levels describes a domain
// or category; parents not described get a row of their own implicitly.
// Rows that cannot be imported are listed in Refused with their number.
func ReadCodebook(data []byte) (*tandem.CodebookImport, error) {
	if len(data) > MaxImportBytes {
		return nil, tandem.Invalid("file", fmt.Sprintf("The workbook is too large for a codebook (at most %d MB).", MaxImportBytes>>20))
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzippedBytes, UnzipXMLSizeLimit: maxUnzippedXML})
	if err != nil {
		return nil, tandem.Invalid("file", "This file cannot be read as an Excel workbook (.xlsx): it is damaged, too large when unpacked, or another kind of file. Open it in Excel or LibreOffice, save it as .xlsx and try again.")
	}
	defer f.Close()
	sheet := ""
	for _, name := range f.GetSheetList() {
		if strings.EqualFold(name, importSheetPrefer) {
			sheet = name
		}
	}
	if sheet == "" {
		if sheets := f.GetSheetList(); len(sheets) > 0 {
			sheet = sheets[0]
		} else {
			return nil, tandem.Invalid("file", "The workbook has no sheets.")
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, tandem.Invalid("file", fmt.Sprintf("The sheet %q cannot be read: the workbook may be damaged.", sheet))
	}
	defer rows.Close()
	r := &reader{im: &tandem.CodebookImport{Notes: []string{}, Refused: []tandem.ImportRefusal{}}, byPath: map[string]*pathEntry{}, ids: map[string]int{}}
	var layout *sheetLayout
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: false})
		if err != nil {
			return nil, tandem.Invalid("file", fmt.Sprintf("Row %d of the sheet %q cannot be read: the workbook may be damaged.", n, sheet))
		}
		if layout == nil {
			if l, ok := findLayout(cells); ok {
				layout = l
				r.header = n
				r.im.Fields = layout.fields()
			} else if n >= maxHeaderSearch {
				break
			}
			continue
		}
		if r.rows++; r.rows > tandem.MaxImportCodes {
			return nil, tandem.Invalid("file", fmt.Sprintf("The sheet %q has more than %d rows of codes. Import at most %d at a time: split the sheet into smaller files.",
				sheet, tandem.MaxImportCodes, tandem.MaxImportCodes))
		}
		r.row(n, cells, layout)
	}
	if err := rows.Error(); err != nil {
		return nil, tandem.Invalid("file", fmt.Sprintf("The sheet %q cannot be read: the workbook may be damaged.", sheet))
	}
	if layout == nil {
		return nil, tandem.Invalid("file", fmt.Sprintf("The sheet %q has no header row Tandem knows. Put a Code column (written Domain > Category > Theme), or Domain, Category and Theme columns, in one of the first %d rows.", sheet, maxHeaderSearch))
	}
	if len(r.im.Nodes) == 0 && len(r.im.Refused) == 0 {
		return nil, tandem.Invalid("file", fmt.Sprintf("The sheet %q has no codes under its header row.", sheet))
	}
	if len(r.im.Refused) > maxRefusedListed {
		more := len(r.im.Refused) - maxRefusedListed
		r.im.Refused = append(r.im.Refused[:maxRefusedListed], tandem.ImportRefusal{Where: "more rows", Reason: fmt.Sprintf("%d more rows are refused as well.", more)})
	}
	return r.im, nil
}

func (l *sheetLayout) fields() []string {
	fields := []string{"name"}
	for _, f := range tandem.AllTextFields[1:] {
		if _, ok := l.text[f]; ok {
			fields = append(fields, f)
		}
	}
	return fields
}

// pathEntry is a node read so far, by its lower-case path.
type pathEntry struct {
	index    int  // in im.Nodes
	row      int  // the row that described it; 0 when made for a child
	implicit bool // made as the parent of a later row
}

type reader struct {
	im     *tandem.CodebookImport
	header int
	rows   int
	byPath map[string]*pathEntry
	ids    map[string]int // id -> row that used it
}

func (r *reader) refuse(row int, reason string) {
	r.im.Refused = append(r.im.Refused, tandem.ImportRefusal{Row: row, Where: fmt.Sprintf("row %d", row), Reason: reason})
}

func cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cells[i]
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// path reads the names of a row's levels.
func (r *reader) path(row int, cells []string, l *sheetLayout) ([]string, bool) {
	if l.code >= 0 {
		code := strings.TrimSpace(cell(cells, l.code))
		if code == "" {
			return nil, true
		}
		parts := strings.Split(code, ">")
		for i := range parts {
			parts[i] = clean(parts[i])
			if parts[i] == "" {
				r.refuse(row, fmt.Sprintf("The code %q has an empty level. Write it as Domain > Category > Theme.", code))
				return nil, false
			}
		}
		if len(parts) > 3 {
			name, short := tandem.PathName(parts[2:])
			note := fmt.Sprintf("Row %d was more than three levels deep; it became the theme %q.", row, name)
			if short {
				note = fmt.Sprintf("Row %d was more than three levels deep; it became the theme %q, shortened to fit %d characters. Its full path: %s.",
					row, name, tandem.MaxNodeName, strings.Join(parts[2:], tandem.PathSeparator))
			}
			r.im.Notes = append(r.im.Notes, note)
			parts = append(parts[:2], name)
		}
		return parts, true
	}
	names := []string{clean(cell(cells, l.domain)), clean(cell(cells, l.category)), clean(cell(cells, l.theme))}
	for len(names) > 0 && names[len(names)-1] == "" {
		names = names[:len(names)-1]
	}
	for i, n := range names {
		if n == "" {
			r.refuse(row, fmt.Sprintf("%s is empty but a level below it is filled. Give the %s's name.", []string{"Domain", "Category"}[i], []string{"domain", "category"}[i]))
			return nil, false
		}
	}
	return names, true
}

var levels = []tandem.Level{tandem.LevelDomain, tandem.LevelCategory, tandem.LevelTheme}

// row reads one data row.
func (r *reader) row(row int, cells []string, l *sheetLayout) {
	path, ok := r.path(row, cells, l)
	if !ok {
		return
	}
	var text tandem.NodeText
	for f, i := range l.text {
		*text.Field(f) = cell(cells, i)
	}
	if len(path) == 0 {
		if strings.TrimSpace(strings.Join(cells, "")) != "" {
			r.refuse(row, "The row has no code name. Fill in the code, or clear the row.")
		}
		return
	}
	level := levels[len(path)-1]
	text.Name = path[len(path)-1]
	if text.Colour != "" && !strings.HasPrefix(text.Colour, "#") && len(text.Colour) == 6 {
		text.Colour = "#" + text.Colour
	}
	if err := text.Validate(level); err != nil {
		field := tandem.FieldOf(err)
		if field == "colour" && level == tandem.LevelTheme && tandem.CodeOf(err) == tandem.CodeInvalidInput && strings.Contains(tandem.MessageOf(err), "too dark") {
			r.im.Notes = append(r.im.Notes, fmt.Sprintf("Row %d: the colour %s is too dark for text on it to be read; it became %s.", row, strings.ToUpper(text.Colour), tandem.ThemeColour(len(r.im.Nodes))))
			text.Colour = tandem.ThemeColour(len(r.im.Nodes))
			err = text.Validate(level)
		}
		if err != nil {
			r.refuse(row, fmt.Sprintf("%s: %s", fieldColumn[field], tandem.MessageOf(err)))
			return
		}
	}
	status := tandem.StatusActive
	switch s := strings.ToLower(strings.TrimSpace(cell(cells, l.status))); s {
	case "", "active":
	case "archived":
		status = tandem.StatusArchived
	case "proposed":
		r.im.Notes = append(r.im.Notes, fmt.Sprintf("Row %d was a proposal in the file; it comes in as an ordinary entry.", row))
	default:
		r.refuse(row, fmt.Sprintf("Status %q is not one Tandem knows: write active or archived, or leave it empty.", s))
		return
	}
	id := ""
	if raw := strings.TrimSpace(cell(cells, l.id)); raw != "" {
		if m := idRE.FindStringSubmatch(raw); m != nil {
			id = strings.ToLower(m[1])
		} else {
			r.im.Notes = append(r.im.Notes, fmt.Sprintf("Row %d: the ID %q is not one Tandem made; the entry gets a new one.", row, raw))
		}
	}
	if id != "" {
		if first, dup := r.ids[id]; dup {
			r.refuse(row, fmt.Sprintf("The ID is the same as on row %d. Each entry needs its own ID: clear the cell to get a new one.", first))
			return
		}
	}
	key := strings.ToLower(strings.Join(path, "\x00"))
	parent, ok := r.parent(row, path)
	if !ok {
		return
	}
	if e, seen := r.byPath[key]; seen {
		if !e.implicit {
			r.refuse(row, fmt.Sprintf("%q is already on row %d (names are compared ignoring capitals). Give each entry its own name, or merge the rows.", strings.Join(path, " > "), e.row))
			return
		}
		// A row describing a parent that an earlier row made implicitly.
		n := &r.im.Nodes[e.index]
		text.Name = n.Name
		n.NodeText, n.Status = text, status
		if id != "" && r.claim(id, row) {
			r.retarget(n.ID, id)
		}
		e.implicit, e.row = false, row
		return
	}
	if id == "" || !r.claim(id, row) {
		id = uuid.NewString()
	}
	r.byPath[key] = &pathEntry{index: len(r.im.Nodes), row: row}
	r.im.Nodes = append(r.im.Nodes, tandem.Node{ID: id, Level: level, ParentID: parent, NodeText: text, Status: status})
}

// claim records that row uses id, unless another entry already has it.
func (r *reader) claim(id string, row int) bool {
	if _, dup := r.ids[id]; dup {
		return false
	}
	r.ids[id] = row
	return true
}

// retarget gives a node a new id, and its children the new parent id.
func (r *reader) retarget(from, to string) {
	for i := range r.im.Nodes {
		if r.im.Nodes[i].ID == from {
			r.im.Nodes[i].ID = to
		}
		if r.im.Nodes[i].ParentID == from {
			r.im.Nodes[i].ParentID = to
		}
	}
}

// parent returns the id of the row's parent, making the missing levels above
// it as implicit entries.
func (r *reader) parent(row int, path []string) (string, bool) {
	parent := ""
	for depth := 1; depth < len(path); depth++ {
		key := strings.ToLower(strings.Join(path[:depth], "\x00"))
		if e, ok := r.byPath[key]; ok {
			parent = r.im.Nodes[e.index].ID
			continue
		}
		text := tandem.NodeText{Name: path[depth-1]}
		if err := text.Validate(levels[depth-1]); err != nil {
			r.refuse(row, fmt.Sprintf("%s %q: %s", fieldColumn["name"], path[depth-1], tandem.MessageOf(err)))
			return "", false
		}
		id := uuid.NewString()
		r.byPath[key] = &pathEntry{index: len(r.im.Nodes), implicit: true}
		r.im.Nodes = append(r.im.Nodes, tandem.Node{ID: id, Level: levels[depth-1], ParentID: parent, NodeText: text, Status: tandem.StatusActive})
		parent = id
	}
	return parent, true
}
