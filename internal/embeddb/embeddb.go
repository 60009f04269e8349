// Package embeddb runs an embedded MongoDB-compatible engine (FerretDB 1.x on
// SQLite) inside the Tandem process, listening on loopback only, so that a
// laptop needs nothing but the Tandem binary.
package embeddb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	_ "modernc.org/sqlite" // the SQLite driver FerretDB uses, to add indexes
)

// Engine is a running embedded engine.
type Engine struct {
	dir    string
	uri    string
	cancel context.CancelFunc
	done   chan struct{}
}

// Options configure the engine.
type Options struct {
	// Dir is the directory that holds the SQLite files; it is created if missing.
	Dir string
	// Addr is the loopback address to listen on; empty picks a free port.
	Addr string
	// Logger receives the engine's own logs; nil discards them.
	Logger *slog.Logger
}

// Start starts the engine and waits until it accepts connections.
func Start(opts Options) (*Engine, error) {
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("embedded store directory %q: %w", opts.Dir, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create embedded store directory: %w", err)
	}
	addr := opts.Addr
	if addr == "" {
		addr, err = freeLoopbackAddr()
		if err != nil {
			return nil, err
		}
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("embedded store address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("embedded store address %q: only loopback addresses are allowed", addr)
	}

	logger := slog.New(slog.DiscardHandler)
	if opts.Logger != nil {
		logger = slog.New(&lazyAttrs{inner: opts.Logger.Handler()})
	}

	// Tuned for one writer: immediate transactions avoid lock upgrades that
	// fail with SQLITE_BUSY under concurrency; WAL with synchronous=normal is
	// durable across process crashes and much faster than full sync.
	// secure_delete overwrites deleted content, so that text replaced by
	// de-identification does not linger in free pages of the file.
	q := url.Values{}
	q.Add("_txlock", "immediate")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(wal)")
	q.Add("_pragma", "synchronous(normal)")
	q.Add("_pragma", "secure_delete(on)")
	sqliteURL := (&url.URL{Scheme: "file", Opaque: filepath.ToSlash(dir) + "/", RawQuery: q.Encode()}).String()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
		Logger:    logger,
	})
	if err != nil {
		return nil, fmt.Errorf("start embedded store in %s: %w", dir, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	e := &Engine{dir: dir, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		_ = f.Run(ctx)
	}()

	e.uri = f.MongoDBURI()
	if err := waitListening(addr, 10*time.Second); err != nil {
		e.Stop()
		return nil, fmt.Errorf("start embedded store: %w", err)
	}
	return e, nil
}

// IndexIDs gives every collection table of the database an index on the
// expression by which FerretDB 1.24's SQLite backend finds a document by _id
// (_ferretdb_sjson->'$._id'). FerretDB's own unique _id index spells the path
// differently (->"_id"); SQLite uses an index only for the very expression,
// so without this every find, update and delete by _id reads and parses the
// whole collection, and costs grow with the instance instead of the project.
// Run it once the collections exist; it is safe to run again.
func (e *Engine) IndexIDs(ctx context.Context, database string) error {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(filepath.Join(e.dir, database+".sqlite"))+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("open embedded store %s to index it: %w", database, err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM "_ferretdb_collections"`)
	if err != nil {
		return fmt.Errorf("list tables of embedded store %s: %w", database, err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return fmt.Errorf("list tables of embedded store %s: %w", database, err)
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list tables of embedded store %s: %w", database, err)
	}
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE UNIQUE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"_tandem_id", t)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("index table %s of embedded store %s: %w", t, database, err)
		}
	}
	return nil
}

// URI returns the mongodb:// URI that reaches the engine.
func (e *Engine) URI() string { return e.uri }

// Stop stops the engine and waits for it to close its files.
func (e *Engine) Stop() {
	e.cancel()
	<-e.done
}

func freeLoopbackAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free loopback port for the embedded store: %w", err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		return "", fmt.Errorf("find a free loopback port for the embedded store: %w", err)
	}
	return addr, nil
}

func waitListening(addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return errors.Join(fmt.Errorf("not listening on %s after %s", addr, limit), err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// lazyAttrs passes records to inner, adding the attributes given to
// WithAttrs only when a record is actually written. FerretDB attaches every
// SQL statement's arguments (whole documents) to a child logger; formatting
// them up front cost a seventh of the CPU of a save, for logs that are
// almost never written.
type lazyAttrs struct {
	inner slog.Handler
	attrs []slog.Attr
}

func (h *lazyAttrs) Enabled(ctx context.Context, l slog.Level) bool { return h.inner.Enabled(ctx, l) }

func (h *lazyAttrs) Handle(ctx context.Context, r slog.Record) error {
	if len(h.attrs) > 0 {
		r = r.Clone()
		r.AddAttrs(h.attrs...)
	}
	return h.inner.Handle(ctx, r)
}

func (h *lazyAttrs) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &lazyAttrs{inner: h.inner, attrs: append(h.attrs[:len(h.attrs):len(h.attrs)], attrs...)}
}

func (h *lazyAttrs) WithGroup(name string) slog.Handler {
	return &lazyAttrs{inner: h.inner.WithAttrs(h.attrs).WithGroup(name)}
}
