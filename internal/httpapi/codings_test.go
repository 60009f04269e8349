package httpapi_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// codingEnv is a project with the RLC codebook, one transcript, and a peer
// and an academic coder assigned to it.
type codingEnv struct {
	*env
	lead, peer, academic *user
	pid, tid             string
	cb                   map[string]any
}

func newCodingEnv(t *testing.T) *codingEnv { return newCodingEnvTB(t) }

func newCodingEnvTB(t testing.TB) *codingEnv { return codingEnvOn(newEnv(t), file(t, "interview.txt")) }

// newCodingEnvWith is a coding env whose transcript is the file f.
func newCodingEnvWith(t testing.TB, f upload) *codingEnv { return codingEnvOn(newEnv(t), f) }

// codingEnvOn sets the coding project up in e, with the file f as its transcript.
func codingEnvOn(e *env, f upload) *codingEnv {
	t := e.t
	ce := &codingEnv{env: e}
	ce.lead = e.setupAdmin()
	ce.pid = e.project(ce.lead, "RLC study")
	ce.cb = e.must(e.post("/api/v1/projects/"+ce.pid+"/codebook/template", ce.lead.token, map[string]any{"version": 0, "template": "rlc"}), 200).json()
	ce.peer = e.join(ce.pid, ce.lead, "coder", "peer@example.org", "peer")
	ce.academic = e.join(ce.pid, ce.lead, "coder", "academic@example.org", "academic")
	ce.tid = results(t, e.upload(ce.pid, ce.lead.token, f)).Results[0].Transcript["id"].(string)
	v := e.must(e.get(ce.transcript(), ce.lead.token), 200).json()["version"]
	e.must(e.patch(ce.transcript(), ce.lead.token, map[string]any{"version": v, "assignedCoders": []string{ce.peer.id, ce.academic.id}}), 200)
	return ce
}

func (ce *codingEnv) transcript() string {
	return "/api/v1/projects/" + ce.pid + "/transcripts/" + ce.tid
}
func (ce *codingEnv) theme(name string) string {
	ce.t.Helper()
	return nodeID(ce.t, ce.cb, name)
}

// add saves an excerpt and returns the set's new version and the excerpt id.
func (ce *codingEnv) add(u *user, version any, start, end int, themes ...string) (float64, string) {
	ce.t.Helper()
	r := ce.must(ce.post(ce.transcript()+"/codings/me/excerpts", u.token, map[string]any{"version": version, "start": start, "end": end, "themes": themes}), 201).json()
	return r["version"].(float64), r["excerpt"].(map[string]any)["id"].(string)
}

func setsByCoder(r map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, s := range r["sets"].([]any) {
		s := s.(map[string]any)
		out[s["coderId"].(string)] = s
	}
	return out
}

