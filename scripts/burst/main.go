// Command burst measures what a burst of hostile requests costs the server:
// it starts a built Tandem (bin/tandem) on a fresh embedded
// store and a free loopback port, fires one burst, and prints how the
// requests were answered, the server's memory before and at its peak
// (VmRSS, VmHWM from /proc), and how long a signed-in person's reads took
// meanwhile.
//
//	go run ./scripts/burst -mode signin -n 400            # 400 wrong passwords at once on one account
//	go run ./scripts/burst -mode signin -n 400 -spread    # ... each from its own address and account
//	go run ./scripts/burst -mode body -n 8 -mib 60        # 8 JSON bodies of 60 MiB to /auth/login at once
//	go run ./scripts/burst -mode body -n 8 -mib 60 -type multipart/form-data   # ... labelled as a form
//
// -spread sends every request with its own X-Forwarded-For address, so the
// sign-in limits do not stop it and every password reaches the hashing; it
// starts the server with TANDEM_PROXY_HEADER=X-Forwarded-For and
// TANDEM_TRUSTED_PROXIES=127.0.0.1 (-old leaves out the second, for a binary
// built before it existed).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// contentType labels the requests of the burst.
var contentType string

const (
	adminEmail    = "burst-admin@example.org"
	adminPassword = "a long enough password for the burst"
)

func main() {
	bin := flag.String("bin", "bin/tandem", "the Tandem binary to start")
	mode := flag.String("mode", "signin", "signin (wrong passwords) or body (large JSON bodies)")
	n := flag.Int("n", 400, "requests sent at once")
	mib := flag.Int("mib", 60, "body size in MiB (-mode body)")
	spread := flag.Bool("spread", false, "each sign-in from its own address and account (-mode signin)")
	old := flag.Bool("old", false, "the binary predates TANDEM_TRUSTED_PROXIES")
	flag.StringVar(&contentType, "type", "application/json", "Content-Type of the requests (multipart/form-data labels a JSON body as a form)")
	flag.Parse()
	if err := run(*bin, *mode, *n, *mib, *spread, *old); err != nil {
		fmt.Fprintln(os.Stderr, "burst:", err)
		os.Exit(1)
	}
}

func run(bin, mode string, n, mib int, spread, old bool) error {
	dir, err := os.MkdirTemp("", "tandem-burst-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	port, err := freePort()
	if err != nil {
		return err
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	cmd := exec.Command(bin, "-listen", fmt.Sprintf("127.0.0.1:%d", port), "-data-dir", filepath.Join(dir, "data"), "-base-url", base)
	cmd.Env = append(os.Environ(), "TANDEM_ADMIN_EMAIL="+adminEmail, "TANDEM_ADMIN_PASSWORD="+adminPassword, "TANDEM_LOG_LEVEL=error")
	if spread {
		cmd.Env = append(cmd.Env, "TANDEM_PROXY_HEADER=X-Forwarded-For")
		if !old {
			cmd.Env = append(cmd.Env, "TANDEM_TRUSTED_PROXIES=127.0.0.1")
		}
	}
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	if err := waitReady(base); err != nil {
		return err
	}
	token, err := signIn(base)
	if err != nil {
		return err
	}
	before := memory(cmd.Process.Pid)

	// A signed-in person keeps reading their projects during the burst.
	stop := make(chan struct{})
	var reads []time.Duration
	var readErrors int
	var readers sync.WaitGroup
	readers.Go(func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			req, _ := http.NewRequest("GET", base+"/api/v1/projects", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			t := time.Now()
			res, err := http.DefaultClient.Do(req)
			reads = append(reads, time.Since(t))
			if err != nil || res.StatusCode != 200 {
				readErrors++
			}
			if res != nil {
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		}
	})

	statuses := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		wg.Go(func() {
			status := send(base, mode, i, mib, spread)
			mu.Lock()
			statuses[status]++
			mu.Unlock()
		})
	}
	wg.Wait()
	took := time.Since(start)
	close(stop)
	readers.Wait()
	after := memory(cmd.Process.Pid)

	what := fmt.Sprintf("%d wrong passwords at once on one account from one address", n)
	if spread {
		what = fmt.Sprintf("%d wrong passwords at once, each from its own address and account", n)
	}
	if mode == "body" {
		what = fmt.Sprintf("%d JSON bodies of %d MiB at once to /api/v1/auth/login, sent as %s", n, mib, contentType)
	}
	fmt.Printf("%s (%s)\n", what, bin)
	fmt.Printf("  answers: %s in %.1f s\n", answers(statuses), took.Seconds())
	fmt.Printf("  server memory: %s before, peak %s (VmHWM), %s after\n", mibs(before.rss), mibs(after.peak), mibs(after.rss))
	slices.Sort(reads)
	if len(reads) > 0 {
		fmt.Printf("  a signed-in person's reads meanwhile: %d, slowest %d ms, %d failed\n", len(reads), reads[len(reads)-1].Milliseconds(), readErrors)
	}
	return nil
}

// send fires one request of the burst and returns its status (or error).
func send(base, mode string, i, mib int, spread bool) string {
	var body io.Reader
	var size int64 = -1
	if mode == "body" {
		size = int64(mib) << 20
		head := `{"email":"someone@example.org","password":"`
		body = io.MultiReader(strings.NewReader(head), io.LimitReader(repeat('a'), size-int64(len(head))-2), strings.NewReader(`"}`))
	} else {
		email := adminEmail
		if spread {
			email = fmt.Sprintf("person%d@example.org", i)
		}
		b, _ := json.Marshal(map[string]string{"email": email, "password": fmt.Sprintf("wrong password %d", i)})
		body, size = bytes.NewReader(b), int64(len(b))
	}
	req, _ := http.NewRequest("POST", base+"/api/v1/auth/login", body)
	req.ContentLength = size
	req.Header.Set("Content-Type", contentType)
	if spread {
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
	}
	client := &http.Client{Timeout: 3 * time.Minute}
	res, err := client.Do(req)
	if err != nil {
		return "error"
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	return fmt.Sprint(res.StatusCode)
}

type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

func answers(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d x %s", m[k], k)
	}
	return strings.Join(parts, ", ")
}

type mem struct{ rss, peak int64 }

// memory reads the resident and peak resident memory of a process, in KiB.
func memory(pid int) mem {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return mem{}
	}
	var m mem
	for _, line := range strings.Split(string(b), "\n") {
		var v int64
		if _, err := fmt.Sscanf(line, "VmRSS: %d kB", &v); err == nil {
			m.rss = v
		}
		if _, err := fmt.Sscanf(line, "VmHWM: %d kB", &v); err == nil {
			m.peak = v
		}
	}
	return m
}

func mibs(kib int64) string { return fmt.Sprintf("%.0f MiB", float64(kib)/1024) }

func signIn(base string) (string, error) {
	b, _ := json.Marshal(map[string]string{"email": adminEmail, "password": adminPassword})
	res, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var s struct {
		AccessToken string `json:"accessToken"`
	}
	if err := json.NewDecoder(res.Body).Decode(&s); err != nil || s.AccessToken == "" {
		return "", fmt.Errorf("sign in: status %d", res.StatusCode)
	}
	return s.AccessToken, nil
}

func waitReady(base string) error {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(base + "/api/v1/ready"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("the server at %s did not become ready", base)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
