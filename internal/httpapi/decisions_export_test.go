package httpapi_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/xlsx"
)

// decisionsBook downloads the decisions workbook with a query and returns
// its Decisions and About sheets as rows of text.
func decisionsBook(t *testing.T, re *recEnv, query string) (decisions, about [][]string) {
	t.Helper()
	r := re.must(re.get("/api/v1/projects/"+re.pid+"/exports/decisions.xlsx"+query, re.lead.token), 200)
	if ct := r.header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Fatalf("content type %q", ct)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if decisions, err = f.GetRows("Decisions"); err != nil {
		t.Fatal(err)
	}
	if about, err = f.GetRows("About"); err != nil {
		t.Fatal(err)
	}
	return decisions, about
}

// cell is a row's cell under the column named, "" when the row is short.
func cell(t *testing.T, row []string, column string) string {
	t.Helper()
	for i, c := range xlsx.DecisionColumns {
		if c == column {
			if i < len(row) {
				return row[i]
			}
			return ""
		}
	}
	t.Fatalf("no column %q", column)
	return ""
}

// TestDecisionsWorkbook: after a real reconciliation (two coders submit, the
// lead reconciles and decides with rationales, then changes one decision),
// the workbook holds one row per decision as a researcher reads it, with the
// log's filters; bad filters are refused in plain words and a filter that
// matches nothing gives a valid workbook with a note.
func TestDecisionsWorkbook(t *testing.T) {
	re := newRecEnv(t)
	lead := re.lead
	info := re.must(re.get(re.transcript(), lead.token), 200).json()
	re.must(re.patch(re.transcript(), lead.token, map[string]any{"version": info["version"], "participant": "P7"}), 200)
	re.must(re.post("/api/v1/projects/"+re.pid+"/phases", lead.token, map[string]any{"action": "reveal-submitted"}), 200)
	re.must(re.phase(lead, map[string]any{"phase": "reconciling"}), 200)
	q := re.queue()
	lship, judg := item(t, q, re.leadership), item(t, q, re.judging)
	decisions := re.transcript() + "/decisions"
	first := re.must(re.post(decisions, lead.token, decision(lship, "accept", map[string]any{"rationale": "Running the group is leading."})), 201).json()
	re.must(re.post(decisions, lead.token, decision(judg, "theme", map[string]any{"rationale": "=It is about acceptance.", "theme": re.theme("Relaxed/open")})), 201)
	lship = first["item"].(map[string]any)
	re.must(re.post(decisions, lead.token, decision(lship, "adjust", map[string]any{"rationale": "Only the first words.", "start": re.turns[1][0], "end": re.turns[1][0] + 4})), 201)

	rows, about := decisionsBook(t, re, "")
	if len(rows) != 4 || strings.Join(rows[0], "|") != strings.Join(xlsx.DecisionColumns, "|") {
		t.Fatalf("Decisions sheet: %q", rows)
	}
	title := info["title"].(string)
	// Rows are oldest first; the test clock gives the three decisions one
	// time, so find each by its action.
	byAction := map[string][]string{}
	for _, r := range rows[1:] {
		byAction[cell(t, r, "Action")] = r
	}
	accepted, themed, adjusted := byAction["Accepted"], byAction["Given another theme"], byAction["Accepted with other bounds"]
	for _, c := range []struct {
		row          []string
		column, want string
	}{
		{accepted, "Transcript", title},
		{accepted, "Participant", "P7"},
		{accepted, "Theme", "Leadership"},
		{accepted, "Action", "Accepted"},
		{accepted, "Rationale", "Running the group is leading."},
		{accepted, "Applied by", "Name of peer@example.org (peer researcher)"},
		{accepted, "Not applied by", "Name of academic@example.org (academic researcher)"},
		{accepted, "Peer/academic split", "yes"},
		{accepted, "Superseded", "yes"},
		{accepted, "Other theme", ""},
		{themed, "Theme", "Judgment-free"},
		{themed, "Action", "Given another theme"},
		{themed, "Other theme", "RLC Attributes / Atmosphere / Relaxed/open"},
		{themed, "Rationale", "=It is about acceptance."},
		{themed, "Applied by", "Name of academic@example.org (academic researcher)"},
		{themed, "Not applied by", "Name of peer@example.org (peer researcher)"},
		{themed, "Peer/academic split", "yes"},
		{themed, "Superseded", "no"},
		{adjusted, "Action", "Accepted with other bounds"},
		{adjusted, "Adjusted start", strconv.Itoa(re.turns[1][0])},
		{adjusted, "Adjusted end", strconv.Itoa(re.turns[1][0] + 4)},
		{adjusted, "Superseded", "no"},
		{adjusted, "Start", strconv.Itoa(re.turns[1][0])},
	} {
		if got := cell(t, c.row, c.column); got != c.want {
			t.Errorf("%s of %q: %q, want %q", c.column, c.row, got, c.want)
		}
	}
	if lead := cell(t, accepted, "Lead"); lead == "" || lead == "majority rule" {
		t.Errorf("lead of a lead's decision: %q", lead)
	}
	if cell(t, accepted, "Text") == "" || cell(t, accepted, "Decided (UTC)") == "" {
		t.Errorf("the decided item's text and time are missing: %q", accepted)
	}
	if about[0][1] != "RLC study" || about[3][1] != "every decision" || about[4][1] != "3" || about[5][1] != "3" {
		t.Errorf("About: %q", about)
	}

	// The log's filters.
	rows, about = decisionsBook(t, re, "?action=theme&transcript="+re.tid)
	if len(rows) != 2 || cell(t, rows[1], "Theme") != "Judgment-free" || about[3][1] != "transcript: "+title+"; action: given another theme" {
		t.Errorf("filtered by action: %q\nAbout: %q", rows, about)
	}
	rows, _ = decisionsBook(t, re, "?theme="+re.leadership)
	if len(rows) != 3 {
		t.Errorf("filtered by theme: %q", rows)
	}
	rows, about = decisionsBook(t, re, "?action=reject")
	if len(rows) != 2 || !strings.HasPrefix(rows[1][0], xlsx.DecisionsNote) || about[4][1] != "0" {
		t.Errorf("nothing matching: %q\nAbout: %q", rows, about)
	}

	base := "/api/v1/projects/" + re.pid + "/exports/decisions.xlsx"
	wantError(t, re.get(base+"?split=maybe", lead.token), 400, "invalid_input", "split is true or false")
	wantError(t, re.get(base+"?action=approve", lead.token), 400, "invalid_input", "The action is accept")
	wantError(t, re.get(base+"?theme=nope", lead.token), 400, "invalid_input", "That theme is not in the codebook")
	wantError(t, re.get(base+"?transcript=nope", lead.token), 400, "invalid_input", "That transcript is not in this project")
	wantError(t, re.get(base, re.peer.token), 403, "forbidden", "")

	audit := string(re.must(re.get("/api/v1/projects/"+re.pid+"/audit", lead.token), 200).body)
	if !strings.Contains(audit, "downloaded the decisions workbook (3 decisions; every decision)") {
		t.Errorf("the audit log does not record the download: %s", audit)
	}
}