func TestBlindCoding(t *testing.T) {
	ce := newCodingEnv(t)
	flexible, leadership := ce.theme("Flexible"), ce.theme("Leadership")
	v, _ := ce.add(ce.peer, 0, 0, 10, flexible)
	if v != 1 {
		t.Fatalf("version after the first excerpt = %v", v)
	}
	ce.add(ce.peer, v, 5, 20, leadership, flexible) // overlapping
	ce.add(ce.academic, 0, 3, 12, leadership)

	// Blind: the peer sees their own excerpts and only the academic's status.
	sets := setsByCoder(ce.must(ce.get(ce.transcript()+"/codings", ce.peer.token), 200).json())
	if mine := sets[ce.peer.id]; len(mine["excerpts"].([]any)) != 2 || mine["hidden"] != false || mine["version"] != float64(2) {
		t.Fatalf("own set: %v", mine)
	}
	if other := sets[ce.academic.id]; other["hidden"] != true || other["excerpts"] != nil || other["excerptCount"] != nil || other["status"] != "in_progress" {
		t.Fatalf("another coder's set while blind: %v", other)
	}
	if r := ce.get(ce.transcript()+"/codings/"+ce.academic.id, ce.peer.token); r.status != 404 {
		t.Fatalf("reading another coder's set while blind: %d %s", r.status, r.body)
	}
	progress := ce.must(ce.get("/api/v1/projects/"+ce.pid+"/progress", ce.peer.token), 200).body
	if !strings.Contains(string(progress), `"excerptCount":2`) || strings.Contains(string(progress), `"excerptCount":1`) {
		t.Fatalf("progress for the peer shows another coder's count: %s", progress)
	}
	// The lead sees both.
	sets = setsByCoder(ce.must(ce.get(ce.transcript()+"/codings", ce.lead.token), 200).json())
	if len(sets[ce.peer.id]["excerpts"].([]any)) != 2 || len(sets[ce.academic.id]["excerpts"].([]any)) != 1 {
		t.Fatalf("lead's view: %v", sets)
	}
	// Submit; a submitted set refuses changes; the coder reopens it.
	r := ce.must(ce.post(ce.transcript()+"/codings/me/submit", ce.academic.token, map[string]any{"version": 1}), 200).json()
	if r["status"] != "submitted" || r["submittedAt"] == nil {
		t.Fatalf("submit: %v", r)
	}
	if r := ce.post(ce.transcript()+"/codings/me/excerpts", ce.academic.token, map[string]any{"version": 2, "start": 0, "end": 1, "themes": []string{flexible}}); r.status != 409 || r.code() != "coding_submitted" {
		t.Fatalf("write after submit: %d %s", r.status, r.body)
	}
	ce.must(ce.post(ce.transcript()+"/codings/me/reopen", ce.academic.token, map[string]any{"version": 2}), 200)
	ce.must(ce.post(ce.transcript()+"/codings/me/submit", ce.academic.token, map[string]any{"version": 3}), 200)
	// The lead reveals: everyone sees everything; only the lead reopens now.
	ce.must(ce.post(ce.transcript()+"/reveal", ce.lead.token, map[string]any{"revealed": true}), 200)
	sets = setsByCoder(ce.must(ce.get(ce.transcript()+"/codings", ce.peer.token), 200).json())
	if len(sets[ce.academic.id]["excerpts"].([]any)) != 1 || sets[ce.academic.id]["coderName"] == "" || sets[ce.academic.id]["researcherType"] != "academic" {
		t.Fatalf("after reveal: %v", sets[ce.academic.id])
	}
	if r := ce.post(ce.transcript()+"/codings/me/reopen", ce.academic.token, map[string]any{"version": 4}); r.status != 403 || r.code() != "coding_revealed" {
		t.Fatalf("coder reopens after reveal: %d %s", r.status, r.body)
	}
	if r := ce.post(ce.transcript()+"/codings/"+ce.academic.id+"/reopen", ce.peer.token, map[string]any{"version": 4}); r.status != 403 {
		t.Fatalf("a coder reopens another's coding: %d %s", r.status, r.body)
	}
	ce.must(ce.post(ce.transcript()+"/codings/"+ce.academic.id+"/reopen", ce.lead.token, map[string]any{"version": 4}), 200)
	// Open mode: coders see each other on every transcript.
	ce.must(ce.post(ce.transcript()+"/reveal", ce.lead.token, map[string]any{"revealed": false}), 200)
	pv := ce.must(ce.get("/api/v1/projects/"+ce.pid, ce.lead.token), 200).json()["version"]
	ce.must(ce.patch("/api/v1/projects/"+ce.pid, ce.lead.token, map[string]any{"version": pv, "openCoding": true}), 200)
	ce.must(ce.get(ce.transcript()+"/codings/"+ce.academic.id, ce.peer.token), 200)
}

