// Command bench is Tandem's load benchmark (`make bench`): it starts the
// built server (bin/tandem) on a fresh embedded store and a free loopback
// port, seeds data through the HTTP API only, drives it with concurrent
// simulated coders, and prints latency percentiles, throughput, errors, lost
// writes and the server's memory, with 1 project in the instance and again
// with 50 projects (20 transcripts each).
//
//	go run ./scripts/bench                 # the full run (a few minutes)
//	go run ./scripts/bench -projects 5 -saves 50 -opens 30 -filler-words 1000   # a quick one
//	go run ./scripts/bench -grow=false -agreement-transcripts 0   # saves and opens at 1 project only
//
// It builds nothing: `make bench` builds bin/tandem first. BENCH_ARGS in
// scripts/bench.sh passes flags. Diagnostics, off by default:
// BENCH_PERF=DIR records the server with `perf record -g` during each
// scenario; BENCH_SYNCS=1 counts the server's fsync and fdatasync calls
// during each save scenario with `perf stat` (how often a save waits for
// the disk).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/google/uuid"
)

// Targets of issue 5 on the embedded store, 2-core machine.
const (
	targetSaveP99      = 50 * time.Millisecond
	targetSaveRate     = 400.0
	targetOpenP95      = 60 * time.Millisecond
	targetGrowth       = 1.25 // 50 projects vs 1: within 25 %
	targetAgreement    = 3 * time.Second
	targetAgreementMiB = 400.0
	benchPassword      = "a long enough password for the bench"
	benchAdminEmail    = "bench-admin@example.org"
	requestTimeout     = 60 * time.Second
	serverStartLimit   = 60 * time.Second
)

type options struct {
	bin          string
	coders       int
	saves        int
	rate         float64
	duration     time.Duration
	opens        int
	openCoders   int
	openExcerpts int
	projects     int
	transcripts  int
	words        int
	fillerWords  int
	fillerCoded  int
	fillerSaves  int
	seedWorkers  int
	keep         bool
	verbose      bool
	grow         bool

	agrTranscripts int
	agrCoders      int
	agrExcerpts    int
	agrWords       int
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "bin/tandem", "server binary to start (built by `make build`)")
	flag.IntVar(&o.coders, "coders", 20, "concurrent coders saving excerpts (distinct accounts)")
	flag.IntVar(&o.saves, "saves", 250, "excerpts each coder saves in the save scenario (0: as many as -duration allows)")
	flag.DurationVar(&o.duration, "duration", 30*time.Second, "time limit of the save scenario")
	flag.Float64Var(&o.rate, "rate", targetSaveRate, "saves a second offered by all coders together in the paced save scenario (0: skip it)")
	flag.IntVar(&o.opens, "opens", 300, "times the lead opens the transcript with its coding sets")
	flag.IntVar(&o.openCoders, "open-coders", 4, "coders of the opened transcript")
	flag.IntVar(&o.openExcerpts, "open-excerpts", 500, "excerpts of each coder of the opened transcript")
	flag.IntVar(&o.projects, "projects", 50, "projects in the instance for the second run")
	flag.IntVar(&o.transcripts, "transcripts", 20, "transcripts per project")
	flag.IntVar(&o.words, "words", 20000, "words of the measured transcripts")
	flag.IntVar(&o.fillerWords, "filler-words", 5000, "words of every other transcript")
	flag.IntVar(&o.fillerCoded, "filler-coded", 3, "transcripts per filler project coded by 2 coders each")
	flag.IntVar(&o.fillerSaves, "filler-saves", 20, "excerpts per coding set on filler transcripts")
	flag.IntVar(&o.seedWorkers, "seed-workers", 8, "filler projects seeded at once")
	flag.BoolVar(&o.keep, "keep", false, "keep the data directory and the server log")
	flag.IntVar(&o.agrTranscripts, "agreement-transcripts", 100, "transcripts of the agreement project (0: skip the agreement scenario)")
	flag.IntVar(&o.agrCoders, "agreement-coders", 8, "coders of every transcript of the agreement project (half peer, half academic)")
	flag.IntVar(&o.agrExcerpts, "agreement-excerpts", 125, "excerpts of every coder on every transcript of the agreement project")
	flag.IntVar(&o.agrWords, "agreement-words", 3000, "words of every transcript of the agreement project")
	flag.BoolVar(&o.verbose, "v", false, "log each seeding step")
	flag.BoolVar(&o.grow, "grow", true, "after the 1-project scenarios, grow the instance to -projects and measure again (false: stop after 1 project, a quick check of saves)")
	flag.Parse()
	if o.coders < 1 || o.openCoders < 1 || o.openCoders > o.coders || o.projects < 2 || o.transcripts < 2 || o.opens < 1 {
		fmt.Fprintln(os.Stderr, "bench: want -coders >= -open-coders >= 1, -projects >= 2, -transcripts >= 2, -opens >= 1")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// ---------------------------------------------------------------- server

type server struct {
	cmd  *exec.Cmd
	base string
	dir  string
	log  string
	done chan error
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// startServer starts the binary on a fresh data directory; the embedded store
// is used because TANDEM_MONGODB_URI is removed from the environment.
func startServer(ctx context.Context, bin string) (*server, error) {
	abs, err := filepath.Abs(bin)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("server binary %s: %w (run `make build` first)", bin, err)
	}
	dir, err := os.MkdirTemp("", "tandem-bench-")
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	logPath := filepath.Join(dir, "server.log")
	logf, err := os.Create(logPath)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	listen := fmt.Sprintf("127.0.0.1:%d", port)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TANDEM_") {
			env = append(env, kv)
		}
	}
	env = append(env,
		"TANDEM_LISTEN="+listen,
		"TANDEM_DATA_DIR="+filepath.Join(dir, "data"),
		"TANDEM_ADMIN_EMAIL="+benchAdminEmail,
		"TANDEM_ADMIN_PASSWORD="+benchPassword,
		"TANDEM_ADMIN_NAME=Bench Lead",
		"TANDEM_ACCESS_TOKEN_TTL=2h",
		"TANDEM_SHUTDOWN_TIMEOUT=10s",
	)
	cmd := exec.Command(abs)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &server{cmd: cmd, base: "http://" + listen, dir: dir, log: logPath, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait(); logf.Close() }()
	deadline := time.Now().Add(serverStartLimit)
	hc := &http.Client{Timeout: 2 * time.Second}
	for {
		select {
		case err := <-s.done:
			s.done <- err
			return s, fmt.Errorf("server exited at start: %v; log:\n%s", err, tail(logPath, 30))
		case <-ctx.Done():
			return s, ctx.Err()
		default:
		}
		res, err := hc.Get(s.base + "/api/v1/ready")
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == 200 {
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			return s, fmt.Errorf("server not ready after %s; log:\n%s", serverStartLimit, tail(logPath, 30))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop sends SIGTERM, waits, and removes the data directory.
func (s *server) stop(keep bool) {
	if s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(20 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.done
		}
	}
	if keep {
		fmt.Printf("kept the data directory and server log in %s\n", s.dir)
		return
	}
	os.RemoveAll(s.dir)
}

// memory returns VmRSS and VmHWM of the server process in MiB.
func (s *server) memory() (rss, hwm float64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return math.NaN(), math.NaN()
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(fields[1], 64)
		switch fields[0] {
		case "VmRSS:":
			rss = kb / 1024
		case "VmHWM:":
			hwm = kb / 1024
		}
	}
	return rss, hwm
}

