package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tandemqda/tandem/internal/embeddb"
	"github.com/tandemqda/tandem/internal/mongodb"
)

func TestBadJSONGetsAClearErrorAndChangesNothing(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	for name, tc := range map[string]struct {
		body    any
		status  int
		code    string
		message string
	}{
		"malformed":     {`{"name": "x"`, 400, "invalid_json", "ends too early"},
		"syntax":        {`{name: x}`, 400, "invalid_json", "not valid JSON"},
		"empty":         {``, 400, "invalid_json", "empty"},
		"array":         {`["x"]`, 400, "invalid_json", "JSON object"},
		"wrong type":    {`{"name": 5}`, 400, "invalid_json", `"name" must be a string`},
		"unknown field": {`{"name": "x", "owner": "me"}`, 400, "invalid_json", `Unknown field "owner"`},
		"trailing":      {`{"name": "x"} {"name": "y"}`, 400, "invalid_json", "extra data"},
		"missing name":  {`{}`, 400, "invalid_input", "name"},
		"too large":     {`{"name": "` + strings.Repeat("x", 70<<10) + `"}`, 413, "payload_too_large", "too large"},
	} {
		r := e.post("/api/v1/projects", admin.token, tc.body)
		if r.status != tc.status || r.code() != tc.code || !strings.Contains(r.message(), tc.message) {
			t.Errorf("%s: %d %s, want %d %s with %q", name, r.status, r.body, tc.status, tc.code, tc.message)
		}
	}
	if l := e.must(e.get("/api/v1/projects", admin.token), 200).list(); len(l) != 0 {
		t.Fatalf("bad requests created projects: %v", l)
	}
}

func TestUnknownAPIRouteIsJSON404AndAppRoutesServeTheApp(t *testing.T) {
	e := newEnv(t)
	r := e.get("/api/v1/no-such-thing", "")
	if r.status != 404 || r.code() != "not_found" || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Fatalf("unknown API route: %d %s %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	if r := e.do(req{method: "DELETE", path: "/api/v1/health"}); r.status != 404 || r.code() != "not_found" {
		t.Fatalf("wrong method: %d %s", r.status, r.body)
	}
	for _, path := range []string{"/", "/login", "/projects/abc/members", "/invite/x.y", "/../../etc/passwd"} {
		r := e.get(path, "")
		if r.status != 200 || !strings.Contains(string(r.body), "<title>Tandem</title>") || r.header.Get("Cache-Control") != "no-cache" {
			t.Errorf("GET %s: %d %q", path, r.status, r.body)
		}
		if !strings.Contains(r.header.Get("Content-Security-Policy"), "default-src 'self'") || r.header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("GET %s: security headers missing: %v", path, r.header)
		}
	}
	r = e.get("/assets/app-1.js", "")
	if r.status != 200 || string(r.body) != "console.log(1)" || !strings.Contains(r.header.Get("Content-Type"), "javascript") || !strings.Contains(r.header.Get("Cache-Control"), "immutable") {
		t.Fatalf("asset: %d %v %s", r.status, r.header, r.body)
	}
	if r.header.Get("X-Request-Id") == "" {
		t.Fatal("no request id")
	}
}

func TestHealthAndReady(t *testing.T) {
	e := newEnv(t)
	if got := e.must(e.get("/api/v1/health", ""), 200).json()["status"]; got != "ok" {
		t.Fatalf("health = %v", got)
	}
	if got := e.must(e.get("/api/v1/ready", ""), 200).json()["status"]; got != "ready" {
		t.Fatalf("ready = %v", got)
	}
}

// TestStoreDownGives503AndRecovers stops the store under a running app: every
// call that needs it answers 503 with a clear message, and when the store is
// back the app works again with nothing lost.
func TestStoreDownGives503AndRecovers(t *testing.T) {
	dir := t.TempDir()
	engine, err := embeddb.Start(embeddb.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	store, err := mongodb.Open(context.Background(), mongodb.Options{URI: engine.URI(), Embedded: true, Timeout: 500_000_000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close(context.Background()) })
	e := newEnvWith(t, store)
	admin := e.setupAdmin()
	pid := e.project(admin, "Kept")

	engine.Stop()
	for _, r := range []*resp{
		e.get("/api/v1/ready", ""),
		e.get("/api/v1/projects", admin.token),
		e.post("/api/v1/auth/login", "", map[string]string{"email": admin.email, "password": goodPassword}),
	} {
		if r.status != 503 || r.code() != "store_unavailable" || !strings.Contains(r.message(), "not reachable") {
			t.Errorf("store down: %d %s", r.status, r.body)
		}
	}
	if r := e.get("/api/v1/health", ""); r.status != 200 {
		t.Errorf("health while the store is down: %d", r.status)
	}

	// Started again in the same directory by the same process, the engine
	// listens on the same socket, where the store's client finds it.
	uri := engine.URI()
	engine, err = embeddb.Start(embeddb.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if engine.URI() != uri {
		t.Fatalf("restarted engine at %s, was %s", engine.URI(), uri)
	}
	t.Cleanup(engine.Stop)
	e.must(e.get("/api/v1/ready", ""), 200)
	l := e.must(e.get("/api/v1/projects", admin.token), 200).list()
	if len(l) != 1 || l[0]["id"] != pid {
		t.Fatalf("after recovery: %v", l)
	}
}
