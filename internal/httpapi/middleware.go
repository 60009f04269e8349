package httpapi

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/app"
	"github.com/tandemqda/tandem/internal/auth"
	"github.com/tandemqda/tandem/internal/tandem"
)

// Keys of values kept in a request's locals.
const (
	localRequestID = "requestID"
	localScope     = "scope"
	localClaims    = "claims"
)

// requestID gives every request an id, returned in X-Request-Id and logged.
func (s *Server) requestID(c *fiber.Ctx) error {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	c.Locals(localRequestID, id)
	c.Set("X-Request-Id", id)
	return c.Next()
}

func requestIDOf(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}

// logRequests logs each API request after it is answered. The query string is
// left out: it may carry tokens.
func (s *Server) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		if herr := s.handleError(c, err); herr != nil {
			return herr
		}
	}
	if !strings.HasPrefix(c.Path(), "/api/") {
		return nil
	}
	attrs := []any{"request_id", requestIDOf(c), "method", c.Method(), "path", logPath(c.Path()),
		"status", c.Response().StatusCode(), "duration_ms", float64(time.Since(start).Microseconds()) / 1000}
	if u := scopeOf(c).User; u != nil {
		attrs = append(attrs, "user", u.ID)
	}
	s.log.Info("request", attrs...)
	return nil
}

// logPath hides invitation tokens in logged paths. (Reset and setup tokens
// never appear in paths.)
func logPath(p string) string {
	if rest, ok := strings.CutPrefix(p, "/api/v1/invitations/"); ok {
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			return "/api/v1/invitations/***" + rest[i:]
		}
		return "/api/v1/invitations/***"
	}
	return p
}

// securityHeaders sets the headers that keep the browser app safe. When the
// instance is served over https, Strict-Transport-Security tells browsers
// to use nothing else for a year.
func (s *Server) securityHeaders(c *fiber.Ctx) error {
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "no-referrer")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	c.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
	if s.https() {
		c.Set("Strict-Transport-Security", "max-age=31536000")
	}
	return c.Next()
}

// https reports whether the instance is served over https (its base URL).
func (s *Server) https() bool { return strings.HasPrefix(s.origin, "https://") }

// noStore keeps API answers out of caches.
func noStore(c *fiber.Ctx) error {
	c.Set("Cache-Control", "no-store")
	return c.Next()
}

// decode reads a JSON body into v strictly: a body not sent as
// application/json is not read at all, and unknown fields, wrong types and
// trailing data are refused with a message that names the problem.
func decode(c *fiber.Ctx, v any) error {
	body := c.Body()
	if len(bytes.TrimSpace(body)) == 0 {
		return tandem.Errorf(tandem.CodeInvalidJSON, "The request body is empty; send a JSON object.")
	}
	if err := requireMediaType(c, fiber.MIMEApplicationJSON); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.Decode(&struct{}{}) != io.EOF {
		err = errors.New("extra data after the JSON object")
	}
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return tandem.Errorf(tandem.CodeInvalidJSON, "The request body must be a JSON object.")
		}
		return &tandem.Error{Code: tandem.CodeInvalidJSON, Message: fmt.Sprintf("The field %q must be a %s.", field, jsonKind(typeErr.Type.Kind().String())), Details: map[string]string{"field": field}}
	case errors.As(err, &syntaxErr):
		return tandem.Errorf(tandem.CodeInvalidJSON, "The request body is not valid JSON (error at byte %d).", syntaxErr.Offset)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &tandem.Error{Code: tandem.CodeInvalidJSON, Message: fmt.Sprintf("Unknown field %q.", field), Details: map[string]string{"field": field}}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return tandem.Errorf(tandem.CodeInvalidJSON, "The request body is not valid JSON (it ends too early).")
	}
	return tandem.Errorf(tandem.CodeInvalidJSON, "The request body is not valid JSON: %s.", err.Error())
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "true or false"
	case "int", "int64", "int32", "float64":
		return "number"
	case "slice":
		return "list"
	}
	return "JSON object"
}

