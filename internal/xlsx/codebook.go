// Package xlsx writes and reads Tandem's Excel workbooks (with excelize),
// and writes the excerpt exports that go with them as CSV and plain text.
// Text from users is always written as text, never as a formula.
package xlsx

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/tandem"
)

// Usage is what coding adds to a theme's row. With no usage at all (nil
// map) the usage columns stay empty; a theme missing from the map is unused.
type Usage struct {
	Excerpts, Transcripts, Coders int
	Alpha                         *float64
}

// CodebookExport is everything the codebook workbook shows.
type CodebookExport struct {
	ProjectName   string
	Codebook      *tandem.Codebook
	Versions      []tandem.CodebookVersion // newest first
	Usage         map[string]Usage         // by theme id; nil: no coding yet
	ExportedAt    time.Time
	TandemVersion string
}

// CodebookColumns are the columns of the "Codebook" sheet, in order.
var CodebookColumns = []string{"Domain", "Category", "Theme", "ID", "Brief definition", "Full definition", "When to use",
	"When not to use", "Example", "Plain-language description", "Colour", "Status", "Proposed by", "Excerpts", "Transcripts", "Coders", "Alpha"}

var columnWidths = []float64{22, 22, 28, 38, 40, 50, 40, 40, 40, 40, 10, 11, 20, 10, 12, 9, 8}

// styles are the workbook's cell styles.
type styles struct {
	header, domain, category, text, plain, count, alpha, date, aboutDate, aboutCount int
	colour                                                                           map[string]int
}

func newStyles(f *excelize.File) (*styles, error) {
	var s styles
	var err error
	wrap := &excelize.Alignment{WrapText: true, Vertical: "top"}
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: wrap,
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#D9E2F3"}},
		Border: []excelize.Border{{Type: "bottom", Color: "#1F4E8C", Style: 2}}}); err != nil {
		return nil, err
	}
	if s.domain, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}, Alignment: wrap,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#EDEDED"}}}); err != nil {
		return nil, err
	}
	if s.category, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: wrap}); err != nil {
		return nil, err
	}
	if s.text, err = f.NewStyle(&excelize.Style{Alignment: wrap}); err != nil {
		return nil, err
	}
	top := &excelize.Alignment{Vertical: "top"}
	if s.plain, err = f.NewStyle(&excelize.Style{Alignment: top}); err != nil {
		return nil, err
	}
	if s.count, err = f.NewStyle(&excelize.Style{NumFmt: 1, Alignment: top}); err != nil {
		return nil, err
	}
	alphaFmt := "0.000"
	if s.alpha, err = f.NewStyle(&excelize.Style{CustomNumFmt: &alphaFmt, Alignment: top}); err != nil {
		return nil, err
	}
	minutes := "yyyy-mm-dd hh:mm"
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &minutes, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}); err != nil {
		return nil, err
	}
	seconds := "yyyy-mm-dd hh:mm:ss"
	left := &excelize.Alignment{Horizontal: "left", Vertical: "top"}
	if s.aboutDate, err = f.NewStyle(&excelize.Style{CustomNumFmt: &seconds, Alignment: left}); err != nil {
		return nil, err
	}
	if s.aboutCount, err = f.NewStyle(&excelize.Style{NumFmt: 1, Alignment: left}); err != nil {
		return nil, err
	}
	s.colour = map[string]int{}
	return &s, nil
}

func (s *styles) colourStyle(f *excelize.File, colour string) (int, error) {
	if colour == "" {
		return s.text, nil
	}
	if id, ok := s.colour[colour]; ok {
		return id, nil
	}
	id, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}})
	if err != nil {
		return 0, err
	}
	s.colour[colour] = id
	return id, nil
}

// WriteCodebook writes the codebook workbook: sheets "Codebook" (the tree as
// grouped rows), "Versions" (the history) and "About".
func WriteCodebook(w io.Writer, x CodebookExport) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Codebook"); err != nil {
		return fmt.Errorf("codebook workbook: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("codebook workbook styles: %w", err)
	}
	_, err = writeTree(f, st, x)
	if err != nil {
		return fmt.Errorf("codebook sheet: %w", err)
	}
	if err := writeVersions(f, st, x.Versions); err != nil {
		return fmt.Errorf("versions sheet: %w", err)
	}
	if err := writeAbout(f, st, x); err != nil {
		return fmt.Errorf("about sheet: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write codebook workbook: %w", err)
	}
	return nil
}

