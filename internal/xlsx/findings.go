package xlsx

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/report"
	"github.com/tandemqda/tandem/internal/tandem"
)

// FindingsExport is everything the findings workbook shows.
type FindingsExport struct {
	ProjectName   string
	Findings      *report.Findings
	ExportedAt    time.Time
	TandemVersion string
}

// FindingsColumns are the columns of the "Findings" sheet, in order.
var FindingsColumns = []string{"Domain", "Category", "Theme", "Participants", "Transcripts", "Excerpts", "In words", "Example quote", "Quote from"}

// QuotesColumns are the columns of the "Quotes" sheet, in order.
var QuotesColumns = []string{"Domain", "Category", "Theme", "Quote", "Participant", "Transcript", "Codebook example", "Picked by", "Picked (UTC)"}

// WriteFindings writes the findings workbook: sheets "Findings" (the
// results table, grouped rows as in the codebook workbook: each domain,
// category and theme with the participants and transcripts where the
// consensus applies it, and its example quote), "Quotes" (every picked
// quote) and "About".
func WriteFindings(w io.Writer, x FindingsExport) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Findings"); err != nil {
		return fmt.Errorf("findings workbook: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("findings workbook styles: %w", err)
	}
	if err := writeFindingsTable(f, st, x.Findings); err != nil {
		return fmt.Errorf("findings sheet: %w", err)
	}
	if err := writeQuotes(f, st, x.Findings); err != nil {
		return fmt.Errorf("quotes sheet: %w", err)
	}
	if err := writeFindingsAbout(f, st, x); err != nil {
		return fmt.Errorf("about sheet: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write findings workbook: %w", err)
	}
	return nil
}

// header writes a sheet's header row, sets its column widths, freezes it
// and adds a filter over rows rows.
func header(f *excelize.File, st *styles, sheet string, columns []string, widths []float64, rows int) error {
	cells := make([]any, len(columns))
	for i, h := range columns {
		cells[i] = excelize.Cell{StyleID: st.header, Value: h}
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, widths[i]); err != nil {
			return err
		}
	}
	if err := setRow(f, sheet, 1, cells); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(columns), max(rows, 1))
	return f.AutoFilter(sheet, "A1:"+last, nil)
}

// findingPaths are the domain, category and theme names of each row of the
// findings, as the codebook workbook fills them (the levels below a node's
// own stay empty).
func findingPaths(fs *report.Findings) [][3]string {
	out := make([][3]string, len(fs.Rows))
	var dom, cat string
	for i, r := range fs.Rows {
		switch r.Level {
		case tandem.LevelDomain:
			dom, cat = r.Name, ""
			out[i] = [3]string{dom}
		case tandem.LevelCategory:
			cat = r.Name
			out[i] = [3]string{dom, cat}
		default:
			out[i] = [3]string{dom, cat, r.Name}
		}
	}
	return out
}

func writeFindingsTable(f *excelize.File, st *styles, fs *report.Findings) error {
	const sheet = "Findings"
	names := findingPaths(fs)
	for i, r := range fs.Rows {
		style, level := st.text, uint8(2)
		switch r.Level {
		case tandem.LevelDomain:
			style, level = st.domain, 0
		case tandem.LevelCategory:
			style, level = st.category, 1
		}
		cells := []any{}
		for j, n := range names[i] {
			var v any // the levels below a node's own stay empty
			if j == 0 || n != "" {
				v = n
			}
			cells = append(cells, excelize.Cell{StyleID: style, Value: v})
		}
		words := fmt.Sprintf("%d of %d participants", r.Participants, fs.Participants)
		cells = append(cells, excelize.Cell{StyleID: st.count, Value: r.Participants}, excelize.Cell{StyleID: st.count, Value: r.Transcripts},
			excelize.Cell{StyleID: st.count, Value: r.Excerpts}, excelize.Cell{StyleID: style, Value: words})
		if len(r.Quotes) > 0 {
			q := r.Quotes[0]
			cells = append(cells, excelize.Cell{StyleID: st.text, Value: q.Text}, excelize.Cell{StyleID: st.text, Value: quoteFrom(q)})
		}
		if err := setRow(f, sheet, i+2, cells); err != nil {
			return err
		}
		if level > 0 {
			if err := f.SetRowOutlineLevel(sheet, i+2, level); err != nil {
				return err
			}
		}
	}
	return header(f, st, sheet, FindingsColumns, []float64{22, 22, 28, 13, 12, 10, 24, 60, 24}, len(fs.Rows)+1)
}

// quoteFrom says where a quote comes from: the participant, or the
// transcript when it has no participant pseudonym.
func quoteFrom(q report.Quote) string {
	if q.Participant != "" {
		return q.Participant
	}
	return q.TranscriptTitle
}

func writeQuotes(f *excelize.File, st *styles, fs *report.Findings) error {
	const sheet = "Quotes"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	names := findingPaths(fs)
	row := 1
	for i, r := range fs.Rows {
		for _, q := range r.Quotes {
			example := ""
			if q.CodebookExample {
				example = "yes"
			}
			row++
			cells := []any{names[i][0], names[i][1], names[i][2], excelize.Cell{StyleID: st.text, Value: q.Text}, q.Participant, q.TranscriptTitle,
				example, q.PickedByName, excelize.Cell{StyleID: st.date, Value: q.PickedAt.UTC()}}
			if err := setRow(f, sheet, row, cells); err != nil {
				return err
			}
		}
	}
	return header(f, st, sheet, QuotesColumns, []float64{22, 22, 28, 70, 14, 28, 10, 20, 18}, row)
}

func writeFindingsAbout(f *excelize.File, st *styles, x FindingsExport) error {
	const sheet = "About"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	fs := x.Findings
	counted := "The counts are over the transcripts with a consensus set: in how many of them, and of how many participants, " +
		"the consensus applies each theme (a category or domain: any theme below it). A transcript with no participant pseudonym " +
		"counts as its own participant."
	if fs.Transcripts == 0 {
		counted = "No transcript has a consensus yet, so every count is 0. The counts appear once the leads reconcile the coding."
	}
	rows := [][2]any{
		{"Project", x.ProjectName},
		{"Exported (UTC)", excelize.Cell{StyleID: st.aboutDate, Value: x.ExportedAt.UTC()}},
		{"Tandem version", x.TandemVersion},
		{"Transcripts with a consensus", excelize.Cell{StyleID: st.aboutCount, Value: fs.Transcripts}},
		{"Participants", excelize.Cell{StyleID: st.aboutCount, Value: fs.Participants}},
		{"How it is counted", counted},
		{"Quotes", "Each quote keeps the text it had when a lead picked it. The Findings sheet shows each theme's codebook example, or else its first quote; the Quotes sheet shows them all."},
	}
	return writeAboutRows(f, st, sheet, rows, 28)
}
