package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/tandemqda/tandem/internal/httpapi"
	"github.com/tandemqda/tandem/internal/tandem"
)

// resetAdmin is `tandem reset-admin [-email address] [server flags]`: it
// opens the store the server uses (the same settings, environment and
// flags) and prints a one-time password reset link for the instance admin,
// or for the account with the email. It is for a lost admin password,
// recovered by whoever runs the server.
//
// It prints a link rather than reading a new password from stdin or the
// environment: the password then never passes through a terminal, a shell
// history, a process list or an environment file; the person chooses it in
// the browser with the same checks and words as everywhere else; and the
// link is single-use, expires, replaces earlier links and is audited, like
// the links the admin makes on the Accounts page. It writes only that link
// (and an audit line), so it works with the server stopped (the embedded
// store is opened by this command itself) as well as running.
func resetAdmin(ctx context.Context, args, environ []string, stdout, stderr io.Writer) error {
	var email string
	c, err := openCommand(ctx, "tandem reset-admin", args, environ, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "make the link for the account with this email address (default: the instance admin)")
	})
	if err != nil {
		return err
	}
	defer c.close()
	cfg := c.cfg
	_, srv := httpapi.New(httpapi.Config{Store: c.store, Logger: c.log, BaseURL: cfg.BaseURL, ResetTTL: cfg.ResetTTL})
	by := &tandem.User{Name: "Someone on the server's command line (tandem reset-admin)"}
	link, u, err := srv.ResetLink(ctx, email, by)
	switch {
	case err == nil:
	case tandem.CodeOf(err) == tandem.CodeInternal:
		return fmt.Errorf("reset-admin: %w", err)
	default: // a refusal in plain words: no such account, no admin yet
		return fmt.Errorf("reset-admin: %s", tandem.MessageOf(err))
	}
	fmt.Fprintf(stdout, "A one-time link to choose a new password for %s (%s):\n  %s\n", u.Name, u.Email, link)
	fmt.Fprintf(stdout, "It works once, for %s. Start Tandem if it is not running, open the link in a browser and choose the new password;\nevery earlier sign-in of the account ends.\n", tandem.WaitWords(cfg.ResetTTL))
	return nil
}
