// The server under test: bin/tandem started on a fresh data directory, its
// memory, CPU time, profile and fsync count.

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

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
