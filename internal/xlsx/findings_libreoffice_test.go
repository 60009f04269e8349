//go:build unix

package xlsx

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestFindingsWorkbookOpensInLibreOffice: LibreOffice reads every row of
// the findings as written, and the quotes that look like formulas stay
// text.
func TestFindingsWorkbookOpensInLibreOffice(t *testing.T) {
	libreOffice(t)
	t.Parallel()
	x, _ := rlcFindings(t)
	var buf bytes.Buffer
	if err := WriteFindings(&buf, x); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "findings.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sheets := convertAllWithLibreOffice(t, path, "Findings", "Quotes", "About")

	fs := x.Findings
	names := findingPaths(fs)
	want := [][]string{FindingsColumns}
	var quotes [][]string
	for i, r := range fs.Rows {
		row := []string{names[i][0], names[i][1], names[i][2], fmt.Sprint(r.Participants), fmt.Sprint(r.Transcripts), fmt.Sprint(r.Excerpts),
			fmt.Sprintf("%d of %d participants", r.Participants, fs.Participants)}
		if len(r.Quotes) > 0 {
			row = append(row, r.Quotes[0].Text, quoteFrom(r.Quotes[0]))
		}
		want = append(want, row)
		for _, q := range r.Quotes {
			quotes = append(quotes, []string{names[i][2], q.Text, q.Participant, q.TranscriptTitle})
		}
	}
	if got, w := rowsText(sheets["Findings"]), rowsText(want); got != w {
		t.Errorf("Findings in LibreOffice:\n%s\nwant:\n%s", got, w)
	}
	got := sheets["Quotes"]
	if len(got) != len(quotes)+1 {
		t.Fatalf("Quotes in LibreOffice: %d rows, want %d:\n%s", len(got), len(quotes)+1, rowsText(got))
	}
	for i, q := range quotes {
		if g := got[i+1]; g[2] != q[0] || g[3] != q[1] || g[4] != q[2] || g[5] != q[3] {
			t.Errorf("quote %d in LibreOffice: %q, want %q", i+1, g, q)
		}
	}
	if about := sheets["About"]; len(about) != 7 || about[3][1] != "4" || about[4][1] != "3" {
		t.Errorf("About in LibreOffice:\n%s", rowsText(about))
	}
}
