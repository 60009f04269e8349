package httpapi

import (
	"fmt"
	"math"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/ratelimit"
	"github.com/tandemqda/tandem/internal/tandem"
)

// Limits on password guesses (and reset link guesses), kept per instance:
//   - per account and device: 5 wrong passwords, then a wait of 1 minute,
//     doubling with each wrong password up to 15 minutes. A device is a
//     browser that signed in to the account before (it shows the device
//     mark cookie), or else the address a request comes from. A guesser
//     elsewhere never slows the owner down on their own device.
//   - per address, across accounts: 30, then 1 minute doubling up to 15.
//   - per account, from devices that never signed in to it: 20 an hour,
//     then 5 minutes doubling up to an hour. This stops guessing spread over
//     many addresses; a device the account signed in with before is not
//     held by it, so the owner can still sign in there.
var (
	pairLimit    = ratelimit.Limit{Free: 5, Window: time.Hour, First: time.Minute, Most: 15 * time.Minute}
	addressLimit = ratelimit.Limit{Free: 30, Window: 15 * time.Minute, First: time.Minute, Most: 15 * time.Minute}
	accountLimit = ratelimit.Limit{Free: 20, Window: time.Hour, First: 5 * time.Minute, Most: time.Hour}
)

// guessLimits are the limiters of password and reset link guesses.
type guessLimits struct {
	pair, address, account *ratelimit.Limiter
}

func newGuessLimits(now func() time.Time) *guessLimits {
	return &guessLimits{pair: ratelimit.NewLimiter(pairLimit, now), address: ratelimit.NewLimiter(addressLimit, now), account: ratelimit.NewLimiter(accountLimit, now)}
}

// guess is one password guess, counted as wrong from its start until it
// turns out right or does not happen.
type guess struct {
	g        *guessLimits
	pairKey  string
	attempts []*ratelimit.Attempt
}

// Which limit held a guess back.
const (
	heldDevice  = "device"
	heldAddress = "address"
	heldAccount = "account"
)

// wrongPasswordWords say which limit held a password guess back; a wait
// follows ("Try again in about 2 minutes.").
var wrongPasswordWords = map[string]string{
	heldDevice:  "Too many wrong passwords from this device.",
	heldAddress: "Too many wrong passwords from this network.",
	heldAccount: "There were too many wrong passwords for this account, so for safety it can only be signed in to from a device that has signed in to it before.",
}

// begin counts a guess at the account (a key such as "account:<email>")
// from the device (its mark's id, "" when unknown) at the address, before
// the password is checked, so that guesses sent at once cannot all pass.
// When a limit holds, it returns how long to wait and which limit held.
func (g *guessLimits) begin(account, device, address string) (*guess, time.Duration, string) {
	known := device != ""
	pairKey := account + "|ip:" + address
	if known {
		pairKey = account + "|device:" + device
	}
	gs := &guess{g: g, pairKey: pairKey}
	take := func(l *ratelimit.Limiter, key string) time.Duration {
		a, wait := l.Reserve(key)
		if a == nil {
			gs.cancel()
			return wait
		}
		gs.attempts = append(gs.attempts, a)
		return 0
	}
	if wait := take(g.pair, pairKey); wait > 0 {
		return nil, wait, heldDevice
	}
	if known {
		return gs, 0, ""
	}
	if wait := take(g.address, "ip:"+address); wait > 0 {
		return nil, wait, heldAddress
	}
	if wait := take(g.account, account); wait > 0 {
		return nil, wait, heldAccount
	}
	return gs, 0, ""
}

// right ends a guess that was right: it is not counted, and the device's
// earlier wrong guesses are forgotten.
func (gs *guess) right() {
	gs.cancel()
	gs.g.pair.Reset(gs.pairKey)
}

// cancel takes a guess back that did not happen (the server was too busy
// to check it).
func (gs *guess) cancel() {
	for _, a := range gs.attempts {
		a.Cancel()
	}
}

// A wrong guess needs no call: it stays counted.

// Coding writes per user: a person, or a tool saving in bulk, stays far
// below this; a runaway client is stopped.
const (
	writesPerSecond = 200
	writeBurst      = 400
)

// writeLimiter limits the coding writes of each user.
type writeLimiter struct{ rate *ratelimit.Rate }

func newWriteLimiter(perSecond, burst int, now func() time.Time) *writeLimiter {
	return &writeLimiter{rate: ratelimit.NewRate(float64(perSecond), burst, now)}
}

// tooMany refuses a request that must wait: it sets Retry-After and says
// the wait in plain words ("Try again in about 15 minutes.").
func tooMany(c *fiber.Ctx, wait time.Duration, what string) error {
	secs := max(1, int(math.Ceil(wait.Seconds())))
	c.Set(fiber.HeaderRetryAfter, fmt.Sprint(secs))
	return &tandem.Error{Code: tandem.CodeRateLimited,
		Message: fmt.Sprintf("%s Try again in %s.", what, tandem.WaitWords(wait)),
		Details: map[string]int{"retryAfterSeconds": secs}}
}

// limit is the middleware that applies the limiter to the signed-in user.
func (l *writeLimiter) limit(c *fiber.Ctx) error {
	ok, wait := l.rate.Allow(scopeOf(c).User.ID)
	if !ok {
		secs := max(1, int(wait.Seconds()+0.999))
		c.Set(fiber.HeaderRetryAfter, fmt.Sprint(secs))
		return &tandem.Error{Code: tandem.CodeRateLimited,
			Message: fmt.Sprintf("Too many changes at once (more than %d a second). Nothing was lost; wait a moment and try again.", writesPerSecond),
			Details: map[string]int{"retryAfterSeconds": secs}}
	}
	return c.Next()
}
