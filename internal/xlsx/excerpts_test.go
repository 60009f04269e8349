package xlsx

import (
	"bytes"
	"encoding/csv"
	"errors"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/tandem"
)

// excerptCodebook is one domain with a category of two themes.
func excerptCodebook(t testing.TB) *tandem.Codebook {
	t.Helper()
	cb := &tandem.Codebook{}
	for _, n := range []struct {
		id     string
		level  tandem.Level
		parent string
		name   string
	}{
		{"d", tandem.LevelDomain, "", "RLC Attributes"},
		{"c", tandem.LevelCategory, "d", "Atmosphere"},
		{"welcome", tandem.LevelTheme, "c", "Welcoming"},
		{"safe", tandem.LevelTheme, "c", "Safe space"},
	} {
		if _, err := cb.Add(n.id, n.level, n.parent, tandem.NodeText{Name: n.name}, tandem.StatusActive, nil); err != nil {
			t.Fatal(err)
		}
	}
	return cb
}

// excerptRows are three rows as tandem.ExcerptRows gives them: the
// consensus and a peer on one passage, an academic's excerpt that runs on
// into the next turn, with text a spreadsheet might take for a formula.
func excerptRows() []tandem.ExcerptRow {
	base := tandem.ExcerptRow{TranscriptID: "t1", Transcript: "Interview 1", Participant: "P01", Domain: "RLC Attributes", Category: "Atmosphere"}
	r1 := base
	r1.Speaker, r1.Turn, r1.LastTurn, r1.Start, r1.End, r1.Text, r1.Memo = "Participant", 2, 2, 12, 29, "It felt welcoming", "All agree."
	r1.ExcerptID, r1.CoderID, r1.Coder, r1.ThemeID, r1.Theme = "k1", tandem.ConsensusCoder, "Consensus", "welcome", "Welcoming"
	r2 := r1
	r2.Memo, r2.ExcerptID, r2.CoderID, r2.Coder, r2.ResearcherType, r2.Status = "=HYPERLINK(\"http://x\")", "p1", "u-peer", "Pat Peer", "peer", tandem.CodingSubmitted
	r3 := base
	r3.Speaker, r3.Turn, r3.LastTurn, r3.Start, r3.End, r3.Text, r3.Memo = "Interviewer", 1, 2, 5, 40, "-2+3 was it?\nIt felt safe", "@SUM(1,2)"
	r3.ExcerptID, r3.CoderID, r3.Coder, r3.ResearcherType, r3.Status = "a1", "u-acad", "Alex Academic", "academic", tandem.CodingInProgress
	r3.ThemeID, r3.Theme = "safe", "Safe space"
	return []tandem.ExcerptRow{r1, r2, r3}
}

// wantExcerptRows are the rows of the "Excerpts" sheet for excerptRows, as
// a researcher reads them.
var wantExcerptRows = [][]string{
	ExcerptColumns,
	{"Interview 1", "P01", "Participant", "2", "2", "12", "29", "It felt welcoming", "All agree.", "Consensus", "", "Consensus", "",
		"RLC Attributes", "Atmosphere", "Welcoming", "k1"},
	{"Interview 1", "P01", "Participant", "2", "2", "12", "29", "It felt welcoming", "=HYPERLINK(\"http://x\")", "Pat Peer", "peer", "Coder", "Submitted",
		"RLC Attributes", "Atmosphere", "Welcoming", "p1"},
	{"Interview 1", "P01", "Interviewer", "1", "2", "5", "40", "-2+3 was it?\nIt felt safe", "@SUM(1,2)", "Alex Academic", "academic", "Coder", "In progress",
		"RLC Attributes", "Atmosphere", "Safe space", "a1"},
}

// wantCSVRows are wantExcerptRows as the CSV file holds them: values a
// spreadsheet would read as a formula have an apostrophe in front.
func wantCSVRows() [][]string {
	want := slices.Clone(wantExcerptRows)
	want[2] = slices.Clone(want[2])
	want[2][8] = "'=HYPERLINK(\"http://x\")"
	want[3] = slices.Clone(want[3])
	want[3][7], want[3][8] = "'-2+3 was it?\nIt felt safe", "'@SUM(1,2)"
	return want
}