// requireUser checks the access token and loads its user.
func (s *Server) requireUser(c *fiber.Ctx) error {
	if err := s.authenticate(c); err != nil {
		return err
	}
	if scopeOf(c).User == nil {
		return tandem.Errorf(tandem.CodeUnauthenticated, "Please sign in.")
	}
	return c.Next()
}

// optionalUser loads the user when an access token is sent, and lets the
// request through without one.
func (s *Server) optionalUser(c *fiber.Ctx) error {
	if err := s.authenticate(c); err != nil {
		return err
	}
	return c.Next()
}

func (s *Server) authenticate(c *fiber.Ctx) error {
	h := c.Get(fiber.HeaderAuthorization)
	if h == "" {
		return nil
	}
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return tandem.Errorf(tandem.CodeUnauthenticated, "Send the access token as 'Authorization: Bearer <token>'.")
	}
	claims, err := s.tokens.Verify(strings.TrimSpace(token))
	if errors.Is(err, auth.ErrExpired) {
		return tandem.Errorf(tandem.CodeTokenExpired, "Your sign-in has expired. Please sign in again.")
	}
	if err != nil || claims.SessionID == "" {
		return tandem.Errorf(tandem.CodeUnauthenticated, "Your sign-in is not valid. Please sign in again.")
	}
	u, err := s.store.User(c.UserContext(), claims.Subject)
	if errors.Is(err, tandem.ErrNotFound) {
		return tandem.Errorf(tandem.CodeUnauthenticated, "Your account no longer exists.")
	}
	if err != nil {
		return err
	}
	if u.Disabled {
		return tandem.Errorf(tandem.CodeAccountDisabled, "This account has been disabled. Ask the person who runs Tandem for your team.")
	}
	// A token ends with its session: after signing out, or when a password
	// change or reset ended the session, it is no longer accepted.
	if err := s.sessions.check(c.UserContext(), claims.SessionID, claims.Subject); err != nil {
		return err
	}
	c.Locals(localScope, &app.Scope{User: u})
	c.Locals(localClaims, claims)
	return nil
}

// scopeOf returns the request's scope: the signed-in user (nil when nobody
// signed in), and on a project's routes the project and the membership
// that member checked. The middleware builds it once per request.
func scopeOf(c *fiber.Ctx) app.Scope {
	if sc, ok := c.Locals(localScope).(*app.Scope); ok {
		return *sc
	}
	return app.Scope{}
}

func currentSessionID(c *fiber.Ctx) string {
	if cl, ok := c.Locals(localClaims).(*auth.Claims); ok {
		return cl.SessionID
	}
	return ""
}

// requireAdmin lets only the instance admin through.
func (s *Server) requireAdmin(c *fiber.Ctx) error {
	if !scopeOf(c).User.Admin {
		return tandem.Errorf(tandem.CodeForbidden, "Only the instance admin can do this.")
	}
	return c.Next()
}

// member authenticates the user, loads the project named by :pid and lets
// through members with at
// least the role min. Anyone else gets 404, as if the project did not exist;
// a member with too low a role gets 403.
func (s *Server) member(min tandem.Role) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := s.authenticate(c); err != nil {
			return err
		}
		u := scopeOf(c).User
		if u == nil {
			return tandem.Errorf(tandem.CodeUnauthenticated, "Please sign in.")
		}
		p, err := s.store.Project(c.UserContext(), c.Params("pid"))
		if errors.Is(err, tandem.ErrNotFound) || err == nil && p.DeletedAt != nil {
			return tandem.ErrProjectNotFound()
		}
		if err != nil {
			return err
		}
		m := p.Member(u.ID)
		if m == nil {
			return tandem.ErrProjectNotFound()
		}
		if !m.Role.AtLeast(min) {
			return tandem.Errorf(tandem.CodeForbidden, "Only a project %s can do this; you are a %s.", min, m.Role)
		}
		c.Locals(localScope, &app.Scope{User: u, Project: p, Member: m})
		return c.Next()
	}
}
