package httpapi

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/auth"
	"github.com/tandemqda/tandem/internal/tandem"
)

// Password reset links: the instance admin makes a one-time link for an
// account and passes it on (no email server is assumed); the person opens
// /reset#token=<user id>.<secret> and chooses a new password, which ends
// every session of the account. The token stays in the URL fragment, so it
// never reaches a server log; the API takes it in request bodies only.

type resetLinkView struct {
	UserID    string    `json:"userId"`
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// ResetLink makes a one-time password reset link for the account with the
// email, or for the instance admin when email is empty, replacing any
// earlier link of the account. by names who asked, for the instance audit
// log. `tandem reset-admin` calls it on the server's command line.
func (s *Server) ResetLink(ctx context.Context, email string, by *tandem.User) (string, *tandem.User, error) {
	var u *tandem.User
	var err error
	if email != "" {
		u, err = s.store.UserByEmail(ctx, email)
		if errors.Is(err, tandem.ErrNotFound) {
			return "", nil, tandem.Errorf(tandem.CodeNotFound, "There is no account with the email address %s.", strings.TrimSpace(email))
		}
	} else {
		u, err = s.instanceAdmin(ctx)
	}
	if err != nil {
		return "", nil, err
	}
	link, err := s.newResetLink(ctx, u, by)
	if err != nil {
		return "", nil, err
	}
	return link.URL, u, nil
}

// instanceAdmin returns the oldest admin account.
func (s *Server) instanceAdmin(ctx context.Context) (*tandem.User, error) {
	users, err := s.store.ListUsers(ctx)
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

// newResetLink stores a new reset link for u and writes the audit line.
func (s *Server) newResetLink(ctx context.Context, u, by *tandem.User) (*resetLinkView, error) {
	if u.Disabled {
		return nil, tandem.Errorf(tandem.CodeConflict, "The account of %s is disabled. Enable it first, then make a reset link.", u.Name)
	}
	secret := auth.NewToken()
	now := s.now()
	r := &tandem.PasswordReset{UserID: u.ID, TokenHash: auth.HashToken(secret), CreatedBy: by.ID, CreatedAt: now, ExpiresAt: now.Add(s.cfg.ResetTTL)}
	if err := s.store.PutPasswordReset(ctx, r); err != nil {
		return nil, err
	}
	s.app.Audit(ctx, tandem.InstanceAudit, by, "password_reset.created",
		fmt.Sprintf("%s made a password reset link for %s (%s), working until %s UTC.", by.Name, u.Name, u.Email, r.ExpiresAt.Format("2 Jan 2006 15:04")),
		map[string]any{"userId": u.ID})
	s.log.Info("password reset link made", "user", u.ID, "by", by.ID)
	token := u.ID + "." + secret
	return &resetLinkView{UserID: u.ID, URL: s.cfg.BaseURL + "/reset#token=" + url.QueryEscape(token), ExpiresAt: r.ExpiresAt}, nil
}

// createPasswordReset is the admin's "make a reset link" for one account.
func (s *Server) createPasswordReset(c *fiber.Ctx) error {
	admin := scopeOf(c).User
	uid := c.Params("uid")
	if uid == admin.ID {
		return tandem.Errorf(tandem.CodeInvalidInput, "You can change your own password on the My account page.")
	}
	ctx := c.UserContext()
	u, err := s.store.User(ctx, uid)
	if errors.Is(err, tandem.ErrNotFound) {
		return tandem.Errorf(tandem.CodeNotFound, "There is no such account.")
	}
	if err != nil {
		return err
	}
	link, err := s.newResetLink(ctx, u, admin)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(link)
}

// openReset finds the reset link of a token "<user id>.<secret>" and its
// account. Wrong tokens count against the same limits as wrong passwords.
func (s *Server) openReset(c *fiber.Ctx, token string) (*tandem.User, string, error) {
	uid, secret, _ := strings.Cut(strings.TrimSpace(token), ".")
	g, wait, _ := s.guesses.begin("reset:"+uid, "", s.clientIP(c))
	if g == nil {
		return nil, "", tooMany(c, wait, "Too many tries with reset links.")
	}
	fail := func() (*tandem.User, string, error) {
		return nil, "", tandem.ResetLinkInvalid()
	}
	if uid == "" || secret == "" {
		return fail()
	}
	ctx := c.UserContext()
	r, err := s.store.PasswordReset(ctx, uid)
	if errors.Is(err, tandem.ErrNotFound) {
		return fail()
	}
	if err != nil {
		g.cancel()
		return nil, "", err
	}
	hash := auth.HashToken(secret)
	if subtle.ConstantTimeCompare([]byte(hash), []byte(r.TokenHash)) != 1 {
		return fail()
	}
	g.right()
	if err := r.Usable(s.now()); err != nil {
		return nil, "", err
	}
	u, err := s.store.User(ctx, uid)
	if errors.Is(err, tandem.ErrNotFound) {
		return fail()
	}
	if err != nil {
		return nil, "", err
	}
	if u.Disabled {
		return nil, "", tandem.Errorf(tandem.CodeAccountDisabled, "This account has been disabled. Ask the person who runs Tandem for your team.")
	}
	return u, hash, nil
}

// previewPasswordReset says whose password a reset link changes, before the
// person types a new one.
func (s *Server) previewPasswordReset(c *fiber.Ctx) error {
	var in struct {
		Token string `json:"token"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	u, _, err := s.openReset(c, in.Token)
	if err != nil {
		return err
	}
	r, err := s.store.PasswordReset(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"name": u.Name, "email": u.Email, "expiresAt": r.ExpiresAt})
}

// usePasswordReset sets a new password with a reset link: the link is used
// up, every session of the account ends, and the person is signed in anew.
func (s *Server) usePasswordReset(c *fiber.Ctx) error {
	var in struct {
		Token    string `json:"token"`
		Password string `json:"password"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	u, hash, err := s.openReset(c, in.Token)
	if err != nil {
		return err
	}
	if u, err = s.resetPassword(c.UserContext(), u, hash, in.Password); err != nil {
		return err
	}
	return s.startSession(c, u, fiber.StatusOK)
}

// resetPassword gives u the new password with the reset link whose token
// hashes to hash, and ends every session of the account.
func (s *Server) resetPassword(ctx context.Context, u *tandem.User, hash, password string) (*tandem.User, error) {
	if err := tandem.ValidatePassword(password, u.Email); err != nil {
		return nil, err
	}
	pw, err := s.hashPassword(ctx, password)
	if err != nil {
		return nil, err
	}
	link, err := s.store.PasswordReset(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	ok, err := s.store.TakePasswordReset(ctx, u.ID, hash)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, tandem.ResetLinkInvalid() // used a moment ago by someone else
	}
	// Sessions end before the password changes: if the change then fails,
	// the old password still works and the link is given back.
	if err := s.store.RevokeUserSessions(ctx, u.ID, "", "password_reset"); err != nil {
		s.restoreReset(ctx, link)
		return nil, err
	}
	s.sessions.endUser(u.ID, "")
	if u, err = s.store.UpdateUser(ctx, u.ID, func(u *tandem.User) error {
		u.PasswordHash = pw
		return nil
	}); err != nil {
		s.restoreReset(ctx, link)
		return nil, err
	}
	s.app.Audit(ctx, tandem.InstanceAudit, u, "password_reset.used",
		fmt.Sprintf("%s chose a new password with a reset link; every earlier sign-in of the account was ended.", u.Name),
		map[string]any{"userId": u.ID})
	s.log.Info("password reset", "user", u.ID)
	return u, nil
}

// restoreReset puts a taken reset link back after the change it was taken
// for failed, so that the person can try again.
func (s *Server) restoreReset(ctx context.Context, r *tandem.PasswordReset) {
	if err := s.store.PutPasswordReset(context.WithoutCancel(ctx), r); err != nil {
		s.log.Error("restore password reset link", "user", r.UserID, "error", err)
	}
}

// instanceAuditLog is the instance's own audit log, for the instance admin.
func (s *Server) instanceAuditLog(c *fiber.Ctx) error {
	return s.sendAuditPage(c, tandem.InstanceAudit)
}
