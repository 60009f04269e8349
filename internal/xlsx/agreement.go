package xlsx

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/report"
	"github.com/tandemqda/tandem/internal/tandem"
)

// AgreementExport is everything the agreement workbook shows. The report
// carries its own parameters (unit, overlap, bootstrap), coders and
// transcripts, so the workbook can say how to reproduce its numbers.
type AgreementExport struct {
	ProjectName   string
	Report        *report.Report
	ExportedAt    time.Time
	TandemVersion string
}

// The sheets of the agreement workbook, in order.
const (
	SheetThemes      = "Themes"
	SheetCategories  = "Categories and domains"
	SheetCoderMatrix = "Coder matrix"
	SheetGroups      = "Peer vs academic"
	SheetTranscripts = "Per transcript"
	SheetChart       = "Chart"
	SheetAbout       = "About"
)

// AgreementSheets are the sheet names of the agreement workbook, in order.
var AgreementSheets = []string{SheetThemes, SheetCategories, SheetCoderMatrix, SheetGroups, SheetTranscripts, SheetChart, SheetAbout}

// statColumns are the statistics shared by themes, categories and domains.
var statColumns = []string{"Units", "Coders", "Prevalence", "Percent agreement", "Mean Cohen's kappa", "Fleiss' kappa",
	"Krippendorff's alpha", "95% CI low", "95% CI high", "Gwet's AC1", "|u-alpha (span)"}

var statWidths = []float64{8, 8, 11, 11, 11, 10, 12, 10, 10, 10, 10}

// AgreementThemeColumns are the columns of the "Themes" sheet.
var AgreementThemeColumns = concat([]string{"Domain", "Category", "Theme"}, statColumns, []string{"Reading", "Notes"})

// AgreementCategoryColumns are the columns of the "Categories and domains"
// sheet: the category-only figures are empty on domain rows.
var AgreementCategoryColumns = concat([]string{"Level", "Domain", "Category"}, statColumns,
	[]string{"Nominal alpha (themes as values)", "Units with two themes", "u-alpha (themes as values)", "Reading", "Notes"})

// AgreementGroupColumns are the columns of the "Peer vs academic" sheet.
var AgreementGroupColumns = []string{"Domain", "Category", "Theme", "Alpha within peer coders", "Alpha within academic coders",
	"Alpha across groups", "Split", "Notes"}

// AgreementTranscriptColumns are the columns of the "Per transcript" sheet.
var AgreementTranscriptColumns = []string{"Transcript", "Units", "Coders", "Mean alpha", "Themes with alpha", "Reading",
	"Mean |u-alpha", "Notes"}

func concat[T any](parts ...[]T) []T {
	var out []T
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// readingColours are the fill and font colours of each reading: light
// fills, dark text of the same hue. The word is always in the cell too.
var readingColours = map[string][2]string{
	"reliable":        {"#C6EFCE", "#006100"},
	"tentative":       {"#FFEB9C", "#7F4F00"},
	"not reliable":    {"#FFC7CE", "#9C0006"},
	"not enough data": {"#E7E6E6", "#3A3A3A"},
}

// chartColours are the bar colours of the readings in the chart.
var chartColours = map[string]string{"reliable": "#4E9A3A", "tentative": "#E0A100", "not reliable": "#C0392B"}

type agreementStyles struct {
	header, text, plain, bold, num, percent, count, yes int
	aboutCount, aboutDate                               int
	reading                                             map[string]int
}

func newAgreementStyles(f *excelize.File) (*agreementStyles, error) {
	s := agreementStyles{reading: map[string]int{}}
	var err error
	top := &excelize.Alignment{Vertical: "top"}
	wrap := &excelize.Alignment{WrapText: true, Vertical: "top"}
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: wrap,
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#D9E2F3"}},
		Border: []excelize.Border{{Type: "bottom", Color: "#1F4E8C", Style: 2}}}); err != nil {
		return nil, err
	}
	if s.text, err = f.NewStyle(&excelize.Style{Alignment: wrap}); err != nil {
		return nil, err
	}
	if s.plain, err = f.NewStyle(&excelize.Style{Alignment: top}); err != nil {
		return nil, err
	}
	if s.bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: wrap}); err != nil {
		return nil, err
	}
	numFmt := "0.000"
	if s.num, err = f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt, Alignment: top}); err != nil {
		return nil, err
	}
	percentFmt := "0.0%"
	if s.percent, err = f.NewStyle(&excelize.Style{CustomNumFmt: &percentFmt, Alignment: top}); err != nil {
		return nil, err
	}
	if s.count, err = f.NewStyle(&excelize.Style{NumFmt: 1, Alignment: top}); err != nil {
		return nil, err
	}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "top"}
	if s.aboutCount, err = f.NewStyle(&excelize.Style{NumFmt: 1, Alignment: left}); err != nil {
		return nil, err
	}
	dateFmt := "yyyy-mm-dd hh:mm:ss"
	if s.aboutDate, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt, Alignment: left}); err != nil {
		return nil, err
	}
	if s.yes, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "#7F4F00"}, Alignment: top,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#FFEB9C"}}}); err != nil {
		return nil, err
	}
	for reading, c := range readingColours {
		if s.reading[reading], err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: c[1]}, Alignment: top,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c[0]}}}); err != nil {
			return nil, err
		}
	}
	return &s, nil
}

