package httpapi_test

import (
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/tandemqda/tandem/internal/httpapi"
	"github.com/tandemqda/tandem/internal/mongodb/mongotest"
)

// burst sends the requests at once and counts the answers by status.
func (e *env) burst(n int, r func(i int) req) map[int]int {
	e.t.Helper()
	var mu sync.Mutex
	var wg sync.WaitGroup
	counts := map[int]int{}
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			res := e.do(r(i))
			mu.Lock()
			counts[res.status]++
			mu.Unlock()
		})
	}
	close(start)
	wg.Wait()
	return counts
}

func login(email, password string) map[string]string {
	return map[string]string{"email": email, "password": password}
}

// behindProxy is an app behind a proxy on this machine, which names the
// client in X-Forwarded-For.
func behindProxy(t *testing.T) *env {
	return newEnvConfig(t, mongotest.Open(t), func(c *httpapi.Config) {
		c.ProxyHeader = "X-Forwarded-For"
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
}

// TestSignInBurstChecksNoMoreThanTheLimit is issue 11's burst: wrong
// passwords sent at the same moment are counted before they are checked, so
// no more than the limit are checked (401), and the rest wait (429).
func TestSignInBurstChecksNoMoreThanTheLimit(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	counts := e.burst(60, func(i int) req {
		return req{method: "POST", path: "/api/v1/auth/login", body: login(admin.email, fmt.Sprintf("wrong password %d", i))}
	})
	if counts[401] > 5 || counts[401]+counts[429] != 60 {
		t.Fatalf("60 wrong passwords at once on one account: %v, want at most 5 checked (401) and the rest 429", counts)
	}

	// 200 at once from one address, each on another account.
	e = newEnv(t)
	e.setupAdmin()
	counts = e.burst(200, func(i int) req {
		return req{method: "POST", path: "/api/v1/auth/login", body: login(fmt.Sprintf("person%d@example.org", i), "wrong password")}
	})
	if counts[401] > 30 || counts[401]+counts[429] != 200 {
		t.Fatalf("200 wrong passwords at once from one address: %v, want at most 30 checked (401) and the rest 429", counts)
	}
}

// TestSignInBurstFromEverywhereIsQueued sends wrong passwords that no limit
// holds back (each from its own address and account): the server checks a
// few at a time and answers the rest at once with server_busy, a plain
// message and when to try again, instead of hashing them all together.
func TestSignInBurstFromEverywhereIsQueued(t *testing.T) {
	e := newEnvConfig(t, mongotest.Open(t), func(c *httpapi.Config) {
		c.ProxyHeader = "X-Forwarded-For"
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
		c.HashWorkers = 1
	})
	e.setupAdmin()
	var mu sync.Mutex
	var busy *resp
	var wg sync.WaitGroup
	counts := map[int]int{}
	start := make(chan struct{})
	for i := range 200 {
		wg.Go(func() {
			<-start
			r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: login(fmt.Sprintf("person%d@example.org", i), "wrong password"),
				header: map[string]string{"X-Forwarded-For": fmt.Sprintf("10.0.%d.%d", i/256, i%256)}})
			mu.Lock()
			defer mu.Unlock()
			counts[r.status]++
			if r.status == 503 {
				busy = r
			}
		})
	}
	close(start)
	wg.Wait()
	if counts[401]+counts[503] != 200 || counts[401] == 0 || busy == nil {
		t.Fatalf("200 wrong passwords at once from 200 addresses, 1 worker and 32 places in the queue: %v, want some checked (401) and the rest refused at once (503)", counts)
	}
	if busy.code() != "server_busy" || busy.header.Get("Retry-After") != "2" || !strings.Contains(busy.message(), "Wait a few seconds and try again") {
		t.Fatalf("busy answer: %d %s (Retry-After %q)", busy.status, busy.body, busy.header.Get("Retry-After"))
	}
}

