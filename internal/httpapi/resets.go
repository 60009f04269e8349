package httpapi

import (
	"context"
	"crypto/subtle"
	"errors"
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

// resetLinkView is a reset link as the API shows it.
type resetLinkView struct {
	UserID    string    `json:"userId"`
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expiresAt"`
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
	link, err := s.app.NewResetLink(ctx, u, admin)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(resetLinkView(*link))
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
	if u, err = s.app.ResetPassword(c.UserContext(), u, hash, in.Password); err != nil {
		return err
	}
	return s.startSession(c, u, fiber.StatusOK)
}

// instanceAuditLog is the instance's own audit log, for the instance admin.
func (s *Server) instanceAuditLog(c *fiber.Ctx) error {
	return s.sendAuditPage(c, tandem.InstanceAudit)
}

// ResetLink makes a one-time password reset link (see app.ResetLink).
// `tandem reset-admin` calls it on the server's command line.
func (s *Server) ResetLink(ctx context.Context, email string, by *tandem.User) (string, *tandem.User, error) {
	return s.app.ResetLink(ctx, email, by)
}