// readingCell is the reading, filled with its colour.
func (s *agreementStyles) readingCell(reading string) excelize.Cell {
	style, ok := s.reading[reading]
	if !ok {
		style = s.text
	}
	return excelize.Cell{StyleID: style, Value: reading}
}

// textCell is text from users or of Tandem: always a string, never a formula.
func (s *agreementStyles) textCell(v string) excelize.Cell {
	return excelize.Cell{StyleID: s.text, Value: v}
}

// numCell is a figure with every digit, shown with three decimals: a
// number, or an empty cell when it is undefined.
func (s *agreementStyles) numCell(v *float64) excelize.Cell { return s.figureCell(v, s.num) }

// percentCell is a proportion shown as a percentage with one decimal, as
// the dashboard shows it (0.9714 is 97.1%).
func (s *agreementStyles) percentCell(v *float64) excelize.Cell { return s.figureCell(v, s.percent) }

func (s *agreementStyles) figureCell(v *float64, style int) excelize.Cell {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: *v}
}

// notes collects the reasons of undefined figures, one clause per reason.
type notes struct {
	labels [][]string
	reason []string
}

func (n *notes) add(label string, f report.Figure) {
	if f.Value == nil {
		n.addText(label, cmp.Or(f.Note, "not enough data"))
	}
}

func (n *notes) addText(label, reason string) {
	for i, r := range n.reason {
		if r == reason {
			n.labels[i] = append(n.labels[i], label)
			return
		}
	}
	n.reason = append(n.reason, reason)
	n.labels = append(n.labels, []string{label})
}

func (n *notes) String() string {
	parts := make([]string, len(n.reason))
	for i, r := range n.reason {
		parts[i] = strings.Join(n.labels[i], ", ") + ": " + r
	}
	return strings.Join(parts, "; ")
}

