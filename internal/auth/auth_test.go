package auth

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not argon2id in PHC format", h)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt missing")
	}
	for _, tc := range []struct {
		password string
		want     bool
	}{
		{"correct horse battery", true},
		{"correct horse battery ", false},
		{"Correct horse battery", false},
		{"", false},
	} {
		got, err := CheckPassword(h, tc.password)
		if err != nil || got != tc.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", tc.password, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=x$c2FsdA$a2V5", "$argon2id$v=19$m=1,t=1,p=1$!!$a2V5"} {
		if _, err := CheckPassword(bad, "x"); !errors.Is(err, ErrBadHash) {
			t.Errorf("CheckPassword(%q) error = %v, want ErrBadHash", bad, err)
		}
	}
}

func TestTokensAreRandomAndHashed(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || len(a) != 43 {
		t.Fatalf("tokens %q %q", a, b)
	}
	if HashToken(a) == a || HashToken(a) != HashToken(a) || len(HashToken(a)) != 64 {
		t.Fatal("HashToken is not a stable SHA-256 hex digest")
	}
}

var secret = []byte("0123456789abcdef0123456789abcdef")

func TestAccessTokenVerify(t *testing.T) {
	tokens, err := NewTokens(secret, 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	good, exp, err := tokens.Issue("user-1", "sess-1")
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(exp); d < 14*time.Minute || d > 15*time.Minute {
		t.Fatalf("expiry in %s, want 15m", d)
	}
	c, err := tokens.Verify(good)
	if err != nil || c.Subject != "user-1" || c.SessionID != "sess-1" {
		t.Fatalf("Verify(good) = %+v, %v", c, err)
	}

	sign := func(method jwt.SigningMethod, key any, claims jwt.Claims) string {
		s, err := jwt.NewWithClaims(method, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	now := time.Now()
	valid := jwt.RegisteredClaims{Issuer: "tandem", Subject: "user-1", IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute))}
	noExp := valid
	noExp.ExpiresAt = nil
	expired := valid
	expired.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Minute))
	otherIssuer := valid
	otherIssuer.Issuer = "someone"
	noSubject := valid
	noSubject.Subject = ""
	parts := strings.Split(good, ".")
	tamperedPayload := base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"tandem","sub":"admin","exp":9999999999,"iat":1}`))

	for name, tc := range map[string]struct {
		token string
		want  error
	}{
		"expired":          {sign(jwt.SigningMethodHS256, secret, expired), ErrExpired},
		"no expiry":        {sign(jwt.SigningMethodHS256, secret, noExp), ErrInvalid},
		"alg none":         {sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, valid), ErrInvalid},
		"HS512":            {sign(jwt.SigningMethodHS512, secret, valid), ErrInvalid},
		"other key":        {sign(jwt.SigningMethodHS256, []byte("another-secret-another-secret-xx"), valid), ErrInvalid},
		"other issuer":     {sign(jwt.SigningMethodHS256, secret, otherIssuer), ErrInvalid},
		"no subject":       {sign(jwt.SigningMethodHS256, secret, noSubject), ErrInvalid},
		"tampered payload": {parts[0] + "." + tamperedPayload + "." + parts[2], ErrInvalid},
		"garbage":          {"not.a.token", ErrInvalid},
		"empty":            {"", ErrInvalid},
	} {
		if _, err := tokens.Verify(tc.token); !errors.Is(err, tc.want) {
			t.Errorf("%s: Verify error = %v, want %v", name, err, tc.want)
		}
	}
	if _, err := NewTokens([]byte("short"), time.Minute); err == nil {
		t.Error("NewTokens accepted a 5-byte secret")
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(3, time.Minute)
	clock := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	l.now = func() time.Time { return clock }
	for i := range 3 {
		if w := l.Wait("a"); w != 0 {
			t.Fatalf("attempt %d must wait %s", i, w)
		}
		l.Fail("a")
		clock = clock.Add(10 * time.Second)
	}
	if w := l.Wait("a"); w != 30*time.Second {
		t.Fatalf("after 3 failures wait = %s, want 30s (the oldest failure leaves the window)", w)
	}
	if w := l.Wait("b"); w != 0 {
		t.Fatalf("another key waits %s", w)
	}
	clock = clock.Add(30 * time.Second)
	if w := l.Wait("a"); w != 0 {
		t.Fatalf("after the window: wait %s", w)
	}
	l.Fail("a")
	l.Reset("a")
	if w := l.Wait("a"); w != 0 {
		t.Fatalf("after reset: wait %s", w)
	}
}
