package mongodb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tandemqda/tandem/internal/mongodb/mongotest"
	"github.com/tandemqda/tandem/internal/tandem"
)

func TestDecisionsAreInsertOnlyAndOneARevision(t *testing.T) {
	s := mongotest.Open(t)
	ctx := context.Background()
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	d := func(pid, tid, item string, rev int, action tandem.DecisionAction, min int) *tandem.Decision {
		return &tandem.Decision{ID: tandem.DecisionID(tid, item, rev), ProjectID: pid, TranscriptID: tid, ItemID: item, Revision: rev,
			Action: action, Rationale: "because", At: at.Add(time.Duration(min) * time.Minute),
			Applied: []tandem.DecisionSide{{ID: "a", Name: "Ann", ResearcherType: tandem.ResearcherPeer}}}
	}
	for _, x := range []*tandem.Decision{d("p1", "t1", "i1", 0, tandem.ActionDefer, 0), d("p1", "t1", "i1", 1, tandem.ActionAccept, 2),
		d("p1", "t2", "i2", 0, tandem.ActionReject, 1), d("p2", "t3", "i3", 0, tandem.ActionAccept, 0)} {
		if err := s.InsertDecision(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	// A second decision on a revision already decided is refused.
	if err := s.InsertDecision(ctx, d("p1", "t1", "i1", 1, tandem.ActionReject, 3)); !errors.Is(err, tandem.ErrConflict) {
		t.Fatalf("a second decision on the same revision: %v, want a conflict", err)
	}
	all, err := s.Decisions(ctx, "p1", "")
	if err != nil || len(all) != 3 || all[0].ItemID != "i1" || all[1].ItemID != "i2" || all[2].Action != tandem.ActionAccept {
		t.Fatalf("project's decisions: %+v %v", all, err)
	}
	one, err := s.Decisions(ctx, "p1", "t1")
	if err != nil || len(one) != 2 || one[1].Applied[0].Name != "Ann" {
		t.Fatalf("t1's decisions: %+v %v", one, err)
	}
	if got, err := s.Decision(ctx, tandem.DecisionID("t1", "i1", 1)); err != nil || got.Action != tandem.ActionAccept {
		t.Fatalf("decision by id: %+v %v", got, err)
	}
	if _, err := s.Decision(ctx, tandem.DecisionID("t1", "i1", 2)); !errors.Is(err, tandem.ErrNotFound) {
		t.Fatalf("a decision that is not there: %v", err)
	}
	if err := s.DeleteDecisions(ctx, "p1", "t1"); err != nil {
		t.Fatal(err)
	}
	if left, _ := s.Decisions(ctx, "p1", ""); len(left) != 1 || left[0].TranscriptID != "t2" {
		t.Fatalf("after deleting t1's decisions: %+v", left)
	}
	if other, _ := s.Decisions(ctx, "p2", ""); len(other) != 1 {
		t.Fatalf("another project's decisions: %+v", other)
	}
}
