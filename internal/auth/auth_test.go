package auth

import (
	"context"
	"encoding/base64"
	"errors"
	"runtime"
	"strings"
	"sync"
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
	first, again := HashToken(a), HashToken(a)
	if first == a || first != again || len(first) != 64 {
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

// TestHasherBoundsTheWork holds computations in their slots: no more than
// the running limit run at once, the queue waits, and one more is refused at
// once.
func TestHasherBoundsTheWork(t *testing.T) {
	h := NewHasher(2, 3)
	release := make(chan struct{})
	var mu sync.Mutex
	running, most := 0, 0
	work := func() {
		mu.Lock()
		running++
		most = max(most, running)
		mu.Unlock()
		<-release
		mu.Lock()
		running--
		mu.Unlock()
	}
	var wg sync.WaitGroup
	errs := make(chan error, 5)
	for range 5 {
		wg.Go(func() { errs <- h.do(context.Background(), work) })
	}
	for len(h.admit) < 5 { // until all five are in
		runtime.Gosched()
	}
	if err := h.do(context.Background(), work); !errors.Is(err, ErrBusy) {
		t.Fatalf("a sixth while 2 run and 3 wait: %v, want ErrBusy", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if most != 2 {
		t.Fatalf("%d computations ran at once, want 2", most)
	}
	// A caller who gave up while waiting gets its context's error.
	full := NewHasher(1, 1)
	hold := make(chan struct{})
	go func() { _ = full.do(context.Background(), func() { <-hold }) }()
	for len(full.running) < 1 {
		runtime.Gosched()
	}
	if err := full.do(ctx, func() {}); !errors.Is(err, context.Canceled) {
		t.Fatalf("waiting with a cancelled context: %v", err)
	}
	close(hold)

	hash, err := h.Hash(context.Background(), "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := h.Check(context.Background(), hash, "correct horse battery"); !ok || err != nil {
		t.Fatalf("Check = %v, %v", ok, err)
	}
	if err := h.Spend(context.Background(), "anything"); err != nil {
		t.Fatal(err)
	}
}

func TestDeviceMark(t *testing.T) {
	tokens, err := NewTokens(secret, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	mark := tokens.DeviceMark("sam@example.org")
	id := tokens.DeviceID(mark, "sam@example.org")
	if id == "" || !strings.HasPrefix(mark, id+".") {
		t.Fatalf("DeviceID(%q) = %q", mark, id)
	}
	if tokens.DeviceMark("sam@example.org") == mark {
		t.Fatal("two marks are equal")
	}
	other, _ := NewTokens([]byte("another-secret-another-secret-xx"), time.Minute)
	for name, tc := range map[string]struct{ mark, account string }{
		"other account": {mark, "alex@example.org"},
		"other secret":  {other.DeviceMark("sam@example.org"), "sam@example.org"},
		"other id":      {"x" + mark, "sam@example.org"},
		"no mac":        {id, "sam@example.org"},
		"empty":         {"", "sam@example.org"},
		"just a dot":    {".", "sam@example.org"},
	} {
		if got := tokens.DeviceID(tc.mark, tc.account); got != "" {
			t.Errorf("%s: DeviceID = %q, want none", name, got)
		}
	}
}
