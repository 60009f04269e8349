package mongodb_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandemqda/tandem/internal/mongodb/mongotest"
	"github.com/tandemqda/tandem/internal/tandem"
)

func TestExemplarsKeepTheirQuotes(t *testing.T) {
	s := mongotest.Open(t)
	ctx := context.Background()
	if x, err := s.Exemplars(ctx, "p1"); err != nil || x.Exemplars == nil || len(x.Exemplars) != 0 {
		t.Fatalf("a project with none: %+v, %v", x, err)
	}
	at := time.Date(2026, 11, 28, 14, 0, 0, 0, time.UTC)
	pick := func(id, theme, tid string, example bool) {
		t.Helper()
		if _, err := s.UpdateExemplars(ctx, "p1", func(x *tandem.ExemplarSet) error {
			_, err := x.Pick(tandem.Exemplar{ID: id, ThemeID: theme, TranscriptID: tid, ExcerptID: "e-" + id, Start: 3, End: 9,
				Text: "I felt at home 😊", CodebookExample: example, PickedBy: "lead", PickedByName: "Lee", PickedAt: at})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	pick("a", "T", "t1", true)
	pick("b", "T", "t2", false)
	pick("c", "U", "t1", false)
	// A second codebook example of T is refused and changes nothing.
	if _, err := s.UpdateExemplars(ctx, "p1", func(x *tandem.ExemplarSet) error {
		_, err := x.Pick(tandem.Exemplar{ID: "d", ThemeID: "T", TranscriptID: "t2", ExcerptID: "e-d", CodebookExample: true})
		return err
	}); tandem.CodeOf(err) != tandem.CodeExampleTaken {
		t.Fatalf("a second example: %v", err)
	}
	x, err := s.Exemplars(ctx, "p1")
	if err != nil || len(x.Exemplars) != 3 {
		t.Fatalf("read back: %+v, %v", x, err)
	}
	if a := x.Exemplar("a"); a == nil || a.Text != "I felt at home 😊" || !a.CodebookExample || !a.PickedAt.Equal(at) || a.Start != 3 {
		t.Fatalf("a: %+v", a)
	}
	// A transcript's deletion takes its exemplars; other projects keep theirs.
	pick2, err := s.UpdateExemplars(ctx, "p2", func(x *tandem.ExemplarSet) error {
		_, err := x.Pick(tandem.Exemplar{ID: "z", ThemeID: "T", TranscriptID: "t1", ExcerptID: "e"})
		return err
	})
	if err != nil || len(pick2.Exemplars) != 1 {
		t.Fatal(err)
	}
	if _, err := s.UpdateExemplars(ctx, "p1", func(x *tandem.ExemplarSet) error { x.RemoveTranscript("t1"); return nil }); err != nil {
		t.Fatal(err)
	}
	if x, _ := s.Exemplars(ctx, "p1"); len(x.Exemplars) != 1 || x.Exemplars[0].ID != "b" {
		t.Fatalf("after removing t1: %+v", x.Exemplars)
	}
	if x, _ := s.Exemplars(ctx, "p2"); len(x.Exemplars) != 1 {
		t.Fatalf("p2: %+v", x.Exemplars)
	}
}
