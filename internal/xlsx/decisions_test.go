package xlsx

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/templates"
)

// rlcDecisions is a decisions log on the RLC codebook: a lead accepted
// Leadership on P1's interview (a peer/academic split), then adjusted it
// (the accept is superseded); the majority rule rejected Flexible; a lead
// gave an item of Judgment-free another theme with a rationale that looks
// like a formula.
func rlcDecisions(t *testing.T) DecisionsExport {
	t.Helper()
	cb := &tandem.Codebook{}
	if err := templates.ByID("rlc").Apply(cb, uuid.NewString, nil); err != nil {
		t.Fatal(err)
	}
	id := map[string]string{}
	for _, n := range cb.Nodes {
		id[n.Name] = n.ID
	}
	x := &tandem.TranscriptIndex{Transcripts: []tandem.TranscriptInfo{{ID: "t1", Title: "Interview 1", Participant: "P1"}, {ID: "t2", Title: "Interview 2"}}}
	peer := tandem.DecisionSide{ID: "u1", Name: "Pat", ResearcherType: tandem.ResearcherPeer}
	academic := tandem.DecisionSide{ID: "u2", Name: "Ari", ResearcherType: tandem.ResearcherAcademic}
	other := tandem.DecisionSide{ID: "u3", Name: "Oli", ResearcherType: tandem.ResearcherOther}
	at := time.Date(2026, 11, 28, 15, 4, 0, 0, time.UTC)
	ds := []tandem.Decision{
		{TranscriptID: "t1", ItemID: "i1", Start: 10, End: 30, Text: "I ran the group once.", Theme: id["Leadership"], Action: tandem.ActionAccept,
			LeadID: "l", LeadName: "Dana", At: at, Applied: []tandem.DecisionSide{peer}, NotApplied: []tandem.DecisionSide{academic}, Split: true, Superseded: true},
		{TranscriptID: "t1", ItemID: "i1", Revision: 1, Start: 10, End: 30, Text: "I ran the group once.", Theme: id["Leadership"], Action: tandem.ActionAdjust,
			ConsensusStart: 12, ConsensusEnd: 25, Rationale: "Only the running.", LeadID: "l", LeadName: "Dana", At: at.Add(time.Minute),
			Applied: []tandem.DecisionSide{peer}, NotApplied: []tandem.DecisionSide{academic}, Split: true},
		{TranscriptID: "t2", ItemID: "i2", Start: 0, End: 8, Text: "@come and go", Theme: id["Flexible"], Action: tandem.ActionReject,
			Rationale: "Majority.", LeadName: tandem.MajorityRule, At: at.Add(2 * time.Minute), Applied: []tandem.DecisionSide{other}, NotApplied: []tandem.DecisionSide{peer, academic}},
		{TranscriptID: "t2", ItemID: "i3", Start: 40, End: 52, Text: "Nobody judged.", Theme: id["Judgment-free"], NewTheme: id["Relaxed/open"], Action: tandem.ActionTheme,
			ConsensusStart: 40, ConsensusEnd: 52, Rationale: "=HYPERLINK(\"http://x\",\"click\")", LeadID: "l", LeadName: "Dana", At: at.Add(3 * time.Minute),
			Applied: []tandem.DecisionSide{academic}, NotApplied: []tandem.DecisionSide{peer}, Split: true},
	}
	return DecisionsExport{ProjectName: "RLC study", Codebook: cb, Transcripts: x, Decisions: ds, Filters: "",
		ExportedAt: time.Date(2026, 11, 28, 16, 0, 0, 0, time.UTC), TandemVersion: "test"}
}

// decisionRows are the rows the Decisions sheet of rlcDecisions shows, as
// text (times and numbers as a sheet shows them).
var decisionRows = [][]string{
	{"Interview 1", "P1", "RLC Attributes", "Opportunities", "Leadership", "I ran the group once.", "10", "30", "Accepted", "", "", "", "", "Dana",
		"2026-11-28 15:04:00", "Pat (peer researcher)", "Ari (academic researcher)", "yes", "yes"},
	{"Interview 1", "P1", "RLC Attributes", "Opportunities", "Leadership", "I ran the group once.", "10", "30", "Accepted with other bounds", "", "12", "25",
		"Only the running.", "Dana", "2026-11-28 15:05:00", "Pat (peer researcher)", "Ari (academic researcher)", "yes", "no"},
	{"Interview 2", "", "RLC Attributes", "Atmosphere", "Flexible", "@come and go", "0", "8", "Rejected", "", "", "", "Majority.", "majority rule",
		"2026-11-28 15:06:00", "Oli (other)", "Pat (peer researcher), Ari (academic researcher)", "no", "no"},
	{"Interview 2", "", "RLC Attributes", "Atmosphere", "Judgment-free", "Nobody judged.", "40", "52", "Given another theme", "RLC Attributes / Atmosphere / Relaxed/open",
		"", "", "=HYPERLINK(\"http://x\",\"click\")", "Dana", "2026-11-28 15:07:00", "Ari (academic researcher)", "Pat (peer researcher)", "yes", "no"},
}

func TestDecisionsWorkbook(t *testing.T) {
	x := rlcDecisions(t)
	var buf bytes.Buffer
	if err := WriteDecisions(&buf, x); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Decisions", excelize.Options{RawCellValue: false})
	if len(rows) != len(decisionRows)+1 || strings.Join(rows[0], "|") != strings.Join(DecisionColumns, "|") {
		t.Fatalf("Decisions: %s", rowsText(rows))
	}
	for i, want := range decisionRows {
		got := rows[i+1]
		for j, w := range want {
			if j == 14 { // the time: its number format is the workbook's
				continue
			}
			g := ""
			if j < len(got) {
				g = got[j]
			}
			if g != w {
				t.Errorf("row %d, %s: %q, want %q", i+2, DecisionColumns[j], g, w)
			}
		}
	}
	// User text stays text: no formula in any cell.
	for _, ref := range []string{"M5", "F4"} {
		if fm, _ := f.GetCellFormula("Decisions", ref); fm != "" {
			t.Errorf("%s is the formula %q", ref, fm)
		}
	}
	panes, err := f.GetPanes("Decisions")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("the header is not frozen: %+v %v", panes, err)
	}
	about, _ := f.GetRows("About")
	if about[0][1] != "RLC study" || about[3][1] != "every decision" || about[4][1] != "4" || about[5][1] != "3" {
		t.Errorf("About: %s", rowsText(about))
	}
}

func TestDecisionsWorkbookWithNoDecisions(t *testing.T) {
	x := rlcDecisions(t)
	x.Decisions, x.Filters = nil, "action: rejected; only peer/academic splits"
	var buf bytes.Buffer
	if err := WriteDecisions(&buf, x); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Decisions")
	if len(rows) != 2 || rows[1][0] != DecisionsNote+" (action: rejected; only peer/academic splits). Change the choices and download again." {
		t.Errorf("Decisions: %s", rowsText(rows))
	}
	about, _ := f.GetRows("About")
	if about[3][1] != "action: rejected; only peer/academic splits" || about[4][1] != "0" || about[5][1] != "0" {
		t.Errorf("About: %s", rowsText(about))
	}
}
