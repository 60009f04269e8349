package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tandemqda/tandem/internal/tandem"
)

// recEnv is a coding env where the peer and the academic coded the
// transcript's first three turns and submitted:
//   - turn 0: both applied Flexible (agreed);
//   - turn 1: only the peer applied Leadership (a peer/academic split);
//   - turn 2: only the academic applied Judgment-free.
type recEnv struct {
	*codingEnv
	turns                         [][2]int
	flexible, leadership, judging string
}

func newRecEnv(t *testing.T) *recEnv {
	ce := newCodingEnv(t)
	re := &recEnv{codingEnv: ce, flexible: ce.theme("Flexible"), leadership: ce.theme("Leadership"), judging: ce.theme("Judgment-free")}
	for _, x := range ce.must(ce.get(ce.transcript(), ce.lead.token), 200).json()["turns"].([]any) {
		x := x.(map[string]any)
		re.turns = append(re.turns, [2]int{int(x["start"].(float64)), int(x["end"].(float64))})
	}
	if len(re.turns) < 3 {
		t.Fatalf("the transcript has %d turns", len(re.turns))
	}
	v, _ := ce.add(ce.peer, 0, re.turns[0][0], re.turns[0][0]+10, re.flexible)
	v, _ = ce.add(ce.peer, v, re.turns[1][0], re.turns[1][0]+8, re.leadership)
	ce.must(ce.post(ce.transcript()+"/codings/me/submit", ce.peer.token, map[string]any{"version": v}), 200)
	w, _ := ce.add(ce.academic, 0, re.turns[0][0]+2, re.turns[0][0]+12, re.flexible)
	w, _ = ce.add(ce.academic, w, re.turns[2][0], re.turns[2][0]+6, re.judging)
	ce.must(ce.post(ce.transcript()+"/codings/me/submit", ce.academic.token, map[string]any{"version": w}), 200)
	return re
}

func (re *recEnv) phase(u *user, body map[string]any) *resp {
	return re.post(re.transcript()+"/phase", u.token, body)
}

func (re *recEnv) queue() map[string]any {
	return re.must(re.get(re.transcript()+"/queue", re.lead.token), 200).json()
}

// item returns the queue's item of the theme.
func item(t *testing.T, q map[string]any, theme string) map[string]any {
	t.Helper()
	for _, x := range q["items"].([]any) {
		if x.(map[string]any)["theme"] == theme {
			return x.(map[string]any)
		}
	}
	t.Fatalf("no item of theme %s in %v", theme, q["items"])
	return nil
}

func decision(it map[string]any, action string, more map[string]any) map[string]any {
	body := map[string]any{"itemId": it["id"], "fingerprint": it["fingerprint"], "revision": it["revision"], "action": action}
	for k, v := range more {
		body[k] = v
	}
	return body
}

func wantError(t *testing.T, r *resp, status int, code, says string) {
	t.Helper()
	if r.status != status || r.code() != code || !strings.Contains(r.message(), says) {
		t.Fatalf("%d %s, want %d %s saying %q", r.status, r.body, status, code, says)
	}
}