// WriteAgreement writes the agreement workbook of a report: sheets
// "Themes", "Categories and domains", "Coder matrix" (a heat map),
// "Peer vs academic", "Per transcript", "Chart" (alpha per theme) and
// "About" (the parameters, so the numbers can be reproduced).
func WriteAgreement(w io.Writer, x AgreementExport) error {
	if x.Report == nil {
		return fmt.Errorf("agreement workbook: no report")
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetThemes); err != nil {
		return fmt.Errorf("agreement workbook: %w", err)
	}
	for _, s := range AgreementSheets[1:] {
		if _, err := f.NewSheet(s); err != nil {
			return fmt.Errorf("agreement workbook: %w", err)
		}
	}
	st, err := newAgreementStyles(f)
	if err != nil {
		return fmt.Errorf("agreement workbook styles: %w", err)
	}
	p := newPaths(x.Report)
	steps := []struct {
		sheet string
		write func(*excelize.File, *agreementStyles, *report.Report, *paths) error
	}{
		{SheetThemes, writeThemes},
		{SheetCategories, writeCategories},
		{SheetCoderMatrix, writeCoderMatrix},
		{SheetGroups, writeGroups},
		{SheetTranscripts, writeTranscripts},
		{SheetChart, writeChart},
	}
	for _, s := range steps {
		if err := s.write(f, st, x.Report, p); err != nil {
			return fmt.Errorf("%s sheet: %w", s.sheet, err)
		}
	}
	if err := writeAgreementAbout(f, st, x); err != nil {
		return fmt.Errorf("about sheet: %w", err)
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write agreement workbook: %w", err)
	}
	return nil
}

// paths finds the domain and category of a row from the report's rows.
type paths struct{ rows map[string]report.Row }

func newPaths(r *report.Report) *paths {
	p := &paths{rows: map[string]report.Row{}}
	for _, rows := range [][]report.Row{r.Domains, r.Categories, r.Themes} {
		for _, row := range rows {
			p.rows[row.NodeID] = row
		}
	}
	return p
}

// of returns the domain, category and theme names of the node (those above
// its level are "").
func (p *paths) of(nodeID string) (domain, category, theme string) {
	row, ok := p.rows[nodeID]
	for i := 0; ok && i < 3; i++ {
		switch row.Level {
		case tandem.LevelDomain:
			domain = row.Name
		case tandem.LevelCategory:
			category = row.Name
		case tandem.LevelTheme:
			theme = row.Name
		}
		row, ok = p.rows[row.ParentID]
	}
	return domain, category, theme
}

// table is a sheet of rows: a frozen, styled header (if any), then rows.
// It writes cell by cell, not with excelize's stream writer: the stream
// writer cuts numbers to 15 significant digits (see decimals).
type table struct {
	f      *excelize.File
	st     *agreementStyles
	sheet  string
	cols   int
	row    int
	widths []float64
}

func newTable(f *excelize.File, st *agreementStyles, sheet string, header []string, widths []float64) (*table, error) {
	// Printed, the sheet fits the page's width.
	if err := fitToWidth(f, sheet, len(header) > 0); err != nil {
		return nil, err
	}
	for i, wdt := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, wdt); err != nil {
			return nil, err
		}
	}
	t := &table{f: f, st: st, sheet: sheet, cols: len(header), widths: widths}
	if len(header) == 0 {
		return t, nil
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	return t, t.add(cells)
}

// fitToWidth prints the sheet one page wide, in landscape if asked.
func fitToWidth(f *excelize.File, sheet string, landscape bool) error {
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: boolPtr(true)}); err != nil {
		return err
	}
	orientation := "portrait"
	if landscape {
		orientation = "landscape"
	}
	one, auto := 1, 0
	return f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &orientation, FitToWidth: &one, FitToHeight: &auto})
}

// add writes the next row. A row whose wrapped text needs more than one
// line gets the height for it: LibreOffice does not fit row heights to
// their text when it opens a workbook.
func (t *table) add(cells []any) error {
	t.row++
	lines := 1
	for i, c := range cells {
		if c, ok := c.(excelize.Cell); ok && i < len(t.widths) {
			if v, ok := c.Value.(string); ok && (c.StyleID == t.st.text || c.StyleID == t.st.bold || c.StyleID == t.st.header) {
				width := t.widths[i] - 1
				if c.StyleID != t.st.text {
					width *= 0.85 // bold
				}
				lines = max(lines, wrappedLines(v, width))
			}
		}
	}
	if err := setRow(t.f, t.sheet, t.row, cells); err != nil {
		return err
	}
	if lines > 1 {
		return t.f.SetRowHeight(t.sheet, t.row, 15*float64(lines))
	}
	return nil
}

