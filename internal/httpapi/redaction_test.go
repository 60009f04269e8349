package httpapi_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/transcript"
)

// namesInterview mentions people and places many times, in several turns.
const namesInterview = `Interviewer: Thanks for coming, Maria. How did you find Harbour Lights?
Maria: My sister Ana told me. Ana goes there on Tuesdays, and Dr Okafor sent me too.
Interviewer: What was it like at first?
Maria: Scary. Then Ana and I met Joe at Harbour Lights, and Joe showed me the café.
Interviewer: And now?
Maria: Now I help Joe run the group. Dr Okafor says it shows. Harbour Lights is home.
`

// newRedactionEnv is a coding env on the interview above.
func newRedactionEnv(t *testing.T) *codingEnv {
	return newCodingEnvWith(t, upload{"names.txt", []byte(namesInterview)})
}

// textOf returns the transcript's text and text version.
func (ce *codingEnv) textOf() ([]rune, float64) {
	r := ce.must(ce.get(ce.transcript(), ce.lead.token), 200).json()
	return []rune(r["text"].(string)), r["textVersion"].(float64)
}

// wordSpans finds every occurrence of the words in text, in code points.
func wordSpans(text []rune, words ...string) [][2]int {
	var out [][2]int
	s := string(text)
	for _, w := range words {
		for _, m := range regexp.MustCompile(`\b`+regexp.QuoteMeta(w)+`\b`).FindAllStringIndex(s, -1) {
			start := len([]rune(s[:m[0]]))
			out = append(out, [2]int{start, start + len([]rune(w))})
		}
	}
	slices.SortFunc(out, func(a, b [2]int) int { return a[0] - b[0] })
	return out
}

// redacted is what an excerpt's words become under replacements: the
// words before, with each replacement it touches taken whole.
func redacted(text []rune, start, end int, reps []map[string]any) string {
	var b strings.Builder
	for i := start; i < end; {
		hit := false
		for _, r := range reps {
			s, e := r["start"].(int), r["end"].(int)
			if s <= i && i < e || i == start && s < start && e > start {
				b.WriteString(r["with"].(string))
				i, hit = e, true
				break
			}
		}
		if !hit {
			b.WriteRune(text[i])
			i++
		}
	}
	return b.String()
}

