// Package app holds Tandem's use cases: each one combines several store
// calls under the rules of package tandem, in one place, so that an HTTP
// handler only decodes a request, calls a use case and encodes the answer.
// It knows nothing of HTTP.
//
// It is a package of its own, not a service inside tandem, because its use
// cases also need the importers (transcript) and the report's input types,
// and tandem depends on nothing of Tandem's.
package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/tandemqda/tandem/internal/auth"
	"github.com/tandemqda/tandem/internal/tandem"
)

// App holds what the use cases need: the store, a clock, and the pool
// that hashes passwords.
type App struct {
	cfg    Config
	store  tandem.Store
	clock  func() time.Time
	log    *slog.Logger
	hasher *auth.Hasher
}

// Config is what an App is made of.
type Config struct {
	Store tandem.Store
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Log gets what goes wrong in steps a request does not wait for (nil:
	// slog.Default()).
	Log *slog.Logger
	// Hasher hashes and checks passwords, a few at a time (nil: one at a
	// time).
	Hasher *auth.Hasher
	// BaseURL is the public URL of the instance, for links.
	BaseURL string
	// ResetTTL is the lifetime of a password reset link.
	ResetTTL time.Duration
	// SessionsEnded is told that the store ended every session of a user
	// but keep, so that their access tokens stop at once (nil: nobody).
	SessionsEnded func(userID, keep string)
}

// New returns an App.
func New(cfg Config) *App {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Hasher == nil {
		cfg.Hasher = auth.NewHasher(1, 16)
	}
	if cfg.SessionsEnded == nil {
		cfg.SessionsEnded = func(string, string) {}
	}
	return &App{cfg: cfg, store: cfg.Store, clock: cfg.Now, log: cfg.Log, hasher: cfg.Hasher}
}

// Now is the App's clock, in UTC to the millisecond as stored.
func (a *App) Now() time.Time { return a.clock().UTC().Truncate(time.Millisecond) }

// Scope is who asks, and in which project: the signed-in user, and on a
// project's routes the project and the user's membership in it. The HTTP
// layer builds it once per request, after checking the membership.
type Scope struct {
	User    *tandem.User
	Project *tandem.Project
	Member  *tandem.Member
}

// Audit appends an entry to the project's audit log. A failure is logged,
// not returned: the change it records is already made.
func (a *App) Audit(ctx context.Context, projectID string, actor *tandem.User, action, summary string, details map[string]any) {
	e := &tandem.AuditEntry{ProjectID: projectID, At: a.Now(), ActorID: actor.ID, ActorName: actor.Name,
		Action: action, Summary: summary, Details: details}
	if err := a.store.AppendAudit(context.WithoutCancel(ctx), e); err != nil {
		a.log.Error("append audit entry", "project", projectID, "action", action, "error", err)
	}
}
