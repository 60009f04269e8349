package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
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