// TestReconciliationFromRevealToLock: two coders submit, the lead reveals
// every submitted transcript, reconciles, decides every disagreement and
// locks; every bad input on the way is refused with a clear message.
func TestReconciliationFromRevealToLock(t *testing.T) {
	re := newRecEnv(t)
	lead := re.lead
	// Before the reveal there is no queue, and no skipping a phase.
	wantError(t, re.get(re.transcript()+"/queue", lead.token), 409, "phase_not_allowed", "Reveal this transcript's coding first")
	wantError(t, re.phase(lead, map[string]any{"phase": "reconciling"}), 409, "phase_not_allowed", "one step at a time")
	wantError(t, re.phase(re.peer, map[string]any{"phase": "revealed"}), 403, "forbidden", "")

	moved := re.must(re.post("/api/v1/projects/"+re.pid+"/phases", lead.token, map[string]any{"action": "reveal-submitted"}), 200).json()["moved"].([]any)
	if len(moved) != 1 || moved[0].(map[string]any)["phase"] != "revealed" {
		t.Fatalf("reveal-submitted moved %v", moved)
	}
	rows := re.must(re.get("/api/v1/projects/"+re.pid+"/progress", re.peer.token), 200).json()["transcripts"].([]any)
	if rows[0].(map[string]any)["phase"] != "revealed" || rows[0].(map[string]any)["revealed"] != true {
		t.Fatalf("progress row: %v", rows[0])
	}

	info := re.must(re.phase(lead, map[string]any{"phase": "reconciling"}), 200).json()
	if info["phase"] != "reconciling" || info["hasConsensus"] != true {
		t.Fatalf("after starting to reconcile: %v", info)
	}
	// The coders' sets are frozen now.
	wantError(t, re.post(re.transcript()+"/codings/me/excerpts", re.peer.token, map[string]any{"version": 2, "start": 0, "end": 3, "themes": []string{re.flexible}}),
		409, "coding_frozen", "A lead is reconciling this transcript")
	wantError(t, re.post(re.transcript()+"/codings/"+re.peer.id+"/reopen", lead.token, map[string]any{"version": 3}), 409, "coding_frozen", "")
	wantError(t, re.post(re.transcript()+"/reveal", lead.token, map[string]any{"revealed": false}), 409, "phase_not_allowed", "")

	q := re.queue()
	if len(q["items"].([]any)) != 3 || q["disagreements"] != 2.0 || q["resolved"] != 0.0 {
		t.Fatalf("queue: %d items, %v of %v resolved", len(q["items"].([]any)), q["resolved"], q["disagreements"])
	}
	flex, lship, judg := item(t, q, re.flexible), item(t, q, re.leadership), item(t, q, re.judging)
	if flex["agreed"] != true || lship["agreed"] != false || lship["applied"].([]any)[0].(map[string]any)["researcherType"] != "peer" ||
		lship["notApplied"].([]any)[0].(map[string]any)["id"] != re.academic.id {
		t.Fatalf("items: %v\n%v", flex, lship)
	}
	cons := re.must(re.get(re.transcript()+"/consensus", lead.token), 200).json()["set"].(map[string]any)["excerpts"].([]any)
	if len(cons) != 1 || cons[0].(map[string]any)["start"] != float64(re.turns[0][0]) || cons[0].(map[string]any)["end"] != float64(re.turns[0][0]+12) {
		t.Fatalf("the seeded consensus: %v", cons)
	}
	// Coders do not decide, nor see the consensus before the lock.
	decisions := re.transcript() + "/decisions"
	wantError(t, re.post(decisions, re.peer.token, decision(lship, "accept", nil)), 403, "forbidden", "")
	wantError(t, re.get(re.transcript()+"/consensus", re.peer.token), 409, "phase_not_allowed", "once a lead locks it")
	// Bad decisions.
	wantError(t, re.post(decisions, lead.token, decision(lship, "reject", nil)), 400, "invalid_input", "Write a short rationale")
	wantError(t, re.post(decisions, lead.token, decision(lship, "adjust", map[string]any{"rationale": "Shorter.", "start": 5, "end": 1_000_000})), 400, "invalid_input", "cannot end after the text")
	wantError(t, re.post(decisions, lead.token, decision(judg, "theme", map[string]any{"rationale": "Same.", "theme": re.judging})), 400, "invalid_input", "Choose a different theme")
	wantError(t, re.post(decisions, lead.token, decision(lship, "approve", nil)), 400, "invalid_input", "The action is")
	gone := decision(lship, "accept", nil)
	gone["itemId"] = "an-item-that-left-the-queue"
	wantError(t, re.post(decisions, lead.token, gone), 409, "version_conflict", "no longer in the queue")
	staleBody := decision(lship, "accept", nil)
	staleBody["fingerprint"] = "old"
	r := re.post(decisions, lead.token, staleBody)
	wantError(t, r, 409, "version_conflict", "This item changed")
	if cur := r.json()["error"].(map[string]any)["details"].(map[string]any)["current"].(map[string]any); cur["id"] != lship["id"] || cur["fingerprint"] != lship["fingerprint"] {
		t.Fatalf("the stale answer's item: %v", cur)
	}

	d := re.must(re.post(decisions, lead.token, decision(lship, "accept", map[string]any{"rationale": "Running the group is leading."})), 201).json()
	if d["decision"].(map[string]any)["split"] != true || d["item"].(map[string]any)["resolved"] != true || d["item"].(map[string]any)["revision"] != 1.0 {
		t.Fatalf("decision: %v", d)
	}
	// A second lead deciding on the same revision gets the fresh item.
	r = re.post(decisions, lead.token, decision(lship, "reject", map[string]any{"rationale": "No."}))
	wantError(t, r, 409, "version_conflict", "another lead decided it first")
	if cur := r.json()["error"].(map[string]any)["details"].(map[string]any)["current"].(map[string]any); cur["revision"] != 1.0 || cur["decision"].(map[string]any)["action"] != "accept" {
		t.Fatalf("the fresh item: %v", cur)
	}

	// Locking with one disagreement left needs a confirmation.
	r = re.phase(lead, map[string]any{"phase": "locked"})
	wantError(t, r, 409, "unresolved_items", "1 disagreement is not resolved yet")
	if n := r.json()["error"].(map[string]any)["details"].(map[string]any)["unresolved"]; n != 1.0 {
		t.Fatalf("unresolved count: %v", n)
	}
	re.must(re.post(decisions, lead.token, decision(judg, "theme", map[string]any{"rationale": "It is about acceptance.", "theme": ce(re).theme("Relaxed/open")})), 201)
	q = re.queue()
	if q["resolved"] != 2.0 || q["disagreements"] != 2.0 {
		t.Fatalf("after deciding all: %v of %v", q["resolved"], q["disagreements"])
	}
	all := re.must(re.get("/api/v1/projects/"+re.pid+"/queue", lead.token), 200).json()
	if all["resolved"] != 2.0 || all["disagreements"] != 2.0 {
		t.Fatalf("project queue: %v", all)
	}
	// The log, with its filters.
	logOf := func(query string) []any {
		return re.must(re.get("/api/v1/projects/"+re.pid+"/decisions"+query, lead.token), 200).json()["decisions"].([]any)
	}
	if n := len(logOf("")); n != 2 {
		t.Fatalf("the log holds %d decisions", n)
	}
	for query, want := range map[string]int{"?split=true": 2, "?action=theme": 1, "?action=reject": 0, "?theme=" + re.leadership: 1, "?transcript=" + re.tid: 2, "?transcript=other": 0} {
		if got := len(logOf(query)); got != want {
			t.Errorf("log%s: %d decisions, want %d", query, got, want)
		}
	}
	wantError(t, re.get("/api/v1/projects/"+re.pid+"/decisions?split=maybe", lead.token), 400, "invalid_input", "split")

	moved = re.must(re.post("/api/v1/projects/"+re.pid+"/phases", lead.token, map[string]any{"action": "lock-reconciled"}), 200).json()["moved"].([]any)
	if len(moved) != 1 || moved[0].(map[string]any)["phase"] != "locked" {
		t.Fatalf("lock-reconciled moved %v", moved)
	}
	// Locked: nothing changes, and everyone sees the consensus.
	wantError(t, re.post(re.transcript()+"/codings/me/excerpts", re.academic.token, map[string]any{"version": 2, "start": 0, "end": 3, "themes": []string{re.flexible}}),
		409, "transcript_locked", "This transcript is locked")
	wantError(t, re.post(decisions, lead.token, decision(lship, "defer", map[string]any{"revision": 1})), 409, "transcript_locked", "A lead can unlock it")
	cons = re.must(re.get(re.transcript()+"/consensus", re.peer.token), 200).json()["set"].(map[string]any)["excerpts"].([]any)
	if len(cons) != 3 {
		t.Fatalf("the locked consensus: %v", cons)
	}
	// Unlocking needs a reason, which the audit log keeps.
	wantError(t, re.phase(lead, map[string]any{"phase": "reconciling"}), 400, "invalid_input", "Say why you unlock")
	re.must(re.phase(lead, map[string]any{"phase": "reconciling", "reason": "A coder found a missed passage."}), 200)
	audit := string(re.must(re.get("/api/v1/projects/"+re.pid+"/audit", lead.token), 200).body)
	for _, want := range []string{"A coder found a missed passage.", "reconcile.decided", "started reconciling", "locked"} {
		if !strings.Contains(audit, want) {
			t.Errorf("the audit log does not hold %q", want)
		}
	}
}

