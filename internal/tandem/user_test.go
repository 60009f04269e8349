package tandem

import (
	"strings"
	"testing"
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