// wrappedLines estimates how many lines text takes, wrapped at words, in a
// column of width characters.
func wrappedLines(text string, width float64) int {
	n := 0
	for _, para := range strings.Split(text, "\n") {
		n++
		line := 0.0
		for i, word := range strings.Fields(para) {
			w := float64(utf8.RuneCountInString(word))
			switch {
			case i == 0:
				line = w
			case line+1+w <= width:
				line += 1 + w
			default:
				n++
				line = w
			}
			for line > width { // a word longer than the column breaks
				n++
				line -= width
			}
		}
	}
	return n
}

// close puts an autofilter on the header.
func (t *table) close() error {
	last, _ := excelize.CoordinatesToCellName(t.cols, max(t.row, 1))
	return t.f.AutoFilter(t.sheet, "A1:"+last, nil)
}

// statCells are the shared statistics of a row, and its notes.
func statCells(st *agreementStyles, r *report.Report, row report.Row, n *notes) []any {
	cells := []any{excelize.Cell{StyleID: st.count, Value: row.Units}, excelize.Cell{StyleID: st.count, Value: row.Coders}}
	for _, fig := range []struct {
		label   string
		f       report.Figure
		percent bool
	}{{"Prevalence", row.Prevalence, true}, {"Percent agreement", row.Percent, true}, {"Mean Cohen's kappa", row.CohenMean, false},
		{"Fleiss' kappa", row.Fleiss, false}, {"Krippendorff's alpha", row.Alpha, false}} {
		if fig.percent {
			cells = append(cells, st.percentCell(fig.f.Value))
		} else {
			cells = append(cells, st.numCell(fig.f.Value))
		}
		n.add(fig.label, fig.f)
	}
	cells = append(cells, st.numCell(row.AlphaLow), st.numCell(row.AlphaHigh))
	if row.Alpha.Value != nil && (row.AlphaLow == nil || row.AlphaHigh == nil) {
		if r.Options.Draws <= 0 {
			n.addText("95% CI", "not computed (no bootstrap draws; see About)")
		} else {
			n.addText("95% CI", "the bootstrap gave no interval")
		}
	}
	cells = append(cells, st.numCell(row.AC1.Value), st.numCell(row.BinaryUAlpha.Value))
	n.add("Gwet's AC1", row.AC1)
	n.add("|u-alpha", row.BinaryUAlpha)
	return cells
}

func writeThemes(f *excelize.File, st *agreementStyles, r *report.Report, p *paths) error {
	t, err := newTable(f, st, SheetThemes, AgreementThemeColumns, concat([]float64{20, 20, 26}, statWidths, []float64{14, 60}))
	if err != nil {
		return err
	}
	for _, row := range r.Themes {
		domain, category, theme := p.of(row.NodeID)
		if theme == "" {
			theme = row.Name
		}
		var n notes
		cells := []any{st.textCell(domain), st.textCell(category), st.textCell(theme)}
		cells = append(cells, statCells(st, r, row, &n)...)
		cells = append(cells, st.readingCell(row.Reading), st.textCell(n.String()))
		if err := t.add(cells); err != nil {
			return err
		}
	}
	return t.close()
}

