package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestSetupCreatesTheAdminOnce(t *testing.T) {
	e := newEnv(t)
	if got := e.must(e.get("/api/v1/setup", ""), 200).json()["needed"]; got != true {
		t.Fatalf("setup needed on an empty instance = %v", got)
	}
	url, err := e.srv.Bootstrap(t.Context(), "", "", "")
	if err != nil || !strings.HasPrefix(url, "http://tandem.test/setup#token=") {
		t.Fatalf("setup URL %q, %v", url, err)
	}
	token := url[strings.Index(url, "=")+1:]

	r := e.post("/api/v1/setup", "", map[string]string{"token": "wrong", "email": "a@example.org", "name": "A", "password": goodPassword})
	if r.status != 403 || r.code() != "invalid_setup_token" {
		t.Fatalf("wrong token: %d %s", r.status, r.body)
	}
	r = e.post("/api/v1/setup", "", map[string]string{"token": token, "email": "a@example.org", "name": "A", "password": "short"})
	if r.status != 400 || r.code() != "weak_password" {
		t.Fatalf("weak password: %d %s", r.status, r.body)
	}
	r = e.must(e.post("/api/v1/setup", "", map[string]string{"token": token, "email": "a@example.org", "name": "A", "password": goodPassword}), 201)
	if r.json()["user"].(map[string]any)["admin"] != true {
		t.Fatalf("setup user is not admin: %s", r.body)
	}
	c := r.cookie("tandem_refresh")
	if c == nil || !c.HttpOnly || c.SameSite != 3 || c.Path != "/api/v1/auth" {
		t.Fatalf("refresh cookie %+v: want HttpOnly, SameSite=Strict, Path=/api/v1/auth", c)
	}
	r = e.post("/api/v1/setup", "", map[string]string{"token": token, "email": "b@example.org", "name": "B", "password": goodPassword})
	if r.status != 409 || r.code() != "setup_done" {
		t.Fatalf("second setup: %d %s", r.status, r.body)
	}
	if got := e.must(e.get("/api/v1/setup", ""), 200).json()["needed"]; got != false {
		t.Fatalf("setup needed after setup = %v", got)
	}
	// After setup, Bootstrap prints no link.
	if url, _ := e.srv.Bootstrap(t.Context(), "", "", ""); url != "" {
		t.Fatalf("Bootstrap after setup returned %q", url)
	}
}

func TestBootstrapFromEnvironmentCreatesAdmin(t *testing.T) {
	e := newEnv(t)
	if _, err := e.srv.Bootstrap(t.Context(), "boss@example.org", "short", "Boss"); err == nil {
		t.Fatal("weak admin password accepted")
	}
	url, err := e.srv.Bootstrap(t.Context(), "boss@example.org", goodPassword, "Boss")
	if err != nil || url != "" {
		t.Fatalf("Bootstrap = %q, %v", url, err)
	}
	r := e.must(e.post("/api/v1/auth/login", "", map[string]string{"email": "BOSS@example.org", "password": goodPassword}), 200)
	if r.json()["user"].(map[string]any)["admin"] != true {
		t.Fatal("env admin is not admin")
	}
}

func TestLoginErrorsAndRateLimit(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	for name, tc := range map[string]struct {
		body   any
		status int
		code   string
	}{
		"no email":       {map[string]string{"password": "x"}, 400, "invalid_input"},
		"no password":    {map[string]string{"email": "admin@example.org"}, 400, "invalid_input"},
		"unknown email":  {map[string]string{"email": "nobody@example.org", "password": goodPassword}, 401, "invalid_credentials"},
		"email as array": {map[string]any{"email": []string{"x"}, "password": "x"}, 400, "invalid_json"},
	} {
		r := e.post("/api/v1/auth/login", "", tc.body)
		if r.status != tc.status || r.code() != tc.code {
			t.Errorf("%s: %d %s, want %d %s", name, r.status, r.body, tc.status, tc.code)
		}
	}
	for i := range 5 {
		r := e.post("/api/v1/auth/login", "", map[string]string{"email": "admin@example.org", "password": "wrong password " + string(rune('a'+i))})
		if r.status != 401 || !strings.Contains(r.message(), "do not match") {
			t.Fatalf("attempt %d: %d %s", i, r.status, r.body)
		}
	}
	// Even the right password waits now, with the wait in plain words; each
	// further wrong password doubles the wait.
	for _, wait := range []string{"1 minute", "2 minutes", "4 minutes"} {
		r := e.post("/api/v1/auth/login", "", map[string]string{"email": "Admin@Example.org", "password": goodPassword})
		if r.status != 429 || r.code() != "rate_limited" || r.header.Get("Retry-After") == "" ||
			r.message() != "Too many wrong passwords from this device. Try again in "+wait+"." {
			t.Fatalf("after too many failures: %d %s (Retry-After %q), want a wait of %s", r.status, r.body, r.header.Get("Retry-After"), wait)
		}
		e.clock.Advance(time.Duration(r.json()["error"].(map[string]any)["details"].(map[string]any)["retryAfterSeconds"].(float64)) * time.Second)
		if r := e.post("/api/v1/auth/login", "", map[string]string{"email": "admin@example.org", "password": "still wrong"}); r.status != 401 {
			t.Fatalf("after the wait: %d %s", r.status, r.body)
		}
	}
	e.clock.Advance(8 * time.Minute)
	e.must(e.post("/api/v1/auth/login", "", map[string]string{"email": "admin@example.org", "password": goodPassword}), 200)
	// A success forgets the device's wrong passwords.
	for range 5 {
		e.must(e.post("/api/v1/auth/login", "", map[string]string{"email": "admin@example.org", "password": "wrong again"}), 401)
	}
}

