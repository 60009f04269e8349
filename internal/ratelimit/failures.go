// Package ratelimit is Tandem's one home for rate limits, kept in memory
// per key: Limiter holds failed attempts back with a growing wait (password
// and reset link guesses), and Rate spreads requests over time (a token
// bucket per key, on golang.org/x/time/rate). With several Tandem instances
// each limits the requests it sees.
package ratelimit

import (
	"slices"
	"sync"
	"time"
)

// Limit is the rule of a Limiter: Free failed attempts within Window need
// no wait; after them each further attempt waits First after the latest
// failure, twice as long for each failure beyond, and at most Most.
type Limit struct {
	Free   int
	Window time.Duration
	First  time.Duration
	Most   time.Duration
}

// wait returns how long after the latest of n failures the next attempt
// must wait.
func (lim Limit) wait(n int) time.Duration {
	if n < lim.Free {
		return 0
	}
	w := lim.First
	for i := lim.Free; i < n && w < lim.Most; i++ {
		w *= 2
	}
	return min(w, lim.Most)
}

// Limiter limits failed attempts per key (an account and device, an
// account, an address). An attempt counts as a failure from the moment it
// is reserved, before the password is checked, so that attempts made at the
// same moment cannot all pass the limit before any of them has failed; a
// success takes its count back. It is kept in memory: with several Tandem
// instances each limits the attempts it sees.
type Limiter struct {
	limit Limit
	now   func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewLimiter returns a Limiter with the rule and the clock now (nil:
// time.Now).
func NewLimiter(limit Limit, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{limit: limit, now: now, failures: map[string][]time.Time{}}
}

// Attempt is an attempt counted by Reserve. It stays counted as a failure
// unless it is cancelled.
type Attempt struct {
	l   *Limiter
	key string
	at  time.Time
}

// Reserve counts an attempt by key if it may be made now, and returns it;
// otherwise it returns nil and how long key must wait.
func (l *Limiter) Reserve(key string) (*Attempt, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if w := l.waitLocked(key, now); w > 0 {
		return nil, w
	}
	l.failures[key] = append(l.failures[key], now)
	if len(l.failures) > 100_000 {
		l.sweep(now)
	}
	return &Attempt{l: l, key: key, at: now}, 0
}

// Cancel takes the attempt back: it was not made (the server was busy) or
// it was no failure. Cancelling twice, or after Reset, changes nothing.
func (a *Attempt) Cancel() {
	if a == nil {
		return
	}
	l := a.l
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.failures[a.key]
	if i := slices.Index(f, a.at); i >= 0 {
		f = slices.Delete(f, i, i+1)
		if len(f) == 0 {
			delete(l.failures, a.key)
		} else {
			l.failures[a.key] = f
		}
	}
	a.at = time.Time{}
}

// Reset forgets key's failures, after a success.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

func (l *Limiter) waitLocked(key string, now time.Time) time.Duration {
	f := l.recent(key, now)
	if len(f) == 0 {
		return 0
	}
	w := l.limit.wait(len(f))
	if w == 0 {
		return 0
	}
	return max(0, f[len(f)-1].Add(w).Sub(now))
}

// recent drops key's failures older than the window and returns the rest,
// oldest first.
func (l *Limiter) recent(key string, now time.Time) []time.Time {
	f := l.failures[key]
	cut := now.Add(-l.limit.Window)
	i := 0
	for i < len(f) && !f[i].After(cut) {
		i++
	}
	f = f[i:]
	if len(f) == 0 {
		delete(l.failures, key)
		return nil
	}
	l.failures[key] = f
	return f
}

func (l *Limiter) sweep(now time.Time) {
	for k := range l.failures {
		l.recent(k, now)
	}
}