func TestExcerptBadInput(t *testing.T) {
	ce := newCodingEnv(t)
	flexible := ce.theme("Flexible")
	otherPID := ce.project(ce.lead, "Another study")
	foreign := nodeID(t, ce.must(ce.post("/api/v1/projects/"+otherPID+"/codebook/template", ce.lead.token, map[string]any{"version": 0, "template": "chime"}), 200).json(), "Peer support")
	archived := ce.theme("Leadership")
	ce.must(ce.patch("/api/v1/projects/"+ce.pid+"/codebook/nodes/"+archived, ce.lead.token, map[string]any{"version": 1, "status": "archived"}), 200)
	proposed := ce.must(ce.post("/api/v1/projects/"+ce.pid+"/codebook/proposals", ce.peer.token, map[string]any{"kind": "add", "level": "theme", "parentId": ce.theme("Atmosphere"), "name": "Calm"}), 201).json()
	calm := nodeID(t, proposed, "Calm")
	length := int(ce.must(ce.get(ce.transcript(), ce.lead.token), 200).json()["chars"].(float64))
	viewer := ce.join(ce.pid, ce.lead, "viewer", "viewer@example.org", "academic")
	unassigned := ce.join(ce.pid, ce.lead, "coder", "unassigned@example.org", "peer")
	ce.share(ce.lead, ce.pid)
	many := make([]string, 21)
	for i := range many {
		many[i] = flexible
	}
	for name, tc := range map[string]struct {
		who    *user
		body   map[string]any
		status int
		code   string
		field  string
	}{
		"no version":             {ce.peer, map[string]any{"start": 0, "end": 5, "themes": []string{flexible}}, 400, "invalid_input", "version"},
		"no span":                {ce.peer, map[string]any{"version": 0, "themes": []string{flexible}}, 400, "invalid_input", "start"},
		"empty span":             {ce.peer, map[string]any{"version": 0, "start": 5, "end": 5, "themes": []string{flexible}}, 400, "invalid_input", "end"},
		"reversed span":          {ce.peer, map[string]any{"version": 0, "start": 9, "end": 5, "themes": []string{flexible}}, 400, "invalid_input", "end"},
		"negative start":         {ce.peer, map[string]any{"version": 0, "start": -1, "end": 5, "themes": []string{flexible}}, 400, "invalid_input", "start"},
		"past the end":           {ce.peer, map[string]any{"version": 0, "start": 0, "end": length + 1, "themes": []string{flexible}}, 400, "invalid_input", "end"},
		"no themes":              {ce.peer, map[string]any{"version": 0, "start": 0, "end": 5, "themes": []string{}}, 400, "invalid_input", "themes"},
		"too many themes":        {ce.peer, map[string]any{"version": 0, "start": 0, "end": 5, "themes": many}, 400, "invalid_input", "themes"},
		"another project's":      {ce.peer, map[string]any{"version": 0, "start": 0, "end": 5, "themes": []string{foreign}}, 400, "theme_not_usable", "themes"},
		"archived theme":         {ce.peer, map[string]any{"version": 0, "start": 0, "end": 5, "themes": []string{archived}}, 400, "theme_not_usable", "themes"},
		"proposed theme":         {ce.peer, map[string]any{"version": 0, "start": 0, "end": 5, "themes": []string{calm}}, 400, "theme_not_usable", "themes"},
		"a category":             {ce.peer, map[string]any{"version": 0, "start": 0, "end": 5, "themes": []string{ce.theme("Atmosphere")}}, 400, "theme_not_usable", "themes"},
		"memo too long":          {ce.peer, map[string]any{"version": 0, "start": 0, "end": 5, "themes": []string{flexible}, "memo": strings.Repeat("m", 10001)}, 400, "invalid_input", "memo"},
		"bad id":                 {ce.peer, map[string]any{"version": 0, "id": "x", "start": 0, "end": 5, "themes": []string{flexible}}, 400, "invalid_input", "id"},
		"unknown field":          {ce.peer, map[string]any{"version": 0, "start": 0, "end": 5, "themes": []string{flexible}, "colour": "red"}, 400, "invalid_json", ""},
		"stale version":          {ce.peer, map[string]any{"version": 7, "start": 0, "end": 5, "themes": []string{flexible}}, 409, "version_conflict", ""},
		"viewer":                 {viewer, map[string]any{"version": 0, "start": 0, "end": 5, "themes": []string{flexible}}, 403, "forbidden", ""},
		"coder not assigned":     {unassigned, map[string]any{"version": 0, "start": 0, "end": 5, "themes": []string{flexible}}, 403, "forbidden", ""},
		"unknown theme id":       {ce.peer, map[string]any{"version": 0, "start": 0, "end": 5, "themes": []string{"nope"}}, 400, "theme_not_usable", "themes"},
		"themes of wrong type":   {ce.peer, map[string]any{"version": 0, "start": 0, "end": 5, "themes": "Flexible"}, 400, "invalid_json", ""},
		"fractional coordinates": {ce.peer, map[string]any{"version": 0, "start": 0.5, "end": 5, "themes": []string{flexible}}, 400, "invalid_json", ""},
	} {
		t.Run(name, func(t *testing.T) {
			r := ce.post(ce.transcript()+"/codings/me/excerpts", tc.who.token, tc.body)
			if r.status != tc.status || r.code() != tc.code {
				t.Fatalf("%d %s, want %d %s", r.status, r.body, tc.status, tc.code)
			}
			if tc.field != "" && !strings.Contains(string(r.body), `"field":"`+tc.field+`"`) {
				t.Fatalf("the error does not name the field %s: %s", tc.field, r.body)
			}
		})
	}
	// Nothing was written by any of them.
	for _, set := range ce.must(ce.get(ce.transcript()+"/codings", ce.lead.token), 200).json()["sets"].([]any) {
		if set := set.(map[string]any); set["version"] != float64(0) || set["coderId"] != ce.lead.id {
			t.Fatalf("a set after refused writes: %v", set)
		}
	}
	// Writing to someone else's set is refused.
	if r := ce.post(ce.transcript()+"/codings/"+ce.academic.id+"/excerpts", ce.peer.token, map[string]any{"version": 0, "start": 0, "end": 5, "themes": []string{flexible}}); r.status != 403 {
		t.Fatalf("writing another's set: %d %s", r.status, r.body)
	}
	// Change, then delete; a stale delete is refused with the current set.
	v, id := ce.add(ce.peer, 0, 0, 5, flexible)
	if r := ce.patch(ce.transcript()+"/codings/me/excerpts/"+id, ce.peer.token, map[string]any{"version": v, "start": 3, "end": 2}); r.status != 400 {
		t.Fatalf("reversed bounds: %d %s", r.status, r.body)
	}
	r := ce.must(ce.patch(ce.transcript()+"/codings/me/excerpts/"+id, ce.peer.token, map[string]any{"version": v, "end": 8, "memo": "Says it twice.", "themes": []string{flexible, flexible}}), 200).json()
	if ex := r["excerpt"].(map[string]any); ex["end"] != float64(8) || ex["start"] != float64(0) || ex["memo"] != "Says it twice." || len(ex["themes"].([]any)) != 1 {
		t.Fatalf("patched: %v", r)
	}
	if r := ce.del(ce.transcript()+"/codings/me/excerpts/"+id+"?version=1", ce.peer.token); r.status != 409 || !strings.Contains(string(r.body), `"current"`) {
		t.Fatalf("stale delete: %d %s", r.status, r.body)
	}
	ce.must(ce.del(ce.transcript()+"/codings/me/excerpts/"+id+"?version=2", ce.peer.token), 200)
	if r := ce.del(ce.transcript()+"/codings/me/excerpts/"+id+"?version=3", ce.peer.token); r.status != 404 {
		t.Fatalf("deleting twice: %d", r.status)
	}
}

