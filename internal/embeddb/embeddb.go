// Package embeddb runs an embedded MongoDB-compatible engine (FerretDB 1.x on
// SQLite) inside the Tandem process, so that a laptop needs nothing but the
// Tandem binary. The engine listens on a Unix socket inside its directory
// (the directory mode 0700, the socket 0600), never on a TCP port: the
// engine has no authentication, and a port would let every local user read
// and change everything.
//
// Start refuses files that would lose or corrupt data: a damaged database
// (SQLite's quick_check, run on every file that changed since an engine
// last closed it, so that a clean restart stays fast), or a database whose
// write-ahead log went missing after the engine was stopped without closing
// its files. Flush makes acknowledged writes durable, several writers
// sharing one fsync.
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
	"strconv"
	"sync"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	_ "modernc.org/sqlite" // the SQLite driver FerretDB uses, to add indexes
)

// Engine is a running embedded engine.
type Engine struct {
	dir    string
	socket string
	uri    string
	cancel context.CancelFunc
	done   chan struct{}

	mu     sync.Mutex
	groups map[string]*group // Flush's group of each database
}

// Options configure the engine.
type Options struct {
	// Dir is the directory that holds the SQLite files and the socket; it is
	// created if missing, and made private to the account (0700).
	Dir string
	// Logger receives the engine's own logs; nil discards them.
	Logger *slog.Logger
	// MaxPages bounds every database file to this many pages of 4 KiB
	// (SQLite's max_page_count); 0 means no bound. A write that needs more
	// fails as on a full disk, which is how tests fill the store.
	MaxPages int
}

// maxSocketPath is the longest socket path every platform Tandem runs on
// accepts (sun_path holds 108 bytes on Linux, 104 on macOS and the BSDs).
const maxSocketPath = 104

// Start checks the files in the directory, starts the engine and waits
// until it accepts connections.
func Start(opts Options) (*Engine, error) {
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("embedded store directory %q: %w", opts.Dir, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create embedded store directory: %w", err)
	}
	// The directory guards the socket: only this account may enter it, also
	// when it was made by hand or restored from a backup with other modes.
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("make embedded store directory %s private: %w", dir, err)
	}
	stale, err := staleSockets(dir)
	if err != nil {
		return nil, err
	}
	closed, err := takeClosed(dir)
	if err != nil {
		return nil, err
	}
	if err := checkFiles(dir, stale, closed); err != nil {
		return nil, err
	}
	for _, f := range stale {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("remove the socket %s of a stopped engine: %w", f, err)
		}
	}
	socket, err := socketPath(dir)
	if err != nil {
		return nil, err
	}

	logger := slog.New(slog.DiscardHandler)
	if opts.Logger != nil {
		logger = slog.New(&lazyAttrs{inner: opts.Logger.Handler()})
	}

	// Tuned for one writer: immediate transactions avoid lock upgrades that
	// fail with SQLITE_BUSY under concurrency. WAL with synchronous=normal
	// writes every commit to the log without waiting for the disk: it
	// survives a crash of the process, and Flush makes a commit durable
	// against a power loss too, one fsync for every writer waiting at once
	// (synchronous=full would wait for the disk at each commit, one writer
	// after the other). secure_delete overwrites deleted content, so that
	// text replaced by de-identification does not linger in free pages of
	// the file.
	q := url.Values{}
	q.Add("_txlock", "immediate")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(wal)")
	q.Add("_pragma", "synchronous(normal)")
	q.Add("_pragma", "secure_delete(on)")
	if opts.MaxPages > 0 {
		q.Add("_pragma", fmt.Sprintf("max_page_count(%d)", opts.MaxPages))
	}
	sqliteURL := (&url.URL{Scheme: "file", Opaque: filepath.ToSlash(dir) + "/", RawQuery: q.Encode()}).String()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: socket},
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
		Logger:    logger,
	})
	if err != nil {
		return nil, fmt.Errorf("start embedded store in %s: %w", dir, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &Engine{dir: dir, socket: socket, cancel: cancel, done: make(chan struct{}), groups: map[string]*group{}}
	go func() {
		defer close(e.done)
		_ = f.Run(ctx)
	}()
	// The socket exists now (New listens); the private directory already
	// keeps others out, and the mode says so on the socket itself.
	if err := os.Chmod(socket, 0o600); err != nil {
		e.Stop()
		return nil, fmt.Errorf("restrict the embedded store's socket %s: %w", socket, err)
	}

	// The driver reads a host ending in .sock as a socket path; the path is
	// escaped so that slashes, spaces and @ stay part of it.
	e.uri = "mongodb://" + url.QueryEscape(socket) + "/"
	if err := waitListening(socket, 10*time.Second); err != nil {
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

// URI returns the mongodb:// URI that reaches the engine through its socket.
func (e *Engine) URI() string { return e.uri }

// Socket returns the path of the engine's Unix socket.
func (e *Engine) Socket() string { return e.socket }

// Stop stops the engine and waits for it to close its files and its
// socket. It records the files as closed, so that the next start need not
// read them through again while they stay as they are.
func (e *Engine) Stop() {
	e.cancel()
	<-e.done
	_ = recordClosed(e.dir) // without the record, the next start checks every file
}

// socketPath returns a free socket path in dir named after the process:
// `tandem reset-admin` may open the files while the server runs, each
// process with its own engine. A second engine of the same process (tests)
// takes the next free name; an engine started again after Stop takes the
// same path again, where the clients of the first find it.
func socketPath(dir string) (string, error) {
	base := filepath.Join(dir, strconv.Itoa(os.Getpid()))
	for n := 0; n < 100; n++ {
		p := base + ".sock"
		if n > 0 {
			p = fmt.Sprintf("%s-%d.sock", base, n)
		}
		if len(p) > maxSocketPath {
			return "", fmt.Errorf("the embedded store's directory %s is too long a path for its socket (%d characters, at most %d): choose a shorter data directory (TANDEM_DATA_DIR)", dir, len(p), maxSocketPath)
		}
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			return p, nil
		}
	}
	return "", fmt.Errorf("no free socket name in %s: remove the .sock files of stopped processes", dir)
}

func waitListening(socket string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		c, err := net.DialTimeout("unix", socket, 200*time.Millisecond)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return errors.Join(fmt.Errorf("not listening on %s after %s", socket, limit), err)
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
