package httpapi_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/tandem"
)

// excerptEnv is the coding project with a participant pseudonym, a peer
// and an academic who coded and submitted, and a consensus set.
type excerptEnv struct {
	*codingEnv
	text []rune
	ids  map[string]string // excerpt ids by a short name
}

// span is where phrase is in the transcript's text, in code points.
func (xe *excerptEnv) span(phrase string) (int, int) {
	xe.t.Helper()
	i := strings.Index(string(xe.text), phrase)
	if i < 0 {
		xe.t.Fatalf("%q is not in the transcript", phrase)
	}
	start := len([]rune(string(xe.text)[:i]))
	return start, start + len([]rune(phrase))
}

func newExcerptEnv(t *testing.T) *excerptEnv {
	ce := newCodingEnv(t)
	xe := &excerptEnv{codingEnv: ce, ids: map[string]string{}}
	tr := ce.must(ce.get(ce.transcript(), ce.lead.token), 200).json()
	xe.text = []rune(tr["text"].(string))
	ce.must(ce.patch(ce.transcript(), ce.lead.token, map[string]any{"version": tr["version"], "participant": "P07"}), 200)
	save := func(name string, u *user, version float64, phrase, memo string, themes ...string) float64 {
		start, end := xe.span(phrase)
		ids := make([]string, len(themes))
		for i, th := range themes {
			ids[i] = ce.theme(th)
		}
		r := ce.must(ce.post(ce.transcript()+"/codings/me/excerpts", u.token, map[string]any{"version": version, "start": start, "end": end,
			"themes": ids, "memo": memo}), 201).json()
		xe.ids[name] = r["excerpt"].(map[string]any)["id"].(string)
		return r["version"].(float64)
	}
	v := save("peer relaxed", ce.peer, 0, "It felt relaxed, though. Nobody judged me.", "=felt safe", "Relaxed/open", "Judgment-free")
	ce.must(ce.post(ce.transcript()+"/codings/me/submit", ce.peer.token, map[string]any{"version": v}), 200)
	v = save("academic judged", ce.academic, 0, "Nobody judged me.", "@check wording", "Judgment-free")
	v = save("academic training", ce.academic, v, "I did the facilitator training.", "", "Trainings and workshops")
	ce.must(ce.post(ce.transcript()+"/codings/me/submit", ce.academic.token, map[string]any{"version": v}), 200)
	// The consensus, as reconciliation stores it: a coding set of its own.
	judged, _ := xe.span("Nobody judged me.")
	training, _ := xe.span("I did the facilitator training.")
	_, tuesdays := xe.span("on Tuesdays.")
	err := writeConsensus(t, ce.store, ce.pid, ce.tid, func(s *tandem.CodingSet) error {
		s.Excerpts = append(s.Excerpts,
			tandem.Excerpt{ID: "k-judged", Start: judged, End: judged + len([]rune("Nobody judged me.")), Themes: []string{ce.theme("Judgment-free")}, Memo: "Both coders."},
			tandem.Excerpt{ID: "k-training", Start: training, End: tuesdays, Themes: []string{ce.theme("Leadership"), ce.theme("Trainings and workshops")}})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	xe.ids["consensus judged"], xe.ids["consensus training"] = "k-judged", "k-training"
	return xe
}

func (xe *excerptEnv) export(format, query string, status int) *resp {
	xe.t.Helper()
	return xe.must(xe.get("/api/v1/projects/"+xe.pid+"/exports/excerpts."+format+query, xe.lead.token), status)
}

// row is one expected row: the researcher's columns, then the ids.
func (xe *excerptEnv) row(speakerTurn, phrase, memo, coder, rtype, set, status, domain, category, theme, excerpt string) []string {
	start, end := xe.span(phrase)
	speaker, turn, _ := strings.Cut(speakerTurn, " ")
	return []string{"interview", "P07", speaker, turn, turn, strconv.Itoa(start), strconv.Itoa(end), phrase, memo, coder, rtype, set, status,
		domain, category, theme, xe.ids[excerpt]}
}

func TestExcerptExportRows(t *testing.T) {
	xe := newExcerptEnv(t)
	peer, academic := "Name of peer@example.org", "Name of academic@example.org"
	const rlc, atm, opp = "RLC Attributes", "Atmosphere", "Opportunities"
	relaxed := "It felt relaxed, though. Nobody judged me."
	trainingTuesdays := "I did the facilitator training. Now I co-lead a café group on Tuesdays."
	// Turn 1 is the title line (no speaker). Every row, in the order of the text: at one place the consensus
	// first, then the coders by name; an excerpt's themes in codebook order.
	want := [][]string{
		xe.row("Participant 3", relaxed, "=felt safe", peer, "peer", "Coder", "Submitted", rlc, atm, "Judgment-free", "peer relaxed"),
		xe.row("Participant 3", relaxed, "=felt safe", peer, "peer", "Coder", "Submitted", rlc, atm, "Relaxed/open", "peer relaxed"),
		xe.row("Participant 3", "Nobody judged me.", "Both coders.", "Consensus", "", "Consensus", "", rlc, atm, "Judgment-free", "consensus judged"),
		xe.row("Participant 3", "Nobody judged me.", "@check wording", academic, "academic", "Coder", "Submitted", rlc, atm, "Judgment-free", "academic judged"),
		xe.row("Participant 5", trainingTuesdays, "", "Consensus", "", "Consensus", "", rlc, opp, "Leadership", "consensus training"),
		xe.row("Participant 5", trainingTuesdays, "", "Consensus", "", "Consensus", "", rlc, opp, "Trainings and workshops", "consensus training"),
		xe.row("Participant 5", "I did the facilitator training.", "", academic, "academic", "Coder", "Submitted", rlc, opp, "Trainings and workshops", "academic training"),
	}

	// The workbook: the header, then every row; text stays text.
	r := xe.export("xlsx", "", 200)
	if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, "RLC%20study%20excerpts.xlsx") {
		t.Errorf("Content-Disposition %q", cd)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Excerpts")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], []string{"Transcript", "Participant", "Speaker", "Turn", "Last turn", "Start", "End", "Text", "Memo", "Coder",
		"Researcher type", "Set", "Status", "Domain", "Category", "Theme", "Excerpt ID"}) {
		t.Errorf("header %q", rows[0])
	}
	if got := padRows(rows[1:], 17); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("workbook rows:\n%q\nwant\n%q", got, want)
	}
	if fm, _ := f.GetCellFormula("Excerpts", "I2"); fm != "" {
		t.Errorf("the memo %q became the formula %q", rows[1][8], fm)
	}

	// The CSV file: the consensus only, the same rows.
	r = xe.export("csv", "?sets=consensus", 200)
	if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	got := readCSVBody(t, r.body)
	if !slices.EqualFunc(got[1:], [][]string{want[2], want[4], want[5]}, slices.Equal) {
		t.Errorf("CSV rows (consensus):\n%q", got[1:])
	}
	// The coders only, one theme: the memo that looks like a formula gets
	// its apostrophe.
	got = readCSVBody(t, xe.export("csv", "?sets=coders&themes="+xe.theme("Relaxed/open"), 200).body)
	safe := slices.Clone(want[1])
	safe[8] = "'=felt safe"
	if !slices.EqualFunc(got[1:], [][]string{safe}, slices.Equal) {
		t.Errorf("CSV rows (coders, Relaxed/open):\n%q\nwant\n%q", got[1:], safe)
	}
	// A category stands for its themes; a transcript filter keeps its rows.
	got = readCSVBody(t, xe.export("csv", "?themes="+xe.theme("Opportunities")+"&transcripts="+xe.tid, 200).body)
	if !slices.EqualFunc(got[1:], want[4:], slices.Equal) {
		t.Errorf("CSV rows (Opportunities):\n%q", got[1:])
	}

	// The text report, grouped by theme.
	r = xe.export("txt", "?sets=consensus", 200)
	report := string(r.body)
	for _, s := range []string{"\ufeffExcerpts by theme: RLC study\r\n", "RLC ATTRIBUTES\r\n", "Opportunities\r\n-------------\r\n",
		"Judgment-free (1 quote)", "    \u201cNobody judged me.\u201d\r\n    \u2014 interview, participant P07, Participant, turn 3 (consensus)\r\n    Memo: Both coders.\r\n",
		"Leadership (1 quote)", "Trainings and workshops (1 quote)"} {
		if !strings.Contains(report, s) {
			t.Errorf("the report lacks %q:\n%s", s, report)
		}
	}

	// Each export is in the audit log, with what it held.
	audit := xe.must(xe.get("/api/v1/projects/"+xe.pid+"/audit", xe.lead.token), 200).json()["entries"].([]any)
	var summaries []string
	for _, e := range audit {
		if e := e.(map[string]any); e["action"] == "excerpts.exported" {
			summaries = append(summaries, e["summary"].(string))
		}
	}
	if len(summaries) != 5 || summaries[4] != "Ada Admin exported 5 excerpts (7 rows) as an Excel workbook: the consensus and every coder's coding; themes: all; transcripts: all." {
		t.Errorf("audit entries %q", summaries)
	}
}

