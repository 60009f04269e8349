package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server and the test at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// start runs the server until the returned stop is called.
func start(t *testing.T, dataDir string) (base string, out *syncBuffer, stop func() error) {
	t.Helper()
	addr := freeAddr(t)
	out = &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-listen", addr, "-data-dir", dataDir}, nil, out, io.Discard)
	}()
	base = "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(base + "/api/v1/ready")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				break
			}
		}
		select {
		case err := <-done:
			t.Fatalf("server stopped: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("server not ready after 30 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return base, out, func() error { cancel(); return <-done }
}

func postJSON(t *testing.T, url string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	res, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer res.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(res.Body).Decode(&m)
	return res.StatusCode, m
}

func TestServerStartsPrintsSetupLinkStopsGracefullyAndKeepsData(t *testing.T) {
	dir := t.TempDir()
	base, out, stop := start(t, dir)
	m := regexp.MustCompile(`/setup#token=([A-Za-z0-9_%-]+)`).FindStringSubmatch(out.String())
	if m == nil || !strings.Contains(out.String(), "Tandem is running at "+base) {
		t.Fatalf("start-up output has no setup link:\n%s", out)
	}
	status, _ := postJSON(t, base+"/api/v1/setup", map[string]string{"token": m[1], "email": "pi@example.org", "name": "PI", "password": "a long enough password"})
	if status != 201 {
		t.Fatalf("setup: %d", status)
	}

	// A request in flight when the signal comes still gets its answer.
	answered := make(chan int, 1)
	go func() {
		status, _ := postJSON(t, base+"/api/v1/auth/login", map[string]string{"email": "pi@example.org", "password": "a long enough password"})
		answered <- status
	}()
	time.Sleep(15 * time.Millisecond)
	if err := stop(); err != nil {
		t.Fatalf("run returned %v", err)
	}
	if got := <-answered; got != 200 {
		t.Fatalf("in-flight sign-in answered %d, want 200", got)
	}

	// Restart on the same data directory: the account is kept, no new setup link.
	base, out, stop = start(t, dir)
	defer stop()
	if strings.Contains(out.String(), "setup#token") {
		t.Fatalf("restart printed a setup link:\n%s", out)
	}
	status, _ = postJSON(t, base+"/api/v1/auth/login", map[string]string{"email": "pi@example.org", "password": "a long enough password"})
	if status != 200 {
		t.Fatalf("sign in after restart: %d", status)
	}
}

// resetLink runs `tandem reset-admin` with args and returns the reset token
// it printed, or the error.
func resetLink(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), append([]string{"reset-admin"}, args...), nil, &out, io.Discard)
	m := regexp.MustCompile(`/reset#token=([A-Za-z0-9_%.-]+)`).FindStringSubmatch(out.String())
	if err == nil && m == nil {
		t.Fatalf("reset-admin printed no link:\n%s", out.String())
	}
	if m == nil {
		return "", out.String(), err
	}
	tok, uerr := url.QueryUnescape(m[1])
	if uerr != nil {
		t.Fatal(uerr)
	}
	return tok, out.String(), err
}

func TestResetAdminPrintsAOneTimeLinkWhileTheServerIsStopped(t *testing.T) {
	dir := t.TempDir()
	// No account yet: nothing to reset, and it says what to do instead.
	if _, _, err := resetLink(t, "-data-dir", dir); err == nil || !strings.Contains(err.Error(), "setup link") {
		t.Fatalf("reset-admin on a new instance: %v", err)
	}

	base, out, stop := start(t, dir)
	m := regexp.MustCompile(`/setup#token=([A-Za-z0-9_%-]+)`).FindStringSubmatch(out.String())
	if status, _ := postJSON(t, base+"/api/v1/setup", map[string]string{"token": m[1], "email": "pi@example.org", "name": "PI", "password": "a long enough password"}); status != 201 {
		t.Fatalf("setup: %d", status)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	// With the server stopped, on the same data directory and base URL.
	if _, _, err := resetLink(t, "-data-dir", dir, "-email", "nobody@example.org"); err == nil || !strings.Contains(err.Error(), "no account with the email address nobody@example.org") {
		t.Fatalf("reset-admin for an unknown email: %v", err)
	}
	first, _, err := resetLink(t, "-data-dir", dir)
	if err != nil {
		t.Fatal(err)
	}
	tok, printed, err := resetLink(t, "-data-dir", dir, "-base-url", "https://tandem.example.org", "-password-reset-ttl", "2h")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(printed, "for PI (pi@example.org):\n  https://tandem.example.org/reset#token=") || !strings.Contains(printed, "It works once, for 2 hours.") {
		t.Fatalf("reset-admin printed:\n%s", printed)
	}

	base, _, stop = start(t, dir)
	defer stop()
	if status, _ := postJSON(t, base+"/api/v1/password-reset", map[string]string{"token": first, "password": "a new long password"}); status != 404 {
		t.Fatalf("the first link, replaced by the second: %d", status)
	}
	if status, body := postJSON(t, base+"/api/v1/password-reset/preview", map[string]string{"token": tok}); status != 200 || body["email"] != "pi@example.org" {
		t.Fatalf("preview: %d %v", status, body)
	}
	if status, body := postJSON(t, base+"/api/v1/password-reset", map[string]string{"token": tok, "password": "a new long password"}); status != 200 || body["accessToken"] == nil {
		t.Fatalf("reset: %d %v", status, body)
	}
	if status, _ := postJSON(t, base+"/api/v1/auth/login", map[string]string{"email": "pi@example.org", "password": "a long enough password"}); status != 401 {
		t.Fatalf("the old password after the reset: %d", status)
	}
	status, body := postJSON(t, base+"/api/v1/auth/login", map[string]string{"email": "pi@example.org", "password": "a new long password"})
	if status != 200 {
		t.Fatalf("the new password: %d", status)
	}
	// While the server runs, the command works too: the server reads the link.
	running, _, err := resetLink(t, "-data-dir", dir)
	if err != nil {
		t.Fatal(err)
	}
	if status, body := postJSON(t, base+"/api/v1/password-reset/preview", map[string]string{"token": running}); status != 200 {
		t.Fatalf("a link made while the server runs: %d %v", status, body)
	}
	// The instance log says the command line made the link and the admin used it.
	r, err := http.NewRequest("GET", base+"/api/v1/audit", nil)
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Authorization", "Bearer "+body["accessToken"].(string))
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var log struct {
		Entries []struct{ Action, Summary string }
	}
	if err := json.NewDecoder(res.Body).Decode(&log); err != nil || len(log.Entries) != 4 || log.Entries[0].Action != "password_reset.created" ||
		log.Entries[1].Action != "password_reset.used" || !strings.Contains(log.Entries[2].Summary, "command line (tandem reset-admin) made a password reset link for PI") {
		t.Fatalf("instance log: %+v, %v", log, err)
	}
}
