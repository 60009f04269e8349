package httpapi_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemqda/tandem/internal/httpapi"
	"github.com/tandemqda/tandem/internal/mongodb/mongotest"
)

// raw sends the head of a request (and body, which may be shorter than
// the head says) on a new connection and reads the answer. The server must
// answer without waiting for the rest of the body.
func (e *env) raw(head string, body []byte) *http.Response {
	e.t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.base, "http://"))
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { conn.Close() })
	// A guard against a server that waits for the body, not a measure.
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := io.WriteString(conn, strings.ReplaceAll(head, "\n", "\r\n")+"\r\n"); err != nil {
		e.t.Fatal(err)
	}
	_, _ = conn.Write(body)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		e.t.Fatalf("no answer to\n%s\n: %v", head, err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body = io.NopCloser(bytes.NewReader(b))
	return res
}

// TestBodyLimitsAreKeptBeforeReading: a JSON route refuses a body larger
// than a JSON body may be before reading it, whatever it is labelled; an
// upload route takes its own, larger limit.
func TestBodyLimitsAreKeptBeforeReading(t *testing.T) {
	e := newEnvConfig(t, mongotest.Open(t), func(c *httpapi.Config) {
		c.MaxRequestBytes = 4 << 20
		c.MaxUploadBytes = 3 << 20
	})
	lead := e.setupAdmin()
	pid := e.project(lead, "Study")
	for name, tc := range map[string]struct {
		head, want string
	}{
		"60 MiB of JSON to sign in": {"POST /api/v1/auth/login HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 62914560\n", "at most 64 KB"},
		"labelled as a form":        {"POST /api/v1/auth/login HTTP/1.1\nHost: x\nContent-Type: multipart/form-data; boundary=x\nContent-Length: 62914560\n", "at most 64 KB"},
		"a form without boundary":   {"POST /api/v1/auth/login HTTP/1.1\nHost: x\nContent-Type: multipart/form-data\nContent-Length: 62914560\n", "at most 64 KB"},
		"an upload over its limit":  {"POST /api/v1/projects/" + pid + "/transcripts HTTP/1.1\nHost: x\nContent-Type: multipart/form-data; boundary=x\nAuthorization: Bearer " + lead.token + "\nContent-Length: 5242880\n", "at most 4 MB"},
		"a codebook over its limit": {"POST /api/v1/projects/" + pid + "/codebook/imports HTTP/1.1\nHost: x\nContent-Type: multipart/form-data; boundary=x\nContent-Length: 62914560\n", "at most 4 MB"},
		"an upload path elsewhere":  {"POST /api/v1/projects/" + pid + "/transcripts/x HTTP/1.1\nHost: x\nContent-Type: multipart/form-data; boundary=x\nContent-Length: 1048576\n", "at most 64 KB"},
	} {
		res := e.raw(tc.head, nil)
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 413 || !strings.Contains(string(b), `"payload_too_large"`) || !strings.Contains(string(b), tc.want) {
			t.Errorf("%s: %d %s, want 413 payload_too_large %q", name, res.StatusCode, b, tc.want)
		}
	}

	// A chunked body is read only up to the limit.
	chunk := strings.Repeat("x", 32<<10)
	head := "POST /api/v1/auth/login HTTP/1.1\nHost: x\nContent-Type: application/json\nTransfer-Encoding: chunked\n"
	body := strings.Repeat(fmt.Sprintf("%x\r\n%s\r\n", len(chunk), chunk), 3) // 96 KB, more to come
	if res := e.raw(head, []byte(body)); res.StatusCode != 413 {
		t.Errorf("a chunked body past the limit: %d", res.StatusCode)
	}

	// An upload larger than any JSON body is taken.
	text := []byte("Interviewer: Hello.\n\nParticipant: " + strings.Repeat("Some words here. ", 130_000) + "\n")
	if len(text) < 2<<20 {
		t.Fatalf("the upload is only %d bytes", len(text))
	}
	if r := results(t, e.multipart("/api/v1/projects/"+pid+"/transcripts", lead.token, "files", []upload{{"long.txt", text}}, nil)); !r.Results[0].OK {
		t.Fatalf("an upload of %d bytes: %+v", len(text), r.Results[0])
	}
}

