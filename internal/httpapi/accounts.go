package httpapi

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/tandemqda/tandem/internal/auth"
	"github.com/tandemqda/tandem/internal/tandem"
)

// refreshCookie is the name of the cookie that carries the refresh token.
const refreshCookie = "tandem_refresh"

// deviceCookie is the name of the cookie that marks a browser that signed in
// to an account before (see auth.Tokens.DeviceMark): such a browser is not
// held by the limit on wrong passwords for the whole account.
const deviceCookie = "tandem_device"

// deviceMarkTTL is how long a device mark lasts; each sign-in renews it.
const deviceMarkTTL = 365 * 24 * time.Hour

type sessionView struct {
	AccessToken string    `json:"accessToken"`
	ExpiresAt   time.Time `json:"expiresAt"`
	User        *userView `json:"user"`
}

type userView struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Admin     bool      `json:"admin"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"createdAt"`
}

func viewUser(u *tandem.User) *userView {
	return &userView{ID: u.ID, Email: u.Email, Name: u.Name, Admin: u.Admin, Disabled: u.Disabled, CreatedAt: u.CreatedAt}
}

func (s *Server) setupState(c *fiber.Ctx) error {
	n, err := s.store.CountUsers(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"needed": n == 0})
}

func (s *Server) setup(c *fiber.Ctx) error {
	var in struct {
		Token    string `json:"token"`
		Email    string `json:"email"`
		Name     string `json:"name"`
		Password string `json:"password"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	u, err := s.app.Setup(c.UserContext(), in.Token, in.Email, in.Name, in.Password)
	if err != nil {
		return err
	}
	return s.startSession(c, u, fiber.StatusCreated)
}

// startSession creates a session for u, sets the refresh cookie and answers
// with the access token.
func (s *Server) startSession(c *fiber.Ctx, u *tandem.User, status int) error {
	v, err := s.openSession(c, u)
	if err != nil {
		return err
	}
	return c.Status(status).JSON(v)
}

func (s *Server) openSession(c *fiber.Ctx, u *tandem.User) (*sessionView, error) {
	secret := auth.NewToken()
	now := s.now()
	sess := &tandem.Session{
		ID: uuid.NewString(), UserID: u.ID, CurrentHash: auth.HashToken(secret),
		CreatedAt: now, RotatedAt: now, ExpiresAt: now.Add(s.cfg.RefreshTTL),
	}
	if err := s.store.CreateSession(c.UserContext(), sess); err != nil {
		return nil, err
	}
	s.setRefreshCookie(c, sess.ID+"."+secret, sess.ExpiresAt)
	s.markDevice(c, u)
	return s.accessFor(u, sess.ID)
}

// markDevice gives the browser that just signed in to u's account the
// account's device mark.
func (s *Server) markDevice(c *fiber.Ctx, u *tandem.User) {
	c.Cookie(&fiber.Cookie{
		Name:     deviceCookie,
		Value:    s.tokens.DeviceMark(tandem.EmailKey(u.Email)),
		Path:     "/api/v1/auth",
		Expires:  s.now().Add(deviceMarkTTL),
		HTTPOnly: true,
		Secure:   s.https(),
		SameSite: fiber.CookieSameSiteStrictMode,
	})
}

func (s *Server) accessFor(u *tandem.User, sessionID string) (*sessionView, error) {
	token, exp, err := s.tokens.Issue(u.ID, sessionID)
	if err != nil {
		return nil, err
	}
	return &sessionView{AccessToken: token, ExpiresAt: exp.UTC(), User: viewUser(u)}, nil
}

func (s *Server) setRefreshCookie(c *fiber.Ctx, value string, expires time.Time) {
	c.Cookie(&fiber.Cookie{
		Name:     refreshCookie,
		Value:    value,
		Path:     "/api/v1/auth",
		Expires:  expires,
		HTTPOnly: true,
		Secure:   s.https(),
		SameSite: fiber.CookieSameSiteStrictMode,
	})
}

func (s *Server) clearRefreshCookie(c *fiber.Ctx) {
	s.setRefreshCookie(c, "", time.Unix(0, 0))
}

func (s *Server) login(c *fiber.Ctx) error {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Email) == "" {
		return tandem.Invalid("email", "Enter your email address.")
	}
	if in.Password == "" {
		return tandem.Invalid("password", "Enter your password.")
	}
	if len(in.Password) > tandem.MaxPasswordLength {
		return tandem.Invalid("password", "That password is too long.")
	}
	account := tandem.EmailKey(in.Email)
	device := s.tokens.DeviceID(c.Cookies(deviceCookie), account)
	g, wait, held := s.guesses.begin("account:"+account, device, s.clientIP(c))
	if g == nil {
		return tooMany(c, wait, wrongPasswordWords[held])
	}
	ctx := c.UserContext()
	u, err := s.store.UserByEmail(ctx, in.Email)
	if err != nil && !errors.Is(err, tandem.ErrNotFound) {
		g.cancel()
		return err
	}
	ok, err := s.app.CheckPassword(ctx, u, in.Password)
	if err != nil {
		g.cancel()
		return err
	}
	if !ok {
		return tandem.Errorf(tandem.CodeInvalidCredentials, "That email and password do not match an account. Check both and try again.")
	}
	g.right()
	if u.Disabled {
		return tandem.Errorf(tandem.CodeAccountDisabled, "This account has been disabled. Ask the person who runs Tandem for your team.")
	}
	return s.startSession(c, u, fiber.StatusOK)
}

// errUnchanged leaves a session as it is.
var errUnchanged = errors.New("unchanged")

// refresh rotates the refresh token (tandem.Session.Refresh) and answers a
// new access token.
func (s *Server) refresh(c *fiber.Ctx) error {
	sid, secret, ok := strings.Cut(c.Cookies(refreshCookie), ".")
	if !ok || sid == "" || secret == "" {
		return tandem.Errorf(tandem.CodeUnauthenticated, "Please sign in.")
	}
	ctx := c.UserContext()
	presented := auth.HashToken(secret)
	newSecret := auth.NewToken()
	var outcome tandem.RefreshOutcome
	sess, err := s.store.UpdateSession(ctx, sid, func(sess *tandem.Session) error {
		switch outcome = sess.Refresh(presented, auth.HashToken(newSecret), s.now()); outcome {
		case tandem.RefreshRotated, tandem.RefreshReused:
			return nil
		case tandem.RefreshRace:
			return errUnchanged // nothing to write
		}
		return outcome.Err()
	})
	switch {
	case errors.Is(err, errUnchanged):
		sess, err = s.store.Session(ctx, sid)
	case errors.Is(err, tandem.ErrNotFound):
		err = tandem.Errorf(tandem.CodeUnauthenticated, "Please sign in.")
	}
	if err != nil {
		if code := tandem.CodeOf(err); code == tandem.CodeUnauthenticated || code == tandem.CodeSessionRevoked || code == tandem.CodeTokenExpired {
			s.clearRefreshCookie(c)
		}
		return err
	}
	if outcome == tandem.RefreshReused {
		s.sessions.end(sid)
		s.log.Warn("refresh token reused; session revoked", "session", sid, "user", sess.UserID)
		s.clearRefreshCookie(c)
		return outcome.Err()
	}
	u, err := s.store.User(ctx, sess.UserID)
	if err != nil {
		return err
	}
	if u.Disabled {
		s.clearRefreshCookie(c)
		return tandem.Errorf(tandem.CodeAccountDisabled, "This account has been disabled. Ask the person who runs Tandem for your team.")
	}
	if outcome == tandem.RefreshRotated {
		s.setRefreshCookie(c, sess.ID+"."+newSecret, sess.ExpiresAt)
	}
	v, err := s.accessFor(u, sess.ID)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (s *Server) logout(c *fiber.Ctx) error {
	if sid, _, ok := strings.Cut(c.Cookies(refreshCookie), "."); ok && sid != "" {
		now := s.now()
		_, err := s.store.UpdateSession(c.UserContext(), sid, func(sess *tandem.Session) error {
			if sess.RevokedAt == nil {
				sess.RevokedAt, sess.RevokedWhy = &now, "logout"
			}
			return nil
		})
		if err != nil && !errors.Is(err, tandem.ErrNotFound) {
			return err
		}
		s.sessions.end(sid)
	}
	s.clearRefreshCookie(c)
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) getMe(c *fiber.Ctx) error {
	return c.JSON(viewUser(scopeOf(c).User))
}

func (s *Server) patchMe(c *fiber.Ctx) error {
	var in struct {
		Name *string `json:"name"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.Name == nil {
		return tandem.Invalid("name", "Enter a name.")
	}
	name, err := tandem.ValidateName("name", *in.Name)
	if err != nil {
		return err
	}
	u, err := s.store.UpdateUser(c.UserContext(), scopeOf(c).User.ID, func(u *tandem.User) error {
		u.Name = name
		return nil
	})
	if err != nil {
		return err
	}
	return c.JSON(viewUser(u))
}

func (s *Server) changePassword(c *fiber.Ctx) error {
	var in struct {
		CurrentPassword string `json:"currentPassword"`
		NewPassword     string `json:"newPassword"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	u := scopeOf(c).User
	if err := tandem.ValidatePassword(in.NewPassword, u.Email); err != nil {
		return err
	}
	// Guesses at the current password count like wrong passwords at sign-in.
	g, wait, held := s.guesses.begin("account:"+tandem.EmailKey(u.Email), "", s.clientIP(c))
	if g == nil {
		return tooMany(c, wait, wrongPasswordWords[held])
	}
	ctx := c.UserContext()
	ok, err := s.app.CheckPassword(ctx, u, in.CurrentPassword)
	if err != nil {
		g.cancel()
		return err
	}
	if !ok {
		return tandem.Invalid("currentPassword", "Your current password is not right.")
	}
	g.right()
	hash, err := s.app.HashPassword(ctx, in.NewPassword)
	if err != nil {
		return err
	}
	if _, err := s.store.UpdateUser(ctx, u.ID, func(u *tandem.User) error {
		u.PasswordHash = hash
		return nil
	}); err != nil {
		return err
	}
	if err := s.store.RevokeUserSessions(ctx, u.ID, currentSessionID(c), "password"); err != nil {
		return err
	}
	s.sessions.endUser(u.ID, currentSessionID(c))
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) listUsers(c *fiber.Ctx) error {
	users, err := s.store.ListUsers(c.UserContext())
	if err != nil {
		return err
	}
	out := make([]*userView, len(users))
	for i := range users {
		out[i] = viewUser(&users[i])
	}
	return c.JSON(out)
}

func (s *Server) patchUser(c *fiber.Ctx) error {
	var in struct {
		Disabled *bool `json:"disabled"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.Disabled == nil {
		return tandem.Invalid("disabled", "Say whether the account is disabled (true or false).")
	}
	admin, uid := scopeOf(c).User, c.Params("uid")
	if uid == admin.ID && *in.Disabled {
		return tandem.Invalid("disabled", "You cannot disable your own account.")
	}
	ctx := c.UserContext()
	u, err := s.store.UpdateUser(ctx, uid, func(u *tandem.User) error {
		u.Disabled = *in.Disabled
		return nil
	})
	if errors.Is(err, tandem.ErrNotFound) {
		return tandem.Errorf(tandem.CodeNotFound, "There is no such account.")
	}
	if err != nil {
		return err
	}
	if u.Disabled {
		if err := s.store.RevokeUserSessions(ctx, u.ID, "", "disabled"); err != nil {
			return err
		}
		s.sessions.endUser(u.ID, "")
	}
	s.log.Info("account changed by admin", "user", u.ID, "disabled", u.Disabled, "by", admin.ID)
	return c.JSON(viewUser(u))
}

// Bootstrap prepares a new instance (see app.Bootstrap) and returns the
// setup URL to print, if any.
func (s *Server) Bootstrap(ctx context.Context, adminEmail, adminPassword, adminName string) (setupURL string, err error) {
	return s.app.Bootstrap(ctx, adminEmail, adminPassword, adminName)
}
