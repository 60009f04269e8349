//go:build unix

package xlsx

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestExcerptsWorkbookOpensInLibreOffice(t *testing.T) {
	libreOffice(t)
	t.Parallel()
	data, _ := writeExcerptsBytes(t, excerptsExport(t, excerptRows(), "both", ""))
	path := filepath.Join(t.TempDir(), "excerpts.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sheets := convertAllWithLibreOffice(t, path, SheetExcerpts, "About")
	// Every row as written: the memo "=HYPERLINK(...)", the text "-2+3 ..."
	// and the memo "@SUM(1,2)" come back as text, not computed.
	if got := sheets[SheetExcerpts]; !slices.EqualFunc(got, wantExcerptRows, slices.Equal) {
		t.Errorf("LibreOffice read the Excerpts sheet as\n%q\nwant\n%q", got, wantExcerptRows)
	}
	if about := rowsText(sheets["About"]); !strings.Contains(about, "Excerpts | 3") || !strings.Contains(about, "Project | RLC study") {
		t.Errorf("About sheet:\n%s", about)
	}

	// The empty workbook opens too, with its note.
	data, _ = writeExcerptsBytes(t, excerptsExport(t, nil, "consensus", ""))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	rows := convertWithLibreOffice(t, path, 1)
	if len(rows) != 2 || !slices.Equal(rows[0], ExcerptColumns) || !strings.HasPrefix(rows[1][0], ExcerptsNote) {
		t.Errorf("LibreOffice read the empty workbook as %q", rows)
	}
}

// TestExcerptsCSVOpensInLibreOffice opens the CSV file the way a
// spreadsheet that evaluates formulas on import would (LibreOffice's CSV
// filter with "evaluate formulas" on): every value comes back as written,
// none computed.
func TestExcerptsCSVOpensInLibreOffice(t *testing.T) {
	libreOffice(t)
	t.Parallel()
	var buf bytes.Buffer
	if _, err := WriteExcerptsCSV(&buf, seq(excerptRows())); err != nil {
		t.Fatal(err)
	}
	// The control: without the apostrophes this filter computes formulas.
	control := "\ufeffa,b\r\n=1+1,@SUM(1;2)\r\n"
	dir := t.TempDir()
	for name, data := range map[string]string{"excerpts.csv": buf.String(), "control.csv": control} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Comma, '"', UTF-8, from line 1, ..., token 13: evaluate formulas.
	infilter := "--infilter=Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1,true"
	// LibreOffice names its output after the file and the sheet: take the only one.
	only := func(out string) [][]string {
		files, _ := filepath.Glob(filepath.Join(out, "*.csv"))
		if len(files) != 1 {
			t.Fatalf("LibreOffice wrote %q, want one CSV file", files)
		}
		return trimRows(readCSV(t, files[0]))
	}
	if got := only(runLibreOffice(t, filepath.Join(dir, "control.csv"), 1, infilter)); len(got) != 2 || got[1][0] != "2" {
		t.Fatalf("the control was not computed (%q): this LibreOffice does not evaluate formulas in CSV, so the check below proves nothing", got)
	}
	got := only(runLibreOffice(t, filepath.Join(dir, "excerpts.csv"), 1, infilter))
	// The byte order mark is read as such: the first header is "Transcript".
	if want := wantCSVRows(); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("LibreOffice read the CSV file as\n%q\nwant\n%q", got, want)
	}
}
