package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/tandemqda/tandem/internal/auth"
	"github.com/tandemqda/tandem/internal/tandem"
)

// Password reset links: the instance admin makes a one-time link for an
// account and passes it on (no email server is assumed); the person opens
// /reset#token=<user id>.<secret> and chooses a new password, which ends
// every session of the account.

// ResetLink is a password reset link made for an account.
type ResetLink struct {
	UserID    string
	URL       string
	ExpiresAt time.Time
}

// ResetLink makes a one-time password reset link for the account with the
// email, or for the instance admin when email is empty, replacing any
// earlier link of the account. by names who asked, for the instance audit
// log.
func (a *App) ResetLink(ctx context.Context, email string, by *tandem.User) (string, *tandem.User, error) {
	var u *tandem.User
	var err error
	if email != "" {
		u, err = a.store.UserByEmail(ctx, email)
		if errors.Is(err, tandem.ErrNotFound) {
			return "", nil, tandem.Errorf(tandem.CodeNotFound, "There is no account with the email address %s.", strings.TrimSpace(email))
		}
	} else {
		u, err = a.instanceAdmin(ctx)
	}
	if err != nil {
		return "", nil, err
	}
	link, err := a.NewResetLink(ctx, u, by)
	if err != nil {
		return "", nil, err
	}
	return link.URL, u, nil
}

// instanceAdmin returns the oldest admin account.
func (a *App) instanceAdmin(ctx context.Context) (*tandem.User, error) {
	users, err := a.store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	for i := range users {
		if users[i].Admin {
			return &users[i], nil
		}
	}
	return nil, tandem.Errorf(tandem.CodeNotFound, "This Tandem has no admin account yet. Start the server and open the setup link it prints.")
}

// NewResetLink stores a new reset link for u and writes the audit line.
func (a *App) NewResetLink(ctx context.Context, u, by *tandem.User) (*ResetLink, error) {
	if u.Disabled {
		return nil, tandem.Errorf(tandem.CodeConflict, "The account of %s is disabled. Enable it first, then make a reset link.", u.Name)
	}
	secret := auth.NewToken()
	now := a.Now()
	r := &tandem.PasswordReset{UserID: u.ID, TokenHash: auth.HashToken(secret), CreatedBy: by.ID, CreatedAt: now, ExpiresAt: now.Add(a.cfg.ResetTTL)}
	if err := a.store.PutPasswordReset(ctx, r); err != nil {
		return nil, err
	}
	a.Audit(ctx, tandem.InstanceAudit, by, "password_reset.created",
		fmt.Sprintf("%s made a password reset link for %s (%s), working until %s UTC.", by.Name, u.Name, u.Email, r.ExpiresAt.Format("2 Jan 2006 15:04")),
		map[string]any{"userId": u.ID})
	a.log.Info("password reset link made", "user", u.ID, "by", by.ID)
	token := u.ID + "." + secret
	return &ResetLink{UserID: u.ID, URL: a.cfg.BaseURL + "/reset#token=" + url.QueryEscape(token), ExpiresAt: r.ExpiresAt}, nil
}

// ResetPassword gives u the new password with the reset link whose token
// hashes to hash, and ends every session of the account.
func (a *App) ResetPassword(ctx context.Context, u *tandem.User, hash, password string) (*tandem.User, error) {
	if err := tandem.ValidatePassword(password, u.Email); err != nil {
		return nil, err
	}
	pw, err := a.HashPassword(ctx, password)
	if err != nil {
		return nil, err
	}
	link, err := a.store.PasswordReset(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	ok, err := a.store.TakePasswordReset(ctx, u.ID, hash)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, tandem.ResetLinkInvalid() // used a moment ago by someone else
	}
	// Sessions end before the password changes: if the change then fails,
	// the old password still works and the link is given back.
	if err := a.store.RevokeUserSessions(ctx, u.ID, "", "password_reset"); err != nil {
		a.restoreReset(ctx, link)
		return nil, err
	}
	a.cfg.SessionsEnded(u.ID, "")
	if u, err = a.store.UpdateUser(ctx, u.ID, func(u *tandem.User) error {
		u.PasswordHash = pw
		return nil
	}); err != nil {
		a.restoreReset(ctx, link)
		return nil, err
	}
	a.Audit(ctx, tandem.InstanceAudit, u, "password_reset.used",
		fmt.Sprintf("%s chose a new password with a reset link; every earlier sign-in of the account was ended.", u.Name),
		map[string]any{"userId": u.ID})
	a.log.Info("password reset", "user", u.ID)
	return u, nil
}

// restoreReset puts a taken reset link back after the change it was taken
// for failed, so that the person can try again.
func (a *App) restoreReset(ctx context.Context, r *tandem.PasswordReset) {
	if err := a.store.PutPasswordReset(context.WithoutCancel(ctx), r); err != nil {
		a.log.Error("restore password reset link", "user", r.UserID, "error", err)
	}
}
