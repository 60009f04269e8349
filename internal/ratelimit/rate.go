package ratelimit

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rate allows each key perSecond requests a second on average, and burst at
// once: a token bucket per key (golang.org/x/time/rate) on the clock given.
type Rate struct {
	perSecond rate.Limit
	burst     int
	now       func() time.Time

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

// NewRate returns a Rate with the clock now (nil: time.Now).
func NewRate(perSecond float64, burst int, now func() time.Time) *Rate {
	if now == nil {
		now = time.Now
	}
	return &Rate{perSecond: rate.Limit(perSecond), burst: burst, now: now, buckets: map[string]*rate.Limiter{}}
}

// maxKeys is how many keys Rate keeps before it forgets the full buckets.
const maxKeys = 100_000

// Allow takes a request of key if it may be made now; otherwise it says how
// long until it may.
func (l *Rate) Allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxKeys {
			l.sweep(now)
		}
		b = rate.NewLimiter(l.perSecond, l.burst) // full from the start
		l.buckets[key] = b
	}
	r := b.ReserveN(now, 1)
	if !r.OK() {
		return false, time.Duration(float64(time.Second) / float64(l.perSecond))
	}
	if wait := r.DelayFrom(now); wait > 0 {
		r.CancelAt(now)
		return false, wait
	}
	return true, 0
}

// sweep forgets the keys whose bucket is full again: they lose nothing.
func (l *Rate) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.TokensAt(now) >= float64(l.burst) {
			delete(l.buckets, k)
		}
	}
}
