package embeddb

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestGroupCoversEveryWriteAndSharesRuns: a caller of wait returns only
// after a run that began after its write, and callers that arrive during a
// run share the next one instead of running one each.
func TestGroupCoversEveryWriteAndSharesRuns(t *testing.T) {
	var (
		written atomic.Int64 // writes made so far
		durable atomic.Int64 // writes the last ended run covers
		runs    atomic.Int64
	)
	first := make(chan struct{})
	release := make(chan struct{})
	g := newGroup(func() error {
		covered := written.Load()
		if runs.Add(1) == 1 {
			close(first)
			<-release // the first run lasts until every caller has arrived
		}
		durable.Store(covered)
		return nil
	})

	const callers = 20
	var done sync.WaitGroup
	errs := make(chan error, callers+1)
	call := func() {
		defer done.Done()
		mine := written.Add(1)
		if err := g.wait(); err != nil {
			errs <- err
			return
		}
		if durable.Load() < mine {
			errs <- errors.New("wait returned before a run covered the write")
		}
	}
	done.Add(1)
	go call()
	<-first
	done.Add(callers)
	for range callers {
		go call()
	}
	for waiting := 0; waiting < callers; { // until every caller waits
		runtime.Gosched()
		g.mu.Lock()
		waiting = g.waiting
		g.mu.Unlock()
	}
	close(release)
	done.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// The first run, and one shared by every caller that came during it.
	if n := runs.Load(); n != 2 {
		t.Errorf("%d callers made %d runs, want 2", callers+1, n)
	}
}

// TestGroupKeepsAFailure: once a sync failed, every later wait fails too:
// the system may have dropped what it could not write.
func TestGroupKeepsAFailure(t *testing.T) {
	fail := errors.New("input/output error")
	var runs int
	g := newGroup(func() error {
		runs++
		if runs == 2 {
			return fail
		}
		return nil
	})
	for i, want := range []error{nil, fail, fail, fail} {
		if err := g.wait(); !errors.Is(err, want) {
			t.Errorf("wait %d: %v, want %v", i+1, err, want)
		}
	}
	if runs != 2 {
		t.Errorf("%d runs, want 2 (none after the failure)", runs)
	}
}

// TestFlushSyncsTheLogOfTheDatabase: Flush works on a database with a
// write-ahead log and on one without, and reports a log it cannot sync.
func TestFlushSyncsTheLogOfTheDatabase(t *testing.T) {
	dir := t.TempDir()
	e, client := startWithClient(t, dir)
	defer e.Stop()
	ctx := context.Background()
	defer client.Disconnect(ctx)
	if _, err := client.Database("t").Collection("c").InsertOne(ctx, bson.D{{Key: "_id", Value: 1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "t.sqlite-wal")); err != nil {
		t.Fatalf("no write-ahead log after a write: %v", err)
	}
	for range 3 {
		if err := e.Flush("t"); err != nil {
			t.Fatalf("flush: %v", err)
		}
	}
	if err := e.Flush("never-written"); err != nil {
		t.Fatalf("flush of a database without a log: %v", err)
	}
	// A log that cannot be opened for writing (here a directory in its
	// place) is an error, not a silent success.
	if err := os.Mkdir(filepath.Join(dir, "odd.sqlite-wal"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := e.Flush("odd"); err == nil {
		t.Fatal("flush of a log that cannot be synced gave no error")
	}
}
