// The save scenarios: coders saving excerpts as fast as they can, and paced.

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"sync"
	"sync/atomic"
	"time"
)

// saveScenario has every coder save excerpts on the same transcript, each
// save carrying the version of its previous answer; a 409 reloads the set and
// retries the same excerpt. With rate 0 each saves as fast as it can (the
// throughput); with a rate they save at rate/coders a second each, and a
// save's latency runs from the moment it was due, so a server that falls
// behind is not flattered (no coordinated omission). Afterwards every
// acknowledged excerpt must be in its coder's set.
func (in *instance) saveScenario(m *measured, projects int, rate float64) *result {
	c, o := in.c, in.o
	r := &result{scenario: scenarioMax, projects: projects, syncs: -1}
	if rate > 0 {
		r.scenario = fmt.Sprintf(scenarioPaced, rate)
	}
	var begin time.Time
	var mu sync.Mutex
	var errs, conflicts atomic.Int64
	var firstErr atomic.Value
	acked := make([][]string, len(in.coders))
	path := codingsPath(m.pid, m.save.ID) + "/me/excerpts"
	deadline := time.Now().Add(o.duration)
	startGate := make(chan struct{})
	var wg sync.WaitGroup
	for i, u := range in.coders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(5000 + i)))
			s, err := c.mySet(u, m.pid, m.save.ID)
			if err != nil {
				errs.Add(1)
				firstErr.CompareAndSwap(nil, err.Error())
				return
			}
			version := s.Version
			lat := make([]time.Duration, 0, max(o.saves, 256))
			<-startGate
			interval := time.Duration(0)
			if rate > 0 {
				interval = time.Duration(float64(len(in.coders)) / rate * float64(time.Second))
			}
			for n := 0; (o.saves == 0 || n < o.saves) && time.Now().Before(deadline); n++ {
				body := excerptBody(rng, version, m.save.Chars, m.themes)
				due := time.Now()
				if interval > 0 {
					due = begin.Add(time.Duration(n)*interval + time.Duration(i)*interval/time.Duration(len(in.coders)))
					time.Sleep(time.Until(due))
				}
				for attempt := 0; attempt < 10 && time.Now().Before(deadline); attempt++ {
					t0 := time.Now()
					status, b, err := c.do("POST", path, u.token, body)
					d := time.Since(t0)
					if interval > 0 {
						d = time.Since(due)
					}
					if err != nil {
						errs.Add(1)
						firstErr.CompareAndSwap(nil, err.Error())
						break
					}
					if status == 201 || status == 200 {
						var w struct {
							Version int64   `json:"version"`
							Excerpt excerpt `json:"excerpt"`
						}
						if err := json.Unmarshal(b, &w); err != nil || w.Excerpt.ID != body["id"] {
							errs.Add(1)
							firstErr.CompareAndSwap(nil, fmt.Sprintf("save answered %d without the excerpt: %s", status, short(b)))
							break
						}
						version = w.Version
						lat = append(lat, d)
						acked[i] = append(acked[i], w.Excerpt.ID)
						break
					}
					if status == 409 && bytes.Contains(b, []byte("version_conflict")) {
						conflicts.Add(1)
						var e struct {
							Error struct {
								Details struct {
									Current codingSet `json:"current"`
								} `json:"details"`
							} `json:"error"`
						}
						// Reload as the app does, then retry the same excerpt.
						if s, err := c.mySet(u, m.pid, m.save.ID); err == nil {
							body["version"] = s.Version
						} else if json.Unmarshal(b, &e) == nil {
							body["version"] = e.Error.Details.Current.Version
						}
						continue
					}
					errs.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Sprintf("save answered %d: %s", status, short(b)))
					if status == 429 {
						time.Sleep(time.Second)
					}
					break
				}
			}
			mu.Lock()
			r.lat = append(r.lat, lat...)
			mu.Unlock()
		}()
	}
	time.Sleep(50 * time.Millisecond) // every coder has its set loaded
	start := time.Now()
	begin = start
	close(startGate)
	wg.Wait()
	r.elapsed = time.Since(start)
	r.errors, r.conflicts = errs.Load(), conflicts.Load()
	if v := firstErr.Load(); v != nil {
		r.note = "first error: " + v.(string)
	}
	// 0 lost: every acknowledged excerpt is in its coder's set.
	for i, u := range in.coders {
		s, err := c.mySet(u, m.pid, m.save.ID)
		if err != nil {
			r.lost += len(acked[i])
			r.note += " verify: " + err.Error()
			continue
		}
		have := map[string]bool{}
		for _, e := range s.Excerpts {
			have[e.ID] = true
		}
		for _, id := range acked[i] {
			if !have[id] {
				r.lost++
			}
		}
	}
	return r
}

// Names of the save scenarios.
const (
	scenarioMax   = "save excerpt (max)"
	scenarioPaced = "save excerpt (%.0f/s)"
)

func savesWords(o options) string {
	if o.saves == 0 {
		return o.duration.String()
	}
	return fmt.Sprintf("%d saves (at most %s)", o.saves, o.duration)
}