// TestOwnerSignsInOnTheirDeviceWhileOthersGuess: wrong passwords from
// elsewhere never hold the owner back on a device they signed in with
// before; guesses spread over many addresses meet the slower limit for the
// whole account.
func TestOwnerSignsInOnTheirDeviceWhileOthersGuess(t *testing.T) {
	e := behindProxy(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	sam := e.join(pid, admin, "coder", "sam@example.org", "peer")
	home := map[string]string{"X-Forwarded-For": "198.51.100.7"}
	r := e.must(e.do(req{method: "POST", path: "/api/v1/auth/login", body: login(sam.email, goodPassword), header: home}), 200)
	mark := r.cookie("tandem_device")
	if mark == nil || !mark.HttpOnly || mark.Path != "/api/v1/auth" || mark.Value == "" {
		t.Fatalf("device mark cookie %+v", mark)
	}
	laptop := map[string]string{"X-Forwarded-For": "198.51.100.7", "Cookie": "tandem_device=" + mark.Value}

	// Someone guesses from 5 addresses, 4 guesses each: 20 wrong passwords.
	for a := range 5 {
		for i := range 4 {
			r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: login(sam.email, fmt.Sprintf("guess %d %d", a, i)),
				header: map[string]string{"X-Forwarded-For": fmt.Sprintf("203.0.113.%d", a)}})
			if r.status != 401 {
				t.Fatalf("guess %d from address %d: %d %s", i, a, r.status, r.body)
			}
		}
	}
	// Now the account is closed to devices it never signed in with, even
	// with the right password, and the message says so.
	r = e.do(req{method: "POST", path: "/api/v1/auth/login", body: login(sam.email, goodPassword), header: map[string]string{"X-Forwarded-For": "192.0.2.50"}})
	if r.status != 429 || !strings.Contains(r.message(), "can only be signed in to from a device that has signed in to it before") {
		t.Fatalf("a new device after 20 guesses at the account: %d %s", r.status, r.body)
	}
	// The owner's laptop signs in; a typo there first is just a typo.
	if r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: login(sam.email, "a typo in it"), header: laptop}); r.status != 401 {
		t.Fatalf("owner's typo: %d %s", r.status, r.body)
	}
	e.must(e.do(req{method: "POST", path: "/api/v1/auth/login", body: login(sam.email, goodPassword), header: laptop}), 200)

	// A mark is for one account: shown with another, it is no mark.
	e.must(e.do(req{method: "POST", path: "/api/v1/auth/login", body: login(admin.email, goodPassword), header: laptop}), 200)
	for i := range 5 {
		e.must(e.do(req{method: "POST", path: "/api/v1/auth/login", body: login(sam.email, fmt.Sprintf("wrong %d", i)), header: laptop}), 401)
	}
	r = e.do(req{method: "POST", path: "/api/v1/auth/login", body: login(sam.email, goodPassword), header: laptop})
	if r.status != 429 || r.message() != "Too many wrong passwords from this device. Try again in 1 minute." {
		t.Fatalf("5 wrong passwords on the owner's device: %d %s", r.status, r.body)
	}
	// Wrong passwords for the owner's device do not hold another device back.
	other := sessionUser(e.must(e.do(req{method: "POST", path: "/api/v1/auth/login", body: login(admin.email, goodPassword),
		header: map[string]string{"X-Forwarded-For": "198.51.100.8"}}), 200), admin.email)
	if other.token == "" {
		t.Fatal("no session")
	}
}

