package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tandemqda/tandem/internal/httpapi"
	"github.com/tandemqda/tandem/internal/tandem"
)

// exportProject is `tandem export-project -project <id or name> [-out
// file] [server flags]`: it opens the store the server uses (the same
// settings, environment and flags) and writes the project as a REFI-QDA
// project file (.qdpx), the same file a lead downloads on the Exports page.
// It is for the server's admin: a backup of one project, or a project to
// hand over, without signing in. The export is recorded in the project's
// audit log. The file is written under a temporary name and renamed once
// complete, so a failed export leaves nothing half-written.
func exportProject(ctx context.Context, args, environ []string, stdout, stderr io.Writer) error {
	var which, out string
	c, err := openCommand(ctx, "tandem export-project", args, environ, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&which, "project", "", "the project to export: its id, or its name")
		fs.StringVar(&out, "out", "", "the file to write (default: <project id>.qdpx in the current directory)")
	})
	if err != nil {
		return err
	}
	defer c.close()
	p, err := findProject(ctx, c.store, which)
	if err != nil {
		return fmt.Errorf("export-project: %w", err)
	}
	if out == "" {
		out = p.ID + ".qdpx"
	}
	f, err := os.CreateTemp(filepath.Dir(out), ".tandem-export-*")
	if err != nil {
		return fmt.Errorf("export-project: %w", err)
	}
	defer os.Remove(f.Name()) // gone once renamed
	_, srv := httpapi.New(httpapi.Config{Store: c.store, Logger: c.log, BaseURL: c.cfg.BaseURL, Version: buildVersion()})
	by := &tandem.User{Name: "Someone on the server's command line (tandem export-project)"}
	n, err := srv.ExportProject(ctx, f, p, by)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o600) // research data: for the admin only
	}
	if err == nil {
		err = os.Rename(f.Name(), out)
	}
	if err != nil {
		return fmt.Errorf("export-project: write %s: %w", out, err)
	}
	fmt.Fprintf(stdout, "Wrote %s: the project %q with %s, %s and %s.\n", out, p.Name,
		tandem.Plural(n.Sources, "transcript", "transcripts"), tandem.Plural(n.Selections, "excerpt", "excerpts"), tandem.Plural(n.Notes, "memo", "memos"))
	return nil
}

// findProject finds a project that is not deleted by its id, or else by
// its name (ignoring case). Without a match, or with several, the error
// lists the projects with their ids.
func findProject(ctx context.Context, store tandem.Store, which string) (*tandem.Project, error) {
	which = strings.TrimSpace(which)
	if which != "" {
		p, err := store.Project(ctx, which)
		if err == nil && p.DeletedAt == nil {
			return p, nil
		}
		if err != nil && !errors.Is(err, tandem.ErrNotFound) {
			return nil, err
		}
	}
	users, err := store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, u := range users {
		for _, id := range u.ProjectIDs {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	var all, named []*tandem.Project
	for _, id := range ids {
		p, err := store.Project(ctx, id)
		if errors.Is(err, tandem.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if p.DeletedAt != nil {
			continue
		}
		all = append(all, p)
		if which != "" && strings.EqualFold(p.Name, which) {
			named = append(named, p)
		}
	}
	if len(named) == 1 {
		return named[0], nil
	}
	list := func(ps []*tandem.Project) string {
		var b strings.Builder
		for _, p := range ps {
			fmt.Fprintf(&b, "\n  %s  %s", p.ID, p.Name)
		}
		return b.String()
	}
	switch {
	case len(named) > 1:
		return nil, fmt.Errorf("%d projects are named %q; choose one by its id with -project:%s", len(named), which, list(named))
	case len(all) == 0:
		return nil, errors.New("this instance has no projects yet")
	case which == "":
		return nil, fmt.Errorf("choose the project to export with -project (its id or its name):%s", list(all))
	default:
		return nil, fmt.Errorf("no project has the id or name %q; the projects are:%s", which, list(all))
	}
}