func ce(re *recEnv) *codingEnv { return re.codingEnv }

// TestReconciliationSettingsAndMajoritySeed: the lead sets the majority
// rule; entering reconciliation then decides the items most coders
// applied, as "majority rule". Bad settings are refused.
func TestReconciliationSettingsAndMajoritySeed(t *testing.T) {
	re := newRecEnv(t)
	settings := "/api/v1/projects/" + re.pid + "/reconcile-settings"
	if got := re.must(re.get(settings, re.peer.token), 200).json(); got["unit"] != "turn" || got["minOverlap"] != 1.0 || got["seed"] != "none" {
		t.Fatalf("default settings: %v", got)
	}
	for _, bad := range []map[string]any{{"unit": "word", "minOverlap": 1, "seed": "none"}, {"unit": "turn", "minOverlap": 0, "seed": "none"}, {"unit": "turn", "minOverlap": 1, "seed": "vote"}} {
		if r := re.do(req{method: "PUT", path: settings, token: re.lead.token, body: bad}); r.status != 400 || r.code() != "invalid_input" {
			t.Errorf("settings %v: %d %s", bad, r.status, r.body)
		}
	}
	// A third coder who applied Leadership too makes it a 2 of 3 majority.
	third := re.join(re.pid, re.lead, "coder", "third@example.org", "academic")
	v := re.must(re.get(re.transcript(), re.lead.token), 200).json()["version"]
	re.must(re.patch(re.transcript(), re.lead.token, map[string]any{"version": v, "assignedCoders": []string{re.peer.id, re.academic.id, third.id}}), 200)
	x, _ := re.add(third, 0, re.turns[1][0], re.turns[1][0]+5, re.leadership)
	re.must(re.post(re.transcript()+"/codings/me/submit", third.token, map[string]any{"version": x}), 200)
	re.must(re.do(req{method: "PUT", path: settings, token: re.lead.token, body: map[string]any{"unit": "turn", "minOverlap": 1, "seed": "majority"}}), 200)
	re.must(re.phase(re.lead, map[string]any{"phase": "revealed"}), 200)
	re.must(re.phase(re.lead, map[string]any{"phase": "reconciling"}), 200)
	q := re.queue()
	lship, judg := item(t, q, re.leadership), item(t, q, re.judging)
	if d := lship["decision"].(map[string]any); d["action"] != "accept" || d["leadName"] != tandem.MajorityRule || d["leadId"] != "" {
		t.Fatalf("Leadership (2 of 3): %v", lship["decision"])
	}
	if d := judg["decision"].(map[string]any); d["action"] != "reject" {
		t.Fatalf("Judgment-free (1 of 3): %v", judg["decision"])
	}
	// Flexible was applied by two of three: decided accept too.
	if q["resolved"] != q["disagreements"] {
		t.Fatalf("the majority rule left %v of %v resolved", q["resolved"], q["disagreements"])
	}
	cons := re.must(re.get(re.transcript()+"/consensus", re.lead.token), 200).json()["set"].(map[string]any)["excerpts"].([]any)
	if len(cons) != 2 {
		t.Fatalf("consensus after the majority seed: %v", cons)
	}
	// What an item is cannot change while a transcript is reconciled.
	r := re.do(req{method: "PUT", path: settings, token: re.lead.token, body: map[string]any{"unit": "span", "minOverlap": 1, "seed": "majority"}})
	wantError(t, r, 409, "phase_not_allowed", "1 transcript is being reconciled or locked")
	// Everything is resolved: a lock needs no confirmation.
	re.must(re.phase(re.lead, map[string]any{"phase": "locked"}), 200)
}