// profile records the server with `perf record -g` while a scenario runs
// when BENCH_PERF names a directory (a diagnostic aid; `perf report -i
// DIR/NAME.perf.data --no-children` shows where the server's time goes).
func (s *server) profile(name string) func() {
	dir := os.Getenv("BENCH_PERF")
	if dir == "" {
		return func() {}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "bench: BENCH_PERF:", err)
		return func() {}
	}
	out := filepath.Join(dir, name+".perf.data")
	cmd := exec.Command("perf", "record", "-F", "499", "-g", "-p", strconv.Itoa(s.cmd.Process.Pid), "-o", out)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "bench: BENCH_PERF: perf record:", err)
		return func() {}
	}
	time.Sleep(300 * time.Millisecond) // perf attaches
	return func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		fmt.Printf("   profile of the server: %s\n", out)
	}
}

// countSyncs counts the server's fsync and fdatasync calls with `perf stat`
// when BENCH_SYNCS is set (the tracepoints need root or a low
// perf_event_paranoid): how many times a save waits for the disk. The
// returned func stops counting and returns the count, or -1.
func (s *server) countSyncs() func() int {
	if os.Getenv("BENCH_SYNCS") == "" {
		return func() int { return -1 }
	}
	var out bytes.Buffer
	cmd := exec.Command("perf", "stat", "-x,", "-e", "syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync", "-p", strconv.Itoa(s.cmd.Process.Pid))
	cmd.Stderr = &out
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "bench: BENCH_SYNCS: perf stat:", err)
		return func() int { return -1 }
	}
	time.Sleep(300 * time.Millisecond) // perf attaches
	return func() int {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		n := 0
		for _, line := range strings.Split(out.String(), "\n") {
			f := strings.Split(line, ",")
			if len(f) < 3 || !strings.HasPrefix(f[2], "syscalls:") {
				continue
			}
			c, err := strconv.Atoi(f[0])
			if err != nil {
				return -1
			}
			n += c
		}
		return n
	}
}

// cpuUse is CPU time: the server's, this program's, and the machine's.
type cpuUse struct {
	wall, server, self, machine time.Duration
	at                          time.Time
}

const clockTick = 100 // USER_HZ on Linux

func (s *server) cpu() cpuUse {
	u := cpuUse{at: time.Now(), server: procCPU(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid)), self: procCPU("/proc/self/stat")}
	if b, err := os.ReadFile("/proc/stat"); err == nil {
		line, _, _ := strings.Cut(string(b), "\n")
		f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal
		for i := 1; i < len(f) && i <= 8; i++ {
			if i == 4 || i == 5 {
				continue // idle, iowait
			}
			n, _ := strconv.ParseInt(f[i], 10, 64)
			u.machine += time.Duration(n) * time.Second / clockTick
		}
	}
	return u
}

// procCPU is utime+stime of a process (its threads included).
func procCPU(path string) time.Duration {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	f := strings.Fields(rest) // from field 3 (state)
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / clockTick
}

func (u cpuUse) since(o cpuUse) cpuUse {
	return cpuUse{wall: u.at.Sub(o.at), server: u.server - o.server, self: u.self - o.self, machine: u.machine - o.machine}
}

// others is the CPU that processes other than the server and this program
// used, in cores: a busy machine makes the figures noisy.
func (u cpuUse) others() float64 {
	if u.wall <= 0 {
		return 0
	}
	return max(0, float64(u.machine-u.server-u.self)/float64(u.wall))
}

func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// ---------------------------------------------------------------- client

type client struct {
	base string
	hc   *http.Client
}

func newClient(base string) *client {
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        256,
		MaxIdleConnsPerHost: 256,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &client{base: base, hc: &http.Client{Transport: tr, Timeout: requestTimeout}}
}

// do sends a request with a JSON body (nil: none) and returns the status and
// body.
func (c *client) do(method, path, token string, body any) (int, []byte, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return c.send(req)
}

