// Package mongotest opens stores for tests: on the embedded engine by
// default (one engine per test binary, one database per test), or on the
// MongoDB named by TANDEM_TEST_MONGODB_URI.
package mongotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tandemqda/tandem/internal/embeddb"
	"github.com/tandemqda/tandem/internal/mongodb"
)

var (
	once    sync.Once
	uri     string
	embed   bool
	openErr error
	engine  *embeddb.Engine
)

// URI returns the URI of the MongoDB the tests use, starting the embedded
// engine the first time it is needed, and whether it is the embedded engine.
func URI(t testing.TB) (string, bool) {
	t.Helper()
	once.Do(func() {
		if u := os.Getenv("TANDEM_TEST_MONGODB_URI"); u != "" {
			uri = u
			return
		}
		removeStale()
		dir, err := os.MkdirTemp("", "tandem-test-store-")
		if err != nil {
			openErr = err
			return
		}
		e, err := embeddb.Start(embeddb.Options{Dir: dir})
		if err != nil {
			openErr = err
			return
		}
		uri, embed, engine = e.URI(), true, e
	})
	if openErr != nil {
		t.Fatalf("start test store: %v", openErr)
	}
	return uri, embed
}

// Flush returns the embedded engine's Flush for the database, or nil on
// MongoDB (whose write concern makes writes durable).
func Flush(database string) func() error {
	if engine == nil {
		return nil
	}
	return func() error { return engine.Flush(database) }
}

// Syncs returns how many syncs the embedded engine's Flush ran for the
// database (0 on MongoDB).
func Syncs(database string) uint64 {
	if engine == nil {
		return 0
	}
	return engine.Syncs(database)
}

// Open returns a store on a fresh database that is dropped when the test ends.
func Open(t testing.TB) *mongodb.Store {
	t.Helper()
	u, embedded := URI(t)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	opts := mongodb.Options{URI: u, Database: "test_" + hex.EncodeToString(b), Embedded: embedded}
	if engine != nil {
		opts.Prepare = engine.IndexIDs
		opts.Flush = Flush(opts.Database)
	}
	s, err := mongodb.Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("open test store: %v", err)
	}
	t.Cleanup(func() {
		_ = s.Drop(context.Background())
		_ = s.Close(context.Background())
	})
	return s
}

// removeStale deletes the directories of test engines of earlier runs: an
// engine lives until its test binary exits, so it cannot remove its own.
func removeStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "tandem-test-store-*"))
	for _, d := range dirs {
		if fi, err := os.Stat(d); err == nil && time.Since(fi.ModTime()) > time.Hour {
			_ = os.RemoveAll(d)
		}
	}
}
