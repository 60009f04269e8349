// The open scenario: the lead opening a transcript with its coding sets.

package main

import (
	"fmt"
	"sync"
	"time"
)

// openScenario: the lead opens the transcript as the browser app does, the
// transcript and its coding sets requested at once, timed until both are in.
func (in *instance) openScenario(m *measured, projects int) (*result, error) {
	c, o, lead := in.c, in.o, in.lead
	r := &result{scenario: "open transcript+codings", projects: projects, syncs: -1}
	tpath := "/api/v1/projects/" + m.pid + "/transcripts/" + m.open.ID
	cpath := codingsPath(m.pid, m.open.ID)
	// Check what the lead sees once.
	var sets struct {
		Sets []codingSet `json:"sets"`
	}
	if err := c.call("GET", cpath, lead.token, nil, 200, &sets); err != nil {
		return nil, err
	}
	total := 0
	for _, s := range sets.Sets {
		total += len(s.Excerpts)
	}
	if want := o.openCoders * o.openExcerpts; total != want {
		return nil, fmt.Errorf("the opened transcript has %d excerpts in %d sets, want %d", total, len(sets.Sets), want)
	}
	var sizeT, sizeC int
	get := func(path string, size *int) (int, error) {
		status, b, err := c.do("GET", path, lead.token, nil)
		*size = len(b)
		return status, err
	}
	const warmup = 5
	start := time.Now()
	for i := 0; i < warmup+o.opens; i++ {
		t0 := time.Now()
		var wg sync.WaitGroup
		var st1, st2 int
		var e1, e2 error
		wg.Add(2)
		go func() { defer wg.Done(); st1, e1 = get(tpath, &sizeT) }()
		go func() { defer wg.Done(); st2, e2 = get(cpath, &sizeC) }()
		wg.Wait()
		d := time.Since(t0)
		if i < warmup {
			start = time.Now()
			continue
		}
		if e1 != nil || e2 != nil || st1 != 200 || st2 != 200 {
			r.errors++
			if r.note == "" {
				r.note = fmt.Sprintf("first error: transcript %d %v, codings %d %v", st1, e1, st2, e2)
			}
			continue
		}
		r.lat = append(r.lat, d)
	}
	r.elapsed = time.Since(start)
	if r.note == "" {
		r.note = fmt.Sprintf("answers: transcript %d KiB, codings %d KiB (%d excerpts); %d warm-up opens not counted", sizeT>>10, sizeC>>10, total, warmup)
	}
	return r, nil
}