func TestMergedThemeResolves(t *testing.T) {
	ce := newCodingEnv(t)
	flexible, relaxed := ce.theme("Flexible"), ce.theme("Relaxed/open")
	ce.must(ce.post("/api/v1/projects/"+ce.pid+"/codebook/nodes/"+relaxed+"/merge", ce.lead.token, map[string]any{"version": 1, "into": flexible}), 200)
	r := ce.must(ce.post(ce.transcript()+"/codings/me/excerpts", ce.peer.token, map[string]any{"version": 0, "start": 0, "end": 5, "themes": []string{relaxed, flexible}}), 201).json()
	if th := r["excerpt"].(map[string]any)["themes"].([]any); len(th) != 1 || th[0] != flexible {
		t.Fatalf("themes after merge: %v", th)
	}
}

// TestNoLostUpdates: two tabs of one coder and other coders save at once;
// every acknowledged excerpt is there afterwards, and stale writes are
// answered 409 rather than dropped.
func TestNoLostUpdates(t *testing.T) {
	ce := newCodingEnv(t)
	flexible := ce.theme("Flexible")
	coders := []*user{ce.peer, ce.peer, ce.academic, ce.academic, ce.lead}
	var mu sync.Mutex
	acked := map[string]map[string]bool{}
	conflicts := 0
	var wg sync.WaitGroup
	for tab, u := range coders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 15 {
				id := fmt.Sprintf("00000000-0000-4000-8000-%06d%06d", tab, i)
				for attempt := 0; ; attempt++ {
					if attempt > 50 {
						t.Errorf("tab %d: gave up on excerpt %d", tab, i)
						return
					}
					set := ce.must(ce.get(ce.transcript()+"/codings/me", u.token), 200).json()
					r := ce.post(ce.transcript()+"/codings/me/excerpts", u.token, map[string]any{"version": set["version"], "id": id, "start": i, "end": i + 5, "themes": []string{flexible}})
					if r.status == 409 && r.code() == "version_conflict" {
						mu.Lock()
						conflicts++
						mu.Unlock()
						continue
					}
					if r.status != 201 && r.status != 200 {
						t.Errorf("tab %d: %d %s", tab, r.status, r.body)
						return
					}
					mu.Lock()
					if acked[u.id] == nil {
						acked[u.id] = map[string]bool{}
					}
					acked[u.id][id] = true
					mu.Unlock()
					break
				}
			}
		}()
	}
	wg.Wait()
	for _, u := range []*user{ce.peer, ce.academic, ce.lead} {
		set := ce.must(ce.get(ce.transcript()+"/codings/me", u.token), 200).json()
		have := map[string]bool{}
		for _, e := range set["excerpts"].([]any) {
			have[e.(map[string]any)["id"].(string)] = true
		}
		for id := range acked[u.id] {
			if !have[id] {
				t.Errorf("%s: acknowledged excerpt %s is lost", u.email, id)
			}
		}
		if len(have) != len(acked[u.id]) {
			t.Errorf("%s: %d excerpts stored, %d acknowledged", u.email, len(have), len(acked[u.id]))
		}
	}
	t.Logf("%d stale writes were answered 409 and retried", conflicts)
}

