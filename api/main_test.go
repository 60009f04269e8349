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
	"sync/atomic"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
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

// server is a Tandem server started by a test.
type server struct {
	base string
	out  *syncBuffer
	// hold, when set, holds the next request the server starts reading
	// (fasthttp's StateActive: from then on a shutdown waits for its answer)
	// until stop is called, and says so on held.
	hold atomic.Bool
	held chan struct{}
	stop func() error
}

// startServer runs the server until its stop is called. It returns once the
// server listens (run's ready hook), without polling.
func startServer(t *testing.T, dataDir string) *server {
	t.Helper()
	addr := freeAddr(t)
	s := &server{base: "http://" + addr, out: &syncBuffer{}, held: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-listen", addr, "-data-dir", dataDir}, nil, s.out, io.Discard, func(app *fiber.App) {
			app.Server().ConnState = func(_ net.Conn, state fasthttp.ConnState) {
				if state == fasthttp.StateActive && s.hold.Swap(false) {
					s.held <- struct{}{}
					<-ctx.Done()
				}
			}
			close(ready)
		})
	}()
	select {
	case <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("server stopped before it was ready: %v", err)
	}
	s.stop = func() error { cancel(); return <-done }
	res, err := http.Get(s.base + "/api/v1/ready")
	if err != nil {
		s.stop()
		t.Fatalf("GET /api/v1/ready: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		s.stop()
		t.Fatalf("GET /api/v1/ready: %d, want 200", res.StatusCode)
	}
	return s
}

// start runs the server until the returned stop is called.
func start(t *testing.T, dataDir string) (base string, out *syncBuffer, stop func() error) {
	t.Helper()
	s := startServer(t, dataDir)
	return s.base, s.out, s.stop
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
	srv := startServer(t, dir)
	base, out := srv.base, srv.out
	m := regexp.MustCompile(`/setup#token=([A-Za-z0-9_%-]+)`).FindStringSubmatch(out.String())
	if m == nil || !strings.Contains(out.String(), "Tandem is running at "+base) {
		t.Fatalf("start-up output has no setup link:\n%s", out)
	}
	status, _ := postJSON(t, base+"/api/v1/setup", map[string]string{"token": m[1], "email": "pi@example.org", "name": "PI", "password": "a long enough password"})
	if status != 201 {
		t.Fatalf("setup: %d", status)
	}

	// A request in flight when the signal comes still gets its answer: the
	// server holds the sign-in it started reading until the signal.
	srv.hold.Store(true)
	type answer struct {
		status int
		err    error
	}
	answered := make(chan answer, 1)
	go func() {
		b, _ := json.Marshal(map[string]string{"email": "pi@example.org", "password": "a long enough password"})
		res, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(b))
		if err != nil {
			answered <- answer{err: err}
			return
		}
		res.Body.Close()
		answered <- answer{status: res.StatusCode}
	}()
	select {
	case <-srv.held:
	case a := <-answered:
		t.Fatalf("sign-in did not reach the server: %d %v", a.status, a.err)
	}
	if err := srv.stop(); err != nil {
		t.Fatalf("run returned %v", err)
	}
	if a := <-answered; a.err != nil || a.status != 200 {
		t.Fatalf("in-flight sign-in answered %d %v, want 200", a.status, a.err)
	}

	// Restart on the same data directory: the account is kept, no new setup link.
	base, out, stop := start(t, dir)
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
	err := run(context.Background(), append([]string{"reset-admin"}, args...), nil, &out, io.Discard, nil)
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
