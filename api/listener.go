package main

import (
	"errors"
	"log/slog"
	"net"
	"sync"
	"time"
)

// Connection limits. The server holds at most total connections at once
// (Fiber's Concurrency), and one client address at most each of them (the
// listener below), so that no client can take every descriptor the process
// may open, and the store always has some left.
const (
	// defaultConnections is Fiber's own default Concurrency.
	defaultConnections = 256 * 1024
	// storeReserve is the open files kept for everything but HTTP
	// connections: the store (a socket pair per driver connection and the
	// SQLite files of the embedded engine), uploads, logs.
	storeReserve = 256
	// defaultPerAddress is TANDEM_MAX_CONNECTIONS_PER_ADDRESS's default: a
	// browser opens about 6 connections, so it serves a team behind one
	// NAT address, or a reverse proxy under ordinary load.
	defaultPerAddress = 128
	// maxAcceptPause is the longest pause between failed accepts.
	maxAcceptPause = time.Second
)

// connectionLimits returns how many connections the server holds at once,
// and how many of them one client address may hold (0: no cap), given the
// open-file limit of the process (0: unknown) and the configured cap per
// address (0: none). It keeps storeReserve files for the rest, or half of
// them under a small limit; and one address never holds more than half of
// the connections, so that another client is still served.
func connectionLimits(openFiles uint64, perAddress int) (total, each int) {
	total = defaultConnections
	if openFiles > 0 {
		reserve := min(storeReserve, openFiles/2)
		total = int(min(uint64(total), openFiles-reserve))
	}
	each = perAddress
	if each > 0 {
		each = max(1, min(each, total/2))
	}
	return total, each
}

// nextPause is the pause after a failed accept that followed a pause of d:
// 5 ms, then twice as long each time, at most maxAcceptPause.
func nextPause(d time.Duration) time.Duration {
	if d <= 0 {
		return 5 * time.Millisecond
	}
	return min(2*d, maxAcceptPause)
}

// guardedListener wraps the HTTP listener so that no client can stop the
// server or crowd out the others:
//   - Accept never fails for good. Out of file descriptors (EMFILE, ENFILE),
//     a connection aborted before it was accepted or any other failure is
//     retried after a pause (nextPause), and logged at most once a second;
//     only a closed listener ends it. (fasthttp stops serving on any accept
//     error but a timeout, and the server would exit.)
//   - A client address holds at most perAddress connections (0: no cap);
//     more are closed as soon as they are accepted.
type guardedListener struct {
	net.Listener
	perAddress int
	log        *slog.Logger
	sleep      func(time.Duration)
	now        func() time.Time

	mu     sync.Mutex
	open   map[string]int // connections held, per client address
	logged time.Time      // when the last warning was logged
}

func newGuardedListener(ln net.Listener, perAddress int, log *slog.Logger) *guardedListener {
	return &guardedListener{Listener: ln, perAddress: perAddress, log: log, sleep: time.Sleep, now: time.Now, open: map[string]int{}}
}

// Accept returns the next connection the limits allow.
func (l *guardedListener) Accept() (net.Conn, error) {
	var pause time.Duration
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil, err
			}
			pause = nextPause(pause)
			if l.due() {
				l.log.Warn("accepting a connection failed; trying again", "error", err.Error(), "pause", pause.String())
			}
			l.sleep(pause)
			continue
		}
		pause = 0
		addr := hostOf(c.RemoteAddr())
		if l.take(addr) {
			return &heldConn{Conn: c, l: l, addr: addr}, nil
		}
		c.Close()
		if l.due() {
			l.log.Warn("closed a new connection: its client address already holds as many as allowed", "address", addr, "limit", l.perAddress)
		}
	}
}

// due reports whether a warning may be logged: at most one a second.
func (l *guardedListener) due() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.logged) < time.Second {
		return false
	}
	l.logged = now
	return true
}

// take counts a new connection from addr, if the address may hold another.
func (l *guardedListener) take(addr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.perAddress > 0 && l.open[addr] >= l.perAddress {
		return false
	}
	l.open[addr]++
	return true
}

func (l *guardedListener) release(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[addr]--; l.open[addr] <= 0 {
		delete(l.open, addr)
	}
}

// heldConn is an accepted connection; closing it gives its place back.
type heldConn struct {
	net.Conn
	l    *guardedListener
	addr string
	once sync.Once
}

func (c *heldConn) Close() error {
	c.once.Do(func() { c.l.release(c.addr) })
	return c.Conn.Close()
}

// hostOf is the IP address of a remote address, without the port.
func hostOf(a net.Addr) string {
	if ta, ok := a.(*net.TCPAddr); ok {
		return ta.IP.String()
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}