func TestExcerptRetryIsIdempotent(t *testing.T) {
	ce := newCodingEnv(t)
	body := map[string]any{"version": 0, "id": "6f9619ff-8b86-4011-b42d-00c04fc964ff", "start": 0, "end": 5, "themes": []string{ce.theme("Flexible")}}
	ce.must(ce.post(ce.transcript()+"/codings/me/excerpts", ce.peer.token, body), 201)
	// The answer was lost; the app sends the same request again.
	r := ce.must(ce.post(ce.transcript()+"/codings/me/excerpts", ce.peer.token, body), 200).json()
	if r["version"] != float64(1) {
		t.Fatalf("retry: %v", r)
	}
	set := ce.must(ce.get(ce.transcript()+"/codings/me", ce.peer.token), 200).json()
	if len(set["excerpts"].([]any)) != 1 {
		t.Fatalf("a retried save made %d excerpts", len(set["excerpts"].([]any)))
	}
}

func TestWriteFloodIsLimited(t *testing.T) {
	ce := newCodingEnv(t)
	flexible := ce.theme("Flexible")
	version := 0.0
	saved, limited := 0, 0
	for i := range 420 { // the test clock stands still, so the bucket does not refill
		r := ce.post(ce.transcript()+"/codings/me/excerpts", ce.peer.token, map[string]any{"version": version, "start": i % 50, "end": i%50 + 3, "themes": []string{flexible}})
		switch r.status {
		case 201:
			saved++
			version = r.json()["version"].(float64)
		case 429:
			limited++
			if r.code() != "rate_limited" || r.header.Get("Retry-After") == "" || !strings.Contains(string(r.body), `"retryAfterSeconds"`) || !strings.Contains(r.json()["error"].(map[string]any)["message"].(string), "Nothing was lost") {
				t.Fatalf("429: %v %s", r.header, r.body)
			}
		default:
			t.Fatalf("write %d: %d %s", i, r.status, r.body)
		}
	}
	if saved != 400 || limited != 20 {
		t.Fatalf("%d saved, %d limited", saved, limited)
	}
	set := ce.must(ce.get(ce.transcript()+"/codings/me", ce.peer.token), 200).json()
	if n := len(set["excerpts"].([]any)); n != saved {
		t.Fatalf("%d excerpts stored, %d acknowledged", n, saved)
	}
	// Another coder is not held back, and a second later the first can go on.
	ce.add(ce.academic, 0, 0, 3, flexible)
	ce.clock.Advance(time.Second)
	ce.add(ce.peer, version, 0, 3, flexible)
}

