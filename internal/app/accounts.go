package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/google/uuid"

	"github.com/tandemqda/tandem/internal/auth"
	"github.com/tandemqda/tandem/internal/tandem"
)

// Bootstrap prepares a new instance. When users exist it does nothing. With
// adminEmail and adminPassword it creates the instance admin; otherwise it
// stores a new one-time setup token and returns the setup URL to print.
func (a *App) Bootstrap(ctx context.Context, adminEmail, adminPassword, adminName string) (setupURL string, err error) {
	n, err := a.store.CountUsers(ctx)
	if err != nil {
		return "", fmt.Errorf("count users: %w", err)
	}
	if n > 0 {
		return "", nil
	}
	if adminEmail != "" {
		if adminName == "" {
			adminName = "Admin"
		}
		if _, err := a.NewUser(ctx, adminEmail, adminName, adminPassword, true); err != nil {
			return "", fmt.Errorf("create admin %s: %w", adminEmail, err)
		}
		return "", nil
	}
	token := auth.NewToken()
	if err := a.store.PutSetupToken(ctx, auth.HashToken(token)); err != nil {
		return "", fmt.Errorf("store setup token: %w", err)
	}
	return a.cfg.BaseURL + "/setup#token=" + url.QueryEscape(token), nil
}

// Setup creates the instance admin of a new instance with the one-time
// setup token printed at start-up.
func (a *App) Setup(ctx context.Context, token, email, name, password string) (*tandem.User, error) {
	n, err := a.store.CountUsers(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, tandem.Errorf(tandem.CodeSetupDone, "This Tandem is already set up. Sign in instead.")
	}
	u, err := a.CheckNewUser(email, name, password)
	if err != nil {
		return nil, err
	}
	u.Admin = true
	hash := auth.HashToken(strings.TrimSpace(token))
	ok, err := a.store.TakeSetupToken(ctx, hash)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, tandem.Errorf(tandem.CodeInvalidSetupToken, "This setup link is not valid. Use the newest link printed by the server when it started.")
	}
	if err := a.CreateUser(ctx, u, password); err != nil {
		// Give the token back so that setup can be tried again.
		if perr := a.store.PutSetupToken(context.WithoutCancel(ctx), hash); perr != nil {
			a.log.Error("restore setup token", "error", perr)
		}
		return nil, err
	}
	a.log.Info("instance admin created", "user", u.ID)
	return u, nil
}

// NewUser validates and creates an account.
func (a *App) NewUser(ctx context.Context, email, name, password string, admin bool) (*tandem.User, error) {
	u, err := a.CheckNewUser(email, name, password)
	if err != nil {
		return nil, err
	}
	u.Admin = admin
	return u, a.CreateUser(ctx, u, password)
}

// CheckNewUser validates the fields of a new account.
func (a *App) CheckNewUser(email, name, password string) (*tandem.User, error) {
	email, err := tandem.ValidateEmail(email)
	if err != nil {
		return nil, err
	}
	name, err = tandem.ValidateName("name", name)
	if err != nil {
		return nil, err
	}
	if err := tandem.ValidatePassword(password, email); err != nil {
		return nil, err
	}
	return &tandem.User{ID: uuid.NewString(), Email: email, Name: name, CreatedAt: a.Now()}, nil
}

// CreateUser stores a new account with its password hashed.
func (a *App) CreateUser(ctx context.Context, u *tandem.User, password string) error {
	hash, err := a.HashPassword(ctx, password)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	err = a.store.CreateUser(ctx, u)
	if errors.Is(err, tandem.ErrConflict) {
		return &tandem.Error{Code: tandem.CodeEmailTaken, Message: "An account with this email already exists. Sign in instead.", Details: map[string]string{"field": "email"}}
	}
	return err
}

// HashPassword hashes a new password, taking its turn with the other
// password work of the server.
func (a *App) HashPassword(ctx context.Context, password string) (string, error) {
	hash, err := a.hasher.Hash(ctx, password)
	return hash, passwordWork(err)
}

// CheckPassword reports whether password is u's, taking its turn with the
// other password work. With no account (u nil) it does the same work, so
// that an unknown email takes as long to refuse as a known one.
func (a *App) CheckPassword(ctx context.Context, u *tandem.User, password string) (bool, error) {
	if u == nil {
		return false, passwordWork(a.hasher.Spend(ctx, password))
	}
	ok, err := a.hasher.Check(ctx, u.PasswordHash, password)
	if err != nil && !errors.Is(err, auth.ErrBusy) {
		return false, fmt.Errorf("check password of user %s: %w", u.ID, err)
	}
	return ok, passwordWork(err)
}

// passwordWork turns a full queue of password work into server_busy (503,
// with Retry-After), which people are asked to retry in a few seconds.
func passwordWork(err error) error {
	if errors.Is(err, auth.ErrBusy) {
		return &tandem.Error{Code: tandem.CodeServerBusy, Err: err,
			Message: "Tandem is busy with many sign-ins at once. Wait a few seconds and try again.",
			Details: map[string]int{"retryAfterSeconds": BusyRetrySeconds}}
	}
	return err
}

// BusyRetrySeconds is when to try again after server_busy.
const BusyRetrySeconds = 2