func writeCategories(f *excelize.File, st *agreementStyles, r *report.Report, p *paths) error {
	t, err := newTable(f, st, SheetCategories, AgreementCategoryColumns,
		concat([]float64{10, 20, 22}, statWidths, []float64{14, 11, 12, 14, 60}))
	if err != nil {
		return err
	}
	write := func(row report.Row) error {
		domain, category, _ := p.of(row.NodeID)
		var n notes
		style := st.text
		level := "category"
		if row.Level == tandem.LevelDomain {
			style, level = st.bold, "domain"
		}
		cells := []any{excelize.Cell{StyleID: style, Value: level}, excelize.Cell{StyleID: style, Value: domain},
			excelize.Cell{StyleID: style, Value: category}}
		cells = append(cells, statCells(st, r, row, &n)...)
		if row.Level == tandem.LevelCategory {
			nominal, ualpha := report.Figure{Note: "not computed"}, report.Figure{Note: "not computed"}
			if row.NominalAlpha != nil {
				nominal = *row.NominalAlpha
			}
			if row.UAlpha != nil {
				ualpha = *row.UAlpha
			}
			n.add("nominal alpha", nominal)
			n.add("u-alpha", ualpha)
			cells = append(cells, st.numCell(nominal.Value), excelize.Cell{StyleID: st.count, Value: row.MultiTheme}, st.numCell(ualpha.Value))
		} else {
			cells = append(cells, excelize.Cell{StyleID: st.text}, excelize.Cell{StyleID: st.text}, excelize.Cell{StyleID: st.text})
		}
		cells = append(cells, st.readingCell(row.Reading), st.textCell(n.String()))
		return t.add(cells)
	}
	// Each domain, then its categories; categories without a domain row last.
	done := map[string]bool{}
	for _, d := range r.Domains {
		if err := write(d); err != nil {
			return err
		}
		for _, c := range r.Categories {
			if c.ParentID == d.NodeID {
				done[c.NodeID] = true
				if err := write(c); err != nil {
					return err
				}
			}
		}
	}
	for _, c := range r.Categories {
		if !done[c.NodeID] {
			if err := write(c); err != nil {
				return err
			}
		}
	}
	return t.close()
}

// writeCoderMatrix writes the coder x coder mean alpha with a red - amber -
// green colour scale over 0, .667 and 1.
func writeCoderMatrix(f *excelize.File, st *agreementStyles, r *report.Report, _ *paths) error {
	const sheet = SheetCoderMatrix
	n := len(r.Coders)
	if err := f.SetCellStr(sheet, "A1", "Coder"); err != nil {
		return err
	}
	for i, c := range r.Coders {
		col, _ := excelize.CoordinatesToCellName(i+2, 1)
		row, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := setCell(f, sheet, col, c.Name); err != nil {
			return err
		}
		if err := setCell(f, sheet, row, c.Name); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(n+1, 1)
	if err := f.SetCellStyle(sheet, "A1", last, st.header); err != nil {
		return err
	}
	undefined := false
	for a := range n {
		for b := range n {
			cell, _ := excelize.CoordinatesToCellName(b+2, a+2)
			if a < len(r.CoderMatrix) && b < len(r.CoderMatrix[a]) && r.CoderMatrix[a][b].Value != nil {
				if err := setCell(f, sheet, cell, *r.CoderMatrix[a][b].Value); err != nil {
					return err
				}
			} else {
				undefined = true
			}
		}
	}
	if n > 0 {
		first, _ := excelize.CoordinatesToCellName(1, 2)
		lastName, _ := excelize.CoordinatesToCellName(1, n+1)
		if err := f.SetCellStyle(sheet, first, lastName, st.bold); err != nil {
			return err
		}
		end, _ := excelize.CoordinatesToCellName(n+1, n+1)
		if err := f.SetCellStyle(sheet, "B2", end, st.num); err != nil {
			return err
		}
		if err := f.SetConditionalFormat(sheet, "B2:"+end, []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=",
			MinType: "num", MinValue: "0", MinColor: "#F8696B",
			MidType: "num", MidValue: "0.667", MidColor: "#FFEB84",
			MaxType: "num", MaxValue: "1", MaxColor: "#63BE7B",
		}}); err != nil {
			return err
		}
	}
	legend := []string{
		"Each cell: the mean over the themes of Krippendorff's alpha of the two coders alone (the diagonal is 1).",
		"Colour: red at 0 or below, amber at .667 (tentative), green at 1; the numbers are in the cells.",
	}
	if undefined {
		legend = append(legend, "An empty cell: not enough data (no theme where the two coders' alpha is defined).")
	}
	for i, l := range legend {
		cell, _ := excelize.CoordinatesToCellName(1, n+3+i)
		if err := setCell(f, sheet, cell, l); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", 24); err != nil {
		return err
	}
	if n > 0 {
		lastCol, _ := excelize.ColumnNumberToName(n + 1)
		if err := f.SetColWidth(sheet, "B", lastCol, 14); err != nil {
			return err
		}
	}
	if err := fitToWidth(f, sheet, true); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"})
}