func TestRetrievalAndCounts(t *testing.T) {
	ce := newCodingEnv(t)
	flexible, leadership := ce.theme("Flexible"), ce.theme("Leadership")
	ce.add(ce.peer, 0, 0, 10, flexible)
	ce.add(ce.academic, 0, 3, 12, flexible, leadership)
	text := []rune(ce.must(ce.get(ce.transcript(), ce.lead.token), 200).json()["text"].(string))
	base := "/api/v1/projects/" + ce.pid
	count := func(u *user, query string) []any {
		t.Helper()
		r := ce.must(ce.get(base+"/retrieval?"+query, u.token), 200).json()
		return r["excerpts"].([]any)
	}
	// While blind, a coder retrieves only their own excerpts.
	mine := count(ce.peer, "node="+flexible+"&context=5")
	if len(mine) != 1 {
		t.Fatalf("peer retrieves %d excerpts", len(mine))
	}
	if ex := mine[0].(map[string]any); ex["text"] != string(text[0:10]) || ex["coderName"] == "" || ex["transcriptTitle"] == "" {
		t.Fatalf("retrieved: %v", ex)
	}
	// The text around it, turn by turn with the speakers, cut at words:
	// "Interview 7 – Recovery…" with 5 characters of context ends at "–".
	passage := func(ex any) []any { return ex.(map[string]any)["passage"].([]any) }
	if p := passage(mine[0]); len(p) != 1 || fmt.Sprint(p[0]) != fmt.Sprint(map[string]any{"speaker": "", "before": "", "text": "Interview ", "after": "7 –", "cutStart": false, "cutEnd": true}) {
		t.Fatalf("passage %v", p)
	}
	wide := passage(count(ce.peer, "node="+flexible+"&context=120")[0])
	if last := wide[len(wide)-1].(map[string]any); len(wide) != 2 || last["speaker"] != "Interviewer" || last["before"] != "" || !strings.HasPrefix(last["after"].(string), "Thank you") {
		t.Fatalf("passage into the first turn: %v", wide)
	}
	for query, want := range map[string]int{
		"node=" + flexible:                                     2,
		"node=" + ce.theme("Atmosphere"):                       2, // a category: any of its themes
		"node=" + ce.theme("RLC Attributes"):                   2,
		"node=" + leadership:                                   1,
		"node=" + flexible + "&researcherType=academic":        1,
		"node=" + flexible + "&coder=" + ce.peer.id:            1,
		"node=" + flexible + "&transcript=other":               0,
		"node=" + ce.theme("Positive identity transformation"): 0,
	} {
		if got := len(count(ce.lead, query)); got != want {
			t.Errorf("%s: %d excerpts, want %d", query, got, want)
		}
	}
	if r := ce.get(base+"/retrieval?node=nope", ce.lead.token); r.status != 400 {
		t.Fatalf("unknown node: %d", r.status)
	}
	// Counts and co-occurrence: the academic's excerpt carries both themes;
	// the peer's overlaps it, but overlaps count only within one coder.
	r := ce.must(ce.get(base+"/theme-counts", ce.lead.token), 200).json()
	fl := r["themes"].(map[string]any)[flexible].(map[string]any)
	if fl["excerpts"] != float64(2) || fl["coders"] != float64(2) || fl["transcripts"] != float64(1) {
		t.Fatalf("counts: %v", fl)
	}
	if co := r["cooccurrences"].([]any); len(co) != 1 || co[0].(map[string]any)["count"] != float64(1) {
		t.Fatalf("co-occurrence: %v", co)
	}
	if r := ce.must(ce.get(base+"/theme-counts", ce.peer.token), 200).json(); r["themes"].(map[string]any)[flexible].(map[string]any)["coders"] != float64(1) {
		t.Fatalf("blind counts for the peer: %v", r["themes"])
	}
	// The codebook workbook's usage columns are filled.
	book := ce.must(ce.get(base+"/exports/codebook.xlsx", ce.lead.token), 200).body
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Codebook")
	for _, row := range rows {
		if len(row) > 2 && row[2] == "Flexible" && strings.Join(row[13:16], ",") != "2,1,2" {
			t.Fatalf("Flexible's usage: %v", row[13:])
		}
		if len(row) > 2 && row[2] == "Leadership" && strings.Join(row[13:16], ",") != "1,1,1" {
			t.Fatalf("Leadership's usage: %v", row[13:])
		}
		if len(row) > 2 && row[2] == "Judgment-free" && strings.Join(row[13:16], ",") != "0,0,0" {
			t.Fatalf("an unused theme's usage: %v", row[13:])
		}
	}
}