// TestJSONRoutesReadOnlyJSON: a body is read as JSON only when it says it
// is JSON (a page elsewhere can post text/plain without asking), and an
// upload only when it is a form.
func TestJSONRoutesReadOnlyJSON(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	body := `{"email":"admin@example.org","password":"` + goodPassword + `"}`
	for _, ct := range []string{"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data", "application/jsonx", "none"} {
		h := map[string]string{"Content-Type": ct}
		if ct == "none" {
			h["Content-Type"] = ""
		}
		r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: body, header: h})
		if r.status != 415 || r.code() != "unsupported_media_type" || !strings.Contains(r.message(), "Content-Type: application/json") || r.cookie("tandem_refresh") != nil {
			t.Errorf("sign-in sent as %s: %d %s", ct, r.status, r.body)
		}
	}
	// A form with the fields of a sign-in is not read either; a broken form
	// is refused before any handler.
	form := "--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nadmin@example.org\r\n--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + goodPassword + "\r\n--b--\r\n"
	if r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: form, header: map[string]string{"Content-Type": "multipart/form-data; boundary=b"}}); r.status != 415 || r.cookie("tandem_refresh") != nil {
		t.Errorf("sign-in sent as a form: %d %s", r.status, r.body)
	}
	if r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: body, header: map[string]string{"Content-Type": "multipart/form-data; boundary=b"}}); r.status != 400 || r.code() != "invalid_input" {
		t.Errorf("JSON labelled as a form: %d %s", r.status, r.body)
	}
	e.must(e.do(req{method: "POST", path: "/api/v1/auth/login", body: body, header: map[string]string{"Content-Type": "application/json; charset=utf-8"}}), 200)
	e.must(e.do(req{method: "POST", path: "/api/v1/auth/login", body: body, header: map[string]string{"Content-Type": "Application/JSON"}}), 200)

	// A JSON body sent to an upload route is refused for what it is.
	r := e.post("/api/v1/projects/"+pid+"/transcripts", admin.token, map[string]string{"files": "x"})
	if r.status != 415 || r.code() != "unsupported_media_type" || !strings.Contains(r.message(), "multipart form") {
		t.Fatalf("JSON to the upload route: %d %s", r.status, r.body)
	}
	// A route that takes no body takes a request without one, whatever it is labelled.
	e.must(e.do(req{method: "POST", path: "/api/v1/auth/logout", header: map[string]string{"Content-Type": "text/plain"}}), 204)
}

// TestChangesFromOtherSitesAreRefused is login CSRF: a page on another site
// cannot sign a visitor's browser in (to the page owner's account), out, or
// change anything; Tandem's own pages and programs without a browser can.
func TestChangesFromOtherSitesAreRefused(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	creds := login(admin.email, goodPassword)
	for name, h := range map[string]map[string]string{
		"another origin":          {"Origin": "https://attacker.example"},
		"an origin of null":       {"Origin": "null"},
		"another port":            {"Origin": "http://tandem.test:8443"},
		"cross-site fetch":        {"Sec-Fetch-Site": "cross-site", "Origin": "https://attacker.example"},
		"same-site, other origin": {"Sec-Fetch-Site": "same-site", "Origin": "http://other.tandem.test"},
		"cross-site, no origin":   {"Sec-Fetch-Site": "cross-site"},
	} {
		r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: creds, header: h})
		if r.status != 403 || r.code() != "cross_origin" || r.cookie("tandem_refresh") != nil || !strings.Contains(r.message(), "Open Tandem at http://tandem.test") {
			t.Errorf("sign-in from %s: %d %s", name, r.status, r.body)
		}
		if r := e.do(req{method: "PATCH", path: "/api/v1/me", token: admin.token, body: map[string]string{"name": "Changed"}, header: h}); r.status != 403 {
			t.Errorf("a change from %s: %d %s", name, r.status, r.body)
		}
		if r := e.do(req{method: "POST", path: "/api/v1/auth/logout", cookie: admin.refresh, header: h}); r.status != 403 || r.cookie("tandem_refresh") != nil {
			t.Errorf("sign-out from %s: %d %s", name, r.status, r.body)
		}
	}
	for name, h := range map[string]map[string]string{
		"Tandem's own page":            {"Sec-Fetch-Site": "same-origin", "Origin": "http://tandem.test"},
		"an older browser on Tandem":   {"Origin": "http://tandem.test"},
		"a typed address or bookmark":  {"Sec-Fetch-Site": "none"},
		"a program (no browser)":       {},
		"the same origin, another URL": {"Sec-Fetch-Site": "same-origin", "Origin": "http://127.0.0.1:8080"},
	} {
		e.must(e.do(req{method: "POST", path: "/api/v1/auth/login", body: creds, header: h}), 200)
		if r := e.do(req{method: "PATCH", path: "/api/v1/me", token: admin.token, body: map[string]string{"name": "Ada"}, header: h}); r.status != 200 {
			t.Errorf("a change from %s: %d %s", name, r.status, r.body)
		}
	}
	// Reading is not a change.
	e.must(e.do(req{method: "GET", path: "/api/v1/me", token: admin.token, header: map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://attacker.example"}}), 200)
}

// TestSecurityHeaders: every answer carries the same security headers, and
// Strict-Transport-Security when Tandem is served over https.
func TestSecurityHeaders(t *testing.T) {
	want := map[string]string{
		"X-Content-Type-Options":     "nosniff",
		"X-Frame-Options":            "DENY",
		"Referrer-Policy":            "no-referrer",
		"Cross-Origin-Opener-Policy": "same-origin",
		"Permissions-Policy":         "camera=(), microphone=(), geolocation=()",
		"Content-Security-Policy":    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
	}
	for _, base := range []string{"http://tandem.test", "https://tandem.example.org", "HTTPS://Tandem.Example.org:443/"} {
		e := newEnvConfig(t, mongotest.Open(t), func(c *httpapi.Config) { c.BaseURL = base })
		hsts := ""
		if strings.HasPrefix(strings.ToLower(base), "https://") {
			hsts = "max-age=31536000"
		}
		for _, path := range []string{"/", "/api/v1/health", "/api/v1/no-such-route", "/assets/app-1.js"} {
			r := e.get(path, "")
			for k, v := range want {
				if got := r.header.Get(k); got != v {
					t.Errorf("%s %s: %s = %q, want %q", base, path, k, got, v)
				}
			}
			if got := r.header.Get("Strict-Transport-Security"); got != hsts {
				t.Errorf("%s %s: Strict-Transport-Security = %q, want %q", base, path, got, hsts)
			}
		}
	}
}
