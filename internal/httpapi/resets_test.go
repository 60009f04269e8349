package httpapi_test

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// resetToken makes a reset link for uid as admin and returns its token.
func (e *env) resetToken(admin *user, uid string) string {
	e.t.Helper()
	r := e.must(e.post("/api/v1/users/"+uid+"/password-reset", admin.token, nil), 201).json()
	link := r["url"].(string)
	if !strings.HasPrefix(link, "http://tandem.test/reset#token=") {
		e.t.Fatalf("reset link %q", link)
	}
	tok, err := url.QueryUnescape(link[strings.Index(link, "#token=")+len("#token="):])
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

func TestPasswordResetLink(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	sam := e.join(pid, admin, "coder", "sam@example.org", "peer")
	// Sam is signed in on a second device too.
	phone := sessionUser(e.must(e.post("/api/v1/auth/login", "", map[string]string{"email": sam.email, "password": goodPassword}), 200), sam.email)

	// Only the instance admin makes links, and not for themself.
	if r := e.post("/api/v1/users/"+sam.id+"/password-reset", "", nil); r.status != 401 {
		t.Fatalf("a reset link without signing in: %d %s", r.status, r.body)
	}
	if r := e.get("/api/v1/audit", ""); r.status != 401 {
		t.Fatalf("the instance log without signing in: %d %s", r.status, r.body)
	}
	if r := e.post("/api/v1/users/"+admin.id+"/password-reset", sam.token, nil); r.status != 403 {
		t.Fatalf("a coder makes a reset link: %d %s", r.status, r.body)
	}
	if r := e.post("/api/v1/users/"+admin.id+"/password-reset", admin.token, nil); r.status != 400 || !strings.Contains(r.message(), "My account") {
		t.Fatalf("a reset link for oneself: %d %s", r.status, r.body)
	}
	if r := e.post("/api/v1/users/nobody/password-reset", admin.token, nil); r.status != 404 {
		t.Fatalf("a reset link for no account: %d %s", r.status, r.body)
	}

	first := e.resetToken(admin, sam.id)
	tok := e.resetToken(admin, sam.id) // the newer link replaces the first
	if r := e.post("/api/v1/password-reset/preview", "", map[string]string{"token": first}); r.status != 404 || !strings.Contains(r.message(), "newer link") {
		t.Fatalf("the replaced link: %d %s", r.status, r.body)
	}
	p := e.must(e.post("/api/v1/password-reset/preview", "", map[string]string{"token": tok}), 200).json()
	if p["email"] != sam.email || p["name"] != "Name of sam@example.org" || p["expiresAt"] == nil {
		t.Fatalf("preview = %v", p)
	}

	// A weak password is refused and the link still works.
	if r := e.post("/api/v1/password-reset", "", map[string]string{"token": tok, "password": "short"}); r.status != 400 || r.code() != "weak_password" {
		t.Fatalf("weak password: %d %s", r.status, r.body)
	}
	if r := e.post("/api/v1/password-reset", "", map[string]string{"token": tok[:len(tok)-2] + "xx", "password": "a brand new password"}); r.status != 404 {
		t.Fatalf("a mistyped link: %d %s", r.status, r.body)
	}
	r := e.must(e.post("/api/v1/password-reset", "", map[string]string{"token": tok, "password": "a brand new password"}), 200)
	fresh := sessionUser(r, sam.email)
	if fresh.refresh == "" || fresh.token == "" {
		t.Fatalf("using the link does not sign in: %s", r.body)
	}

	// Every earlier session of the account is over; the new one works.
	for name, old := range map[string]*user{"laptop": sam, "phone": phone} {
		if r := e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: old.refresh}); r.status != 401 {
			t.Errorf("the %s's earlier session still refreshes: %d %s", name, r.status, r.body)
		}
		if r := e.get("/api/v1/me", old.token); r.status != 401 || r.code() != "session_revoked" {
			t.Errorf("the %s's access token still works: %d %s", name, r.status, r.body)
		}
	}
	e.must(e.get("/api/v1/me", fresh.token), 200)
	e.must(e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: fresh.refresh}), 200)
	if r := e.post("/api/v1/auth/login", "", map[string]string{"email": sam.email, "password": goodPassword}); r.status != 401 {
		t.Fatalf("the old password still works: %d", r.status)
	}
	e.must(e.post("/api/v1/auth/login", "", map[string]string{"email": sam.email, "password": "a brand new password"}), 200)

	// The link works once.
	if r := e.post("/api/v1/password-reset", "", map[string]string{"token": tok, "password": "yet another password"}); r.status != 404 {
		t.Fatalf("the link used twice: %d %s", r.status, r.body)
	}

	// The instance audit log, for the admin only, says who made and used links.
	if r := e.get("/api/v1/audit", fresh.token); r.status != 403 {
		t.Fatalf("a coder reads the instance log: %d", r.status)
	}
	log := e.must(e.get("/api/v1/audit", admin.token), 200).json()["entries"].([]any)
	var actions []string
	for _, x := range log {
		actions = append(actions, x.(map[string]any)["action"].(string))
	}
	if strings.Join(actions, " ") != "password_reset.used password_reset.created password_reset.created" {
		t.Fatalf("instance log actions = %v", actions)
	}
	if s := log[1].(map[string]any)["summary"].(string); !strings.Contains(s, "Ada Admin made a password reset link for Name of sam@example.org (sam@example.org)") {
		t.Fatalf("summary %q", s)
	}
	// The project's own log is not the instance's.
	for _, x := range e.must(e.get("/api/v1/projects/"+pid+"/audit", admin.token), 200).json()["entries"].([]any) {
		if strings.HasPrefix(x.(map[string]any)["action"].(string), "password_reset") {
			t.Fatalf("a reset line in the project's log: %v", x)
		}
	}
}

