// Command tandem is Tandem's server: the JSON API and the browser app in one
// binary, on the embedded store or on MongoDB.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tandemqda/tandem/frontend"
	"github.com/tandemqda/tandem/internal/auth"
	"github.com/tandemqda/tandem/internal/embeddb"
	"github.com/tandemqda/tandem/internal/httpapi"
	"github.com/tandemqda/tandem/internal/mongodb"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "tandem:", err)
		os.Exit(1)
	}
}

// run starts the server and serves until ctx is cancelled, then shuts down
// gracefully: in-flight requests finish, then the store closes. With the
// first argument "reset-admin", "export-project" or "import-project" it runs that command
// instead. When ready is not nil it is called once the server listens,
// just before it starts serving, with the app (tests use it to wait and to
// watch connections).
func run(ctx context.Context, args, environ []string, stdout, stderr io.Writer, ready func(*fiber.App)) error {
	if len(args) > 0 && args[0] == "reset-admin" {
		return resetAdmin(ctx, args[1:], environ, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "export-project" {
		return exportProject(ctx, args[1:], environ, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "import-project" {
		return importProject(ctx, args[1:], environ, stdout, stderr)
	}
	started := time.Now()
	cfg, err := loadConfig(args, environ, stderr)
	if err != nil {
		return err
	}
	log := cfg.logger(stderr, cfg.LogLevel)
	slog.SetDefault(log)

	store, closeStore, err := openStore(ctx, cfg, log, stderr)
	if err != nil {
		return err
	}
	defer closeStore()
	embedded := cfg.MongoURI == ""

	secret, err := cfg.jwtSecret(auth.NewToken)
	if err != nil {
		return err
	}
	tokens, err := auth.NewTokens(secret, cfg.AccessTTL)
	if err != nil {
		return err
	}
	maxConns, perAddress := connectionLimits(openFileLimit(), cfg.MaxConnsPerAddress)
	app, srv := httpapi.New(httpapi.Config{
		Store:           store,
		Tokens:          tokens,
		Logger:          log,
		BaseURL:         cfg.BaseURL,
		RefreshTTL:      cfg.RefreshTTL,
		InvitationTTL:   cfg.InvitationTTL,
		ResetTTL:        cfg.ResetTTL,
		MaxJSONBytes:    cfg.MaxJSONBytes,
		MaxRequestBytes: cfg.MaxRequestBytes,
		MaxUploadBytes:  cfg.MaxUploadBytes,
		ProxyHeader:     cfg.ProxyHeader,
		TrustedProxies:  cfg.TrustedProxies,
		MaxConnections:  maxConns,
		Frontend:        frontend.FS(),
		Version:         buildVersion(),
	})
	setupURL, err := srv.Bootstrap(ctx, cfg.AdminEmail, cfg.AdminPassword, cfg.AdminName)
	if err != nil {
		return err
	}
	// Deleted projects whose removal a stop cut short are removed now.
	if err := srv.ResumeDeletions(ctx); err != nil {
		log.Error("finish deleting projects", "error", err)
	}

	tcp, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	ln := newGuardedListener(tcp, perAddress, log)
	log.Info("started", "version", buildVersion(), "listen", ln.Addr().String(), "embedded_store", embedded,
		"max_connections", maxConns, "max_connections_per_address", perAddress, "startup_ms", time.Since(started).Milliseconds())
	fmt.Fprintf(stdout, "\nTandem is running at %s\n", cfg.BaseURL)
	switch {
	case setupURL != "":
		fmt.Fprintf(stdout, "First start: open this one-time link to create the admin account:\n  %s\n", setupURL)
	case cfg.AdminEmail != "":
		fmt.Fprintf(stdout, "Sign in as %s with the password from TANDEM_ADMIN_PASSWORD.\n", cfg.AdminEmail)
	default:
		fmt.Fprintf(stdout, "Sign in at %s/login\n", cfg.BaseURL)
	}
	fmt.Fprintln(stdout, "Press Ctrl+C to stop.")

	if ready != nil {
		ready(app)
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- app.Listener(ln) }()
	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight", "timeout", cfg.ShutdownTimeout.String())
	if err := app.ShutdownWithTimeout(cfg.ShutdownTimeout); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		log.Warn("shutdown", "error", err)
	}
	if err := <-serveErr; err != nil {
		log.Warn("serve", "error", err)
	}
	log.Info("stopped")
	return nil
}

// openStore opens the store the configuration names: the embedded engine in
// the data directory, or MongoDB. The returned function closes it.
func openStore(ctx context.Context, cfg *config, log *slog.Logger, stderr io.Writer) (*mongodb.Store, func(), error) {
	uri, embedded := cfg.MongoURI, cfg.MongoURI == ""
	var prepare func(context.Context, string) error
	stop := func() {}
	var flush func() error
	if embedded {
		dir := filepath.Join(cfg.DataDir, "db")
		if err := checkStoreExists(cfg.DataDir, filepath.Join(dir, cfg.MongoDatabase+".sqlite")); err != nil {
			return nil, nil, err
		}
		// The engine logs every connection at info; keep only its errors.
		engineLog := cfg.logger(stderr, max(cfg.LogLevel, slog.LevelError)).With("component", "embeddb")
		engine, err := embeddb.Start(embeddb.Options{Dir: dir, Logger: engineLog})
		if err != nil {
			return nil, nil, err
		}
		uri, prepare, stop = engine.URI(), engine.IndexIDs, engine.Stop
		flush = func() error { return engine.Flush(cfg.MongoDatabase) }
		log.Info("embedded store started", "dir", dir, "socket", engine.Socket())
	}
	store, err := mongodb.Open(ctx, mongodb.Options{URI: uri, Database: cfg.MongoDatabase, Embedded: embedded, Prepare: prepare, Flush: flush})
	if err != nil {
		stop()
		return nil, nil, err
	}
	if embedded {
		if err := markInstance(cfg.DataDir); err != nil {
			_ = store.Close(context.Background())
			stop()
			return nil, nil, err
		}
	}
	return store, func() {
		if err := store.Close(context.Background()); err != nil {
			log.Warn("close store", "error", err)
		}
		stop()
	}, nil
}

func buildVersion() string {
	if version != "dev" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return version
}