func writeGroups(f *excelize.File, st *agreementStyles, r *report.Report, p *paths) error {
	t, err := newTable(f, st, SheetGroups, AgreementGroupColumns, []float64{20, 20, 26, 14, 14, 14, 8, 60})
	if err != nil {
		return err
	}
	for _, g := range r.Groups {
		domain, category, theme := p.of(g.NodeID)
		if theme == "" {
			theme = g.Name
		}
		var n notes
		n.add("within peer", g.WithinPeer)
		n.add("within academic", g.WithinAcademic)
		n.add("across", g.Across)
		split := excelize.Cell{StyleID: st.text, Value: "no"}
		if g.Split {
			split = excelize.Cell{StyleID: st.yes, Value: "yes"}
		}
		if err := t.add([]any{st.textCell(domain), st.textCell(category), st.textCell(theme),
			st.numCell(g.WithinPeer.Value), st.numCell(g.WithinAcademic.Value), st.numCell(g.Across.Value),
			split, st.textCell(n.String())}); err != nil {
			return err
		}
	}
	return t.close()
}

func writeTranscripts(f *excelize.File, st *agreementStyles, r *report.Report, _ *paths) error {
	t, err := newTable(f, st, SheetTranscripts, AgreementTranscriptColumns, []float64{36, 8, 8, 11, 10, 14, 11, 50})
	if err != nil {
		return err
	}
	for _, tr := range r.Transcripts {
		var n notes
		n.add("mean alpha", tr.MeanAlpha)
		n.add("mean |u-alpha", tr.MeanUAlpha)
		if err := t.add([]any{st.textCell(tr.Title), excelize.Cell{StyleID: st.count, Value: tr.Units},
			excelize.Cell{StyleID: st.count, Value: tr.Coders}, st.numCell(tr.MeanAlpha.Value),
			excelize.Cell{StyleID: st.count, Value: tr.Themes}, st.readingCell(tr.Reading), st.numCell(tr.MeanUAlpha.Value),
			st.textCell(n.String())}); err != nil {
			return err
		}
	}
	return t.close()
}

// chartReadings are the readings with a series in the chart, in legend order.
var chartReadings = []string{"reliable", "tentative", "not reliable"}

// ChartColumns are the columns of the chart's data on the "Chart" sheet:
// the themes with an alpha, then one column a reading holding the alpha of
// the themes with that reading (the chart's series, one colour each).
var ChartColumns = []string{"Theme", "Krippendorff's alpha", "Reading", "Reliable (>= .800)", "Tentative (.667 to .800)", "Not reliable (< .667)"}

