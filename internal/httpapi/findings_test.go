package httpapi_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/transcript"
)

// writeConsensus changes a transcript's consensus set as reconciliation
// does: the transcript's entry says it has one, then the set is written.
func writeConsensus(t testing.TB, store tandem.Store, pid, tid string, fn func(*tandem.CodingSet) error) error {
	t.Helper()
	ctx := context.Background()
	if _, err := store.UpdateTranscriptIndex(ctx, pid, func(x *tandem.TranscriptIndex) error {
		x.Transcript(tid).HasConsensus = true
		return nil
	}); err != nil {
		return err
	}
	_, err := store.UpdateCodingSet(ctx, pid, tid, tandem.ConsensusCoder, fn)
	return err
}

// consensus writes the transcript's consensus set as reconciliation would:
// excerpts c1, c2... with the themes given, one per span.
func (ce *codingEnv) consensus(spans ...tandem.Excerpt) {
	ce.t.Helper()
	if err := writeConsensus(ce.t, ce.store, ce.pid, ce.tid, func(s *tandem.CodingSet) error {
		s.Excerpts = nil
		for _, e := range spans {
			if _, err := s.AddExcerpt(e); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		ce.t.Fatal(err)
	}
}

// lock puts the transcript in the locked phase.
func (ce *codingEnv) lock() {
	ce.t.Helper()
	if _, err := ce.store.UpdateTranscriptIndex(context.Background(), ce.pid, func(x *tandem.TranscriptIndex) error {
		x.Transcript(ce.tid).Phase = tandem.PhaseLocked
		return nil
	}); err != nil {
		ce.t.Fatal(err)
	}
}

// submit submits u's set at version v.
func (ce *codingEnv) submit(u *user, v float64) {
	ce.t.Helper()
	ce.must(ce.post(ce.transcript()+"/codings/me/submit", u.token, map[string]any{"version": v}), 200)
}

// coderFigures finds a coder's row for a theme in a consensus-agreement answer.
func coderFigures(t *testing.T, r map[string]any, coder, theme string) map[string]any {
	t.Helper()
	for _, c := range r["coders"].([]any) {
		c := c.(map[string]any)
		if c["id"] != coder {
			continue
		}
		for _, row := range c["themes"].([]any) {
			if row := row.(map[string]any); row["nodeId"] == theme {
				return row
			}
		}
	}
	t.Fatalf("no figures of %s on %s in %v", coder, theme, r)
	return nil
}

func value(row map[string]any, figure string) any {
	return row[figure].(map[string]any)["value"]
}

func TestEachCoderAgainstTheConsensus(t *testing.T) {
	ce := newCodingEnv(t)
	viewer := ce.join(ce.pid, ce.lead, "viewer", "viewer@example.org", "other")
	flexible, leadership := ce.theme("Flexible"), ce.theme("Leadership")
	v, _ := ce.add(ce.peer, 0, 0, 10, flexible)
	ce.submit(ce.peer, v)
	w, _ := ce.add(ce.academic, 0, 3, 12, leadership)
	ce.submit(ce.academic, w)
	url := "/api/v1/projects/" + ce.pid + "/consensus-agreement"

	// No consensus yet: nothing to compare.
	r := ce.must(ce.get(url, ce.lead.token), 200).json()
	if r["transcripts"].(float64) != 0 || len(r["coders"].([]any)) != 0 {
		t.Fatalf("before any consensus: %v", r)
	}
	ce.consensus(tandem.Excerpt{ID: "c1", Start: 0, End: 10, Themes: []string{flexible}})

	// The lead sees both coders: the peer matches the consensus exactly, the
	// academic found none of its Flexible.
	r = ce.must(ce.get(url+"?unit=sentence&overlap=2", ce.lead.token), 200).json()
	if r["transcripts"].(float64) != 1 || len(r["coders"].([]any)) != 2 || r["options"].(map[string]any)["unit"] != "sentence" {
		t.Fatalf("lead: %v", r)
	}
	peer := coderFigures(t, r, ce.peer.id, flexible)
	if value(peer, "percentAgreement") != 1.0 || value(peer, "precision") != 1.0 || value(peer, "recall") != 1.0 || peer["bothChars"] != 10.0 {
		t.Errorf("peer on Flexible: %v", peer)
	}
	academic := coderFigures(t, r, ce.academic.id, flexible)
	if academic["coderChars"] != 0.0 || academic["consensusChars"] != 10.0 || value(academic, "recall") != 0.0 || value(academic, "precision") != nil {
		t.Errorf("academic on Flexible: %v", academic)
	}
	if note := academic["precision"].(map[string]any)["note"]; !strings.Contains(note.(string), "did not code this theme") {
		t.Errorf("academic's precision is undefined without a reason: %v", academic)
	}

	// A coder sees nothing before the lock, then only their own figures.
	if r := ce.must(ce.get(url, ce.peer.token), 200).json(); len(r["coders"].([]any)) != 0 || r["transcripts"].(float64) != 0 {
		t.Errorf("the peer before the lock: %v", r)
	}
	ce.lock()
	r = ce.must(ce.get(url, ce.peer.token), 200).json()
	if coders := r["coders"].([]any); len(coders) != 1 || coders[0].(map[string]any)["id"] != ce.peer.id {
		t.Fatalf("the peer after the lock sees %v, want only their own figures", r["coders"])
	}
	coderFigures(t, r, ce.peer.id, flexible)

	// A viewer codes nothing and sees nobody's figures.
	if r := ce.get(url, viewer.token); r.status != 403 || r.code() != "forbidden" {
		t.Errorf("viewer: %d %s", r.status, r.body)
	}
	for _, q := range []string{"?unit=word", "?overlap=0", "?overlap=x"} {
		if r := ce.get(url+q, ce.lead.token); r.status != 400 || r.code() != "invalid_input" {
			t.Errorf("%s: %d %s", q, r.status, r.body)
		}
	}
}

func TestFindingsAndQuotes(t *testing.T) {
	ce := newCodingEnv(t)
	ctx := context.Background()
	viewer := ce.join(ce.pid, ce.lead, "viewer", "viewer@example.org", "other")
	flexible, leadership := ce.theme("Flexible"), ce.theme("Leadership")
	_, mine := ce.add(ce.peer, 0, 0, 10, flexible)
	ce.consensus(
		tandem.Excerpt{ID: "c1", Start: 0, End: 10, Themes: []string{flexible}},
		tandem.Excerpt{ID: "c2", Start: 3, End: 12, Themes: []string{leadership}},
		tandem.Excerpt{ID: "c3", Start: 20, End: 30, Themes: []string{flexible, leadership}},
	)
	text, err := ce.store.TranscriptText(ctx, ce.tid)
	if err != nil {
		t.Fatal(err)
	}
	quote := strings.TrimSpace(string([]rune(text.Text)[0:10]))
	base := "/api/v1/projects/" + ce.pid
	row := func(f map[string]any, id string) map[string]any {
		for _, r := range f["rows"].([]any) {
			if r := r.(map[string]any); r["nodeId"] == id {
				return r
			}
		}
		t.Fatalf("no row %s in %v", id, f)
		return nil
	}

	// The lead's findings count the consensus; a viewer's wait for the lock.
	f := ce.must(ce.get(base+"/findings", ce.lead.token), 200).json()
	if f["transcripts"] != 1.0 || f["participants"] != 1.0 {
		t.Fatalf("findings out of %v transcripts, %v participants", f["transcripts"], f["participants"])
	}
	if r := row(f, flexible); r["transcripts"] != 1.0 || r["participants"] != 1.0 || r["excerpts"] != 2.0 {
		t.Errorf("Flexible: %v", r)
	}
	if r := row(f, ce.theme("Atmosphere")); r["level"] != "category" || r["excerpts"] != 2.0 || r["transcripts"] != 1.0 {
		t.Errorf("Atmosphere: %v", r)
	}
	if r := row(f, ce.theme("RLC Attributes")); r["level"] != "domain" || r["excerpts"] != 3.0 {
		t.Errorf("the domain counts each excerpt once (c3 has two of its themes): %v", r)
	}
	if f := ce.must(ce.get(base+"/findings", viewer.token), 200).json(); f["transcripts"] != 0.0 || row(f, flexible)["transcripts"] != 0.0 {
		t.Errorf("the viewer before the lock: %v", f)
	}

	// Pick a quote, then mark it as the codebook's example.
	cbv := ce.must(ce.get(base+"/codebook", ce.lead.token), 200).json()["version"].(float64)
	pick := func(theme, excerpt string, example bool, version any) *resp {
		body := map[string]any{"themeId": theme, "transcriptId": ce.tid, "excerptId": excerpt}
		if example {
			body["codebookExample"], body["codebookVersion"] = true, version
		}
		return ce.post(base+"/exemplars", ce.lead.token, body)
	}
	x := ce.must(pick(flexible, "c1", false, nil), 201).json()
	if ex := x["exemplar"].(map[string]any); ex["text"] != quote || ex["codebookExample"] != false || x["codebook"] != nil {
		t.Fatalf("picked: %v", x)
	}
	xid := x["exemplar"].(map[string]any)["id"].(string)
	// The candidates of a theme are its consensus excerpts, the picked one marked.
	cands := ce.must(ce.get(base+"/findings?theme="+flexible, ce.lead.token), 200).json()["candidates"].([]any)
	if len(cands) != 2 || cands[0].(map[string]any)["excerptId"] != "c1" || cands[0].(map[string]any)["picked"] != true ||
		cands[0].(map[string]any)["text"] != quote || cands[1].(map[string]any)["excerptId"] != "c3" || cands[1].(map[string]any)["picked"] != false {
		t.Errorf("Flexible's candidates: %v", cands)
	}
	if r := ce.get(base+"/findings?theme=nope", ce.lead.token); r.status != 404 || r.code() != "not_found" {
		t.Errorf("candidates of no such theme: %d %s", r.status, r.body)
	}
	x = ce.must(pick(flexible, "c1", true, cbv), 201).json()
	cb := x["codebook"].(map[string]any)
	if x["exemplar"].(map[string]any)["id"] != xid || cb["version"] != cbv+1 {
		t.Fatalf("marking the picked quote: %v", x)
	}
	for _, n := range cb["nodes"].([]any) {
		if n := n.(map[string]any); n["id"] == flexible && n["example"] != quote {
			t.Errorf("the codebook's example of Flexible is %q, want the quote %q", n["example"], quote)
		}
	}
	if history := string(ce.must(ce.get(base+"/codebook/versions", ce.lead.token), 200).body); !strings.Contains(history, "consensus quote") {
		t.Errorf("the codebook's history does not say why the example changed: %s", history)
	}

	// Bad picks are refused with a clear message, and change nothing.
	for _, tc := range []struct {
		name, theme, excerpt string
		example              bool
		version              any
		status               int
		code, message        string
	}{
		{"a second codebook example", flexible, "c3", true, cbv + 1, 409, "example_taken", "already has a codebook example"},
		{"a stale codebook version", leadership, "c2", true, cbv, 409, "version_conflict", "changed the codebook"},
		{"no codebook version", leadership, "c2", true, nil, 400, "invalid_input", "version of the codebook"},
		{"the same quote again", flexible, "c1", false, nil, 409, "conflict", "already picked"},
		{"an unknown theme", "no-such-theme", "c1", false, nil, 404, "not_found", "no such theme"},
		{"a category", ce.theme("Atmosphere"), "c1", false, nil, 404, "not_found", "no such theme"},
		{"an unknown excerpt", flexible, "nope", false, nil, 404, "not_found", "not in the consensus"},
		{"a coder's excerpt", flexible, mine, false, nil, 404, "not_found", "not in the consensus"},
		{"an excerpt of another theme", flexible, "c2", false, nil, 400, "invalid_input", `theme "Flexible"`},
	} {
		r := pick(tc.theme, tc.excerpt, tc.example, tc.version)
		if r.status != tc.status || r.code() != tc.code || !strings.Contains(r.message(), tc.message) {
			t.Errorf("%s: %d %s, want %d %s with %q", tc.name, r.status, r.body, tc.status, tc.code, tc.message)
		}
		if tc.code == "version_conflict" && r.json()["error"].(map[string]any)["details"].(map[string]any)["current"] == nil {
			t.Errorf("%s: no current codebook in %s", tc.name, r.body)
		}
	}
	if r := ce.post(base+"/exemplars", ce.lead.token, map[string]any{"themeId": flexible, "transcriptId": "nope", "excerptId": "c1"}); r.status != 404 {
		t.Errorf("an unknown transcript: %d %s", r.status, r.body)
	}
	xs, _ := ce.store.Exemplars(ctx, ce.pid)
	if len(xs.Exemplars) != 1 {
		t.Fatalf("after the refused picks: %+v", xs.Exemplars)
	}
	cb = ce.must(ce.get(base+"/codebook", ce.lead.token), 200).json()
	if cb["version"] != cbv+1 {
		t.Errorf("a refused pick changed the codebook: version %v", cb["version"])
	}

	// A second quote; the example comes first. A quote keeps the text it
	// was picked with when the consensus changes later.
	second := ce.must(pick(flexible, "c3", false, nil), 201).json()["exemplar"].(map[string]any)["id"].(string)
	ce.consensus(tandem.Excerpt{ID: "c1", Start: 0, End: 4, Themes: []string{flexible}},
		tandem.Excerpt{ID: "c3", Start: 20, End: 30, Themes: []string{flexible, leadership}})
	ce.lock()
	for _, who := range []*user{ce.lead, viewer} {
		f = ce.must(ce.get(base+"/findings", who.token), 200).json()
		quotes := row(f, flexible)["quotes"].([]any)
		if len(quotes) != 2 || quotes[0].(map[string]any)["id"] != xid || quotes[0].(map[string]any)["text"] != quote ||
			quotes[1].(map[string]any)["id"] != second || quotes[0].(map[string]any)["transcriptTitle"] == "" {
			t.Errorf("Flexible's quotes for %s: %v", who.email, quotes)
		}
	}

	// The findings workbook holds the results table with the example quote.
	book := ce.must(ce.get(base+"/exports/findings.xlsx", ce.lead.token), 200)
	wb, err := excelize.OpenReader(bytes.NewReader(book.body))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, _ := wb.GetRows("Findings")
	found := false
	for _, r := range rows {
		if len(r) >= 8 && r[2] == "Flexible" {
			found = r[3] == "1" && r[6] == "1 of 1 participants" && r[7] == quote
		}
	}
	if !found {
		t.Errorf("the workbook's Flexible row: %q", rows)
	}

	// Removing a quote leaves the codebook's example; removing it again is
	// refused.
	ce.must(ce.del(base+"/exemplars/"+xid, ce.lead.token), 204)
	if r := ce.del(base+"/exemplars/"+xid, ce.lead.token); r.status != 404 || r.code() != "not_found" {
		t.Errorf("removing it again: %d %s", r.status, r.body)
	}
	cb = ce.must(ce.get(base+"/codebook", ce.lead.token), 200).json()
	if ex := nodeField(t, cb, flexible, "example"); ex != quote {
		t.Errorf("the codebook's example after removing the quote: %q", ex)
	}
	audit := string(ce.must(ce.get(base+"/audit", ce.lead.token), 200).body)
	if !strings.Contains(audit, "exemplar.picked") || !strings.Contains(audit, "exemplar.removed") || !strings.Contains(audit, "export.findings") {
		t.Errorf("the audit log does not record the quotes: %s", audit)
	}

	// Deleting the transcript takes its quotes.
	ce.must(ce.del(ce.transcript(), ce.lead.token), 204)
	if xs, _ := ce.store.Exemplars(ctx, ce.pid); len(xs.Exemplars) != 0 {
		t.Errorf("the deleted transcript's quotes remain: %+v", xs.Exemplars)
	}
}

// nodeField is a field of the codebook node with the id.
func nodeField(t *testing.T, cb map[string]any, id, field string) any {
	t.Helper()
	for _, n := range cb["nodes"].([]any) {
		if n := n.(map[string]any); n["id"] == id {
			return n[field]
		}
	}
	t.Fatalf("no node %s", id)
	return nil
}

// TestConsensusReadOnlyWhereTheEntryHasOne: the excerpt export and the
// findings read a transcript's consensus set only when its entry says it
// has one (reconciliation sets the flag before it first writes the set); a
// set without the flag is not read, so it shows nowhere.
func TestConsensusReadOnlyWhereTheEntryHasOne(t *testing.T) {
	ce := newCodingEnv(t)
	flexible := ce.theme("Flexible")
	if _, err := ce.store.UpdateCodingSet(context.Background(), ce.pid, ce.tid, tandem.ConsensusCoder, func(s *tandem.CodingSet) error {
		_, err := s.AddExcerpt(tandem.Excerpt{ID: "c1", Start: 0, End: 8, Themes: []string{flexible}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	csvRows := func() int {
		return len(readCSVBody(t, ce.must(ce.get("/api/v1/projects/"+ce.pid+"/exports/excerpts.csv?sets=consensus", ce.lead.token), 200).body)) - 1
	}
	findings := func() float64 {
		return ce.must(ce.get("/api/v1/projects/"+ce.pid+"/findings", ce.lead.token), 200).json()["transcripts"].(float64)
	}
	if n, m := csvRows(), findings(); n != 0 || m != 0 {
		t.Errorf("without the flag: %d consensus rows, %v transcripts with a consensus; want none read", n, m)
	}
	ce.consensus(tandem.Excerpt{ID: "c1", Start: 0, End: 8, Themes: []string{flexible}})
	if n, m := csvRows(), findings(); n != 1 || m != 1 {
		t.Errorf("with the flag: %d consensus rows, %v transcripts with a consensus; want 1 and 1", n, m)
	}
}

// TestFindingsFollowARedactionUnderWay: while a redaction is moving the
// coding to the new text (its mark stands, the text changed, the sets not
// yet), the findings' quote candidates of the consensus read the same words
// as before the redaction, as the coding sets do, not the words their old
// positions now fall on.
func TestFindingsFollowARedactionUnderWay(t *testing.T) {
	ce := newRedactionEnv(t)
	flexible := ce.theme("Flexible")
	before, tv := ce.textOf()
	cafe := wordSpans(before, "showed me the")[0]
	ce.consensus(tandem.Excerpt{ID: "c1", Start: cafe[0], End: cafe[1], Themes: []string{flexible}})
	quote := func() string {
		t.Helper()
		cs := ce.must(ce.get("/api/v1/projects/"+ce.pid+"/findings?theme="+flexible, ce.lead.token), 200).json()["candidates"].([]any)
		if len(cs) != 1 {
			t.Fatalf("candidates: %v", cs)
		}
		return cs[0].(map[string]any)["text"].(string)
	}
	if got := quote(); got != "showed me the" {
		t.Fatalf("before the redaction the quote reads %q", got)
	}
	// What the first steps of a redaction leave: the mark, and the text
	// with the names replaced (every "Ana" before the quote).
	ctx := context.Background()
	now := ce.clock.Now()
	if _, err := ce.store.UpdateTranscriptIndex(ctx, ce.pid, func(x *tandem.TranscriptIndex) error {
		e := x.Transcript(ce.tid)
		e.RedactingSince, e.RedactionTo = &now, int64(tv)+1
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := ce.store.UpdateTranscriptText(ctx, ce.tid, func(tt *tandem.TranscriptText) error {
		var reps []transcript.Replacement
		for _, s := range wordSpans(before, "Ana") {
			reps = append(reps, transcript.Replacement{Start: s[0], End: s[1], With: "[SISTER]"})
		}
		text, turns, edits, err := transcript.Redact(tt.Text, tt.Turns, reps)
		tt.Text, tt.Turns = text, turns
		tt.Changes = append(tt.Changes, tandem.TextChange{From: tt.Version, To: tt.Version + 1, Edits: edits})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := quote(); got != "showed me the" {
		t.Fatalf("during the redaction the quote reads %q, want the same words", got)
	}
}

// TestAPickTheCodebookRefusesIsTakenBack: when the codebook refuses the
// example (here the theme keeps a colour from before the contrast rule,
// so any edit of it is refused), the pick is taken back: a new quote is
// not kept, and a quote picked before stays picked but is not marked as
// the example; the lead gets the codebook's reason.
func TestAPickTheCodebookRefusesIsTakenBack(t *testing.T) {
	ce := newCodingEnv(t)
	ctx := context.Background()
	flexible := ce.theme("Flexible")
	ce.consensus(
		tandem.Excerpt{ID: "c1", Start: 0, End: 10, Themes: []string{flexible}},
		tandem.Excerpt{ID: "c2", Start: 20, End: 30, Themes: []string{flexible}},
	)
	cb, err := ce.store.UpdateCodebook(ctx, ce.pid, func(cb *tandem.Codebook) error {
		cb.Node(flexible).Colour = "#202020"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	base := "/api/v1/projects/" + ce.pid
	pick := func(excerpt string, example bool) *resp {
		body := map[string]any{"themeId": flexible, "transcriptId": ce.tid, "excerptId": excerpt}
		if example {
			body["codebookExample"], body["codebookVersion"] = true, cb.Version
		}
		return ce.post(base+"/exemplars", ce.lead.token, body)
	}
	picked := func() map[string]bool { // excerpt -> marked as the example
		out := map[string]bool{}
		for _, c := range ce.must(ce.get(base+"/findings?theme="+flexible, ce.lead.token), 200).json()["candidates"].([]any) {
			if c := c.(map[string]any); c["picked"] == true {
				out[c["excerptId"].(string)] = false
			}
		}
		for _, r := range ce.must(ce.get(base+"/findings", ce.lead.token), 200).json()["rows"].([]any) {
			quotes, _ := r.(map[string]any)["quotes"].([]any)
			for _, x := range quotes {
				if x := x.(map[string]any); x["codebookExample"] == true {
					out[x["excerptId"].(string)] = true
				}
			}
		}
		return out
	}

	// A new quote as the example: refused, and not kept.
	wantError(t, pick("c2", true), 400, "invalid_input", "too dark")
	if got := picked(); len(got) != 0 {
		t.Fatalf("after a refused example, picked: %v, want none", got)
	}
	// A quote picked before, then marked as the example: refused, and it
	// stays picked, unmarked.
	ce.must(pick("c1", false), 201)
	wantError(t, pick("c1", true), 400, "invalid_input", "too dark")
	if got := picked(); len(got) != 1 || got["c1"] {
		t.Fatalf("after a refused mark, picked: %v, want c1 unmarked", got)
	}
	if n := ce.must(ce.get(base+"/codebook", ce.lead.token), 200).json()["version"].(float64); n != float64(cb.Version) {
		t.Errorf("the codebook moved to version %v", n)
	}
}
