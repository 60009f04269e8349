package xlsx

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/tandem"
)

// ExcerptsExport is everything the excerpts workbook shows.
type ExcerptsExport struct {
	ProjectName   string
	Filter        tandem.ExcerptFilter
	Rows          iter.Seq2[tandem.ExcerptRow, error]
	ExportedAt    time.Time
	TandemVersion string
}

// The sheets of the excerpts workbook.
const (
	SheetExcerpts = "Excerpts"
)

// ExcerptColumns are the columns of the "Excerpts" sheet, in order.
var ExcerptColumns = []string{"Transcript", "Participant", "Speaker", "Turn", "Last turn", "Start", "End", "Text", "Memo",
	"Coder", "Researcher type", "Set", "Status", "Domain", "Category", "Theme", "Excerpt ID"}

var excerptWidths = []float64{24, 14, 16, 7, 7, 8, 8, 70, 40, 20, 14, 11, 12, 22, 22, 24, 38}

// ExcerptsNote is the start of the note the "Excerpts" sheet holds instead
// of rows when the choices match nothing.
const ExcerptsNote = "No excerpts match these choices"

// ExcerptCells are a row's cells as the workbook and the CSV file write
// them: text, or whole numbers (nil for an empty cell: no empty text).
// Text is raw: each format makes it safe its own way.
func ExcerptCells(r *tandem.ExcerptRow) []any {
	set, status := "Coder", ""
	if r.Consensus() {
		set = "Consensus"
	}
	switch r.Status {
	case tandem.CodingSubmitted:
		status = "Submitted"
	case tandem.CodingInProgress:
		status = "In progress"
	}
	turn := func(n int) any {
		if n == 0 {
			return nil
		}
		return n
	}
	text := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	return []any{text(r.Transcript), text(r.Participant), text(r.Speaker), turn(r.Turn), turn(r.LastTurn), r.Start, r.End, text(r.Text), text(r.Memo),
		text(r.Coder), text(r.ResearcherType), set, text(status), text(r.Domain), text(r.Category), text(r.Theme), text(r.ExcerptID)}
}

// WriteExcerpts writes the excerpts workbook: the sheet "Excerpts", one row
// per excerpt and theme, streamed (rows go to a temporary file as they come,
// not into memory), and the sheet "About" (project, date, choices,
// counts). When the choices match nothing, the sheet holds a note instead
// of rows. It returns the counts.
func WriteExcerpts(w io.Writer, x ExcerptsExport) (tandem.ExcerptCounts, error) {
	var counts tandem.ExcerptCounts
	f := excelize.NewFile()
	defer f.Close()
	// Compressing the sheet took a third of the time at the default
	// level; the fastest level makes the file about a fifth larger.
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) { return flate.NewWriter(out, flate.BestSpeed) })
		return zw
	})
	if err := f.SetSheetName("Sheet1", SheetExcerpts); err != nil {
		return counts, fmt.Errorf("excerpts workbook: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return counts, fmt.Errorf("excerpts workbook styles: %w", err)
	}
	if counts, err = streamExcerpts(f, st, x); err != nil {
		return counts, fmt.Errorf("excerpts sheet: %w", err)
	}
	if err := writeExcerptsAbout(f, st, x, counts); err != nil {
		return counts, fmt.Errorf("about sheet: %w", err)
	}
	if err := f.Write(w); err != nil {
		return counts, fmt.Errorf("write excerpts workbook: %w", err)
	}
	return counts, nil
}

func streamExcerpts(f *excelize.File, st *styles, x ExcerptsExport) (tandem.ExcerptCounts, error) {
	var counts tandem.ExcerptCounts
	sw, err := f.NewStreamWriter(SheetExcerpts)
	if err != nil {
		return counts, err
	}
	for i, wdt := range excerptWidths {
		if err := sw.SetColWidth(i+1, i+1, wdt); err != nil {
			return counts, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return counts, err
	}
	header := make([]any, len(ExcerptColumns))
	for i, h := range ExcerptColumns {
		header[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return counts, err
	}
	row := 1
	// The row's cells are pointers into one array, filled again for each
	// row: a Cell given by value would be copied to the heap, cell by cell.
	buf := make([]excelize.Cell, len(ExcerptColumns))
	cells := make([]any, len(ExcerptColumns))
	for r, err := range x.Rows {
		if err != nil {
			return counts, err
		}
		counts.Add(&r)
		row++
		for i, v := range ExcerptCells(&r) {
			style := st.plain
			if i == 7 || i == 8 { // Text, Memo
				style = st.text
			}
			switch s := v.(type) {
			case nil:
				cells[i] = nil // no cell at all
				continue
			case string:
				v = cellText(s) // an inline string: never a formula
			}
			buf[i] = excelize.Cell{StyleID: style, Value: v}
			cells[i] = &buf[i]
		}
		ref, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(ref, cells); err != nil {
			return counts, err
		}
	}
	if counts.Rows == 0 {
		sets, themes, transcripts := x.Filter.Describe()
		note := fmt.Sprintf("%s (coding: %s; themes: %s; transcripts: %s). Change the choices on the Exports page and download again.",
			ExcerptsNote, sets, themes, transcripts)
		if err := sw.SetRow("A2", []any{excelize.Cell{StyleID: st.category, Value: cellText(note)}}); err != nil {
			return counts, err
		}
	} else {
		last, _ := excelize.CoordinatesToCellName(len(ExcerptColumns), row)
		noStripes := false
		if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: "Excerpts", ShowRowStripes: &noStripes}); err != nil {
			return counts, fmt.Errorf("excerpts filter: %w", err)
		}
	}
	return counts, sw.Flush()
}

func writeExcerptsAbout(f *excelize.File, st *styles, x ExcerptsExport, counts tandem.ExcerptCounts) error {
	const sheet = "About"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	sets, themes, transcripts := x.Filter.Describe()
	rows := [][2]any{
		{"Project", x.ProjectName},
		{"Exported (UTC)", excelize.Cell{StyleID: st.aboutDate, Value: x.ExportedAt.UTC()}},
		{"Tandem version", x.TandemVersion},
		{"Coding", sets},
		{"Themes", themes},
		{"Transcripts", transcripts},
		{"Rows", excelize.Cell{StyleID: st.aboutCount, Value: counts.Rows}},
		{"Excerpts", excelize.Cell{StyleID: st.aboutCount, Value: counts.Excerpts}},
		{"Transcripts with excerpts", excelize.Cell{StyleID: st.aboutCount, Value: counts.Transcripts}},
		{"What a row is", "One row per excerpt and theme: an excerpt with two themes has two rows. Set says whether it is the consensus or a coder's coding; Status is the coder's (submitted or in progress)."},
		{"Speaker and turns", "Speaker is who speaks in the turn where the excerpt starts. Turns are numbered from 1; Last turn is larger than Turn when the excerpt runs on into later turns."},
		{"Start and End", "Positions of the excerpt in the transcript's text, in characters counted from 0, End not included (as REFI-QDA counts them)."},
		{"Text", "Text is always text, never a formula. A text longer than a cell holds (32,767 characters) is cut and marked."},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		v := r[1]
		if s, ok := v.(string); ok {
			v = excelize.Cell{StyleID: st.text, Value: s}
		}
		if err := setRow(f, sheet, i+1, []any{r[0], v}); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, cell, cell, st.category); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", 24); err != nil {
		return err
	}
	return f.SetColWidth(sheet, "B", "B", 100)
}
