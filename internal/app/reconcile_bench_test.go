package app_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tandemqda/tandem/internal/app"
	"github.com/tandemqda/tandem/internal/mongodb"
	"github.com/tandemqda/tandem/internal/mongodb/mongotest"
	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/transcript"
)

// recBench is a project on the embedded store whose transcripts were coded
// by four coders (two peers, two academics) and submitted.
type recBench struct {
	a      *app.App
	store  *mongodb.Store
	sc     app.Scope
	themes []string
}

func newRecBench(b *testing.B) *recBench {
	ctx := context.Background()
	s := mongotest.Open(b)
	a := app.New(app.Config{Store: s})
	lead := &tandem.User{ID: "lead", Name: "Lee"}
	p, err := a.CreateProject(ctx, lead, "Bench", "", tandem.ResearcherAcademic, "")
	if err != nil {
		b.Fatal(err)
	}
	if p, err = s.UpdateProject(ctx, p.ID, func(p *tandem.Project) error {
		for i := range 4 {
			rt := tandem.ResearcherPeer
			if i%2 == 1 {
				rt = tandem.ResearcherAcademic
			}
			p.Members = append(p.Members, tandem.Member{UserID: fmt.Sprintf("coder%d", i), DisplayName: fmt.Sprintf("Coder %d", i), Role: tandem.RoleCoder, ResearcherType: rt})
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	rb := &recBench{a: a, store: s, sc: app.Scope{User: lead, Project: p, Member: p.Member(lead.ID)}}
	if _, err := a.ChangeCodebook(ctx, rb.sc, 0, func(cb *tandem.Codebook, me *tandem.Member) (string, error) {
		cb.Add("d", tandem.LevelDomain, "", tandem.NodeText{Name: "D"}, tandem.StatusActive, me)
		cb.Add("c", tandem.LevelCategory, "d", tandem.NodeText{Name: "C"}, tandem.StatusActive, me)
		for i := range 10 {
			id := fmt.Sprintf("theme%d", i)
			if _, err := cb.Add(id, tandem.LevelTheme, "c", tandem.NodeText{Name: id}, tandem.StatusActive, me); err != nil {
				return "", err
			}
			rb.themes = append(rb.themes, id)
		}
		return "themes", nil
	}); err != nil {
		b.Fatal(err)
	}
	return rb
}

// transcript uploads a transcript of turns turns of about 300 characters,
// which each coder codes with perCoder excerpts and submits; it is left in
// the phase.
func (rb *recBench) transcript(b *testing.B, n, turns, perCoder int, phase tandem.Phase) *tandem.TranscriptInfo {
	ctx := context.Background()
	var text strings.Builder
	for i := range turns {
		speaker := "Interviewer"
		if i%2 == 1 {
			speaker = "Participant"
		}
		fmt.Fprintf(&text, "%s: %d %s\n", speaker, n, strings.TrimSpace(strings.Repeat("we talked about the group ", 11)))
	}
	info, err := rb.a.Upload(ctx, rb.sc, fmt.Sprintf("interview%d.txt", n), func() ([]byte, error) { return []byte(text.String()), nil }, transcript.DefaultLimits)
	if err != nil {
		b.Fatal(err)
	}
	tt, err := rb.store.TranscriptText(ctx, info.ID)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	coders := []string{"coder0", "coder1", "coder2", "coder3"}
	now := time.Now().UTC()
	for _, coder := range coders {
		if _, err := rb.store.UpdateCodingSet(ctx, rb.sc.Project.ID, info.ID, coder, func(set *tandem.CodingSet) error {
			for i := range perCoder {
				t := tt.Turns[rng.IntN(len(tt.Turns))]
				start := t.Start + rng.IntN(max(1, t.End-t.Start-40))
				set.Excerpts = append(set.Excerpts, tandem.Excerpt{ID: fmt.Sprintf("%s-%d", coder, i), Start: start, End: min(t.End, start+20+rng.IntN(120)),
					Themes: []string{rb.themes[rng.IntN(len(rb.themes))]}, CreatedAt: now, UpdatedAt: now})
			}
			set.Status, set.SubmittedAt = tandem.CodingSubmitted, &now
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := rb.store.UpdateTranscriptIndex(ctx, rb.sc.Project.ID, func(x *tandem.TranscriptIndex) error {
		e := x.Transcript(info.ID)
		e.CodedBy, e.AssignedCoders = coders, coders
		e.SetPhase(tandem.PhaseRevealed)
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	if phase == tandem.PhaseReconciling {
		if _, err := rb.a.MovePhase(ctx, rb.sc, info.ID, app.PhaseRequest{To: phase}); err != nil {
			b.Fatal(err)
		}
	}
	return info
}

// percentiles reports the p50, p95 and p99 of the durations in ms.
func percentiles(b *testing.B, ds []time.Duration) {
	slices.Sort(ds)
	at := func(p float64) float64 {
		return float64(ds[min(len(ds)-1, int(p*float64(len(ds))))]) / 1e6
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// BenchmarkQueue builds the disagreement queue of a transcript of 200
// turns coded by 4 coders with 500 excerpts each (2,000 excerpts), on the
// embedded store, through the use case a lead's request calls (target:
// p95 <= 50 ms).
func BenchmarkQueue(b *testing.B) {
	rb := newRecBench(b)
	info := rb.transcript(b, 0, 200, 500, tandem.PhaseReconciling)
	ctx := context.Background()
	var ds []time.Duration
	items := 0
	for b.Loop() {
		start := time.Now()
		q, err := rb.a.Queue(ctx, rb.sc, info.ID)
		if err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
		items = len(q.Items)
	}
	b.ReportMetric(float64(items), "items")
	percentiles(b, ds)
}

// BenchmarkDecideConcurrently: 5 leads decide at once, each on a
// transcript of their own (100 turns, 4 coders x 100 excerpts), accept or
// reject with a rationale, on the embedded store (target: p99 <= 30 ms);
// leads=1 is one lead alone, for comparison. cpu-ms/decision is the
// process's CPU time (the embedded engine's included) per decision: on a
// machine shared with other work it moves far less than the latencies do.
func BenchmarkDecideConcurrently(b *testing.B) {
	for _, leads := range []int{1, 5} {
		b.Run(fmt.Sprintf("leads=%d", leads), func(b *testing.B) { benchDecide(b, leads) })
	}
}

func benchDecide(b *testing.B, leads int) {
	rb := newRecBench(b)
	type work struct {
		info  *tandem.TranscriptInfo
		items []app.QueueItem
	}
	works := make([]*work, leads)
	ctx := context.Background()
	for i := range leads {
		info := rb.transcript(b, i, 100, 100, tandem.PhaseReconciling)
		q, err := rb.a.Queue(ctx, rb.sc, info.ID)
		if err != nil {
			b.Fatal(err)
		}
		w := &work{info: info}
		for _, it := range q.Items {
			if !it.Agreed {
				w.items = append(w.items, it)
			}
		}
		works[i] = w
	}
	var mu sync.Mutex
	var ds []time.Duration
	round := 0
	cpu0 := cpuSeconds()
	for b.Loop() {
		var wg sync.WaitGroup
		for _, w := range works {
			wg.Add(1)
			go func() {
				defer wg.Done()
				k := round % len(w.items)
				it := &w.items[k]
				action := tandem.ActionAccept
				if round%2 == 1 {
					action = tandem.ActionReject
				}
				start := time.Now()
				d, err := rb.a.Decide(ctx, rb.sc, w.info.ID, tandem.DecisionInput{ItemID: it.ID, Fingerprint: it.Fingerprint, Revision: it.Revision,
					Action: action, Rationale: "Decided in the benchmark."})
				took := time.Since(start)
				if err != nil {
					b.Error(err)
					return
				}
				*it = *d.Item
				mu.Lock()
				ds = append(ds, took)
				mu.Unlock()
			}()
		}
		wg.Wait()
		round++
	}
	b.ReportMetric((cpuSeconds()-cpu0)*1000/float64(len(ds)), "cpu-ms/decision")
	percentiles(b, ds)
}

// cpuSeconds is the CPU time the process used so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