// TestForwardedForIsBelievedOnlyFromTrustedProxies: with a proxy header
// set, a client cannot escape the sign-in limits by writing the header
// itself.
func TestForwardedForIsBelievedOnlyFromTrustedProxies(t *testing.T) {
	// The test client (127.0.0.1) is not one of the trusted proxies: its
	// X-Forwarded-For is ignored.
	e := newEnvConfig(t, mongotest.Open(t), func(c *httpapi.Config) {
		c.ProxyHeader = "X-Forwarded-For"
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	})
	e.setupAdmin()
	refused := 0
	for i := range 75 {
		r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: login(fmt.Sprintf("p%d@example.org", i), "wrong password"),
			header: map[string]string{"X-Forwarded-For": fmt.Sprintf("192.0.2.%d", i)}})
		if r.status == 429 {
			refused++
		}
	}
	if refused != 45 {
		t.Fatalf("75 wrong passwords with made-up addresses from an untrusted client: %d refused, want 45 (after the first 30)", refused)
	}

	// Behind a trusted proxy, only what the proxy appended counts: the
	// right-most address that is not a proxy.
	e = behindProxy(t)
	admin := e.setupAdmin()
	for i := range 30 {
		e.must(e.do(req{method: "POST", path: "/api/v1/auth/login", body: login(fmt.Sprintf("p%d@example.org", i), "wrong password"),
			header: map[string]string{"X-Forwarded-For": fmt.Sprintf("192.0.2.%d, 203.0.113.9", i)}}), 401)
	}
	r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: login(admin.email, goodPassword),
		header: map[string]string{"X-Forwarded-For": "192.0.2.200, 203.0.113.9"}})
	if r.status != 429 || !strings.Contains(r.message(), "from this network") {
		t.Fatalf("after 30 from 203.0.113.9 with made-up addresses before it: %d %s", r.status, r.body)
	}
	// Another client of the proxy is not held back.
	e.must(e.do(req{method: "POST", path: "/api/v1/auth/login", body: login(admin.email, goodPassword),
		header: map[string]string{"X-Forwarded-For": "198.51.100.1"}}), 200)
}

// TestAccessTokenEndsWithItsSession: signing out, changing the password and
// a password reset end access tokens at once, not when they expire.
func TestAccessTokenEndsWithItsSession(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	e.must(e.get("/api/v1/me", admin.token), 200)
	e.must(e.do(req{method: "POST", path: "/api/v1/auth/logout", cookie: admin.refresh}), 204)
	if r := e.get("/api/v1/me", admin.token); r.status != 401 || r.code() != "session_revoked" {
		t.Fatalf("access token after signing out: %d %s", r.status, r.body)
	}

	// A password change ends the other sessions' tokens, not this one's.
	laptop := sessionUser(e.must(e.post("/api/v1/auth/login", "", login(admin.email, goodPassword)), 200), admin.email)
	phone := sessionUser(e.must(e.post("/api/v1/auth/login", "", login(admin.email, goodPassword)), 200), admin.email)
	e.must(e.get("/api/v1/projects", phone.token), 200)
	e.must(e.post("/api/v1/me/password", laptop.token, map[string]string{"currentPassword": goodPassword, "newPassword": "another long password"}), 204)
	if r := e.get("/api/v1/projects", phone.token); r.status != 401 || r.code() != "session_revoked" {
		t.Fatalf("the phone's token after a password change on the laptop: %d %s", r.status, r.body)
	}
	e.must(e.get("/api/v1/projects", laptop.token), 200)

	// A token without a session is no token.
	noSession := jwt.RegisteredClaims{Issuer: "tandem", Subject: laptop.id, IssuedAt: jwt.NewNumericDate(time.Now()), ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Minute))}
	forged, err := jwt.NewWithClaims(jwt.SigningMethodHS256, noSession).SignedString([]byte(testSecret))
	if err != nil {
		t.Fatal(err)
	}
	if r := e.get("/api/v1/me", forged); r.status != 401 || r.code() != "unauthenticated" {
		t.Fatalf("token without a session: %d %s", r.status, r.body)
	}
}