// TestRedactionAfterCodingKeepsEveryExcerptOnItsWords: names are removed
// after two coders coded the transcript; every excerpt covers the same words
// after (a replaced name inside an excerpt stays inside it, an excerpt of
// only a name holds its replacement), each set's version moves on so a tab
// opened before gets 409 and reloads, and positions a tab took on the old
// text are moved when it saves them.
func TestRedactionAfterCodingKeepsEveryExcerptOnItsWords(t *testing.T) {
	ce := newRedactionEnv(t)
	flexible := ce.theme("Flexible")
	before, tv := ce.textOf()
	names := wordSpans(before, "Maria", "Ana", "Joe", "Harbour Lights", "Dr Okafor")
	r := rand.New(rand.NewPCG(7, 11))
	type coded struct {
		who        *user
		id         string
		start, end int
	}
	var all []coded
	versions := map[*user]float64{ce.peer: 0, ce.academic: 0}
	add := func(u *user, start, end int) {
		v, id := ce.add(u, versions[u], start, end, flexible)
		versions[u] = v
		all = append(all, coded{u, id, start, end})
	}
	for _, n := range names[:4] {
		add(ce.peer, n[0], n[1]) // only a name
	}
	add(ce.academic, names[2][0]+1, names[2][1]+12) // starts inside a name
	for range 40 {
		start := r.IntN(len(before) - 1)
		add([]*user{ce.peer, ce.academic}[r.IntN(2)], start, start+1+r.IntN(min(60, len(before)-start)))
	}
	// The lead replaces every name; the page says up front how much coding
	// holds them.
	ids := ce.must(ce.get(ce.transcript()+"/identifiers", ce.lead.token), 200).json()
	if coding := ids["coding"].([]any); len(coding) != 2 {
		t.Fatalf("identifiers list the coding of %d coders, want 2: %v", len(coding), ids["coding"])
	}
	var reps []map[string]any
	for i, n := range names {
		reps = append(reps, map[string]any{"start": n[0], "end": n[1], "with": []string{"[NAME]", "Rosa", "[PLACE]"}[i%3]})
	}
	want := map[string]string{}
	for _, c := range all {
		want[c.id] = redacted(before, c.start, c.end, reps)
	}
	red := ce.must(ce.post(ce.transcript()+"/redactions", ce.lead.token, map[string]any{"version": tv, "replacements": reps}), 200).json()
	after := []rune(red["text"].(string))
	newTV := red["textVersion"].(float64)
	if strings.Contains(string(after), "Okafor") || newTV <= tv {
		t.Fatalf("redacted text %q, version %v -> %v", string(after), tv, newTV)
	}
	sets := setsByCoder(ce.must(ce.get(ce.transcript()+"/codings", ce.lead.token), 200).json())
	seen := 0
	for _, u := range []*user{ce.peer, ce.academic} {
		set := sets[u.id]
		if set["version"].(float64) != versions[u]+1 || set["textVersion"].(float64) != newTV {
			t.Fatalf("%s's set after the redaction: version %v (was %v), text version %v", u.email, set["version"], versions[u], set["textVersion"])
		}
		for _, x := range set["excerpts"].([]any) {
			x := x.(map[string]any)
			got := string(after[int(x["start"].(float64)):int(x["end"].(float64))])
			if got != want[x["id"].(string)] {
				t.Errorf("excerpt %v reads %q after, want %q", x["id"], got, want[x["id"].(string)])
			}
			seen++
		}
	}
	if seen != len(all) {
		t.Fatalf("%d excerpts after, %d before", seen, len(all))
	}
	audit := string(ce.must(ce.get("/api/v1/projects/"+ce.pid+"/audit", ce.lead.token), 200).body)
	if !strings.Contains(audit, "held replaced words and were adjusted") || strings.Contains(audit, "Okafor") {
		t.Fatalf("audit log: %s", audit)
	}

	// A tab opened before the redaction: its next save is refused (409) ...
	joe := wordSpans(before, "showed me the")[0]
	if r := ce.post(ce.transcript()+"/codings/me/excerpts", ce.peer.token, map[string]any{"version": versions[ce.peer], "textVersion": tv, "start": joe[0], "end": joe[1], "themes": []string{flexible}}); r.status != 409 || r.code() != "version_conflict" {
		t.Fatalf("a save based on the set before the redaction: %d %s", r.status, r.body)
	}
	// ... it reloads the set and sends its change again, with positions on
	// the text it still shows: they are moved to the same words.
	x := ce.must(ce.post(ce.transcript()+"/codings/me/excerpts", ce.peer.token, map[string]any{"version": versions[ce.peer] + 1, "textVersion": tv, "start": joe[0], "end": joe[1], "themes": []string{flexible}}), 201).json()["excerpt"].(map[string]any)
	if got := string(after[int(x["start"].(float64)):int(x["end"].(float64))]); got != "showed me the" {
		t.Fatalf("a change made on the old text lands on %q", got)
	}
	// A coder's very first excerpt, made on the old text, lands right too.
	x = ce.must(ce.post(ce.transcript()+"/codings/me/excerpts", ce.lead.token, map[string]any{"version": 0, "textVersion": tv, "start": joe[0], "end": joe[1], "themes": []string{flexible}}), 201).json()["excerpt"].(map[string]any)
	if got := string(after[int(x["start"].(float64)):int(x["end"].(float64))]); got != "showed me the" {
		t.Fatalf("a first excerpt made on the old text lands on %q", got)
	}
	// Positions on the new text are taken as they are.
	home := wordSpans(after, "is home")[0]
	x = ce.must(ce.post(ce.transcript()+"/codings/me/excerpts", ce.academic.token, map[string]any{"version": versions[ce.academic] + 1, "textVersion": newTV, "start": home[0], "end": home[1], "themes": []string{flexible}}), 201).json()["excerpt"].(map[string]any)
	if got := string(after[int(x["start"].(float64)):int(x["end"].(float64))]); got != "is home" {
		t.Fatalf("a change on the new text lands on %q", got)
	}
}

