package httpapi

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/tandem"
)

// Coding writes per user: a person, or a tool saving in bulk, stays far
// below this; a runaway client is stopped.
const (
	writesPerSecond = 200
	writeBurst      = 400
)

// writeLimiter is a token bucket per user.
type writeLimiter struct {
	mu      sync.Mutex
	rate    float64
	burst   float64
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newWriteLimiter(rate, burst int, now func() time.Time) *writeLimiter {
	return &writeLimiter{rate: float64(rate), burst: float64(burst), now: now, buckets: map[string]*bucket{}}
}

// allow takes a token from the user's bucket; when there is none it says how
// long until there is.
func (l *writeLimiter) allow(user string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[user]
	if b == nil {
		if len(l.buckets) > 100000 { // forget full buckets now and then
			for k, v := range l.buckets {
				if now.Sub(v.at).Seconds()*l.rate >= l.burst {
					delete(l.buckets, k)
				}
			}
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[user] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	return true, 0
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
	ok, wait := l.allow(currentUser(c).ID)
	if !ok {
		secs := max(1, int(wait.Seconds()+0.999))
		c.Set(fiber.HeaderRetryAfter, fmt.Sprint(secs))
		return &tandem.Error{Code: tandem.CodeRateLimited,
			Message: fmt.Sprintf("Too many changes at once (more than %d a second). Nothing was lost; wait a moment and try again.", writesPerSecond),
			Details: map[string]int{"retryAfterSeconds": secs}}
	}
	return c.Next()
}
