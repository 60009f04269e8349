// Package embeddb runs an embedded MongoDB-compatible engine (FerretDB 1.x on
// SQLite) inside the Tandem process, listening on loopback only, so that a
// laptop needs nothing but the Tandem binary.
package embeddb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Engine is a running embedded engine.
type Engine struct {
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

	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(discard{}, nil))
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
	e := &Engine{cancel: cancel, done: make(chan struct{})}
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

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
