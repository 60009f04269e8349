package mongodb_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tandemqda/tandem/internal/embeddb"
	"github.com/tandemqda/tandem/internal/mongodb"
	"github.com/tandemqda/tandem/internal/tandem"
)

// openOn starts an engine of its own in a fresh directory and opens a store
// on it, with the engine's Flush.
func openOn(t *testing.T, opts embeddb.Options) (*mongodb.Store, *embeddb.Engine) {
	t.Helper()
	if opts.Dir == "" {
		opts.Dir = t.TempDir()
	}
	e, err := embeddb.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Stop)
	s, err := mongodb.Open(context.Background(), mongodb.Options{URI: e.URI(), Embedded: true, Prepare: e.IndexIDs,
		Flush: func() error { return e.Flush("tandem") }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s, e
}

// TestAFullStoreRefusesWritesAsStorageFullAndStillReads fills the embedded
// engine's file to its bound, as a full disk would: the write that does not
// fit fails with storage_full and a message for the person who made it,
// and what the store holds is still read.
func TestAFullStoreRefusesWritesAsStorageFullAndStillReads(t *testing.T) {
	s, _ := openOn(t, embeddb.Options{MaxPages: 400}) // 1.6 MB
	ctx := context.Background()
	if err := s.CreateUser(ctx, newUser("u1", "ada@example.org")); err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("We talked about the group and the walks on Saturdays. ", 4000) // 220 KB
	var err error
	for i := 0; i < 20 && err == nil; i++ {
		err = s.PutTranscriptText(ctx, &tandem.TranscriptText{ID: fmt.Sprintf("t%d", i), ProjectID: "p", Text: fmt.Sprint(i) + text})
	}
	if tandem.CodeOf(err) != tandem.CodeStorageFull || !strings.Contains(tandem.MessageOf(err), "disk is full") {
		t.Fatalf("a write past the end of the disk: %v, want storage_full", err)
	}
	if u, err := s.User(ctx, "u1"); err != nil || u.Email != "ada@example.org" {
		t.Fatalf("read when full: %v, %v", u, err)
	}
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("ready when full: %v", err)
	}
}

// TestReadyFailsWhenTheStoreCannotRead: a store that answers pings but
// cannot read what it holds is not ready.
func TestReadyFailsWhenTheStoreCannotRead(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(t *testing.T, s *mongodb.Store, dir string)
	}{
		{"the database is gone", func(t *testing.T, s *mongodb.Store, dir string) {
			if err := s.Drop(context.Background()); err != nil {
				t.Fatal(err)
			}
		}},
		{"a document is damaged", func(t *testing.T, s *mongodb.Store, dir string) {
			db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "tandem.sqlite")+"?_pragma=busy_timeout(10000)")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var table string
			if err := db.QueryRow(`SELECT table_name FROM "_ferretdb_collections" WHERE name = 'settings'`).Scan(&table); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`UPDATE "` + table + `" SET _ferretdb_sjson = '{"_id":"store","$s":"?"}' WHERE _ferretdb_sjson->'$._id' = '"store"'`); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s, _ := openOn(t, embeddb.Options{Dir: dir})
			ctx := context.Background()
			if err := s.Ready(ctx); err != nil {
				t.Fatalf("ready before: %v", err)
			}
			if err := s.Ping(ctx); err != nil {
				t.Fatal(err)
			}
			tc.spoil(t, s, dir)
			if err := s.Ping(ctx); err != nil {
				t.Fatalf("ping after: %v (the store still answers)", err)
			}
			err := s.Ready(ctx)
			if tandem.CodeOf(err) != tandem.CodeStoreUnavailable || !strings.Contains(tandem.MessageOf(err), "cannot read its database") {
				t.Fatalf("ready after: %v, want store_unavailable", err)
			}
		})
	}
}