// TestDecisionsOnOneItemOneAfterAnother: a reject of what the consensus
// does not hold leaves the consensus as it was (not rewritten) and is in
// the audit log; the next decision on the item, sent at the revision the
// reject answered, goes into the consensus; one sent at a revision the
// item has not reached gets the item as it is.
func TestDecisionsOnOneItemOneAfterAnother(t *testing.T) {
	re := newRecEnv(t)
	re.must(re.phase(re.lead, map[string]any{"phase": "revealed"}), 200)
	re.must(re.phase(re.lead, map[string]any{"phase": "reconciling"}), 200)
	consensus := func() map[string]any {
		return re.must(re.get(re.transcript()+"/consensus", re.lead.token), 200).json()["set"].(map[string]any)
	}
	seeded := consensus()
	decisions := re.transcript() + "/decisions"
	lship := item(t, re.queue(), re.leadership)
	rejected := re.must(re.post(decisions, re.lead.token, decision(lship, "reject", map[string]any{"rationale": "Not leading."})), 201).json()["item"].(map[string]any)
	if rejected["revision"] != 1.0 || rejected["resolved"] != true {
		t.Fatalf("after the reject: %v", rejected)
	}
	if after := consensus(); after["version"] != seeded["version"] || len(after["excerpts"].([]any)) != len(seeded["excerpts"].([]any)) {
		t.Fatalf("a reject of what the consensus lacks changed it: version %v -> %v, excerpts %v", seeded["version"], after["version"], after["excerpts"])
	}
	audit := string(re.must(re.get("/api/v1/projects/"+re.pid+"/audit", re.lead.token), 200).body)
	if !strings.Contains(audit, "decided reject") {
		t.Errorf("the audit log does not list the reject: %s", audit)
	}
	ahead := decision(rejected, "accept", map[string]any{"revision": 5})
	r := re.post(decisions, re.lead.token, ahead)
	wantError(t, r, 409, "version_conflict", "This item changed")
	if cur := r.json()["error"].(map[string]any)["details"].(map[string]any)["current"].(map[string]any); cur["revision"] != 1.0 || cur["decision"].(map[string]any)["action"] != "reject" {
		t.Fatalf("the item sent back: %v", cur)
	}
	accepted := re.must(re.post(decisions, re.lead.token, decision(rejected, "accept", map[string]any{"rationale": "On reflection, it is."})), 201).json()
	if accepted["item"].(map[string]any)["revision"] != 2.0 {
		t.Fatalf("after the accept: %v", accepted["item"])
	}
	id := accepted["decision"].(map[string]any)["id"]
	found := false
	for _, x := range consensus()["excerpts"].([]any) {
		found = found || x.(map[string]any)["id"] == id
	}
	if !found {
		t.Fatal("the accept at revision 1 is not in the consensus")
	}
}