// writeChart writes the alphas of the themes that have one, as a contiguous
// table, and a bar chart of them coloured by reading; themes without alpha
// are listed under the table.
func writeChart(f *excelize.File, st *agreementStyles, r *report.Report, p *paths) error {
	const sheet = SheetChart
	t, err := newTable(f, st, sheet, ChartColumns, []float64{30, 12, 14, 10, 10, 10})
	if err != nil {
		return err
	}
	// A theme name used twice gets its category, so the bars are told apart.
	count := map[string]int{}
	for _, row := range r.Themes {
		count[row.Name]++
	}
	var left [][2]string
	used := map[string]bool{}
	n := 0
	lo := 0.0
	for _, row := range r.Themes {
		label := row.Name
		if count[row.Name] > 1 {
			if _, category, _ := p.of(row.NodeID); category != "" {
				label += " (" + category + ")"
			}
		}
		if row.Alpha.Value == nil {
			left = append(left, [2]string{label, cmp.Or(row.Alpha.Note, "not enough data")})
			continue
		}
		n++
		v := *row.Alpha.Value
		lo = min(lo, v)
		used[row.Reading] = true
		cells := []any{st.textCell(label), st.numCell(&v), st.readingCell(row.Reading)}
		for _, reading := range chartReadings {
			if row.Reading == reading {
				cells = append(cells, st.numCell(&v))
			} else {
				cells = append(cells, excelize.Cell{StyleID: st.num})
			}
		}
		if err := t.add(cells); err != nil {
			return err
		}
	}
	if n == 0 {
		if err := t.add([]any{st.textCell("No theme has an alpha yet: there is nothing to chart.")}); err != nil {
			return err
		}
	}
	if len(left) > 0 {
		t.row++ // a blank row: the chart's range ends above
		if err := t.add([]any{excelize.Cell{StyleID: st.bold, Value: "Not in the chart (no alpha)"},
			excelize.Cell{StyleID: st.bold, Value: "Why"}}); err != nil {
			return err
		}
		for _, l := range left {
			if err := t.add([]any{st.textCell(l[0]), excelize.Cell{StyleID: st.plain, Value: l[1]}}); err != nil {
				return err
			}
		}
	}
	if n == 0 {
		return nil
	}
	ref := func(col string) string { return fmt.Sprintf("'%s'!$%s$2:$%s$%d", sheet, col, col, n+1) }
	var series []excelize.ChartSeries
	for i, reading := range chartReadings {
		if !used[reading] {
			continue
		}
		col, _ := excelize.ColumnNumberToName(4 + i)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$1", sheet, col),
			Categories: ref("A"),
			Values:     ref(col),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{chartColours[reading]}},
		})
	}
	// The value axis: from 0 (or the lowest alpha, down to a multiple of
	// .2) to 1, a gridline every .2.
	minimum, maximum := math.Floor(lo*5+1e-9)/5, 1.0
	axisFont := excelize.Font{Color: "#404040", Size: 10}
	overlap, gap := 100, uint(60)
	title := func(s string) excelize.ChartTitle {
		return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: s}}}
	}
	return f.AddChart(sheet, "H2", &excelize.Chart{
		Type:   excelize.Bar,
		Series: series,
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Krippendorff's alpha per theme",
			Font: &excelize.Font{Bold: true, Size: 14}}}},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		VaryColors: boolPtr(false),
		XAxis:      excelize.ChartAxis{ReverseOrder: true, Title: title("Theme"), TickLabelPosition: excelize.ChartTickLabelLow, Font: axisFont},
		YAxis: excelize.ChartAxis{Minimum: &minimum, Maximum: &maximum, MajorUnit: 0.2, MajorGridLines: true, Font: axisFont,
			Title: title("Krippendorff's alpha (.667 tentative, .800 reliable)"), NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.0"}},
		Dimension:    excelize.ChartDimension{Width: 760, Height: uint(max(320, 140+24*n))},
		ShowBlanksAs: "gap",
		Overlap:      &overlap,
		GapWidth:     &gap,
		Format:       excelize.GraphicOptions{PrintObject: boolPtr(true), AltText: "Bar chart of Krippendorff's alpha per theme; the numbers are in the table on this sheet."},
	})
}

func boolPtr(b bool) *bool { return &b }

