package main

import (
	"context"
	"flag"
	"io"
	"log/slog"

	"github.com/tandemqda/tandem/internal/mongodb"
)

// command is what a command of the server's command line works with.
type command struct {
	cfg   *config
	log   *slog.Logger
	store *mongodb.Store
	close func() // closes the store
}

// openCommand reads a command's settings (the server's environment and
// flags, plus the command's own flags), makes a logger that shows only
// problems (the command's output is what it prints) and opens the store.
func openCommand(ctx context.Context, name string, args, environ []string, stderr io.Writer, flags func(*flag.FlagSet)) (*command, error) {
	cfg, err := loadConfigWith(name, args, environ, stderr, flags)
	if err != nil {
		return nil, err
	}
	log := cfg.logger(stderr, max(cfg.LogLevel, slog.LevelWarn))
	store, closeStore, err := openStore(ctx, cfg, log, stderr)
	if err != nil {
		return nil, err
	}
	return &command{cfg: cfg, log: log, store: store, close: closeStore}, nil
}