func TestLoginRateLimitPerIP(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	for i := range 30 {
		e.post("/api/v1/auth/login", "", map[string]string{"email": "someone" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "@example.org", "password": "wrong password"})
	}
	r := e.post("/api/v1/auth/login", "", map[string]string{"email": "admin@example.org", "password": goodPassword})
	if r.status != 429 {
		t.Fatalf("after 30 failures from one IP: %d %s", r.status, r.body)
	}
}

func TestRefreshRotatesAndReuseRevokesTheSession(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	r := e.must(e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: admin.refresh}), 200)
	second := r.cookie("tandem_refresh").Value
	if second == admin.refresh || r.json()["accessToken"] == "" {
		t.Fatal("refresh did not rotate the token")
	}
	e.must(e.get("/api/v1/me", r.json()["accessToken"].(string)), 200)

	// Within a few seconds, the replaced token is tolerated (two tabs), without a new cookie.
	r = e.must(e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: admin.refresh}), 200)
	if r.cookie("tandem_refresh") != nil {
		t.Fatal("grace refresh set a cookie")
	}
	// Later, presenting the replaced token is reuse: the whole session ends.
	e.clock.Advance(time.Minute)
	r = e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: admin.refresh})
	if r.status != 401 || r.code() != "session_revoked" {
		t.Fatalf("reused refresh token: %d %s", r.status, r.body)
	}
	r = e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: second})
	if r.status != 401 || r.code() != "session_revoked" {
		t.Fatalf("newest token after reuse: %d %s", r.status, r.body)
	}
	for _, bad := range []string{"", "garbage", "nosuchsession.secret", "." + second} {
		r = e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: bad})
		if r.status != 401 || r.code() != "unauthenticated" {
			t.Errorf("refresh with %q: %d %s", bad, r.status, r.body)
		}
	}
}

func TestRefreshExpires(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	e.clock.Advance(31 * 24 * time.Hour)
	r := e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: admin.refresh})
	if r.status != 401 || r.code() != "token_expired" {
		t.Fatalf("expired session: %d %s", r.status, r.body)
	}
}

func TestLogoutEndsTheSession(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	r := e.must(e.do(req{method: "POST", path: "/api/v1/auth/logout", cookie: admin.refresh}), 204)
	if c := r.cookie("tandem_refresh"); c == nil || c.Value != "" {
		t.Fatalf("logout did not clear the cookie: %+v", c)
	}
	r = e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: admin.refresh})
	if r.status != 401 || r.code() != "session_revoked" {
		t.Fatalf("refresh after logout: %d %s", r.status, r.body)
	}
	e.must(e.do(req{method: "POST", path: "/api/v1/auth/logout"}), 204)
}

func TestAccessTokenAttacksAreRefused(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	sign := func(m jwt.SigningMethod, key any, c jwt.RegisteredClaims) string {
		s, err := jwt.NewWithClaims(m, c).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	now := time.Now()
	claims := jwt.RegisteredClaims{Issuer: "tandem", Subject: admin.id, IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute))}
	expired := claims
	expired.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Hour))
	noExp := claims
	noExp.ExpiresAt = nil
	parts := strings.Split(admin.token, ".")
	for name, tc := range map[string]struct {
		header string
		code   string
	}{
		"expired":   {"Bearer " + sign(jwt.SigningMethodHS256, []byte(testSecret), expired), "token_expired"},
		"alg none":  {"Bearer " + sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims), "unauthenticated"},
		"no expiry": {"Bearer " + sign(jwt.SigningMethodHS256, []byte(testSecret), noExp), "unauthenticated"},
		"other key": {"Bearer " + sign(jwt.SigningMethodHS256, []byte("x-other-secret-x-other-secret-x-other"), claims), "unauthenticated"},
		"tampered":  {"Bearer " + parts[0] + "." + parts[1] + "x." + parts[2], "unauthenticated"},
		"no bearer": {"Token " + admin.token, "unauthenticated"},
	} {
		r := e.do(req{method: "GET", path: "/api/v1/me", header: map[string]string{"Authorization": tc.header}})
		if r.status != 401 || r.code() != tc.code {
			t.Errorf("%s: %d %s, want 401 %s", name, r.status, r.body, tc.code)
		}
	}
	r := e.get("/api/v1/me", "")
	if r.status != 401 || r.code() != "unauthenticated" {
		t.Errorf("no token: %d %s", r.status, r.body)
	}
}

