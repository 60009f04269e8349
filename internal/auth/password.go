// Package auth holds Tandem's credentials: argon2id password hashes, signed
// access tokens (JWT, HS256), opaque random tokens kept only as hashes
// (refresh, invitation and setup tokens), and the sign-in rate limiter.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: the OWASP recommendation (19 MiB, 2 passes, 1 lane).
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// HashPassword returns an argon2id hash of the password in the PHC string format.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// ErrBadHash reports a stored hash that cannot be read.
var ErrBadHash = errors.New("unreadable password hash")

// CheckPassword reports whether password matches the PHC-format hash.
func CheckPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrBadHash
	}
	var version int
	var memory, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil {
		return false, ErrBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, ErrBadHash
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, ErrBadHash
	}
	got := argon2.IDKey([]byte(password), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when an account does not exist, so that a
// sign-in attempt takes as long whether or not the email is known.
var dummyHash, _ = HashPassword("tandem-no-such-account")

// ErrBusy reports that a Hasher has as many passwords running and waiting
// as it takes.
var ErrBusy = errors.New("too many passwords to hash at once")

// Hasher hashes and checks passwords, running at most a few argon2id
// computations at once. Each takes 19 MiB and a CPU for tens of
// milliseconds, so a burst of sign-ins must take turns rather than take all
// the memory and CPU; when even the queue is full, it refuses at once with
// ErrBusy instead of making people wait.
type Hasher struct {
	running chan struct{} // a slot per computation running
	admit   chan struct{} // a slot per computation running or waiting
}

// NewHasher returns a Hasher that runs at most running computations at once
// and lets at most waiting more wait for their turn.
func NewHasher(running, waiting int) *Hasher {
	running = max(1, running)
	return &Hasher{running: make(chan struct{}, running), admit: make(chan struct{}, running+max(0, waiting))}
}

// do runs fn when a slot is free, or returns ErrBusy at once when the queue
// is full, or ctx's error if it ends while waiting.
func (h *Hasher) do(ctx context.Context, fn func()) error {
	select {
	case h.admit <- struct{}{}:
	default:
		return ErrBusy
	}
	defer func() { <-h.admit }()
	select {
	case h.running <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-h.running }()
	fn()
	return nil
}

// Hash is HashPassword taking its turn.
func (h *Hasher) Hash(ctx context.Context, password string) (hash string, err error) {
	if berr := h.do(ctx, func() { hash, err = HashPassword(password) }); berr != nil {
		return "", berr
	}
	return hash, err
}

// Check is CheckPassword taking its turn.
func (h *Hasher) Check(ctx context.Context, hash, password string) (ok bool, err error) {
	if berr := h.do(ctx, func() { ok, err = CheckPassword(hash, password) }); berr != nil {
		return false, berr
	}
	return ok, err
}

// Spend does the work of one password check and discards it, taking its
// turn: a sign-in with an unknown email takes as long as one with a known.
func (h *Hasher) Spend(ctx context.Context, password string) error {
	return h.do(ctx, func() { _, _ = CheckPassword(dummyHash, password) })
}

// NewToken returns a random URL-safe token of 32 bytes of entropy.
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken returns the hex SHA-256 of a random token. Random tokens have
// enough entropy that a fast hash is enough; only hashes are stored.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
