//go:build unix

package xlsx

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestDecisionsWorkbookOpensInLibreOffice: LibreOffice reads every decision
// as written, and the rationale that looks like a formula stays text.
func TestDecisionsWorkbookOpensInLibreOffice(t *testing.T) {
	libreOffice(t)
	t.Parallel()
	x := rlcDecisions(t)
	var buf bytes.Buffer
	if err := WriteDecisions(&buf, x); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "decisions.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sheets := convertAllWithLibreOffice(t, path, "Decisions", "About")
	got := sheets["Decisions"]
	if len(got) != len(decisionRows)+1 {
		t.Fatalf("Decisions in LibreOffice: %d rows, want %d:\n%s", len(got), len(decisionRows)+1, rowsText(got))
	}
	for i, want := range decisionRows {
		g := got[i+1]
		for j, w := range want {
			v := ""
			if j < len(g) {
				v = g[j]
			}
			if j == 14 { // the time
				if len(v) < 16 || v[:16] != w[:16] {
					t.Errorf("row %d, time in LibreOffice: %q, want %q", i+2, v, w)
				}
				continue
			}
			if v != w {
				t.Errorf("row %d, %s in LibreOffice: %q, want %q", i+2, DecisionColumns[j], v, w)
			}
		}
	}
	if about := sheets["About"]; len(about) != 7 || about[4][1] != "4" || about[5][1] != "3" {
		t.Errorf("About in LibreOffice:\n%s", rowsText(about))
	}
}