func TestChangePasswordSignsOutOtherSessions(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	other := sessionUser(e.must(e.post("/api/v1/auth/login", "", map[string]string{"email": admin.email, "password": goodPassword}), 200), admin.email)

	r := e.post("/api/v1/me/password", admin.token, map[string]string{"currentPassword": "wrong", "newPassword": "another long password"})
	if r.status != 400 || r.code() != "invalid_input" {
		t.Fatalf("wrong current password: %d %s", r.status, r.body)
	}
	r = e.post("/api/v1/me/password", admin.token, map[string]string{"currentPassword": goodPassword, "newPassword": "1234567890"})
	if r.status != 400 || r.code() != "weak_password" {
		t.Fatalf("common password: %d %s", r.status, r.body)
	}
	e.must(e.post("/api/v1/me/password", admin.token, map[string]string{"currentPassword": goodPassword, "newPassword": "another long password"}), 204)

	e.must(e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: admin.refresh}), 200)
	if r := e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: other.refresh}); r.status != 401 {
		t.Fatalf("other session still refreshes: %d %s", r.status, r.body)
	}
	if r := e.post("/api/v1/auth/login", "", map[string]string{"email": admin.email, "password": goodPassword}); r.status != 401 {
		t.Fatalf("old password still works: %d", r.status)
	}
	e.must(e.post("/api/v1/auth/login", "", map[string]string{"email": admin.email, "password": "another long password"}), 200)
}

func TestAdminDisablesAUser(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	coder := e.join(pid, admin, "coder", "coder@example.org", "peer")

	r := e.patch("/api/v1/users/"+admin.id, coder.token, map[string]bool{"disabled": true})
	if r.status != 403 {
		t.Fatalf("coder disabling the admin: %d %s", r.status, r.body)
	}
	if r := e.get("/api/v1/users", coder.token); r.status != 403 {
		t.Fatalf("coder listing users: %d", r.status)
	}
	if r := e.patch("/api/v1/users/"+admin.id, admin.token, map[string]bool{"disabled": true}); r.status != 400 {
		t.Fatalf("admin disabling themself: %d %s", r.status, r.body)
	}
	if r := e.patch("/api/v1/users/nobody", admin.token, map[string]bool{"disabled": true}); r.status != 404 {
		t.Fatalf("disabling an unknown user: %d %s", r.status, r.body)
	}
	e.must(e.patch("/api/v1/users/"+coder.id, admin.token, map[string]bool{"disabled": true}), 200)
	if users := e.must(e.get("/api/v1/users", admin.token), 200).list(); len(users) != 2 || users[1]["disabled"] != true {
		t.Fatalf("users = %v", users)
	}
	for _, r := range []*resp{
		e.get("/api/v1/me", coder.token),
		e.post("/api/v1/auth/login", "", map[string]string{"email": coder.email, "password": goodPassword}),
	} {
		if r.code() != "account_disabled" {
			t.Errorf("disabled user: %d %s", r.status, r.body)
		}
	}
	if r := e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: coder.refresh}); r.status != 401 {
		t.Errorf("disabled user refreshes: %d %s", r.status, r.body)
	}
	e.must(e.patch("/api/v1/users/"+coder.id, admin.token, map[string]bool{"disabled": false}), 200)
	e.must(e.post("/api/v1/auth/login", "", map[string]string{"email": coder.email, "password": goodPassword}), 200)
}

func TestMe(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	if got := e.must(e.get("/api/v1/me", admin.token), 200).json()["email"]; got != "admin@example.org" {
		t.Fatalf("me.email = %v", got)
	}
	if got := e.must(e.patch("/api/v1/me", admin.token, map[string]string{"name": "  Ada L.  "}), 200).json()["name"]; got != "Ada L." {
		t.Fatalf("renamed to %v", got)
	}
	for _, body := range []any{map[string]string{"name": ""}, map[string]string{}, map[string]string{"name": strings.Repeat("x", 101)}, map[string]string{"name": "a\nb"}} {
		if r := e.patch("/api/v1/me", admin.token, body); r.status != 400 {
			t.Errorf("PATCH /me %v: %d %s", body, r.status, r.body)
		}
	}
	if got := e.must(e.get("/api/v1/me", admin.token), 200).json()["name"]; got != "Ada L." {
		t.Fatalf("a refused change changed the name to %v", got)
	}
}