func TestPasswordResetLinkExpiresAndIsRefusedForDisabledAccounts(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	sam := e.join(pid, admin, "coder", "sam@example.org", "peer")
	tok := e.resetToken(admin, sam.id)
	e.clock.Advance(24*time.Hour + time.Second)
	if r := e.post("/api/v1/password-reset/preview", "", map[string]string{"token": tok}); r.status != 410 || r.code() != "reset_expired" {
		t.Fatalf("an expired link: %d %s", r.status, r.body)
	}
	if r := e.post("/api/v1/password-reset", "", map[string]string{"token": tok, "password": "a brand new password"}); r.status != 410 {
		t.Fatalf("an expired link used: %d %s", r.status, r.body)
	}
	tok = e.resetToken(admin, sam.id)
	e.must(e.patch("/api/v1/users/"+sam.id, admin.token, map[string]bool{"disabled": true}), 200)
	if r := e.post("/api/v1/password-reset", "", map[string]string{"token": tok, "password": "a brand new password"}); r.code() != "account_disabled" {
		t.Fatalf("a disabled account's link: %d %s", r.status, r.body)
	}
	if r := e.post("/api/v1/users/"+sam.id+"/password-reset", admin.token, nil); r.status != 409 || !strings.Contains(r.message(), "Enable it first") {
		t.Fatalf("a link for a disabled account: %d %s", r.status, r.body)
	}
}

func TestPasswordResetIsRateLimitedLikeSignIn(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	sam := e.join(pid, admin, "coder", "sam@example.org", "peer")
	tok := e.resetToken(admin, sam.id)
	for i := range 5 {
		if r := e.post("/api/v1/password-reset/preview", "", map[string]string{"token": sam.id + ".guess" + string(rune('a'+i))}); r.status != 404 {
			t.Fatalf("guess %d: %d %s", i, r.status, r.body)
		}
	}
	// Now even the right link waits, and says how long in plain words.
	r := e.post("/api/v1/password-reset", "", map[string]string{"token": tok, "password": "a brand new password"})
	if r.status != 429 || r.header.Get("Retry-After") == "" ||
		r.message() != "Too many tries with reset links. Try again in 1 minute." {
		t.Fatalf("after 5 wrong links: %d %s", r.status, r.body)
	}
	// Guessing across accounts from one address meets the per-address limit.
	for i := range 30 {
		e.post("/api/v1/password-reset/preview", "", map[string]string{"token": "user" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".guess"})
	}
	if r := e.post("/api/v1/auth/login", "", map[string]string{"email": admin.email, "password": goodPassword}); r.status != 429 {
		t.Fatalf("sign-in after 30 wrong links from one address: %d %s", r.status, r.body)
	}
}
