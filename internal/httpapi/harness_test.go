package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/auth"
	"github.com/tandemqda/tandem/internal/httpapi"
	"github.com/tandemqda/tandem/internal/mongodb/mongotest"
	"github.com/tandemqda/tandem/internal/tandem"
)

// clock is a settable clock for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a Tandem HTTP app on a fresh store, served on a loopback port so
// that requests go through the same HTTP server as in production (body
// limits are applied there, before a handler runs).
type env struct {
	t      testing.TB
	app    *fiber.App
	srv    *httpapi.Server
	store  tandem.Store
	clock  *clock
	tokens *auth.Tokens
	base   string
	client *http.Client
	logs   *logBuffer // the app's warnings and errors
}

// logBuffer keeps what the app logs, safe for the app and the test at once.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

const testSecret = "test-secret-test-secret-test-secret"

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvWith(t, mongotest.Open(t))
}

func newEnvWith(t testing.TB, store tandem.Store) *env {
	t.Helper()
	return newEnvConfig(t, store, nil)
}

// newEnvConfig is newEnvWith with changes to the configuration.
func newEnvConfig(t testing.TB, store tandem.Store, change func(*httpapi.Config)) *env {
	t.Helper()
	tokens, err := auth.NewTokens([]byte(testSecret), 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: time.Now().UTC()}
	logs := &logBuffer{}
	cfg := httpapi.Config{
		Store:        store,
		Tokens:       tokens,
		Logger:       slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})),
		BaseURL:      "http://tandem.test",
		MaxJSONBytes: 64 << 10,
		Frontend: fstest.MapFS{
			"index.html":       {Data: []byte("<!doctype html><title>Tandem</title>")},
			"assets/app-1.js":  {Data: []byte("console.log(1)")},
			"assets/app-1.css": {Data: []byte("body{}")},
		},
		Now: clk.Now,
	}
	if change != nil {
		change(&cfg)
	}
	app, srv := httpapi.New(cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	client := &http.Client{
		Transport:     &http.Transport{MaxIdleConnsPerHost: 100},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	t.Cleanup(func() {
		client.CloseIdleConnections()
		_ = app.ShutdownWithTimeout(5 * time.Second)
	})
	return &env{t: t, app: app, srv: srv, store: store, clock: clk, tokens: tokens, base: "http://" + ln.Addr().String(), client: client, logs: logs}
}

// resp is an answer of the app.
type resp struct {
	status  int
	header  http.Header
	body    []byte
	cookies []*http.Cookie
}

// json decodes the body into a generic value.
func (r *resp) json() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(r.body, &m)
	return m
}

func (r *resp) list() []map[string]any {
	var l []map[string]any
	_ = json.Unmarshal(r.body, &l)
	return l
}

// code is the error code of an error answer.
func (r *resp) code() string {
	e, _ := r.json()["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func (r *resp) message() string {
	e, _ := r.json()["error"].(map[string]any)
	m, _ := e["message"].(string)
	return m
}

func (r *resp) cookie(name string) *http.Cookie {
	for _, c := range r.cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// req describes a request.
type req struct {
	method, path string
	token        string
	body         any // string or []byte sent as is; anything else as JSON
	cookie       string
	header       map[string]string
}

func (e *env) do(r req) *resp {
	e.t.Helper()
	var body io.Reader
	switch b := r.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		body = bytes.NewReader(j)
	}
	hr, err := http.NewRequest(r.method, e.base+r.path, body)
	if err != nil {
		e.t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	if body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	if r.cookie != "" {
		hr.Header.Set("Cookie", "tandem_refresh="+r.cookie)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	return e.send(hr)
}

// send sends a request to the app and reads the whole answer.
func (e *env) send(hr *http.Request) *resp {
	e.t.Helper()
	return e.sendFor(e.t, hr)
}

// sendFor is send for the test t (a fuzz target's, not the env's).
func (e *env) sendFor(t testing.TB, hr *http.Request) *resp {
	t.Helper()
	var sent []byte
	if hr.GetBody != nil {
		if b, err := hr.GetBody(); err == nil {
			sent, _ = io.ReadAll(b)
		}
	}
	res, err := e.client.Do(hr)
	if err != nil {
		t.Fatalf("%s %s: %v", hr.Method, hr.URL.Path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := &resp{status: res.StatusCode, header: res.Header, body: b, cookies: res.Cookies()}
	// Every answer is held against the API contract.
	if err := checkContract(exchange{req: hr, body: sent, resp: r}); err != nil {
		t.Errorf("api/openapi.yaml: %v", err)
	}
	return r
}

func (e *env) get(path, token string) *resp {
	return e.do(req{method: "GET", path: path, token: token})
}

func (e *env) post(path, token string, body any) *resp {
	return e.do(req{method: "POST", path: path, token: token, body: body})
}

func (e *env) patch(path, token string, body any) *resp {
	return e.do(req{method: "PATCH", path: path, token: token, body: body})
}

func (e *env) del(path, token string) *resp {
	return e.do(req{method: "DELETE", path: path, token: token})
}

// must checks the status of an answer and returns it.
func (e *env) must(r *resp, status int) *resp {
	e.t.Helper()
	if r.status != status {
		e.t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	return r
}

// user is a signed-in test account.
type user struct {
	id, email, token, refresh string
}

const goodPassword = "a long enough password"

// setupAdmin creates the instance admin through the setup token.
func (e *env) setupAdmin() *user {
	e.t.Helper()
	url, err := e.srv.Bootstrap(e.t.Context(), "", "", "")
	if err != nil {
		e.t.Fatal(err)
	}
	token := url[strings.Index(url, "#token=")+len("#token="):]
	r := e.must(e.post("/api/v1/setup", "", map[string]string{"token": token, "email": "admin@example.org", "name": "Ada Admin", "password": goodPassword}), 201)
	return sessionUser(r, "admin@example.org")
}

func sessionUser(r *resp, email string) *user {
	m := r.json()
	if s, ok := m["session"].(map[string]any); ok {
		m = s
	}
	u := m["user"].(map[string]any)
	c := r.cookie("tandem_refresh")
	refresh := ""
	if c != nil {
		refresh = c.Value
	}
	return &user{id: u["id"].(string), email: email, token: m["accessToken"].(string), refresh: refresh}
}

// project creates a project led by lead and returns its id.
func (e *env) project(lead *user, name string) string {
	e.t.Helper()
	r := e.must(e.post("/api/v1/projects", lead.token, map[string]string{"name": name, "researcherType": "academic"}), 201)
	return r.json()["id"].(string)
}

// invite creates an invitation with the role and returns its token.
func (e *env) invite(lead *user, pid, role string) string {
	e.t.Helper()
	r := e.must(e.post("/api/v1/projects/"+pid+"/invitations", lead.token, map[string]any{"role": role}), 201)
	return r.json()["token"].(string)
}

// join creates a new account through an invitation.
func (e *env) join(pid string, lead *user, role, email, researcherType string) *user {
	e.t.Helper()
	tok := e.invite(lead, pid, role)
	r := e.must(e.post("/api/v1/invitations/"+tok+"/accept", "", map[string]string{
		"email": email, "name": "Name of " + email, "password": goodPassword, "researcherType": researcherType}), 200)
	return sessionUser(r, email)
}

// share lets coders read every transcript of the project.
func (e *env) share(lead *user, pid string) {
	e.t.Helper()
	v := e.must(e.get("/api/v1/projects/"+pid, lead.token), 200).json()["version"]
	e.must(e.patch("/api/v1/projects/"+pid, lead.token, map[string]any{"version": v, "shareTranscripts": true}), 200)
}
