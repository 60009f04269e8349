package xlsx

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/report"
	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/templates"
)

// rlcFindings are findings on the RLC codebook: the consensus of P1 and P2
// applies Flexible (P1 twice, in two interviews), of P2 Leadership; a third
// interview (no participant) has an empty consensus. Flexible has two
// quotes, one the codebook's example, whose text looks like formulas.
func rlcFindings(t *testing.T) (FindingsExport, map[string]string) {
	t.Helper()
	cb := &tandem.Codebook{}
	if err := templates.ByID("rlc").Apply(cb, uuid.NewString, nil); err != nil {
		t.Fatal(err)
	}
	id := map[string]string{}
	for _, n := range cb.Nodes {
		id[n.Name] = n.ID
	}
	set := func(themes ...string) *tandem.CodingSet {
		s := &tandem.CodingSet{CoderID: tandem.ConsensusCoder}
		for i, th := range themes {
			s.Excerpts = append(s.Excerpts, tandem.Excerpt{ID: th + "-" + string(rune('a'+i)), Start: i, End: i + 1, Themes: []string{id[th]}})
		}
		return s
	}
	ts := []report.ConsensusTranscript{
		{ID: "t1", Title: "Interview 1", Participant: "P1", Consensus: set("Flexible")},
		{ID: "t2", Title: "Interview 2", Participant: "P1", Consensus: set("Flexible", "Flexible")},
		{ID: "t3", Title: "Interview 3", Participant: "P2", Consensus: set("Flexible", "Leadership")},
		{ID: "t4", Title: "Interview 4", Consensus: set()},
	}
	at := time.Date(2026, 11, 28, 15, 4, 0, 0, time.UTC)
	xs := []tandem.Exemplar{
		{ID: "x1", ThemeID: id["Flexible"], TranscriptID: "t3", Text: "=HYPERLINK(\"http://x\",\"click\")", PickedByName: "Dana", PickedAt: at},
		{ID: "x2", ThemeID: id["Flexible"], TranscriptID: "t1", Text: "+1 you can come and go", CodebookExample: true, PickedByName: "Dana", PickedAt: at},
		{ID: "x3", ThemeID: id["Leadership"], TranscriptID: "t4", Text: "@not a command", PickedByName: "Dana", PickedAt: at},
	}
	return FindingsExport{ProjectName: "RLC study", Findings: report.BuildFindings(cb, ts, xs),
		ExportedAt: time.Date(2026, 11, 28, 16, 0, 0, 0, time.UTC), TandemVersion: "test"}, id
}

func TestFindingsWorkbook(t *testing.T) {
	x, _ := rlcFindings(t)
	var buf bytes.Buffer
	if err := WriteFindings(&buf, x); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Findings,Quotes,About" {
		t.Fatalf("sheets %s", got)
	}
	rows, _ := f.GetRows("Findings")
	if strings.Join(rows[0], "|") != strings.Join(FindingsColumns, "|") {
		t.Errorf("header %q", rows[0])
	}
	want := map[int]string{
		1: "RLC Attributes|||2|3|5|2 of 3 participants",
		2: "RLC Attributes|Atmosphere||2|3|4|2 of 3 participants",
		4: "RLC Attributes|Atmosphere|Flexible|2|3|4|2 of 3 participants|+1 you can come and go|P1",
		7: "RLC Attributes|Opportunities|Leadership|1|1|1|1 of 3 participants|@not a command|Interview 4",
	}
	for i, w := range want {
		if got := strings.Join(rows[i], "|"); got != w {
			t.Errorf("row %d: %s, want %s", i+1, got, w)
		}
	}
	for _, ref := range []string{"H5", "H8"} {
		if formula, _ := f.GetCellFormula("Findings", ref); formula != "" {
			t.Errorf("%s holds the formula %q", ref, formula)
		}
	}
	if level, _ := f.GetRowOutlineLevel("Findings", 5); level != 2 {
		t.Errorf("a theme's outline level is %d, want 2", level)
	}
	quotes, _ := f.GetRows("Quotes")
	if len(quotes) != 4 || quotes[3][5] != "Interview 4" || quotes[1][3] != "+1 you can come and go" || quotes[1][6] != "yes" || quotes[2][3] != `=HYPERLINK("http://x","click")` || quotes[2][4] != "P2" {
		t.Errorf("quotes: %q", quotes)
	}
	for _, ref := range []string{"D2", "D3", "D4"} {
		if formula, _ := f.GetCellFormula("Quotes", ref); formula != "" {
			t.Errorf("Quotes %s holds the formula %q", ref, formula)
		}
	}
}

func TestFindingsWorkbookWithoutConsensus(t *testing.T) {
	x, _ := rlcFindings(t)
	x.Findings = report.BuildFindings(&tandem.Codebook{}, nil, nil)
	var buf bytes.Buffer
	if err := WriteFindings(&buf, x); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	about, _ := f.GetRows("About")
	if !strings.Contains(fmt.Sprint(about), "No transcript has a consensus yet") {
		t.Errorf("about: %q", about)
	}
}
