package ratelimit

import (
	"sync"
	"testing"
	"time"
)

func TestLimiterBacksOff(t *testing.T) {
	l := NewLimiter(Limit{Free: 3, Window: time.Hour, First: time.Minute, Most: 5 * time.Minute}, nil)
	clock := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	l.now = func() time.Time { return clock }
	for i := range 3 {
		if a, w := l.Reserve("a"); a == nil || w != 0 {
			t.Fatalf("attempt %d must wait %s", i, w)
		}
		clock = clock.Add(10 * time.Second)
	}
	// After 3 failures: 1 minute after the latest, then 2, 4, and at most 5.
	for _, want := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute} {
		if _, w := l.Reserve("a"); w != want-10*time.Second {
			t.Fatalf("wait %s, want %s", w, want-10*time.Second)
		}
		clock = clock.Add(want - 10*time.Second)
		if a, w := l.Reserve("a"); a == nil {
			t.Fatalf("after the wait of %s: still %s", want, w)
		}
		clock = clock.Add(10 * time.Second)
	}
	if a, w := l.Reserve("b"); a == nil {
		t.Fatalf("another key waits %s", w)
	}
	clock = clock.Add(time.Hour)
	a, w := l.Reserve("a")
	if a == nil || w != 0 {
		t.Fatalf("an hour after the last failure: wait %s", w)
	}
	l.Reset("a")
	a.Cancel() // after a reset, changes nothing
	if b, w := l.Reserve("a"); b == nil || w != 0 {
		t.Fatalf("after reset: wait %s", w)
	}
}

func TestLimiterCancelTakesTheAttemptBack(t *testing.T) {
	l := NewLimiter(Limit{Free: 2, Window: time.Hour, First: time.Minute, Most: time.Hour}, nil)
	clock := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	l.now = func() time.Time { return clock }
	a, _ := l.Reserve("k")
	b, _ := l.Reserve("k")
	if c, w := l.Reserve("k"); c != nil || w != time.Minute {
		t.Fatalf("third attempt: %v, wait %s", c, w)
	}
	b.Cancel()
	b.Cancel() // twice changes nothing
	if c, w := l.Reserve("k"); c == nil {
		t.Fatalf("after a cancel: wait %s", w)
	}
	a.Cancel()
	var none *Attempt
	none.Cancel()
}

// TestLimiterCountsAttemptsAtTheSameMoment is the sign-in burst: 60 guesses
// at once on one key. Only as many as the limit may go on to the check.
func TestLimiterCountsAttemptsAtTheSameMoment(t *testing.T) {
	l := NewLimiter(Limit{Free: 5, Window: time.Hour, First: time.Minute, Most: time.Hour}, nil)
	var mu sync.Mutex
	var wg sync.WaitGroup
	passed := 0
	start := make(chan struct{})
	for range 60 {
		wg.Go(func() {
			<-start
			if a, _ := l.Reserve("account"); a != nil {
				mu.Lock()
				passed++
				mu.Unlock()
			}
		})
	}
	close(start)
	wg.Wait()
	if passed != 5 {
		t.Fatalf("%d of 60 attempts at once passed the limit of 5", passed)
	}
}