// TestRedactionThatDiedIsFinished: a redaction whose request died after the
// text changed (and before the coding moved) keeps coders from writing until
// its mark is stale, shows the coding on the new text meanwhile, and is
// finished by the next request after that; one that died before the text
// changed is simply forgotten.
func TestRedactionThatDiedIsFinished(t *testing.T) {
	ce := newRedactionEnv(t)
	flexible := ce.theme("Flexible")
	before, tv := ce.textOf()
	anaSpans := wordSpans(before, "Ana")
	v, id := ce.add(ce.peer, 0, anaSpans[1][0], anaSpans[1][1]+10, flexible) // "Ana goes t"
	wantWords := redacted(before, anaSpans[1][0], anaSpans[1][1]+10, []map[string]any{{"start": anaSpans[1][0], "end": anaSpans[1][1], "with": "[NAME]"}})
	ctx := context.Background()

	// What steps 1 and 2 of a redaction leave when the process dies.
	mark := func() {
		now := ce.clock.Now()
		if _, err := ce.store.UpdateTranscriptIndex(ctx, ce.pid, func(x *tandem.TranscriptIndex) error {
			e := x.Transcript(ce.tid)
			e.RedactingSince, e.RedactionTo = &now, int64(tv)+1
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	mark()
	if _, err := ce.store.UpdateTranscriptText(ctx, ce.tid, func(tt *tandem.TranscriptText) error {
		var reps []transcript.Replacement
		for _, s := range anaSpans {
			reps = append(reps, transcript.Replacement{Start: s[0], End: s[1], With: "[NAME]"})
		}
		text, turns, edits, err := transcript.Redact(tt.Text, tt.Turns, reps)
		tt.Text, tt.Turns = text, turns
		tt.Changes = append(tt.Changes, tandem.TextChange{From: tt.Version, To: tt.Version + 1, Edits: edits})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	after, _ := ce.textOf()
	// While the mark stands, writes wait and reads show the new positions.
	if r := ce.post(ce.transcript()+"/codings/me/excerpts", ce.peer.token, map[string]any{"version": v, "start": 0, "end": 5, "themes": []string{flexible}}); r.status != 503 || r.code() != "transcript_busy" {
		t.Fatalf("a save during a redaction: %d %s", r.status, r.body)
	}
	if r := ce.post(ce.transcript()+"/codings/me/excerpts", ce.lead.token, map[string]any{"version": 0, "start": 0, "end": 5, "themes": []string{flexible}}); r.status != 503 {
		t.Fatalf("a first save during a redaction: %d %s", r.status, r.body)
	}
	readExcerpt := func() string {
		t.Helper()
		set := ce.must(ce.get(ce.transcript()+"/codings/me", ce.peer.token), 200).json()
		for _, x := range set["excerpts"].([]any) {
			if x := x.(map[string]any); x["id"] == id {
				return string(after[int(x["start"].(float64)):int(x["end"].(float64))])
			}
		}
		t.Fatal("the excerpt is gone")
		return ""
	}
	if got := readExcerpt(); got != wantWords {
		t.Fatalf("during the redaction the excerpt reads %q, want %q", got, wantWords)
	}
	stored, err := ce.store.CodingSet(ctx, ce.pid, ce.tid, ce.peer.id)
	if err != nil || stored.TextVersion != 0 {
		t.Fatalf("the stored set moved before the redaction was finished: %+v %v", stored, err)
	}
	// Once the mark is stale, the next request finishes the redaction.
	ce.clock.Advance(tandem.RedactionWindow + 1)
	if got := readExcerpt(); got != wantWords {
		t.Fatalf("after finishing the excerpt reads %q, want %q", got, wantWords)
	}
	stored, err = ce.store.CodingSet(ctx, ce.pid, ce.tid, ce.peer.id)
	if err != nil || stored.Excerpt(id) == nil || string(after[stored.Excerpt(id).Start:stored.Excerpt(id).End]) != wantWords || stored.Version != int64(v)+1 {
		t.Fatalf("the stored set after finishing: %+v %v", stored, err)
	}
	ce.add(ce.peer, v+1, 0, 5, flexible)

	// A redaction that died before changing the text is forgotten.
	_, tv = ce.textOf()
	mark()
	ce.clock.Advance(tandem.RedactionWindow + 1)
	ce.add(ce.peer, v+2, 0, 6, flexible)
	if got := readExcerpt(); got != wantWords {
		t.Fatalf("after a redaction that changed nothing the excerpt reads %q", got)
	}
}

// TestRedactionDuringSavesLosesNothing: coders keep saving while the lead
// removes names three times. Every save that was acknowledged is there at
// the end, on the words it was made on; refused ones were refused with 409
// (reload and send again) or 503 (wait and send again).
func TestRedactionDuringSavesLosesNothing(t *testing.T) {
	ce := newRedactionEnv(t)
	flexible := ce.theme("Flexible")
	type made struct{ words string }
	var mu sync.Mutex
	acked := map[string]made{} // excerpt id -> the words it was made on
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var conflicts, busy int
	coder := func(u *user, seed uint64) {
		defer wg.Done()
		r := rand.New(rand.NewPCG(seed, 3))
		text, tv := ce.textOf()
		version := 0.0
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			// Words that no redaction touches: lower-case ones.
			spans := wordSpans(text, "coming", "sister", "told", "Tuesdays", "first", "Scary", "group", "shows", "home")
			s := spans[r.IntN(len(spans))]
			words := string(text[s[0]:s[1]])
			id := fmt.Sprintf("%08x-0000-4000-8000-%012x", seed, i)
			for attempt := 0; ; attempt++ {
				res := ce.post(ce.transcript()+"/codings/me/excerpts", u.token, map[string]any{"version": version, "textVersion": tv, "id": id, "start": s[0], "end": s[1], "themes": []string{flexible}})
				if res.status == 201 || res.status == 200 {
					version = res.json()["version"].(float64)
					mu.Lock()
					acked[id] = made{words}
					mu.Unlock()
					break
				}
				mu.Lock()
				switch res.code() {
				case "version_conflict":
					conflicts++
					cur := res.json()["error"].(map[string]any)["details"].(map[string]any)["current"].(map[string]any)
					version = cur["version"].(float64)
				case "transcript_busy":
					busy++
					mu.Unlock()
					time.Sleep(2 * time.Millisecond)
					mu.Lock()
				default:
					mu.Unlock()
					t.Errorf("save: %d %s", res.status, res.body)
					return
				}
				mu.Unlock()
			}
			if i%7 == 0 { // now and then the tab reloads the text
				text, tv = ce.textOf()
			}
		}
	}
	wg.Add(2)
	go coder(ce.peer, 1)
	go coder(ce.academic, 2)
	// Between redactions, wait for the coders to save some more.
	waitForSaves := func(n int) {
		for {
			mu.Lock()
			k := len(acked)
			mu.Unlock()
			if k >= n {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}
	for i, name := range []string{"Maria", "Joe", "Dr Okafor"} {
		waitForSaves(20 * (i + 1))
		text, tv := ce.textOf()
		var reps []map[string]any
		for _, s := range wordSpans(text, name) {
			reps = append(reps, map[string]any{"start": s[0], "end": s[1], "with": "[NAME]"})
		}
		for {
			r := ce.post(ce.transcript()+"/redactions", ce.lead.token, map[string]any{"version": tv, "replacements": reps})
			if r.status == 200 {
				break
			}
			if r.status != 503 {
				t.Fatalf("redaction of %s: %d %s", name, r.status, r.body)
			}
		}
	}
	waitForSaves(80)
	close(stop)
	wg.Wait()
	text, _ := ce.textOf()
	if strings.Contains(string(text), "Okafor") {
		t.Fatal("a name is still there")
	}
	sets := setsByCoder(ce.must(ce.get(ce.transcript()+"/codings", ce.lead.token), 200).json())
	found := 0
	for _, u := range []*user{ce.peer, ce.academic} {
		for _, x := range sets[u.id]["excerpts"].([]any) {
			x := x.(map[string]any)
			w, ok := acked[x["id"].(string)]
			if !ok {
				t.Errorf("an excerpt that was never acknowledged: %v", x)
				continue
			}
			if got := string(text[int(x["start"].(float64)):int(x["end"].(float64))]); got != w.words {
				t.Errorf("excerpt %v reads %q, was made on %q", x["id"], got, w.words)
			}
			found++
		}
	}
	if found != len(acked) || found == 0 {
		t.Fatalf("%d excerpts found, %d acknowledged", found, len(acked))
	}
	t.Logf("%d saves acknowledged; %d conflicts and %d waits while three redactions ran", len(acked), conflicts, busy)
}
