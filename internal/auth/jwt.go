package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// issuer is the iss claim of Tandem's access tokens.
const issuer = "tandem"

// Tokens issues and verifies access tokens signed with HS256.
type Tokens struct {
	secret []byte
	ttl    time.Duration
	now    func() time.Time
}

// NewTokens returns a Tokens that signs with secret; tokens live for ttl.
func NewTokens(secret []byte, ttl time.Duration) (*Tokens, error) {
	if len(secret) < 32 {
		return nil, errors.New("the JWT secret must be at least 32 bytes")
	}
	return &Tokens{secret: secret, ttl: ttl, now: time.Now}, nil
}

// Claims are the claims of an access token.
type Claims struct {
	jwt.RegisteredClaims
	// SessionID names the refresh session the token was issued from.
	SessionID string `json:"sid"`
}

// Issue returns a signed access token for the user and when it expires.
func (t *Tokens) Issue(userID, sessionID string) (string, time.Time, error) {
	now := t.now()
	exp := now.Add(t.ttl)
	claims := Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    issuer,
			Subject:   userID,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
		},
		SessionID: sessionID,
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.secret)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("sign access token: %w", err)
	}
	return s, exp, nil
}

// ErrExpired reports an access token past its expiry.
var ErrExpired = errors.New("access token expired")

// ErrInvalid reports an access token that is malformed, tampered with, signed
// with another algorithm or key, or missing required claims.
var ErrInvalid = errors.New("invalid access token")

// Verify checks an access token and returns its claims. Only HS256 is
// accepted, and expiry, issuer and subject are required.
func (t *Tokens) Verify(token string) (*Claims, error) {
	var c Claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithIssuer(issuer),
		jwt.WithTimeFunc(t.now),
		jwt.WithLeeway(5*time.Second),
	)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, ErrExpired
	case err != nil:
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	case c.Subject == "":
		return nil, fmt.Errorf("%w: no subject", ErrInvalid)
	}
	return &c, nil
}

// DeviceMark returns a mark for a browser that has just signed in to the
// account (an email compared by tandem.EmailKey): a random device id and
// its HMAC under the secret, so that only this server can make one. A
// browser that shows a mark for the account has signed in to it before.
func (t *Tokens) DeviceMark(account string) string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err))
	}
	id := base64.RawURLEncoding.EncodeToString(b)
	return id + "." + t.deviceMAC(account, id)
}

// DeviceID returns the device id of a mark that DeviceMark made for the
// account, or "" when the mark is missing, damaged or made for another
// account.
func (t *Tokens) DeviceID(mark, account string) string {
	id, mac, ok := strings.Cut(mark, ".")
	if !ok || id == "" || !hmac.Equal([]byte(mac), []byte(t.deviceMAC(account, id))) {
		return ""
	}
	return id
}

func (t *Tokens) deviceMAC(account, id string) string {
	m := hmac.New(sha256.New, t.secret)
	m.Write([]byte("tandem device\x00" + account + "\x00" + id))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
