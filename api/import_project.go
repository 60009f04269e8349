package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tandemqda/tandem/internal/app"
	"github.com/tandemqda/tandem/internal/tandem"
)

// importProject is `tandem import-project FILE [-lead email] [-preview]
// [server flags]`: it opens the store the server uses and makes the
// REFI-QDA project in FILE (.qdpx or .qde, from Tandem's export-project or
// another program) a new project led by the account with that email (by
// default the only admin). With -preview it prints what the file holds and
// every element that would be skipped or changed, and makes nothing. The
// project is made whole or not at all.
func importProject(ctx context.Context, args, environ []string, stdout, stderr io.Writer) error {
	var file, lead string
	var preview bool
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	c, err := openCommand(ctx, "tandem import-project", args, environ, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&file, "file", file, "the project file to import (.qdpx or .qde); it may also come first, before the flags")
		fs.StringVar(&lead, "lead", "", "the email of the account that leads the new project (default: the only admin)")
		fs.BoolVar(&preview, "preview", false, "only say what the file holds and what would be skipped or changed")
	})
	if err != nil {
		return err
	}
	defer c.close()
	if file == "" {
		return errors.New("import-project: name the project file to import: tandem import-project FILE")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("import-project: %w", err)
	}
	u, err := findLead(ctx, c.store, lead)
	if err != nil {
		return fmt.Errorf("import-project: %w", err)
	}
	a := app.New(app.Config{Store: c.store, Log: c.log, BaseURL: c.cfg.BaseURL})
	im, err := a.ImportProject(ctx, u, data, preview)
	if err != nil {
		return fmt.Errorf("import-project: %s: %s", file, tandem.MessageOf(err))
	}
	what := fmt.Sprintf("%s, %d codebook entries, %s by %s, %s", tandem.Plural(im.Sources, "transcript", "transcripts"), im.Codes,
		tandem.Plural(im.Excerpts, "excerpt", "excerpts"), tandem.Plural(im.Users, "user", "users"), tandem.Plural(im.Memos, "memo", "memos"))
	if preview {
		fmt.Fprintf(stdout, "%s holds the project %q with %s. Nothing was imported (-preview).\n", file, im.Name, what)
	} else {
		fmt.Fprintf(stdout, "Imported %s as the project %q (id %s, led by %s) with %s.\n", file, im.Project.Name, im.Project.ID, u.Email, what)
	}
	for _, l := range im.Report {
		fmt.Fprintln(stdout, "  "+l)
	}
	for _, r := range im.Refused {
		fmt.Fprintf(stdout, "  Cannot take %s: %s\n", r.Where, r.Reason)
	}
	return nil
}

// findLead is the account with the email, or without one the only admin.
func findLead(ctx context.Context, store tandem.Store, email string) (*tandem.User, error) {
	if email != "" {
		u, err := store.UserByEmail(ctx, email)
		if errors.Is(err, tandem.ErrNotFound) {
			return nil, fmt.Errorf("no account has the email %q", email)
		}
		return u, err
	}
	users, err := store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	var admins []tandem.User
	for _, u := range users {
		if u.Admin && !u.Disabled {
			admins = append(admins, u)
		}
	}
	if len(admins) != 1 {
		return nil, fmt.Errorf("choose who leads the new project with -lead <email> (%d admins)", len(admins))
	}
	return &admins[0], nil
}