// writeTree writes the tree, depth first: a bold row per domain, a bold
// row per category (outline level 1), a row per theme (outline level 2). It
// returns the number of rows written, the header included. Cells are
// written one by one: excelize's stream writer would cut alpha to 15
// significant digits (see decimals).
func writeTree(f *excelize.File, st *styles, x CodebookExport) (int, error) {
	const sheet = "Codebook"
	for i, wdt := range columnWidths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, wdt); err != nil {
			return 0, err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return 0, err
	}
	header := make([]any, len(CodebookColumns))
	for i, h := range CodebookColumns {
		header[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := setRow(f, sheet, 1, header); err != nil {
		return 0, err
	}
	row := 1
	cb := x.Codebook
	var walk func(parent string, path []string) error
	walk = func(parent string, path []string) error {
		for _, n := range cb.Children(parent) {
			if n.MergedInto != "" {
				continue
			}
			names := append(append([]string{}, path...), n.Name)
			style, level := st.text, uint8(2)
			switch n.Level {
			case tandem.LevelDomain:
				style, level = st.domain, 0
			case tandem.LevelCategory:
				style, level = st.category, 1
			}
			colourStyle, err := st.colourStyle(f, n.Colour)
			if err != nil {
				return err
			}
			cells := make([]any, 0, len(CodebookColumns))
			for i := range 3 {
				var v any // the levels above a node's own stay empty
				if i < len(names) {
					v = names[i]
				}
				cells = append(cells, excelize.Cell{StyleID: style, Value: v})
			}
			for _, v := range []string{n.ID, n.Brief, n.Full, n.WhenToUse, n.WhenNotToUse, n.Example, n.PlainLanguage} {
				cells = append(cells, excelize.Cell{StyleID: style, Value: v})
			}
			cells = append(cells, excelize.Cell{StyleID: colourStyle, Value: n.Colour},
				excelize.Cell{StyleID: style, Value: string(n.Status)}, excelize.Cell{StyleID: style, Value: n.ProposedByName})
			if u := x.Usage[n.ID]; x.Usage != nil && n.Level == tandem.LevelTheme {
				cells = append(cells, excelize.Cell{StyleID: st.count, Value: u.Excerpts}, excelize.Cell{StyleID: st.count, Value: u.Transcripts},
					excelize.Cell{StyleID: st.count, Value: u.Coders})
				if u.Alpha != nil {
					cells = append(cells, excelize.Cell{StyleID: st.alpha, Value: *u.Alpha})
				}
			}
			row++
			if err := setRow(f, sheet, row, cells); err != nil {
				return err
			}
			if level > 0 {
				if err := f.SetRowOutlineLevel(sheet, row, level); err != nil {
					return err
				}
			}
			if err := walk(n.ID, names); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk("", nil); err != nil {
		return 0, err
	}
	last, _ := excelize.CoordinatesToCellName(len(CodebookColumns), max(row, 1))
	if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return 0, fmt.Errorf("codebook filter: %w", err)
	}
	return row, nil
}

func writeVersions(f *excelize.File, st *styles, versions []tandem.CodebookVersion) error {
	const sheet = "Versions"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	rows := [][]any{{"Version", "When (UTC)", "Who", "What changed"}}
	for _, v := range versions {
		rows = append(rows, []any{v.Version, excelize.Cell{StyleID: st.date, Value: v.At.UTC()}, v.ActorName, v.Summary})
	}
	for i, r := range rows {
		if err := setRow(f, sheet, i+1, r); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, "A1", "D1", st.header); err != nil {
		return err
	}
	for col, wdt := range map[string]float64{"A": 9, "B": 18, "C": 22, "D": 80} {
		if err := f.SetColWidth(sheet, col, col, wdt); err != nil {
			return err
		}
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

func writeAbout(f *excelize.File, st *styles, x CodebookExport) error {
	const sheet = "About"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	usage := "Excerpts, Transcripts, Coders and Alpha are filled once coding and agreement exist."
	if x.Usage != nil {
		usage = "Excerpts, Transcripts and Coders count submitted and in-progress coding; Alpha is Krippendorff's alpha per theme, " +
			"stored with all its digits and shown with three decimals."
	}
	rows := [][2]any{
		{"Project", x.ProjectName},
		{"Codebook version", excelize.Cell{StyleID: st.aboutCount, Value: x.Codebook.Version}},
		{"Exported (UTC)", excelize.Cell{StyleID: st.aboutDate, Value: x.ExportedAt.UTC()}},
		{"Tandem version", x.TandemVersion},
		{"Usage columns", usage},
		{"Re-import", "This workbook can be imported into a Tandem project's codebook; the ID column keeps each entry's identity."},
	}
	return writeAboutRows(f, st, sheet, rows, 20)
}

// writeAboutRows writes an About sheet's rows: a label in column A (labelWidth
// wide) and its value in column B.
func writeAboutRows(f *excelize.File, st *styles, sheet string, rows [][2]any, labelWidth float64) error {
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := setRow(f, sheet, i+1, []any{r[0], r[1]}); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, cell, cell, st.category); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", labelWidth); err != nil {
		return err
	}
	return f.SetColWidth(sheet, "B", "B", 90)
}
