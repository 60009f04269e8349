package tandem

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		password string
		want     string // "" accepted, else a part of the message
	}{
		{"a long enough password", ""},
		{"correct horse battery", ""},
		{"Grüße aus Köln 2026", ""},
		{"мой пароль длинный", ""},
		{"tea & toast at 4 ☕", ""},
		{"a1b2c3d4e5", ""},
		{"Summer  rain  falls", ""}, // spaces inside are fine
		{"short", "at least 10 characters"},
		{"123456789", "at least 10 characters"},
		{strings.Repeat("x", 257), "too long"},
		{"1234567890", "too easy to guess"},
		{"Password123", "too easy to guess"},
		{"admin@example.org", "cannot be your email"},

		// Repetitive: fewer than 5 different characters, or one short part again and again.
		{"aaaaaaaaab", "different characters"},
		{"aaaaaaaaaaaaaaaa", "different characters"},
		{"          ", "different characters"}, // ten spaces
		{"abababababab", "different characters"},
		{"AaAaAaAaAaAa", "different characters"},
		{"1234512345", "same part"},
		{"hello!hello!hello!", "same part"},
		{"catdogcatdogcatd", "same part"},

		// Runs along the alphabet or the digits.
		{"bcdefghijk", "run"},
		{"9876543210", "run"},
		{"MNOPQRSTUVWX", "run"},

		// Characters that cannot be seen or typed reliably.
		{strings.Repeat("\x00", 10), "cannot be seen"},
		{strings.Repeat("\u200b", 10), "cannot be seen"},
		{"a long\tenough password", "cannot be seen"},
		{"a long enough password\n", "cannot be seen"},
		{"a long enough\u200dpassword", "cannot be seen"},
		{"a long enough\u00adpassword", "cannot be seen"},
		{"\ufeffa long enough password", "cannot be seen"},
		{"a long enough\u2028password", "cannot be seen"},
		{"a long enough\ue000password", "cannot be seen"},
		{"a long enough \xffpassword", "cannot be read"},
	} {
		err := ValidatePassword(tc.password, "admin@example.org")
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("ValidatePassword(%q) = %v, want accepted", tc.password, err)
		case tc.want != "" && err == nil:
			t.Errorf("ValidatePassword(%q) accepted, want %q", tc.password, tc.want)
		case tc.want != "" && !strings.Contains(MessageOf(err), tc.want):
			t.Errorf("ValidatePassword(%q) = %q, want a message with %q", tc.password, MessageOf(err), tc.want)
		case err != nil && (CodeOf(err) != CodeWeakPassword || FieldOf(err) != "password"):
			t.Errorf("ValidatePassword(%q) = %v, want weak_password on the field password", tc.password, err)
		}
	}
}

func TestSessionRefresh(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	revoked := t0.Add(-time.Hour)
	live := func() Session {
		return Session{CurrentHash: "h3", Previous: []string{"h1", "h2"}, RotatedAt: t0, ExpiresAt: t0.Add(24 * time.Hour)}
	}
	for _, c := range []struct {
		name      string
		sess      func() Session
		presented string
		at        time.Time
		want      RefreshOutcome
		current   string // the current hash after
		why       string // RevokedWhy after
		code      Code   // the error's code; "" for none
	}{
		{"the current token rotates", live, "h3", t0.Add(time.Minute), RefreshRotated, "next", "", ""},
		{"the token just replaced, at once: a race of two tabs", live, "h2", t0.Add(2 * time.Second), RefreshRace, "h3", "", ""},
		{"the token just replaced, later: reuse", live, "h2", t0.Add(RotationGrace), RefreshReused, "h3", "reuse", CodeSessionRevoked},
		{"an older token: reuse", live, "h1", t0.Add(time.Second), RefreshReused, "h3", "reuse", CodeSessionRevoked},
		{"a token of no session", live, "other", t0, RefreshUnknown, "h3", "", CodeUnauthenticated},
		{"an expired session", live, "h3", t0.Add(24 * time.Hour), RefreshExpired, "h3", "", CodeTokenExpired},
		{"a revoked session", func() Session { s := live(); s.RevokedAt, s.RevokedWhy = &revoked, "logout"; return s }, "h3", t0, RefreshRevoked, "h3", "logout", CodeSessionRevoked},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := c.sess()
			got := s.Refresh(c.presented, "next", c.at)
			if got != c.want || s.CurrentHash != c.current || s.RevokedWhy != c.why {
				t.Fatalf("outcome %d, current %q, revoked for %q; want %d, %q, %q", got, s.CurrentHash, s.RevokedWhy, c.want, c.current, c.why)
			}
			if err := got.Err(); c.code == "" && err != nil || c.code != "" && CodeOf(err) != c.code {
				t.Fatalf("error %v, want code %q", err, c.code)
			}
			if got == RefreshRotated && (!slices.Equal(s.Previous, []string{"h1", "h2", "h3"}) || !s.RotatedAt.Equal(c.at)) {
				t.Fatalf("after rotation: previous %v, rotated at %v", s.Previous, s.RotatedAt)
			}
		})
	}
	// The used hashes kept to find reuse are bounded.
	s := Session{CurrentHash: "0", ExpiresAt: t0.Add(time.Hour)}
	for i := range MaxPreviousHashes + 5 {
		s.Refresh(s.CurrentHash, strconv.Itoa(i+1), t0)
	}
	if len(s.Previous) != MaxPreviousHashes || s.Previous[0] != "5" {
		t.Fatalf("kept %d used hashes from %q", len(s.Previous), s.Previous[0])
	}
}
