package mongodb_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/tandemqda/tandem/internal/mongodb"
	"github.com/tandemqda/tandem/internal/mongodb/mongotest"
	"github.com/tandemqda/tandem/internal/tandem"
)

// openShared opens a store on a new database and returns it with the
// options that open more stores on the same database (no cache shared);
// the database goes when the test ends.
func openShared(t *testing.T) (mongodb.Options, *mongodb.Store) {
	uri, embedded := mongotest.URI(t)
	b := make([]byte, 6)
	rand.Read(b)
	opts := mongodb.Options{URI: uri, Database: "test_" + hex.EncodeToString(b), Embedded: embedded}
	ctx := context.Background()
	s, err := mongodb.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Drop(ctx); s.Close(ctx) })
	return opts, s
}

// TestCodingSetSurvivesAStoreRestart: a set of several hundred excerpts,
// changed here and there, reads back the same from a second store on the
// same database (no cache shared), on either layout.
func TestCodingSetSurvivesAStoreRestart(t *testing.T) {
	opts, s1 := openShared(t)
	ctx := context.Background()
	want := map[string]tandem.Excerpt{}
	for i := range 350 {
		e := tandem.Excerpt{ID: fmt.Sprintf("e%03d", i), Start: i, End: i + 5, Themes: []string{"t"}}
		if _, err := s1.UpdateCodingSet(ctx, "p", "t1", "c", func(set *tandem.CodingSet) error {
			_, err := set.AddExcerpt(e)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		want[e.ID] = e
	}
	// Change one in the first chunk, delete one in the middle, add one more.
	set, err := s1.UpdateCodingSet(ctx, "p", "t1", "c", func(set *tandem.CodingSet) error {
		set.Excerpt("e003").Memo = "changed"
		if err := set.DeleteExcerpt("e150"); err != nil {
			return err
		}
		_, err := set.AddExcerpt(tandem.Excerpt{ID: "new", Start: 1, End: 2, Themes: []string{"t"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	e3 := want["e003"]
	e3.Memo = "changed"
	want["e003"], want["new"] = e3, tandem.Excerpt{ID: "new", Start: 1, End: 2, Themes: []string{"t"}}
	delete(want, "e150")
	if set.Version != 351 || len(set.Excerpts) != len(want) {
		t.Fatalf("version %d, %d excerpts", set.Version, len(set.Excerpts))
	}
	s2, err := mongodb.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close(ctx)
	for name, s := range map[string]*mongodb.Store{"same store": s1, "new store": s2} {
		got, err := s.CodingSet(ctx, "p", "t1", "c")
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 351 || len(got.Excerpts) != len(want) {
			t.Fatalf("%s: version %d, %d excerpts, want %d", name, got.Version, len(got.Excerpts), len(want))
		}
		for _, e := range got.Excerpts {
			if w := want[e.ID]; w.Start != e.Start || w.End != e.End || w.Memo != e.Memo {
				t.Fatalf("%s: %+v, want %+v", name, e, w)
			}
		}
	}
	// Submitted (the header changes), then reopened and added to (only the
	// last chunk changes): a fresh store sees the newest version and status.
	for i, change := range []func(*tandem.CodingSet) error{
		func(set *tandem.CodingSet) error { set.Status = tandem.CodingSubmitted; return nil },
		func(set *tandem.CodingSet) error { set.Status = tandem.CodingInProgress; return nil },
		func(set *tandem.CodingSet) error {
			_, err := set.AddExcerpt(tandem.Excerpt{ID: "later", Start: 3, End: 4, Themes: []string{"t"}})
			return err
		},
	} {
		if _, err := s2.UpdateCodingSet(ctx, "p", "t1", "c", change); err != nil {
			t.Fatalf("change %d: %v", i, err)
		}
	}
	s3, err := mongodb.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close(ctx)
	if got, err := s3.CodingSet(ctx, "p", "t1", "c"); err != nil || got.Version != 354 || got.Status != tandem.CodingInProgress || got.Excerpt("later") == nil {
		t.Fatalf("after submit, reopen and add: %+v %v", got, err)
	}
	if err := s2.DeleteCodingSet(ctx, "t1", "c"); err != nil {
		t.Fatal(err)
	}
	if _, err := s2.CodingSet(ctx, "p", "t1", "c"); err == nil {
		t.Fatal("the set is still there after deletion")
	}
}

// TestCodingSetMovedWholeByARedaction: moving every excerpt of a set of
// several chunks (what a redaction does) keeps the set whole and its text
// version, read from a second store; later saves add and change excerpts
// as usual.
func TestCodingSetMovedWholeByARedaction(t *testing.T) {
	opts, s1 := openShared(t)
	ctx := context.Background()
	for i := range 250 {
		if _, err := s1.UpdateCodingSet(ctx, "p", "t1", "c", func(set *tandem.CodingSet) error {
			_, err := set.AddExcerpt(tandem.Excerpt{ID: fmt.Sprintf("e%03d", i), Start: 10 + i, End: 15 + i, Themes: []string{"t"}})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	changes := []tandem.TextChange{{From: 1, To: 2, Edits: []tandem.TextEdit{{Start: 0, End: 5, Len: 8}}}} // +3 before all
	moved, err := s1.UpdateCodingSet(ctx, "p", "t1", "c", func(set *tandem.CodingSet) error {
		set.FollowText(changes, 2)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if moved.Version != 251 || moved.TextVersion != 2 {
		t.Fatalf("after the move: version %d, text version %d", moved.Version, moved.TextVersion)
	}
	check := func(s *mongodb.Store, version int64, extra int) {
		t.Helper()
		got, err := s.CodingSet(ctx, "p", "t1", "c")
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != version || got.TextVersion != 2 || len(got.Excerpts) != 250+extra {
			t.Fatalf("version %d (want %d), text version %d, %d excerpts", got.Version, version, got.TextVersion, len(got.Excerpts))
		}
		for i := range 250 {
			if e := got.Excerpt(fmt.Sprintf("e%03d", i)); e == nil || e.Start != 13+i || e.End != 18+i {
				t.Fatalf("excerpt %d: %+v", i, e)
			}
		}
	}
	s2, err := mongodb.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close(ctx)
	check(s1, 251, 0)
	check(s2, 251, 0)
	for i, change := range []func(*tandem.CodingSet) error{
		func(set *tandem.CodingSet) error {
			_, err := set.AddExcerpt(tandem.Excerpt{ID: "after", Start: 1, End: 2, Themes: []string{"t"}})
			return err
		},
		func(set *tandem.CodingSet) error { set.Excerpt("after").Memo = "kept"; return nil },
	} {
		if _, err := s2.UpdateCodingSet(ctx, "p", "t1", "c", change); err != nil {
			t.Fatalf("change %d: %v", i, err)
		}
	}
	s3, err := mongodb.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close(ctx)
	check(s3, 253, 1)
	if got, _ := s3.CodingSet(ctx, "p", "t1", "c"); got.Excerpt("after").Memo != "kept" {
		t.Fatal("the change after the move was lost")
	}
}