func writeAgreementAbout(f *excelize.File, st *agreementStyles, x AgreementExport) error {
	const sheet = SheetAbout
	r := x.Report
	opt := r.Options
	unit := map[string]string{
		report.UnitTurn:      "turn (each speaker turn is a unit; the whole transcript when it has no turns)",
		report.UnitParagraph: "paragraph (each non-empty line of a turn is a unit)",
		report.UnitSentence:  "sentence (each sentence of a paragraph is a unit)",
	}[opt.Unit]
	if unit == "" {
		unit = opt.Unit
	}
	peers, academics := 0, 0
	for _, c := range r.Coders {
		switch c.Type {
		case tandem.ResearcherPeer:
			peers++
		case tandem.ResearcherAcademic:
			academics++
		}
	}
	// Numbers are numbers and the date an Excel date, so that they can be
	// computed with; what they mean is in the label or in a row of text.
	count := func(n int) excelize.Cell { return excelize.Cell{StyleID: st.aboutCount, Value: n} }
	var seed any = opt.Seed
	if opt.Seed > 1<<53 { // beyond what a spreadsheet number holds exactly
		seed = strconv.FormatUint(opt.Seed, 10)
	}
	rows := [][2]any{
		{"Project", x.ProjectName},
		{"Exported (UTC)", excelize.Cell{StyleID: st.aboutDate, Value: x.ExportedAt.UTC()}},
		{"Tandem version", x.TandemVersion},
		{"Unit", unit},
		{"Minimum overlap (characters)", count(max(opt.MinOverlap, 1))},
		{"Coders", count(len(r.Coders))},
		{"Peer coders", count(peers)},
		{"Academic coders", count(academics)},
		{"Transcripts compared", count(r.ComparedTranscripts)},
		{"Units compared", count(r.ComparedUnits)},
		{"Transcripts chosen", count(len(r.Transcripts))},
		{"Units in them", count(r.Units)},
		{"Bootstrap draws", count(opt.Draws)},
		{"Bootstrap seed", excelize.Cell{StyleID: st.aboutCount, Value: seed}},
		{"What is compared", "The figures are computed over the transcripts compared: those where at least two coders submitted their coding, and the units of them. " +
			"An excerpt counts for a unit when it covers at least the minimum overlap of it (or all of a shorter unit). " +
			"With 0 bootstrap draws there are no confidence intervals; the seed makes the draws repeat."},
		{"Which coding counts", "Only submitted coding sets. A coder who has not submitted a transcript is missing on its units (not counted as applying nothing)."},
		{"Readings", "Krippendorff's alpha >= .800: reliable; .667 to below .800: tentative (tentative conclusions only); below .667: not reliable; " +
			"not enough data: alpha is undefined (no variation, or fewer than two coders on a unit). Krippendorff (2019), Content Analysis, ch. 12."},
		{"Statistics", "Unit-based, per theme (applied to the unit or not): percent agreement, mean pairwise Cohen's kappa, Fleiss' kappa, " +
			"Krippendorff's alpha with a bootstrapped 95% interval, Gwet's AC1; prevalence is the share of coder-unit values where the theme is applied. " +
			"A category or domain counts as applied when any theme below it is. |u-alpha is Krippendorff's unitized alpha over the characters, " +
			"theme vs not, pooled over transcripts (Krippendorff, Mathet, Bouvry & Krippendorff 2016)."},
		{"Categories", "Nominal alpha takes the category's themes as the values of one variable; units where a coder applied two of its themes are left out of it and counted. " +
			"u-alpha is the unitized alpha with the themes as values."},
		{"Peer vs academic", "Alpha within the peer coders, within the academic coders, and the mean pairwise alpha of peer-academic pairs. " +
			"Split = yes: agreement within a group is at least tentative (.667), across the groups it is not, and the gap is .2 or more."},
		{"Numbers", "Every figure is stored with all its digits, as Tandem computed it; the cells show three decimals (percentages one). " +
			"Widen the decimals of a cell to see more."},
		{"Undefined figures", "An empty number cell is a figure that is undefined for the data; the Notes column says why."},
	}
	t, err := newTable(f, st, sheet, nil, []float64{24, 100})
	if err != nil {
		return err
	}
	for _, kv := range rows {
		v := kv[1]
		if s, ok := v.(string); ok {
			v = st.textCell(s)
		}
		if err := t.add([]any{excelize.Cell{StyleID: st.bold, Value: kv[0]}, v}); err != nil {
			return err
		}
	}
	t.row++
	if err := t.add([]any{excelize.Cell{StyleID: st.header, Value: "Coder"}, excelize.Cell{StyleID: st.header, Value: "Researcher type"}}); err != nil {
		return err
	}
	for _, c := range r.Coders {
		if err := t.add([]any{st.textCell(c.Name), st.textCell(cmp.Or(string(c.Type), "not set"))}); err != nil {
			return err
		}
	}
	return nil
}
