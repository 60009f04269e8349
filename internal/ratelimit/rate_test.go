package ratelimit

import (
	"testing"
	"time"
)

func TestRate(t *testing.T) {
	clock := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	l := NewRate(10, 20, func() time.Time { return clock })
	// A full bucket: 20 at once, then the 21st waits a tenth of a second.
	for i := range 20 {
		if ok, w := l.Allow("a"); !ok {
			t.Fatalf("request %d of the burst waits %s", i, w)
		}
	}
	ok, w := l.Allow("a")
	if ok || w != 100*time.Millisecond {
		t.Fatalf("after the burst: %v, wait %s; want a wait of 100ms", ok, w)
	}
	// A refused request takes nothing: the wait does not grow.
	if _, w2 := l.Allow("a"); w2 != w {
		t.Fatalf("a second refusal waits %s, want %s", w2, w)
	}
	// Another key has its own bucket.
	if ok, w := l.Allow("b"); !ok {
		t.Fatalf("another key waits %s", w)
	}
	// The bucket refills at 10 a second.
	clock = clock.Add(time.Second)
	for i := range 10 {
		if ok, w := l.Allow("a"); !ok {
			t.Fatalf("a second later, request %d waits %s", i, w)
		}
	}
	if ok, _ := l.Allow("a"); ok {
		t.Fatal("a second refills 10, not 11")
	}
}

func TestRateForgetsFullBuckets(t *testing.T) {
	clock := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	l := NewRate(1, 2, func() time.Time { return clock })
	l.Allow("busy")
	l.Allow("busy")
	l.Allow("idle")
	clock = clock.Add(time.Second)
	l.sweep(clock)
	if _, ok := l.buckets["idle"]; ok {
		t.Error("a full bucket was kept")
	}
	if _, ok := l.buckets["busy"]; !ok {
		t.Error("a bucket that is not full was forgotten: its requests would count again")
	}
}