func seq(rows []tandem.ExcerptRow) iter.Seq2[tandem.ExcerptRow, error] {
	return func(yield func(tandem.ExcerptRow, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}

func excerptsExport(t testing.TB, rows []tandem.ExcerptRow, sets, themes string) ExcerptsExport {
	t.Helper()
	cb := excerptCodebook(t)
	f, err := tandem.ParseExcerptFilter(cb, &tandem.TranscriptIndex{}, sets, themes, "")
	if err != nil {
		t.Fatal(err)
	}
	return ExcerptsExport{ProjectName: "RLC study", Filter: f, Rows: seq(rows), ExportedAt: time.Date(2026, 11, 28, 14, 5, 0, 0, time.UTC), TandemVersion: "test"}
}

func writeExcerptsBytes(t testing.TB, x ExcerptsExport) ([]byte, tandem.ExcerptCounts) {
	t.Helper()
	var buf bytes.Buffer
	counts, err := WriteExcerpts(&buf, x)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), counts
}

func TestExcerptsWorkbook(t *testing.T) {
	data, counts := writeExcerptsBytes(t, excerptsExport(t, excerptRows(), "both", ""))
	if counts.Rows != 3 || counts.Excerpts != 3 || counts.Transcripts != 1 {
		t.Errorf("counts %+v", counts)
	}
	if got := sheetRows(t, data, SheetExcerpts); !slices.EqualFunc(got, wantExcerptRows, slices.Equal) {
		t.Errorf("Excerpts sheet:\n%q\nwant\n%q", got, wantExcerptRows)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{SheetExcerpts, "About"}) {
		t.Errorf("sheets %q", got)
	}
	// Text a spreadsheet might take for a formula stays text: no cell has a
	// formula, and the numbers are numbers.
	for _, ref := range []string{"I3", "H4", "I4"} {
		if fm, _ := f.GetCellFormula(SheetExcerpts, ref); fm != "" {
			t.Errorf("%s has the formula %q", ref, fm)
		}
		if typ, _ := f.GetCellType(SheetExcerpts, ref); typ != excelize.CellTypeInlineString {
			t.Errorf("%s is of type %v, want an inline string", ref, typ)
		}
	}
	if typ, _ := f.GetCellType(SheetExcerpts, "F2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("Start is of type %v, want a number", typ)
	}
	// The header stays in view and has filters.
	if p, _ := f.GetPanes(SheetExcerpts); !p.Freeze || p.YSplit != 1 {
		t.Errorf("panes %+v, want the header frozen", p)
	}
	if tables, _ := f.GetTables(SheetExcerpts); len(tables) != 1 || tables[0].Range != "A1:Q4" {
		t.Errorf("tables %+v, want one with filters over A1:Q4", tables)
	}
	about := map[string]string{}
	for _, r := range sheetRows(t, data, "About") {
		if len(r) == 2 {
			about[r[0]] = r[1]
		}
	}
	for k, v := range map[string]string{"Project": "RLC study", "Coding": "the consensus and every coder's coding", "Themes": "all",
		"Transcripts": "all", "Excerpts": "3", "Transcripts with excerpts": "1", "Exported (UTC)": "2026-11-28 14:05:00"} {
		if about[k] != v {
			t.Errorf("About %s = %q, want %q", k, about[k], v)
		}
	}
}

func TestExcerptsWorkbookEmpty(t *testing.T) {
	data, counts := writeExcerptsBytes(t, excerptsExport(t, nil, "consensus", "safe"))
	if counts.Rows != 0 {
		t.Errorf("counts %+v", counts)
	}
	rows := sheetRows(t, data, SheetExcerpts)
	if len(rows) != 2 || !slices.Equal(rows[0], ExcerptColumns) {
		t.Fatalf("rows %q, want the header and a note", rows)
	}
	want := "No excerpts match these choices (coding: the consensus only; themes: Safe space (theme); transcripts: all). Change the choices on the Exports page and download again."
	if len(rows[1]) != 1 || rows[1][0] != want {
		t.Errorf("note %q, want %q", rows[1], want)
	}
}

func TestExcerptsWorkbookStopsAtAnError(t *testing.T) {
	x := excerptsExport(t, nil, "", "")
	lost := errors.New("the store went away")
	x.Rows = func(yield func(tandem.ExcerptRow, error) bool) {
		if yield(excerptRows()[0], nil) {
			yield(tandem.ExcerptRow{}, lost)
		}
	}
	if _, err := WriteExcerpts(&bytes.Buffer{}, x); !errors.Is(err, lost) {
		t.Errorf("error %v, want %v", err, lost)
	}
	x.Rows = func(yield func(tandem.ExcerptRow, error) bool) { yield(tandem.ExcerptRow{}, lost) }
	if _, err := WriteExcerptsCSV(&bytes.Buffer{}, x.Rows); !errors.Is(err, lost) {
		t.Errorf("CSV error %v, want %v", err, lost)
	}
	if _, err := WriteExcerptsText(&bytes.Buffer{}, excerptCodebook(t), x); !errors.Is(err, lost) {
		t.Errorf("text error %v, want %v", err, lost)
	}
}

func TestCellTextFitsACell(t *testing.T) {
	long := strings.Repeat("a\U0001F600", 20000) // 60,000 UTF-16 units
	got := cellText(long)
	n := 0 // UTF-16 units
	for _, r := range got {
		if r > 0xFFFF {
			n += 2
		} else {
			n++
		}
	}
	if n > maxCellChars || !strings.HasSuffix(got, cutMark) || !strings.HasPrefix(long, strings.TrimSuffix(got, cutMark)) {
		t.Errorf("cut to %d UTF-16 units, ends %q", n, got[len(got)-60:])
	}
	if s := "short =1"; cellText(s) != s {
		t.Errorf("cellText changed %q", s)
	}
}

func TestExcerptsCSV(t *testing.T) {
	var buf bytes.Buffer
	counts, err := WriteExcerptsCSV(&buf, seq(excerptRows()))
	if err != nil {
		t.Fatal(err)
	}
	if counts.Rows != 3 {
		t.Errorf("counts %+v", counts)
	}
	data := buf.String()
	if !strings.HasPrefix(data, "\ufeffTranscript,Participant,") || !strings.Contains(data, "\r\n") {
		t.Errorf("the file does not start with a byte order mark and the header, or has no CRLF: %q", data[:40])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(data, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := wantCSVRows(); !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("CSV rows:\n%q\nwant\n%q", rows, want)
	}
	// No rows: the header only.
	buf.Reset()
	if _, err := WriteExcerptsCSV(&buf, seq(nil)); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "\ufeff"+strings.Join(ExcerptColumns, ",")+"\r\n" {
		t.Errorf("empty CSV %q", got)
	}
}

func TestCSVText(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-x": "'-x", "@a": "'@a", "\tx": "'\tx", "plain": "plain", "": "", "a=b": "a=b",
		"1-2": "1-2", "\x01=x": "'=x", // a control character goes first, then the value starts with =
	} {
		if got := csvText(in); got != want {
			t.Errorf("csvText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExcerptsText(t *testing.T) {
	var buf bytes.Buffer
	x := excerptsExport(t, excerptRows(), "both", "")
	counts, err := WriteExcerptsText(&buf, excerptCodebook(t), x)
	if err != nil {
		t.Fatal(err)
	}
	if counts.Excerpts != 3 {
		t.Errorf("counts %+v", counts)
	}
	want := "\ufeffExcerpts by theme: RLC study\r\n" +
		"Exported 28 November 2026, 14:05 UTC with Tandem test.\r\n" +
		"Coding: the consensus and every coder's coding. Themes: all. Transcripts: all.\r\n" +
		"3 excerpts from 1 transcript. An excerpt with two themes is quoted under each.\r\n" +
		"\r\n\r\nRLC ATTRIBUTES\r\n==============\r\n" +
		"\r\n\r\nAtmosphere\r\n----------\r\n" +
		"\r\nWelcoming (2 quotes)\r\n" +
		"\r\n    \u201cIt felt welcoming\u201d\r\n" +
		"    \u2014 Interview 1, participant P01, Participant, turn 2 (consensus)\r\n" +
		"    Memo: All agree.\r\n" +
		"\r\n    \u201cIt felt welcoming\u201d\r\n" +
		"    \u2014 Interview 1, participant P01, Participant, turn 2 (coded by Pat Peer, peer)\r\n" +
		"    Memo: =HYPERLINK(\"http://x\")\r\n" +
		"\r\nSafe space (1 quote)\r\n" +
		"\r\n    \u201c-2+3 was it?\r\n" +
		"    It felt safe\u201d\r\n" +
		"    \u2014 Interview 1, participant P01, turns 1\u20132, starting with Interviewer (coded by Alex Academic, academic)\r\n" +
		"    Memo: @SUM(1,2)\r\n"
	if got := buf.String(); got != want {
		t.Errorf("report:\n%s\nwant:\n%s", got, want)
	}
	buf.Reset()
	if _, err := WriteExcerptsText(&buf, excerptCodebook(t), excerptsExport(t, nil, "consensus", "")); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); !strings.HasSuffix(got, "\r\n\r\nNo excerpts match these choices. Change the choices on the Exports page and download again.\r\n") {
		t.Errorf("empty report:\n%s", got)
	}
}