// TestDecisionRollsForward: a decision stored without its consensus write
// (the server stopped between the two) is applied when the queue is read.
func TestDecisionRollsForward(t *testing.T) {
	re := newRecEnv(t)
	re.must(re.phase(re.lead, map[string]any{"phase": "revealed"}), 200)
	re.must(re.phase(re.lead, map[string]any{"phase": "reconciling"}), 200)
	lship := item(t, re.queue(), re.leadership)
	d := &tandem.Decision{ID: tandem.DecisionID(re.tid, lship["id"].(string), 0), ProjectID: re.pid, TranscriptID: re.tid, ItemID: lship["id"].(string),
		Fingerprint: lship["fingerprint"].(string), Rule: "turn", Theme: re.leadership, Action: tandem.ActionAccept, LeadID: re.lead.id, LeadName: "Lead",
		ConsensusStart: re.turns[1][0], ConsensusEnd: re.turns[1][0] + 8, At: re.clock.Now()}
	if err := re.store.InsertDecision(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if it := item(t, re.queue(), re.leadership); it["resolved"] != true {
		t.Fatalf("the stored decision does not resolve the item: %v", it)
	}
	found := false
	for _, x := range re.must(re.get(re.transcript()+"/consensus", re.lead.token), 200).json()["set"].(map[string]any)["excerpts"].([]any) {
		found = found || x.(map[string]any)["id"] == d.ID
	}
	if !found {
		t.Fatal("the decision's excerpt is not in the consensus after the queue was read")
	}
	if !strings.Contains(re.logs.String(), "applying decisions the consensus lacked") {
		t.Error("rolling forward is not logged")
	}
}

// TestRedactionMovesTheConsensus: removing a name before the consensus
// excerpts moves them with the text; deleting the transcript deletes the
// consensus and the decisions.
func TestRedactionMovesTheConsensusAndDeletionRemovesIt(t *testing.T) {
	re := newRecEnv(t)
	re.must(re.phase(re.lead, map[string]any{"phase": "revealed"}), 200)
	re.must(re.phase(re.lead, map[string]any{"phase": "reconciling"}), 200)
	lship := item(t, re.queue(), re.leadership)
	re.must(re.post(re.transcript()+"/decisions", re.lead.token, decision(lship, "accept", nil)), 201)
	tr := re.must(re.get(re.transcript(), re.lead.token), 200).json()
	text := []rune(tr["text"].(string))
	before := map[string]string{}
	for _, x := range re.must(re.get(re.transcript()+"/consensus", re.lead.token), 200).json()["set"].(map[string]any)["excerpts"].([]any) {
		x := x.(map[string]any)
		before[x["id"].(string)] = string(text[int(x["start"].(float64)):int(x["end"].(float64))])
	}
	// Replace a word of the title line (before the Leadership excerpt) with a longer one.
	red := re.must(re.post(re.transcript()+"/redactions", re.lead.token, map[string]any{"version": tr["textVersion"],
		"replacements": []map[string]any{{"start": 14, "end": 22, "with": "[A LONGER PLACEHOLDER]"}}}), 200).json()
	after := []rune(red["text"].(string))
	if string(text[14:22]) != "Recovery" {
		t.Fatalf("the test replaces %q", string(text[14:22]))
	}
	set := re.must(re.get(re.transcript()+"/consensus", re.lead.token), 200).json()["set"].(map[string]any)
	if set["textVersion"] != red["textVersion"] || len(set["excerpts"].([]any)) != len(before) {
		t.Fatalf("consensus after the redaction: %v", set)
	}
	for _, x := range set["excerpts"].([]any) {
		x := x.(map[string]any)
		if got := string(after[int(x["start"].(float64)):int(x["end"].(float64))]); got != before[x["id"].(string)] {
			t.Errorf("consensus excerpt %s holds %q after the redaction, want %q", x["id"], got, before[x["id"].(string)])
		}
	}
	re.must(re.del(re.transcript(), re.lead.token), 204)
	ctx := context.Background()
	if _, err := re.store.CodingSet(ctx, re.pid, re.tid, tandem.ConsensusCoder); err == nil {
		t.Error("the consensus set outlived its transcript")
	}
	if ds, err := re.store.Decisions(ctx, re.pid, re.tid); err != nil || len(ds) != 0 {
		t.Errorf("decisions outlived their transcript: %v %v", ds, err)
	}
}