func TestSampleProject(t *testing.T) {
	e := newEnv(t)
	lead := e.setupAdmin()
	p := e.must(e.post("/api/v1/projects/sample", lead.token, nil), 201).json()
	pid := p["id"].(string)
	if p["myRole"] != "lead" || !strings.Contains(p["name"].(string), "Sample") {
		t.Fatalf("project %v", p)
	}
	types := map[string]string{}
	var demoEmail string
	for _, m := range p["members"].([]any) {
		m := m.(map[string]any)
		types[m["role"].(string)+"/"+m["researcherType"].(string)] = m["displayName"].(string)
		if m["role"] == "coder" {
			demoEmail, _ = m["email"].(string)
		}
	}
	if len(types) != 3 || types["coder/peer"] == "" || types["coder/academic"] == "" {
		t.Fatalf("members %v", types)
	}
	cb := e.must(e.get("/api/v1/projects/"+pid+"/codebook", lead.token), 200).json()
	if cb["version"] != float64(1) || len(cb["nodes"].([]any)) != 18 {
		t.Fatalf("codebook version %v with %d entries", cb["version"], len(cb["nodes"].([]any)))
	}
	progress := e.must(e.get("/api/v1/projects/"+pid+"/progress", lead.token), 200).json()["transcripts"].([]any)
	if len(progress) != 3 {
		t.Fatalf("%d transcripts", len(progress))
	}
	for _, row := range progress {
		row := row.(map[string]any)
		sets := row["sets"].([]any)
		if len(sets) != 2 {
			t.Fatalf("%s: %d sets", row["title"], len(sets))
		}
		for _, s := range sets {
			if s := s.(map[string]any); s["status"] != "submitted" || s["excerptCount"].(float64) < 5 {
				t.Fatalf("%s: set %v", row["title"], s)
			}
		}
		tr := e.must(e.get("/api/v1/projects/"+pid+"/transcripts/"+row["id"].(string), lead.token), 200).json()
		if tr["contentNote"] == "" || tr["chars"].(float64) < 500 || !strings.Contains(tr["text"].(string), "fictional") {
			t.Fatalf("transcript %v", tr["title"])
		}
	}
	found := e.must(e.get("/api/v1/projects/"+pid+"/retrieval?node="+nodeID(t, cb, "Flexible"), lead.token), 200).json()
	if found["total"].(float64) != 4 {
		t.Fatalf("Flexible has %v excerpts", found["total"])
	}
	if ex := found["excerpts"].([]any)[0].(map[string]any); !strings.Contains(ex["text"].(string), "bad few days") {
		t.Fatalf("first Flexible excerpt: %v", ex["text"])
	}
	// The demo coders cannot sign in.
	if r := e.post("/api/v1/auth/login", "", map[string]string{"email": demoEmail, "password": "a long enough password"}); r.status != 401 {
		t.Fatalf("demo coder signs in: %d %s", r.status, r.body)
	}
	// A second sample is a second project.
	e.must(e.post("/api/v1/projects/sample", lead.token, map[string]string{"researcherType": "peer"}), 201)
}