func (c *client) send(req *http.Request) (int, []byte, error) {
	res, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

// call sends a request, wants the status, and decodes the answer into out.
func (c *client) call(method, path, token string, body any, want int, out any) error {
	status, b, err := c.do(method, path, token, body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if status != want {
		return fmt.Errorf("%s %s: status %d, want %d: %s", method, path, status, want, short(b))
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: decode: %w", method, path, err)
		}
	}
	return nil
}

func short(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

type session struct {
	AccessToken string `json:"accessToken"`
	User        struct {
		ID string `json:"id"`
	} `json:"user"`
}

type user struct {
	id, email, token string
}

func (c *client) login(email string) (*user, error) {
	var s session
	if err := c.call("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": benchPassword}, 200, &s); err != nil {
		return nil, err
	}
	return &user{id: s.User.ID, email: email, token: s.AccessToken}, nil
}

func (c *client) createProject(lead *user, name string) (string, error) {
	var p struct {
		ID string `json:"id"`
	}
	err := c.call("POST", "/api/v1/projects", lead.token, map[string]string{"name": name, "researcherType": "academic"}, 201, &p)
	return p.ID, err
}

// codebook applies the RLC template and returns the active theme ids.
func (c *client) codebook(lead *user, pid string) ([]string, error) {
	if err := c.call("POST", "/api/v1/projects/"+pid+"/codebook/template", lead.token, map[string]any{"version": 0, "template": "rlc"}, 200, nil); err != nil {
		return nil, err
	}
	var cb struct {
		Nodes []struct {
			ID     string `json:"id"`
			Level  string `json:"level"`
			Status string `json:"status"`
		} `json:"nodes"`
	}
	if err := c.call("GET", "/api/v1/projects/"+pid+"/codebook", lead.token, nil, 200, &cb); err != nil {
		return nil, err
	}
	var themes []string
	for _, n := range cb.Nodes {
		if n.Level == "theme" && n.Status == "active" {
			themes = append(themes, n.ID)
		}
	}
	if len(themes) == 0 {
		return nil, fmt.Errorf("the RLC template gave project %s no active themes", pid)
	}
	return themes, nil
}

// join invites someone as a coder and accepts: as a new account when u has
// no token yet (u.token is then set), else signed in.
func (c *client) join(lead *user, pid string, u *user, researcherType string) error {
	var inv struct {
		Token string `json:"token"`
	}
	if err := c.call("POST", "/api/v1/projects/"+pid+"/invitations", lead.token, map[string]any{"role": "coder"}, 201, &inv); err != nil {
		return err
	}
	path := "/api/v1/invitations/" + inv.Token + "/accept"
	if u.token != "" {
		return c.call("POST", path, u.token, map[string]string{"researcherType": researcherType}, 200, nil)
	}
	var out struct {
		Session session `json:"session"`
	}
	if err := c.call("POST", path, "", map[string]string{"email": u.email, "name": "Coder " + u.email,
		"password": benchPassword, "researcherType": researcherType}, 200, &out); err != nil {
		return err
	}
	u.id, u.token = out.Session.User.ID, out.Session.AccessToken
	if u.token == "" {
		return fmt.Errorf("accepting an invitation as %s opened no session", u.email)
	}
	return nil
}

type transcriptInfo struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Chars   int    `json:"chars"`
	Words   int    `json:"words"`
	Version int64  `json:"version"`
}

type file struct {
	name string
	data []byte
}