// TestWritesReturnOnlyOnceFlushed: every write of the embedded store waits
// for Flush before it returns, and a write whose Flush fails is not
// reported as saved.
func TestWritesReturnOnlyOnceFlushed(t *testing.T) {
	e, err := embeddb.Start(embeddb.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Stop)
	var mu sync.Mutex
	flushes := 0
	var fail error
	s, err := mongodb.Open(context.Background(), mongodb.Options{URI: e.URI(), Embedded: true, Flush: func() error {
		mu.Lock()
		defer mu.Unlock()
		flushes++
		return fail
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	ctx := context.Background()
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		return flushes
	}
	p := &tandem.Project{ID: "p1", Name: "Study", Members: []tandem.Member{{UserID: "lead", Role: tandem.RoleLead}}}
	for _, w := range []struct {
		name  string
		write func() error
	}{
		{"create a user", func() error { return s.CreateUser(ctx, newUser("u1", "ada@example.org")) }},
		{"create a project", func() error { return s.CreateProject(ctx, p) }},
		{"change a project", func() error {
			_, err := s.UpdateProject(ctx, "p1", func(p *tandem.Project) error { p.Name = "Renamed"; return nil })
			return err
		}},
		{"save a transcript text", func() error {
			return s.PutTranscriptText(ctx, &tandem.TranscriptText{ID: "t1", ProjectID: "p1", Text: "Hello."})
		}},
		{"append to the audit log", func() error {
			return s.AppendAudit(ctx, &tandem.AuditEntry{ProjectID: "p1", Action: "test"})
		}},
	} {
		before := count()
		if err := w.write(); err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		if got := count() - before; got != 1 {
			t.Errorf("%s: flushed %d times before returning, want 1", w.name, got)
		}
	}

	// A write the store refuses needs no flush.
	before := count()
	if err := s.CreateUser(ctx, newUser("u2", "ADA@example.org")); !errors.Is(err, tandem.ErrConflict) {
		t.Fatalf("duplicate email: %v", err)
	}
	if count() != before {
		t.Error("a refused write was flushed")
	}

	// When the disk cannot sync, the write is not reported as saved.
	mu.Lock()
	fail = errors.New("sync tandem.sqlite-wal: input/output error")
	mu.Unlock()
	if err := s.CreateUser(ctx, newUser("u3", "grace@example.org")); err == nil || !strings.Contains(err.Error(), "reach the disk") {
		t.Fatalf("a write whose flush failed: %v, want an error", err)
	}
}

// TestBatchFlushesOnceWhenItEnds: the writes of a batch wait for one flush
// between them, made when the batch ends, not before; a batch that wrote
// nothing does not flush; and a batch whose flush fails is not reported as
// saved, even when its own work succeeded.
func TestBatchFlushesOnceWhenItEnds(t *testing.T) {
	e, err := embeddb.Start(embeddb.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Stop)
	var mu sync.Mutex
	flushes := 0
	var fail error
	s, err := mongodb.Open(context.Background(), mongodb.Options{URI: e.URI(), Embedded: true, Flush: func() error {
		mu.Lock()
		defer mu.Unlock()
		flushes++
		return fail
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		return flushes
	}
	ctx := context.Background()
	if err := s.CreateProject(ctx, &tandem.Project{ID: "p1", Name: "Study", Members: []tandem.Member{{UserID: "lead", Role: tandem.RoleLead}}}); err != nil {
		t.Fatal(err)
	}

	before := count()
	inside := -1
	err = s.Batch(ctx, func(ctx context.Context) error {
		d := &tandem.Decision{ID: "t1/i1/0", ProjectID: "p1", TranscriptID: "t1", ItemID: "i1", Action: tandem.ActionAccept}
		if err := s.InsertDecision(ctx, d); err != nil {
			return err
		}
		if err := s.AppendAudit(ctx, &tandem.AuditEntry{ProjectID: "p1", Action: "reconcile.decided"}); err != nil {
			return err
		}
		inside = count() - before
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if inside != 0 || count()-before != 1 {
		t.Fatalf("a batch of two writes flushed %d times before it ended and %d in all, want 0 and 1", inside, count()-before)
	}

	// A batch whose only write is refused flushes nothing.
	before = count()
	err = s.Batch(ctx, func(ctx context.Context) error {
		return s.InsertDecision(ctx, &tandem.Decision{ID: "t1/i1/0", ProjectID: "p1", TranscriptID: "t1", ItemID: "i1"})
	})
	if !errors.Is(err, tandem.ErrConflict) || count() != before {
		t.Fatalf("a batch with a refused write: %v and %d flushes, want a conflict and none", err, count()-before)
	}

	// When the disk cannot sync, the batch is not reported as saved.
	mu.Lock()
	fail = errors.New("sync tandem.sqlite-wal: input/output error")
	mu.Unlock()
	err = s.Batch(ctx, func(ctx context.Context) error {
		return s.AppendAudit(ctx, &tandem.AuditEntry{ProjectID: "p1", Action: "test"})
	})
	if err == nil || !strings.Contains(err.Error(), "reach the disk") {
		t.Fatalf("a batch whose flush failed: %v, want an error", err)
	}
}