func TestAgreementReport(t *testing.T) {
	e := newEnv(t)
	lead := e.setupAdmin()
	pid := e.must(e.post("/api/v1/projects/sample", lead.token, nil), 201).json()["id"].(string)
	base := "/api/v1/projects/" + pid
	r := e.must(e.get(base+"/agreement?draws=200", lead.token), 200).json()
	themes, cats, doms := r["themes"].([]any), r["categories"].([]any), r["domains"].([]any)
	if len(themes) != 12 || len(cats) != 4 || len(doms) != 2 || len(r["coders"].([]any)) != 2 || len(r["transcripts"].([]any)) != 3 || len(r["groups"].([]any)) != 12 {
		t.Fatalf("report shape: %d themes, %d categories, %d domains, coders %v", len(themes), len(cats), len(doms), r["coders"])
	}
	defined := 0
	for _, th := range themes {
		th := th.(map[string]any)
		alpha := th["alpha"].(map[string]any)
		switch v := alpha["value"].(type) {
		case float64:
			defined++
			if v < -1 || v > 1 || th["reading"] == "not enough data" || th["alphaLow"] == nil {
				t.Fatalf("theme %v", th)
			}
		case nil:
			if alpha["note"] == "" || th["reading"] != "not enough data" {
				t.Fatalf("undefined alpha without a reason: %v", th)
			}
		}
	}
	if defined < 8 {
		t.Fatalf("only %d of 12 themes have an alpha", defined)
	}
	// Relaxed/open in River's interview: both coders applied it to the same
	// turn, to different sentences; the turns agree, the spans do not.
	cb := e.must(e.get(base+"/codebook", lead.token), 200).json()
	var river string
	for _, tr := range r["transcripts"].([]any) {
		if tr := tr.(map[string]any); strings.Contains(tr["title"].(string), "River") {
			river = tr["id"].(string)
		}
	}
	d := e.must(e.get(base+"/agreement/disagreements?transcript="+river+"&theme="+nodeID(t, cb, "Relaxed/open"), lead.token), 200).json()
	if len(d["units"].([]any)) != 0 || len(d["spans"].([]any)) != 2 {
		t.Fatalf("disagreements: %v", d)
	}
	d = e.must(e.get(base+"/agreement/disagreements?unit=sentence&transcript="+river+"&theme="+nodeID(t, cb, "Relaxed/open"), lead.token), 200).json()
	if len(d["units"].([]any)) != 2 {
		t.Fatalf("by sentence: %v", d["units"])
	}
	// Bad parameters.
	for _, q := range []string{"unit=page", "overlap=0", "draws=-1"} {
		if r := e.get(base+"/agreement?"+q, lead.token); r.status != 400 {
			t.Errorf("%s: %d", q, r.status)
		}
	}
	// An overlap that is not a whole number is refused with a plain word,
	// not taken as 1.
	for _, path := range []string{"/agreement?overlap=", "/agreement/disagreements?transcript=" + river + "&theme=" + nodeID(t, cb, "Relaxed/open") + "&overlap=",
		"/consensus-agreement?overlap=", "/exports/agreement.xlsx?overlap="} {
		for _, bad := range []string{"x", "2.5", "10001"} {
			r := e.get(base+path+bad, lead.token)
			if r.status != 400 || r.code() != "invalid_input" || !strings.Contains(r.message(), "whole number of characters") {
				t.Errorf("%s%s: %d %s", path, bad, r.status, r.body)
			}
		}
	}
	if r := e.get(base+"/agreement/disagreements?transcript="+river+"&theme=nope", lead.token); r.status != 400 {
		t.Errorf("unknown theme: %d", r.status)
	}
	// The agreement workbook.
	book := e.must(e.get(base+"/exports/agreement.xlsx?draws=100", lead.token), 200)
	if !strings.Contains(book.header.Get("Content-Disposition"), "agreement.xlsx") {
		t.Fatalf("headers %v", book.header)
	}
	ab, err := excelize.OpenReader(bytes.NewReader(book.body))
	if err != nil {
		t.Fatal(err)
	}
	if sheets := ab.GetSheetList(); len(sheets) < 6 || sheets[0] != "Themes" {
		t.Fatalf("agreement sheets %v", sheets)
	}
	if rows, _ := ab.GetRows("Themes"); len(rows) != 13 {
		t.Fatalf("%d rows on Themes", len(rows))
	}
	// The codebook workbook's Alpha column is filled.
	f, err := excelize.OpenReader(bytes.NewReader(e.must(e.get(base+"/exports/codebook.xlsx", lead.token), 200).body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Codebook")
	alphas := 0
	for _, row := range rows[1:] {
		if len(row) > 16 && row[16] != "" {
			alphas++
		}
	}
	if alphas != defined {
		t.Fatalf("%d alphas in the workbook, %d in the report", alphas, defined)
	}
}