// TestSignOutReachesOtherInstancesWithinTheInterval runs two instances on
// one store: a sign-out on one stops the token on the other after at most
// the session check interval (10 seconds), without a store read per request.
func TestSignOutReachesOtherInstancesWithinTheInterval(t *testing.T) {
	store := mongotest.Open(t)
	a := newEnvWith(t, store)
	b := newEnvWith(t, store)
	admin := a.setupAdmin()
	b.must(b.get("/api/v1/me", admin.token), 200)
	a.must(a.do(req{method: "POST", path: "/api/v1/auth/logout", cookie: admin.refresh}), 204)
	if r := a.get("/api/v1/me", admin.token); r.status != 401 {
		t.Fatalf("on the instance that signed out: %d %s", r.status, r.body)
	}
	// The other instance believes what it read a moment ago...
	b.must(b.get("/api/v1/me", admin.token), 200)
	// ...for at most the interval.
	b.clock.Advance(10 * time.Second)
	if r := b.get("/api/v1/me", admin.token); r.status != 401 || r.code() != "session_revoked" {
		t.Fatalf("on the other instance 10 s later: %d %s", r.status, r.body)
	}
}

// TestChangePasswordIsLimitedLikeSignIn: guesses at the current password
// with a stolen access token meet the sign-in limits, counted before they
// are checked.
func TestChangePasswordIsLimitedLikeSignIn(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	counts := e.burst(60, func(i int) req {
		return req{method: "POST", path: "/api/v1/me/password", token: admin.token,
			body: map[string]string{"currentPassword": fmt.Sprintf("guess %d", i), "newPassword": "another long password"}}
	})
	if counts[400] > 5 || counts[400]+counts[429] != 60 {
		t.Fatalf("60 guesses at once at the current password: %v, want at most 5 checked (400) and the rest 429", counts)
	}
	r := e.post("/api/v1/me/password", admin.token, map[string]string{"currentPassword": goodPassword, "newPassword": "another long password"})
	if r.status != 429 || r.message() != "Too many wrong passwords from this device. Try again in 1 minute." {
		t.Fatalf("the right password after 5 wrong ones: %d %s", r.status, r.body)
	}
	// Sign-in from the same device waits too: a guess is a guess.
	if r := e.post("/api/v1/auth/login", "", login(admin.email, goodPassword)); r.status != 429 {
		t.Fatalf("sign-in after 5 wrong current passwords: %d %s", r.status, r.body)
	}
	e.clock.Advance(time.Minute)
	e.must(e.post("/api/v1/me/password", admin.token, map[string]string{"currentPassword": goodPassword, "newPassword": "another long password"}), 204)
}

// TestInvitationRaceLeavesOneAccount: 20 new people accept one link at
// once. One joins; the 19 others are told the link was used, and have no
// account.
func TestInvitationRaceLeavesOneAccount(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	tok := e.invite(admin, pid, "coder")
	counts := e.burst(20, func(i int) req {
		return req{method: "POST", path: "/api/v1/invitations/" + tok + "/accept",
			body: map[string]string{"email": fmt.Sprintf("new%d@example.org", i), "name": "New person", "password": goodPassword, "researcherType": "peer"}}
	})
	if counts[200] != 1 || counts[410] != 19 {
		t.Fatalf("20 accepts of one link at once: %v, want 1 x 200 and 19 x 410", counts)
	}
	users := e.must(e.get("/api/v1/users", admin.token), 200).list()
	if len(users) != 2 {
		t.Fatalf("%d accounts after the race, want the admin and the one who joined", len(users))
	}
	joined := users[1]["email"].(string)
	members := e.must(e.get("/api/v1/projects/"+pid+"/members", admin.token), 200).list()
	if len(members) != 2 || members[1]["email"] != joined {
		t.Fatalf("members %v, want the admin and %s", members, joined)
	}
	signedIn := 0
	for i := range 20 {
		if e.post("/api/v1/auth/login", "", login(fmt.Sprintf("new%d@example.org", i), goodPassword)).status == 200 {
			signedIn++
		}
	}
	if signedIn != 1 {
		t.Fatalf("%d of the 20 sign in, want only the one who joined", signedIn)
	}
	// One who lost the race can use a new link with the same email.
	other := map[string]string{"email": "new0@example.org", "name": "New person", "password": goodPassword, "researcherType": "peer"}
	if joined == "new0@example.org" {
		other["email"] = "new1@example.org"
	}
	e.must(e.post("/api/v1/invitations/"+e.invite(admin, pid, "coder")+"/accept", "", other), 200)
}