func TestExcerptExportMatchingNothing(t *testing.T) {
	xe := newExcerptEnv(t)
	// Nobody applied a theme of the other domain: a valid workbook, with a note.
	r := xe.export("xlsx", "?sets=consensus&themes="+xe.theme("Psychosocial Outcomes"), 200)
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Excerpts")
	if len(rows) != 2 || rows[1][0] != "No excerpts match these choices (coding: the consensus only; themes: Psychosocial Outcomes (domain); transcripts: all). Change the choices on the Exports page and download again." {
		t.Errorf("rows %q", rows)
	}
	if got := readCSVBody(t, xe.export("csv", "?sets=consensus&themes="+xe.theme("Psychosocial Outcomes"), 200).body); len(got) != 1 {
		t.Errorf("CSV %q, want the header only", got)
	}
}

func TestExcerptExportBadChoices(t *testing.T) {
	xe := newExcerptEnv(t)
	for _, tc := range []struct{ query, field, message string }{
		{"?sets=all", "sets", "Choose whose coding to export: consensus, coders or both."},
		{"?themes=no-such-theme", "themes", "One of the chosen themes is not in this project's codebook any more. Reload the page and choose again."},
		{"?transcripts=" + xe.tid + ",no-such-transcript", "transcripts", "One of the chosen transcripts is not in this project any more. Reload the page and choose again."},
	} {
		for _, format := range []string{"xlsx", "csv", "txt"} {
			r := xe.export(format, tc.query, 400)
			if r.code() != "invalid_input" || r.message() != tc.message || r.json()["error"].(map[string]any)["details"].(map[string]any)["field"] != tc.field {
				t.Errorf("%s %s: %s", format, tc.query, r.body)
			}
		}
	}
	// A coder may not export; a refused export is not logged.
	if r := xe.get("/api/v1/projects/"+xe.pid+"/exports/excerpts.csv", xe.peer.token); r.status != 403 {
		t.Errorf("coder: %d %s", r.status, r.body)
	}
	for _, e := range xe.must(xe.get("/api/v1/projects/"+xe.pid+"/audit", xe.lead.token), 200).json()["entries"].([]any) {
		if e.(map[string]any)["action"] == "excerpts.exported" {
			t.Errorf("a refused export was logged: %v", e)
		}
	}
}

func readCSVBody(t *testing.T, body []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(body, []byte("\ufeff")) {
		t.Errorf("the CSV file has no byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// padRows fills rows to n cells (excelize leaves trailing empty cells out).
func padRows(rows [][]string, n int) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = append(slices.Clone(r), make([]string, max(0, n-len(r)))...)
	}
	return out
}