// upload posts the files in one multipart request and returns the new
// transcripts in order.
func (c *client) upload(lead *user, pid string, files []file) ([]transcriptInfo, error) {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for _, f := range files {
		part, err := w.CreateFormFile("files", f.name)
		if err != nil {
			return nil, err
		}
		if _, err := part.Write(f.data); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	req, err := http.NewRequest("POST", c.base+"/api/v1/projects/"+pid+"/transcripts", &body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+lead.token)
	status, b, err := c.send(req)
	if err != nil {
		return nil, fmt.Errorf("upload: %w", err)
	}
	if status != 200 && status != 201 {
		return nil, fmt.Errorf("upload: status %d: %s", status, short(b))
	}
	var out struct {
		Results []struct {
			FileName   string          `json:"fileName"`
			OK         bool            `json:"ok"`
			Transcript *transcriptInfo `json:"transcript"`
			Error      any             `json:"error"`
		} `json:"results"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("upload: decode: %w", err)
	}
	infos := make([]transcriptInfo, 0, len(out.Results))
	for _, r := range out.Results {
		if !r.OK || r.Transcript == nil {
			return nil, fmt.Errorf("upload of %s refused: %v", r.FileName, r.Error)
		}
		infos = append(infos, *r.Transcript)
	}
	return infos, nil
}

func (c *client) assign(lead *user, pid string, t transcriptInfo, coders []*user) error {
	ids := make([]string, len(coders))
	for i, u := range coders {
		ids[i] = u.id
	}
	return c.call("PATCH", "/api/v1/projects/"+pid+"/transcripts/"+t.ID, lead.token, map[string]any{"version": t.Version, "assignedCoders": ids}, 200, nil)
}

type excerpt struct {
	ID string `json:"id"`
}

type codingSet struct {
	CoderID  string    `json:"coderId"`
	Version  int64     `json:"version"`
	Hidden   bool      `json:"hidden"`
	Excerpts []excerpt `json:"excerpts"`
}

func codingsPath(pid, tid string) string {
	return "/api/v1/projects/" + pid + "/transcripts/" + tid + "/codings"
}

func (c *client) mySet(u *user, pid, tid string) (*codingSet, error) {
	var s codingSet
	err := c.call("GET", codingsPath(pid, tid)+"/me", u.token, nil, 200, &s)
	return &s, err
}

// excerptBody is a new excerpt with a random span and one or two themes.
func excerptBody(rng *rand.Rand, version int64, chars int, themes []string) map[string]any {
	length := 20 + rng.Intn(400)
	if length >= chars {
		length = chars - 1
	}
	start := rng.Intn(chars - length)
	ts := []string{themes[rng.Intn(len(themes))]}
	if rng.Intn(3) == 0 {
		if t := themes[rng.Intn(len(themes))]; t != ts[0] {
			ts = append(ts, t)
		}
	}
	memo := ""
	if rng.Intn(4) == 0 {
		memo = "Bench memo: " + words(rng, 5+rng.Intn(20))
	}
	return map[string]any{"version": version, "id": uuid.NewString(), "start": start, "end": start + length, "themes": ts, "memo": memo}
}

// seedSet saves n excerpts one after another as u (the version of each
// answer goes with the next save), and returns the final version.
func (c *client) seedSet(u *user, pid string, t transcriptInfo, themes []string, n int, seed int64) error {
	_, err := c.seedSetVersion(u, pid, t, themes, n, seed)
	return err
}

// seedSetVersion is seedSet, returning the set's final version.
func (c *client) seedSetVersion(u *user, pid string, t transcriptInfo, themes []string, n int, seed int64) (int64, error) {
	rng := rand.New(rand.NewSource(seed))
	version := int64(0)
	path := codingsPath(pid, t.ID) + "/me/excerpts"
	for i := 0; i < n; i++ {
		body := excerptBody(rng, version, t.Chars, themes)
		for attempt := 0; ; attempt++ {
			status, b, err := c.do("POST", path, u.token, body)
			if err != nil {
				return 0, err
			}
			if status == 201 || status == 200 {
				var w struct {
					Version int64 `json:"version"`
				}
				if err := json.Unmarshal(b, &w); err != nil {
					return 0, err
				}
				version = w.Version
				break
			}
			if (status == 409 || status == 429) && attempt < 5 {
				if status == 429 {
					time.Sleep(time.Second)
				}
				s, err := c.mySet(u, pid, t.ID)
				if err != nil {
					return 0, err
				}
				body["version"] = s.Version
				continue
			}
			return 0, fmt.Errorf("seed excerpt on %s as %s: status %d: %s", t.ID, u.email, status, short(b))
		}
	}
	return version, nil
}

// ---------------------------------------------------------------- text

var vocabulary = strings.Fields(`about after again always another answer around asked because before being better
between bit both bring brother building called came care change child children church city class come coming
community couple course day days different doctor doing done down during each early end enough even every
everyone family father feel felt few find first food friend friends from gave getting give going good group
hard having health help helped here home hospital house housing idea important job just keep kind knew know
last later learn least left life like little live lived living long look looking lot made make many maybe mean
meeting money month months more morning most mother moved much need needed never next night nothing now often
okay old once only open other others own paid part people person place point money program put quite really
reason remember rent right room said same saw school see seemed service services shelter since sister small
social some someone something sometimes start started staff still stop street support sure talk talking team
tell than thing things think thought through time times today together told took town trust tried trying two
understand until used very wanted way week weeks well went what when where while whole work worked worker
working world year years young`)

func words(rng *rand.Rand, n int) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(vocabulary[rng.Intn(len(vocabulary))])
	}
	return sb.String()
}

// interview is a deterministic interview of about n words in turns
// "Interviewer: ..." / "P1: ...", one paragraph per turn.
func interview(seed int64, n int) []byte {
	rng := rand.New(rand.NewSource(seed))
	var sb strings.Builder
	total := 0
	for turn := 0; total < n; turn++ {
		speaker, size := "Interviewer", 8+rng.Intn(30)
		if turn%2 == 1 {
			speaker, size = "P1", 40+rng.Intn(160)
		}
		size = min(size, n-total)
		sb.WriteString(speaker)
		sb.WriteString(":")
		for left := size; left > 0; {
			k := min(left, 6+rng.Intn(14))
			s := words(rng, k)
			sb.WriteByte(' ')
			sb.WriteString(strings.ToUpper(s[:1]) + s[1:] + ".")
			left -= k
		}
		sb.WriteString("\n\n")
		total += size
	}
	return []byte(sb.String())
}

// ---------------------------------------------------------------- seeding

// measured is a project with the scenarios' transcripts: one that the save
// coders code, one with the open coders' 2,000 excerpts, and fillers so the
// project has -transcripts transcripts.
type measured struct {
	pid    string
	themes []string
	save   transcriptInfo
	open   transcriptInfo
}

type instance struct {
	o      options
	c      *client
	lead   *user
	coders []*user // the save coders; the first -open-coders also code the opened transcript
	pool   []*user // coders of filler projects
	logf   func(string, ...any)
}

func (in *instance) measuredProject(name string) (*measured, error) {
	c, o, lead := in.c, in.o, in.lead
	pid, err := c.createProject(lead, name)
	if err != nil {
		return nil, err
	}
	m := &measured{pid: pid}
	if m.themes, err = c.codebook(lead, pid); err != nil {
		return nil, err
	}
	// Coders join: new accounts the first time (in parallel: argon2 is
	// the cost), signed in afterwards.
	invites := make(chan *user)
	errs := make(chan error, len(in.coders))
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range invites {
				rt := "peer"
				if len(u.email)%2 == 0 {
					rt = "academic"
				}
				if err := c.join(lead, pid, u, rt); err != nil {
					errs <- err
				}
			}
		}()
	}
	for _, u := range in.coders {
		invites <- u
	}
	close(invites)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	in.logf("%s: %d coders joined", name, len(in.coders))
	files := []file{
		{"save-interview.txt", interview(1, o.words)},
		{"open-interview.txt", interview(2, o.words)},
	}
	for i := 2; i < o.transcripts; i++ {
		files = append(files, file{fmt.Sprintf("interview-%02d.txt", i+1), interview(int64(100+i), o.fillerWords)})
	}
	ts, err := c.upload(lead, pid, files)
	if err != nil {
		return nil, err
	}
	m.save, m.open = ts[0], ts[1]
	if err := c.assign(lead, pid, m.save, in.coders); err != nil {
		return nil, err
	}
	if err := c.assign(lead, pid, m.open, in.coders[:o.openCoders]); err != nil {
		return nil, err
	}
	in.logf("%s: %d transcripts (%d words measured, %d chars)", name, len(ts), m.save.Words, m.save.Chars)
	// The opened transcript: each open coder saves -open-excerpts.
	start := time.Now()
	var g errGroup
	for i, u := range in.coders[:o.openCoders] {
		g.Go(func() error { return c.seedSet(u, pid, m.open, m.themes, o.openExcerpts, int64(1000+i)) })
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	in.logf("%s: %d x %d excerpts on the opened transcript in %s", name, o.openCoders, o.openExcerpts, time.Since(start).Round(time.Millisecond))
	return m, nil
}

// fillers seeds filler projects numbered from..to-1: each with the RLC
// codebook, -transcripts transcripts, and 2 coders from the pool coding
// -filler-coded of them with -filler-saves excerpts each.
func (in *instance) fillers(from, to int) error {
	c, o, lead := in.c, in.o, in.lead
	seedFiller := func(i int) error {
		pid, err := c.createProject(lead, fmt.Sprintf("Filler project %02d", i))
		if err != nil {
			return err
		}
		themes, err := c.codebook(lead, pid)
		if err != nil {
			return err
		}
		coders := []*user{in.pool[(2*i)%len(in.pool)], in.pool[(2*i+1)%len(in.pool)]}
		for k, u := range coders {
			if err := c.join(lead, pid, u, []string{"peer", "academic"}[k]); err != nil {
				return err
			}
		}
		files := make([]file, o.transcripts)
		for t := range files {
			files[t] = file{fmt.Sprintf("filler-%02d-%02d.txt", i, t+1), interview(int64(10000+100*i+t), o.fillerWords)}
		}
		ts, err := c.upload(lead, pid, files)
		if err != nil {
			return err
		}
		var g errGroup
		for t := 0; t < min(o.fillerCoded, len(ts)); t++ {
			if err := c.assign(lead, pid, ts[t], coders); err != nil {
				return err
			}
			for k, u := range coders {
				g.Go(func() error { return c.seedSet(u, pid, ts[t], themes, o.fillerSaves, int64(100000+1000*i+10*t+k)) })
			}
		}
		if err := g.Wait(); err != nil {
			return err
		}
		in.logf("filler project %02d seeded", i)
		return nil
	}
	// Pool accounts are new at their first join: they are made on one
	// project (it counts as a filler project) before the others run.
	var newOnes []*user
	for _, u := range in.pool {
		if u.token == "" {
			newOnes = append(newOnes, u)
		}
	}
	next := from
	if len(newOnes) > 0 {
		pid, err := c.createProject(lead, "Filler accounts")
		if err != nil {
			return err
		}
		var g errGroup
		sem := make(chan struct{}, 4)
		for _, u := range newOnes {
			sem <- struct{}{}
			g.Go(func() error { defer func() { <-sem }(); return c.join(lead, pid, u, "peer") })
		}
		if err := g.Wait(); err != nil {
			return err
		}
		files := make([]file, o.transcripts)
		for t := range files {
			files[t] = file{fmt.Sprintf("accounts-%02d.txt", t+1), interview(int64(9000+t), o.fillerWords)}
		}
		if _, err := c.upload(lead, pid, files); err != nil {
			return err
		}
		next++
	}
	jobs := make(chan int)
	var g errGroup
	for w := 0; w < o.seedWorkers; w++ {
		g.Go(func() error {
			var err error
			for i := range jobs {
				if err == nil {
					err = seedFiller(i)
				}
			}
			return err
		})
	}
	for i := next; i < to; i++ {
		jobs <- i
	}
	close(jobs)
	return g.Wait()
}

// errGroup runs functions and keeps the first error.
type errGroup struct {
	wg   sync.WaitGroup
	once sync.Once
	err  error
}

func (g *errGroup) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.once.Do(func() { g.err = err })
		}
	}()
}

func (g *errGroup) Wait() error {
	g.wg.Wait()
	return g.err
}

// ---------------------------------------------------------------- scenarios

type result struct {
	scenario  string
	projects  int
	lat       []time.Duration
	elapsed   time.Duration
	errors    int64
	conflicts int64
	lost      int
	note      string
	cpu       cpuUse
	syncs     int // fsync and fdatasync calls of the server (-1: not counted)
}

func (r *result) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	s := slices.Clone(r.lat)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

func (r *result) rate() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(len(r.lat)) / r.elapsed.Seconds()
}

// saveScenario: every coder saves excerpts on the same transcript as fast as
// it can, each save carrying the version of its previous answer; a 409
// reloads the set and retries the same excerpt. Afterwards every
// acknowledged excerpt must be in its coder's set.
// saveScenario has every coder save excerpts. With rate 0 each saves as
// fast as it can (the throughput); with a rate they save at rate/coders a
// second each, and a save's latency runs from the moment it was due, so a
// server that falls behind is not flattered (no coordinated omission).
func (in *instance) saveScenario(m *measured, projects int, rate float64) *result {
	c, o := in.c, in.o
	r := &result{scenario: scenarioMax, projects: projects, syncs: -1}
	if rate > 0 {
		r.scenario = fmt.Sprintf(scenarioPaced, rate)
	}
	var begin time.Time
	var mu sync.Mutex
	var errs, conflicts atomic.Int64
	var firstErr atomic.Value
	acked := make([][]string, len(in.coders))
	path := codingsPath(m.pid, m.save.ID) + "/me/excerpts"
	deadline := time.Now().Add(o.duration)
	startGate := make(chan struct{})
	var wg sync.WaitGroup
	for i, u := range in.coders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(5000 + i)))
			s, err := c.mySet(u, m.pid, m.save.ID)
			if err != nil {
				errs.Add(1)
				firstErr.CompareAndSwap(nil, err.Error())
				return
			}
			version := s.Version
			lat := make([]time.Duration, 0, max(o.saves, 256))
			<-startGate
			interval := time.Duration(0)
			if rate > 0 {
				interval = time.Duration(float64(len(in.coders)) / rate * float64(time.Second))
			}
			for n := 0; (o.saves == 0 || n < o.saves) && time.Now().Before(deadline); n++ {
				body := excerptBody(rng, version, m.save.Chars, m.themes)
				due := time.Now()
				if interval > 0 {
					due = begin.Add(time.Duration(n)*interval + time.Duration(i)*interval/time.Duration(len(in.coders)))
					time.Sleep(time.Until(due))
				}
				for attempt := 0; attempt < 10 && time.Now().Before(deadline); attempt++ {
					t0 := time.Now()
					status, b, err := c.do("POST", path, u.token, body)
					d := time.Since(t0)
					if interval > 0 {
						d = time.Since(due)
					}
					if err != nil {
						errs.Add(1)
						firstErr.CompareAndSwap(nil, err.Error())
						break
					}
					if status == 201 || status == 200 {
						var w struct {
							Version int64   `json:"version"`
							Excerpt excerpt `json:"excerpt"`
						}
						if err := json.Unmarshal(b, &w); err != nil || w.Excerpt.ID != body["id"] {
							errs.Add(1)
							firstErr.CompareAndSwap(nil, fmt.Sprintf("save answered %d without the excerpt: %s", status, short(b)))
							break
						}
						version = w.Version
						lat = append(lat, d)
						acked[i] = append(acked[i], w.Excerpt.ID)
						break
					}
					if status == 409 && bytes.Contains(b, []byte("version_conflict")) {
						conflicts.Add(1)
						var e struct {
							Error struct {
								Details struct {
									Current codingSet `json:"current"`
								} `json:"details"`
							} `json:"error"`
						}
						// Reload as the app does, then retry the same excerpt.
						if s, err := c.mySet(u, m.pid, m.save.ID); err == nil {
							body["version"] = s.Version
						} else if json.Unmarshal(b, &e) == nil {
							body["version"] = e.Error.Details.Current.Version
						}
						continue
					}
					errs.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Sprintf("save answered %d: %s", status, short(b)))
					if status == 429 {
						time.Sleep(time.Second)
					}
					break
				}
			}
			mu.Lock()
			r.lat = append(r.lat, lat...)
			mu.Unlock()
		}()
	}
	time.Sleep(50 * time.Millisecond) // every coder has its set loaded
	start := time.Now()
	begin = start
	close(startGate)
	wg.Wait()
	r.elapsed = time.Since(start)
	r.errors, r.conflicts = errs.Load(), conflicts.Load()
	if v := firstErr.Load(); v != nil {
		r.note = "first error: " + v.(string)
	}
	// 0 lost: every acknowledged excerpt is in its coder's set.
	for i, u := range in.coders {
		s, err := c.mySet(u, m.pid, m.save.ID)
		if err != nil {
			r.lost += len(acked[i])
			r.note += " verify: " + err.Error()
			continue
		}
		have := map[string]bool{}
		for _, e := range s.Excerpts {
			have[e.ID] = true
		}
		for _, id := range acked[i] {
			if !have[id] {
				r.lost++
			}
		}
	}
	return r
}

// openScenario: the lead opens the transcript as the browser app does, the
// transcript and its coding sets requested at once, timed until both are in.
func (in *instance) openScenario(m *measured, projects int) (*result, error) {
	c, o, lead := in.c, in.o, in.lead
	r := &result{scenario: "open transcript+codings", projects: projects, syncs: -1}
	tpath := "/api/v1/projects/" + m.pid + "/transcripts/" + m.open.ID
	cpath := codingsPath(m.pid, m.open.ID)
	// Check what the lead sees once.
	var sets struct {
		Sets []codingSet `json:"sets"`
	}
	if err := c.call("GET", cpath, lead.token, nil, 200, &sets); err != nil {
		return nil, err
	}
	total := 0
	for _, s := range sets.Sets {
		total += len(s.Excerpts)
	}
	if want := o.openCoders * o.openExcerpts; total != want {
		return nil, fmt.Errorf("the opened transcript has %d excerpts in %d sets, want %d", total, len(sets.Sets), want)
	}
	var sizeT, sizeC int
	get := func(path string, size *int) (int, error) {
		status, b, err := c.do("GET", path, lead.token, nil)
		*size = len(b)
		return status, err
	}
	const warmup = 5
	start := time.Now()
	for i := 0; i < warmup+o.opens; i++ {
		t0 := time.Now()
		var wg sync.WaitGroup
		var st1, st2 int
		var e1, e2 error
		wg.Add(2)
		go func() { defer wg.Done(); st1, e1 = get(tpath, &sizeT) }()
		go func() { defer wg.Done(); st2, e2 = get(cpath, &sizeC) }()
		wg.Wait()
		d := time.Since(t0)
		if i < warmup {
			start = time.Now()
			continue
		}
		if e1 != nil || e2 != nil || st1 != 200 || st2 != 200 {
			r.errors++
			if r.note == "" {
				r.note = fmt.Sprintf("first error: transcript %d %v, codings %d %v", st1, e1, st2, e2)
			}
			continue
		}
		r.lat = append(r.lat, d)
	}
	r.elapsed = time.Since(start)
	if r.note == "" {
		r.note = fmt.Sprintf("answers: transcript %d KiB, codings %d KiB (%d excerpts); %d warm-up opens not counted", sizeT>>10, sizeC>>10, total, warmup)
	}
	return r, nil
}

// ---------------------------------------------------------------- run

type memo struct {
	phase    string
	rss, hwm float64
}

func run(ctx context.Context, o options) error {
	began := time.Now()
	fmt.Printf("Tandem load benchmark: %s on the embedded store, %d CPUs\n", o.bin, numCPU())
	srv, err := startServer(ctx, o.bin)
	if srv != nil {
		defer srv.stop(o.keep)
	}
	if err != nil {
		return err
	}
	fmt.Printf("server pid %d at %s (data and log in %s)\n", srv.cmd.Process.Pid, srv.base, srv.dir)
	c := newClient(srv.base)
	in := &instance{o: o, c: c, logf: func(f string, a ...any) {
		if o.verbose {
			fmt.Printf("  [%6.1fs] %s\n", time.Since(began).Seconds(), fmt.Sprintf(f, a...))
		}
	}}
	if in.lead, err = c.login(benchAdminEmail); err != nil {
		return fmt.Errorf("sign in as the admin: %w", err)
	}
	for i := 0; i < o.coders; i++ {
		in.coders = append(in.coders, &user{email: fmt.Sprintf("coder%02d@bench.example.org", i+1)})
	}
	for i := 0; i < 24; i++ {
		in.pool = append(in.pool, &user{email: fmt.Sprintf("filler%02d@bench.example.org", i+1)})
	}
	var mem []memo
	note := func(phase string) {
		rss, hwm := srv.memory()
		mem = append(mem, memo{phase, rss, hwm})
	}
	check := func() error {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-srv.done:
			srv.done <- err
			return fmt.Errorf("the server exited: %v; log:\n%s", err, tail(srv.log, 30))
		default:
			return nil
		}
	}
	note("started")
	var results []*result
	phase := func(m *measured, projects int) error {
		rates := []float64{0}
		if o.rate > 0 {
			rates = append(rates, o.rate)
		}
		for _, rate := range rates {
			what := "as fast as they can"
			if rate > 0 {
				what = fmt.Sprintf("paced at %.0f saves/s in all", rate)
			}
			fmt.Printf("== %d project(s): save scenario (%d coders x %s, %s)\n", projects, o.coders, savesWords(o), what)
			stopProfile := srv.profile(fmt.Sprintf("save-%d-%.0f", projects, rate))
			stopCount := srv.countSyncs()
			c0 := srv.cpu()
			r := in.saveScenario(m, projects, rate)
			r.cpu = srv.cpu().since(c0)
			r.syncs = stopCount()
			stopProfile()
			results = append(results, r)
			note(fmt.Sprintf("%d project(s): after save", projects))
			if err := check(); err != nil {
				return err
			}
		}
		fmt.Printf("== %d project(s): open scenario (%d opens)\n", projects, o.opens)
		stopProfile := srv.profile(fmt.Sprintf("open-%d", projects))
		c0 := srv.cpu()
		r2, err := in.openScenario(m, projects)
		stopProfile()
		if r2 != nil {
			r2.cpu = srv.cpu().since(c0)
		}
		if err != nil {
			return err
		}
		results = append(results, r2)
		note(fmt.Sprintf("%d project(s): after open", projects))
		return check()
	}

	fmt.Println("== seeding the measured project (1 project in the instance)")
	t0 := time.Now()
	m1, err := in.measuredProject("Measured project A")
	if err != nil {
		return err
	}
	fmt.Printf("   seeded in %s\n", time.Since(t0).Round(time.Millisecond))
	note("1 project: seeded")
	if err := phase(m1, 1); err != nil {
		return err
	}

	if !o.grow {
		report(o, results, mem)
		fmt.Printf("\nwhole run %s\n", time.Since(began).Round(time.Second))
		return nil
	}
	fmt.Printf("== growing the instance to %d projects x %d transcripts\n", o.projects, o.transcripts)
	t0 = time.Now()
	if err := in.fillers(1, o.projects-1); err != nil {
		return err
	}
	// The second measured project has the same shape as the first, so only
	// the instance differs.
	m2, err := in.measuredProject("Measured project B")
	if err != nil {
		return err
	}
	fmt.Printf("   grown in %s\n", time.Since(t0).Round(time.Millisecond))
	note(fmt.Sprintf("%d projects: seeded", o.projects))
	if err := check(); err != nil {
		return err
	}
	if err := phase(m2, o.projects); err != nil {
		return err
	}
	if o.agrTranscripts > 0 {
		fmt.Printf("== agreement report: %d transcripts x %d coders x 40 themes\n", o.agrTranscripts, o.agrCoders)
		c0 := srv.cpu()
		r, err := in.agreementScenario()
		if err != nil {
			return err
		}
		r.cpu = srv.cpu().since(c0)
		results = append(results, r)
		note("after the agreement report")
		if err := check(); err != nil {
			return err
		}
	}
	report(o, results, mem)
	fmt.Printf("\nwhole run %s\n", time.Since(began).Round(time.Second))
	return nil
}

// agreementScenario builds a project of -agreement-transcripts transcripts
// coded by -agreement-coders coders (half peer, half academic) with a codebook
// of 40 themes in 8 categories, every coder saving -agreement-excerpts
// excerpts on every transcript and submitting, all through the API; then the
// lead asks for the agreement report (with its 1,000-draw intervals) three
// times, timed end to end.
func (in *instance) agreementScenario() (*result, error) {
	c, o, lead := in.c, in.o, in.lead
	r := &result{scenario: "agreement report", projects: 0, syncs: -1}
	pid, err := c.createProject(lead, "Agreement project")
	if err != nil {
		return nil, err
	}
	// The codebook: 2 domains x 4 categories x 5 themes.
	version := int64(0)
	add := func(level, parent, name string) (string, error) {
		var cb struct {
			Version int64 `json:"version"`
			Nodes   []struct {
				ID, Name, ParentID string
			} `json:"nodes"`
		}
		if err := c.call("POST", "/api/v1/projects/"+pid+"/codebook/nodes", lead.token,
			map[string]any{"version": version, "level": level, "parentId": parent, "name": name}, 200, &cb); err != nil {
			return "", err
		}
		version = cb.Version
		for _, n := range cb.Nodes {
			if n.Name == name && n.ParentID == parent {
				return n.ID, nil
			}
		}
		return "", fmt.Errorf("added %s %q but it is not in the codebook", level, name)
	}
	var themes []string
	for d := range 2 {
		dom, err := add("domain", "", fmt.Sprintf("Domain %d", d+1))
		if err != nil {
			return nil, err
		}
		for k := range 4 {
			cat, err := add("category", dom, fmt.Sprintf("Category %d.%d", d+1, k+1))
			if err != nil {
				return nil, err
			}
			for t := range 5 {
				th, err := add("theme", cat, fmt.Sprintf("Theme %d.%d.%d", d+1, k+1, t+1))
				if err != nil {
					return nil, err
				}
				themes = append(themes, th)
			}
		}
	}
	coders := make([]*user, o.agrCoders)
	for i := range coders {
		coders[i] = &user{email: fmt.Sprintf("agreement%02d@bench.example.org", i+1)}
		typ := "peer"
		if i%2 == 1 {
			typ = "academic"
		}
		if err := c.join(lead, pid, coders[i], typ); err != nil {
			return nil, err
		}
	}
	var ts []transcriptInfo
	for first := 0; first < o.agrTranscripts; first += 20 {
		var files []file
		for i := first; i < min(first+20, o.agrTranscripts); i++ {
			files = append(files, file{fmt.Sprintf("agreement-%03d.txt", i+1), interview(int64(700000+i), o.agrWords)})
		}
		got, err := c.upload(lead, pid, files)
		if err != nil {
			return nil, err
		}
		ts = append(ts, got...)
	}
	for _, t := range ts {
		if err := c.assign(lead, pid, t, coders); err != nil {
			return nil, err
		}
	}
	in.logf("agreement project: %d transcripts uploaded and assigned; seeding %d excerpts", len(ts), len(ts)*len(coders)*o.agrExcerpts)
	t0 := time.Now()
	var g errGroup
	for i, u := range coders {
		g.Go(func() error {
			for k, t := range ts {
				v, err := c.seedSetVersion(u, pid, t, themes, o.agrExcerpts, int64(800000+1000*i+k))
				if err != nil {
					return err
				}
				if err := c.call("POST", codingsPath(pid, t.ID)+"/me/submit", u.token, map[string]any{"version": v}, 200, nil); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	fmt.Printf("   seeded %d excerpts in %s\n", len(ts)*len(coders)*o.agrExcerpts, time.Since(t0).Round(time.Second))
	start := time.Now()
	for range 3 {
		t := time.Now()
		status, b, err := c.do("GET", "/api/v1/projects/"+pid+"/agreement", lead.token, nil)
		d := time.Since(t)
		if err != nil || status != 200 {
			r.errors++
			r.note = fmt.Sprintf("agreement report answered %d: %v %s", status, err, short(b))
			continue
		}
		r.lat = append(r.lat, d)
		r.note = fmt.Sprintf("%d transcripts x %d coders x %d themes, %d excerpts; answer %d KiB", len(ts), len(coders), len(themes),
			len(ts)*len(coders)*o.agrExcerpts, len(b)>>10)
	}
	r.elapsed = time.Since(start)
	return r, nil
}

// Names of the save scenarios.
const (
	scenarioMax   = "save excerpt (max)"
	scenarioPaced = "save excerpt (%.0f/s)"
)

func savesWords(o options) string {
	if o.saves == 0 {
		return o.duration.String()
	}
	return fmt.Sprintf("%d saves (at most %s)", o.saves, o.duration)
}

func numCPU() int {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	return strings.Count(string(b), "\nprocessor") + btoi(strings.HasPrefix(string(b), "processor"))
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
}

func report(o options, results []*result, mem []memo) {
	fmt.Println()
	fmt.Printf("%-24s %9s %6s %8s %8s %8s %8s %8s %7s %9s %5s\n",
		"scenario", "projects", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "/s", "errors", "conflicts", "lost")
	for _, r := range results {
		fmt.Printf("%-24s %9d %6d %8s %8s %8s %8s %8.0f %7d %9d %5d\n",
			r.scenario, r.projects, len(r.lat), ms(r.pct(50)), ms(r.pct(95)), ms(r.pct(99)), ms(r.pct(100)),
			r.rate(), r.errors, r.conflicts, r.lost)
	}
	for _, r := range results {
		if r.note != "" {
			fmt.Printf("  %s, %d projects: %s\n", r.scenario, r.projects, r.note)
		}
	}

	fmt.Println("\nCPU during each scenario (cores busy on average; server CPU per acknowledged request)")
	fmt.Printf("%-24s %9s %8s %8s %8s %13s\n", "scenario", "projects", "server", "bench", "others", "server ms/op")
	for _, r := range results {
		w := max(r.cpu.wall, time.Millisecond).Seconds()
		perOp := 0.0
		if len(r.lat) > 0 {
			perOp = float64(r.cpu.server) / float64(time.Millisecond) / float64(len(r.lat))
		}
		fmt.Printf("%-24s %9d %8.2f %8.2f %8.2f %13.2f\n", r.scenario, r.projects, r.cpu.server.Seconds()/w, r.cpu.self.Seconds()/w, r.cpu.others(), perOp)
	}
	fmt.Println("  (others > 0.2 cores: other processes shared the CPUs; figures are noisy, rerun on an idle machine)")

	for _, r := range results {
		if r.syncs >= 0 && len(r.lat) > 0 {
			fmt.Printf("  %s, %d project(s): %d disk syncs (fsync, fdatasync) for %d saves: %.2f a save\n", r.scenario, r.projects, r.syncs, len(r.lat), float64(r.syncs)/float64(len(r.lat)))
		}
	}

	fmt.Println("\nserver memory (MiB)")
	fmt.Printf("%-28s %8s %8s\n", "after", "VmRSS", "VmHWM")
	for _, m := range mem {
		fmt.Printf("%-28s %8.0f %8.0f\n", m.phase, m.rss, m.hwm)
	}

	fmt.Println("\ntargets (embedded store, 2 cores)")
	ok := func(b bool) string {
		if b {
			return "met"
		}
		return "MISSED"
	}
	find := func(scenario string, projects int) *result {
		for _, r := range results {
			if r.scenario == scenario && r.projects == projects {
				return r
			}
		}
		return nil
	}
	if a := find("agreement report", 0); a != nil && len(a.lat) > 0 {
		hwm := 0.0
		for _, m := range mem {
			hwm = max(hwm, m.hwm)
		}
		fmt.Printf("  agreement report: slowest of %d %s ms <= %s ms: %s; server peak memory %.0f MiB <= %.0f MiB: %s\n",
			len(a.lat), ms(a.pct(100)), ms(targetAgreement), ok(a.pct(100) <= targetAgreement), hwm, targetAgreementMiB, ok(hwm <= targetAgreementMiB))
	}
	paced := fmt.Sprintf(scenarioPaced, o.rate)
	for _, p := range []int{1, o.projects} {
		s, sp, op := find(scenarioMax, p), find(paced, p), find("open transcript+codings", p)
		if s == nil || op == nil {
			continue
		}
		if sp == nil {
			sp = s
		}
		fmt.Printf("  %2d project(s): save p99 at %s %s ms <= %s ms: %s; most saves/s %0.f >= %.0f: %s; errors %d == 0: %s; lost %d == 0: %s; open p95 %s ms <= %s ms: %s\n",
			p, sp.scenario, ms(sp.pct(99)), ms(targetSaveP99), ok(sp.pct(99) <= targetSaveP99),
			s.rate(), targetSaveRate, ok(s.rate() >= targetSaveRate),
			s.errors+sp.errors+op.errors, ok(s.errors+sp.errors+op.errors == 0), s.lost+sp.lost, ok(s.lost+sp.lost == 0),
			ms(op.pct(95)), ms(targetOpenP95), ok(op.pct(95) <= targetOpenP95))
	}
	s1, s50 := find(paced, 1), find(paced, o.projects)
	if s1 == nil || s50 == nil {
		s1, s50 = find(scenarioMax, 1), find(scenarioMax, o.projects)
	}
	m1, m50 := find(scenarioMax, 1), find(scenarioMax, o.projects)
	o1, o50 := find("open transcript+codings", 1), find("open transcript+codings", o.projects)
	if s1 == nil || s50 == nil || o1 == nil || o50 == nil || m1 == nil || m50 == nil {
		return
	}
	fmt.Printf("\n%d projects / 1 project (target: within 25%%, i.e. %.2f..%.2f)\n", o.projects, 1/targetGrowth, targetGrowth)
	within := func(x float64) string { return ok(x <= targetGrowth && x >= 1/targetGrowth) }
	ratio := func(a, b time.Duration) float64 { return float64(b) / float64(max(a, time.Microsecond)) }
	rows := []struct {
		name string
		x    float64
	}{
		{"save p95", ratio(s1.pct(95), s50.pct(95))},
		{"save p99", ratio(s1.pct(99), s50.pct(99))},
		{"save throughput", m50.rate() / math.Max(m1.rate(), 1e-9)},
		{"open p95", ratio(o1.pct(95), o50.pct(95))},
		{"open p99", ratio(o1.pct(99), o50.pct(99))},
	}
	for _, row := range rows {
		fmt.Printf("  %-16s %5.2f  %s\n", row.name, row.x, within(row.x))
	}
}
