package main

import (
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"syscall"
	"testing"
	"time"
)

func TestConnectionLimits(t *testing.T) {
	for _, tc := range []struct {
		openFiles        uint64
		perAddress       int
		wantTotal, wantE int
	}{
		{0, 128, 256 * 1024, 128}, // limit unknown: Fiber's default
		{256, 128, 128, 64},       // small limit: half kept, one address half of the rest
		{1024, 128, 768, 128},     // 256 kept for the store
		{20000, 128, 19744, 128},
		{20000, 0, 19744, 0},               // no cap per address
		{1 << 40, 500, 256 * 1024, 500},    // a huge limit: Fiber's default bounds
		{^uint64(0), 128, 256 * 1024, 128}, // RLIM_INFINITY
		{2, 128, 1, 1},                     // absurdly small, still one
		{4096, 1_000_000, 3840, 3840 / 2},  // one address never holds more than half
		{1024, 1, 768, 1},
		{512, 128, 256, 128},
		{300, 128, 150, 75},
		{100000, 128, 100000 - 256, 128},
		{300000, 128, 256 * 1024, 128},
		{256 * 1024, 128, 256*1024 - 256, 128},
	} {
		total, each := connectionLimits(tc.openFiles, tc.perAddress)
		if total != tc.wantTotal || each != tc.wantE {
			t.Errorf("connectionLimits(%d, %d) = %d, %d; want %d, %d", tc.openFiles, tc.perAddress, total, each, tc.wantTotal, tc.wantE)
		}
	}
}

func TestNextPauseGrowsToASecond(t *testing.T) {
	var got []time.Duration
	d := time.Duration(0)
	for range 10 {
		d = nextPause(d)
		got = append(got, d)
	}
	want := []time.Duration{5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000}
	for i := range want {
		if got[i] != want[i]*time.Millisecond {
			t.Fatalf("pauses %v, want %v ms", got, want)
		}
	}
}

// failingListener fails its first n accepts with err, then accepts from the
// real listener.
type failingListener struct {
	net.Listener
	n   int
	err error
}

func (l *failingListener) Accept() (net.Conn, error) {
	if l.n > 0 {
		l.n--
		return nil, l.err
	}
	return l.Listener.Accept()
}

// TestAcceptOutlivesFailures: out of file descriptors, or any other accept
// failure, the listener pauses and tries again instead of giving up (which
// stopped the server); only a closed listener ends Accept.
func TestAcceptOutlivesFailures(t *testing.T) {
	for _, err := range []error{
		&net.OpError{Op: "accept", Net: "tcp", Err: os.NewSyscallError("accept4", syscall.EMFILE)},
		&net.OpError{Op: "accept", Net: "tcp", Err: os.NewSyscallError("accept4", syscall.ENFILE)},
		&net.OpError{Op: "accept", Net: "tcp", Err: os.NewSyscallError("accept4", syscall.ECONNABORTED)},
		errors.New("something else"),
	} {
		tcp, lerr := net.Listen("tcp", "127.0.0.1:0")
		if lerr != nil {
			t.Fatal(lerr)
		}
		l := newGuardedListener(&failingListener{Listener: tcp, n: 12, err: err}, 0, slog.New(slog.DiscardHandler))
		var pauses []time.Duration
		l.sleep = func(d time.Duration) { pauses = append(pauses, d) }
		go func() {
			if c, err := net.Dial("tcp", tcp.Addr().String()); err == nil {
				c.Close()
			}
		}()
		c, aerr := l.Accept()
		if aerr != nil {
			t.Fatalf("%v: Accept gave up: %v", err, aerr)
		}
		c.Close()
		if len(pauses) != 12 || pauses[0] != 5*time.Millisecond || pauses[11] != time.Second {
			t.Errorf("%v: pauses %v, want 12 from 5 ms growing to 1 s", err, pauses)
		}
		tcp.Close()
		if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
			t.Errorf("Accept on a closed listener: %v, want net.ErrClosed", err)
		}
	}
}

// TestOneAddressHoldsAtMostItsShare: connections from an address beyond its
// cap are closed at once; when one of its connections ends, it may open
// another; another address is not affected.
func TestOneAddressHoldsAtMostItsShare(t *testing.T) {
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := newGuardedListener(tcp, 3, slog.New(slog.DiscardHandler))
	defer l.Close()
	accepted := make(chan net.Conn, 100)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	dial := func(from string) net.Conn {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
		c, err := d.Dial("tcp", tcp.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// closed reports whether the server closed c without a word.
	closed := func(c net.Conn) bool {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err := c.Read(make([]byte, 1))
		return errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)
	}

	var mine []net.Conn
	for range 3 {
		mine = append(mine, dial("127.0.0.2"))
	}
	var held []net.Conn
	for range 3 {
		held = append(held, <-accepted)
	}
	extra := dial("127.0.0.2")
	if !closed(extra) {
		t.Fatal("a fourth connection from 127.0.0.2 was kept")
	}
	// Another address is served meanwhile.
	other := dial("127.0.0.3")
	defer other.Close()
	if c := <-accepted; hostOf(c.RemoteAddr()) != "127.0.0.3" {
		t.Fatalf("accepted %v, want the connection from 127.0.0.3", c.RemoteAddr())
	}
	// One ends: 127.0.0.2 may open one more.
	held[0].Close()
	mine[0].Close()
	again := dial("127.0.0.2")
	defer again.Close()
	if c := <-accepted; hostOf(c.RemoteAddr()) != "127.0.0.2" {
		t.Fatalf("accepted %v, want a new connection from 127.0.0.2", c.RemoteAddr())
	}
	for _, c := range append(mine[1:], held[1:]...) {
		c.Close()
	}
}
