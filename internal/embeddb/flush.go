package embeddb

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// Flush waits until every write the engine acknowledged on the database
// before the call is on disk. The engine commits with synchronous=normal:
// a commit's pages are written to the database's write-ahead log, which
// survives a crash of the process but not a power loss until it is synced.
// Flush syncs that log. Callers that arrive while a sync runs wait for the
// next one and share it (group commit), so concurrent writers pay for one
// fsync between them, not one each.
//
// Once a sync has failed, Flush fails for good: the system may have dropped
// the pages it could not write, so a later success would prove nothing about
// the earlier writes. Restarting Tandem recovers what the log holds.
func (e *Engine) Flush(database string) error {
	e.mu.Lock()
	g := e.groups[database]
	if g == nil {
		l := &walLog{path: filepath.Join(e.dir, database+".sqlite-wal")}
		g = newGroup(l.sync)
		e.groups[database] = g
	}
	e.mu.Unlock()
	return g.wait()
}

// Syncs returns how many syncs Flush has run for the database: fewer than
// the writes it made durable when writers shared them.
func (e *Engine) Syncs(database string) uint64 {
	e.mu.Lock()
	g := e.groups[database]
	e.mu.Unlock()
	if g == nil {
		return 0
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.finished
}

// walLog is a database's write-ahead log.
type walLog struct {
	path   string
	synced os.FileInfo // the file last synced with its directory
}

// sync syncs the log and, when the file is new since the last sync, its
// directory, so that the file itself is found after a power loss. A log that
// does not exist holds nothing: SQLite removes it only after copying it into
// the database file and syncing that.
func (l *walLog) sync() error {
	f, err := os.OpenFile(l.path, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open %s to sync it: %w", l.path, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", l.path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("sync %s: %w", l.path, err)
	}
	if l.synced == nil || !os.SameFile(l.synced, fi) {
		if err := syncDir(filepath.Dir(l.path)); err != nil {
			return err
		}
		l.synced = fi
	}
	return nil
}

// syncDir syncs a directory, so that the files created in it stay after a
// power loss.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open %s to sync it: %w", dir, err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// group runs run for the callers of wait, one run at a time: a caller
// waits for the first run that begins after it called, and all callers
// waiting for the same run share it.
type group struct {
	run func() error

	mu       sync.Mutex
	ended    *sync.Cond
	started  uint64 // runs begun
	finished uint64 // runs ended
	waiting  int    // callers waiting for a run to end
	err      error  // the first failure, kept
}

func newGroup(run func() error) *group {
	g := &group{run: run}
	g.ended = sync.NewCond(&g.mu)
	return g
}

// wait returns once a run that began after the call has ended, with
// its error, or at once with the error of a run that failed before.
func (g *group) wait() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	need := g.started + 1 // a run in progress began before this call
	for g.finished < need && g.err == nil {
		if g.started > g.finished {
			g.waiting++
			g.ended.Wait()
			g.waiting--
			continue
		}
		g.started++
		g.mu.Unlock()
		err := g.run()
		g.mu.Lock()
		g.finished++
		if err != nil {
			g.err = fmt.Errorf("%w (no write can be confirmed until Tandem restarts)", err)
		}
		g.ended.Broadcast()
	}
	return g.err
}
