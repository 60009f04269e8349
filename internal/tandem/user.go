package tandem

import (
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// User is an account of the instance.
type User struct {
	ID           string    `bson:"_id" json:"id"`
	Email        string    `bson:"email" json:"email"`
	EmailKey     string    `bson:"emailKey" json:"-"`
	Name         string    `bson:"name" json:"name"`
	PasswordHash string    `bson:"passwordHash" json:"-"`
	Admin        bool      `bson:"admin" json:"admin"`
	Disabled     bool      `bson:"disabled" json:"disabled"`
	CreatedAt    time.Time `bson:"createdAt" json:"createdAt"`
	Version      int64     `bson:"version" json:"-"`
	// ProjectIDs lists the projects the user has joined. It is an index for
	// "my projects"; each project's member list is the truth.
	ProjectIDs []string `bson:"projectIds" json:"-"`
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// MaxPasswordLength bounds the work of hashing.
const MaxPasswordLength = 256

// commonPasswords are refused even when long enough.
var commonPasswords = map[string]bool{
	"1234567890": true, "12345678910": true, "123456789012": true, "0123456789": true,
	"password12": true, "password123": true, "password1234": true, "passw0rd123": true,
	"qwertyuiop": true, "qwerty12345": true, "qwerty123456": true, "1q2w3e4r5t": true,
	"iloveyou12": true, "abcdefghij": true, "abc1234567": true, "letmein123": true,
	"welcome123": true, "changeme123": true, "administrator": true, "0987654321": true,
	"1111111111": true, "aaaaaaaaaa": true, "tandem1234": true, "tandemtandem": true,
}

// EmailKey returns the form of an email address used to compare addresses:
// trimmed and lower-case.
func EmailKey(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// ValidateEmail checks an email address and returns it trimmed.
func ValidateEmail(email string) (string, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return "", Invalid("email", "Enter an email address.")
	}
	if len(email) > 254 {
		return "", Invalid("email", "That email address is too long.")
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || !strings.Contains(email[strings.LastIndex(email, "@"):], ".") {
		return "", Invalid("email", "That does not look like an email address (for example name@example.org).")
	}
	return email, nil
}

// MinPasswordKinds is the fewest different characters a password may have.
const MinPasswordKinds = 5

// ValidatePassword checks that a password is strong enough. The rule, as the
// forms say it: at least 10 characters, at least 5 of them different; not
// one short part typed again and again, not a run like abcdefg or 7654321,
// not a well-known password, not the email address; and only characters
// that can be seen (no tabs, line breaks or zero-width characters, which
// people cannot see they typed and another device may not type the same).
func ValidatePassword(password, email string) error {
	weak := func(message string) error {
		return &Error{Code: CodeWeakPassword, Message: message, Details: map[string]string{"field": "password"}}
	}
	if !utf8.ValidString(password) {
		return weak("That password cannot be read (it is not valid text). Type it again.")
	}
	if strings.IndexFunc(password, invisible) >= 0 {
		return weak("Your password has a character that cannot be seen, such as a tab, a line break or a zero-width space. Use letters, numbers, spaces and symbols.")
	}
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		return weak("Choose a password of at least 10 characters.")
	case len(password) > MaxPasswordLength:
		return weak("That password is too long (256 bytes at most).")
	case commonPasswords[strings.ToLower(password)]:
		return weak("That password is too easy to guess. Try a few words that mean something to you.")
	case email != "" && strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(email)):
		return weak("Your password cannot be your email address.")
	}
	runes := []rune(strings.ToLower(password))
	kinds := map[rune]bool{}
	for _, r := range runes {
		kinds[r] = true
	}
	switch {
	case len(kinds) < MinPasswordKinds:
		return weak("That password uses too few different characters. Use at least 5 different characters.")
	case repeats(runes):
		return weak("That password is the same part typed again and again. Try a few words that mean something to you.")
	case inOrder(runes):
		return weak("That password is a run of letters or numbers in order, like abcdefg or 7654321. Try a few words that mean something to you.")
	}
	return nil
}

// invisible reports a character that cannot be seen or typed reliably in a
// password: control and format characters (zero-width spaces and joiners,
// soft hyphens, direction marks, byte order marks), line and paragraph
// separators, private-use characters and noncharacters.
func invisible(r rune) bool {
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Zl, unicode.Zp) || r == 0xFFFE || r == 0xFFFF
}

// repeats reports whether the text is one shorter part written again and
// again (the last time perhaps in part): "1234512345", "abcabcab".
func repeats(r []rune) bool {
	for p := 1; p <= len(r)/2; p++ {
		same := true
		for i := p; i < len(r) && same; i++ {
			same = r[i] == r[i-p]
		}
		if same {
			return true
		}
	}
	return false
}

// inOrder reports whether each character follows the one before it, up or
// down: "bcdefghijk", "9876543210".
func inOrder(r []rune) bool {
	if len(r) < 2 {
		return false
	}
	step := r[1] - r[0]
	if step != 1 && step != -1 {
		return false
	}
	for i := 2; i < len(r); i++ {
		if r[i]-r[i-1] != step {
			return false
		}
	}
	return true
}

// ValidateName checks a person's name or display name and returns it trimmed.
func ValidateName(field, name string) (string, error) {
	name, err := TextField{Field: field, Label: "The name", Max: 100}.Clean(name)
	if err != nil {
		return "", err
	}
	if name == "" {
		return "", Invalid(field, "Enter a name.")
	}
	return name, nil
}

// Session is one signed-in device: a family of rotating refresh tokens. The
// refresh token given to the client is "<session id>.<secret>"; the store keeps
// only hashes.
type Session struct {
	ID          string     `bson:"_id"`
	UserID      string     `bson:"userId"`
	CurrentHash string     `bson:"currentHash"`
	Previous    []string   `bson:"previous"`
	CreatedAt   time.Time  `bson:"createdAt"`
	RotatedAt   time.Time  `bson:"rotatedAt"`
	ExpiresAt   time.Time  `bson:"expiresAt"`
	RevokedAt   *time.Time `bson:"revokedAt,omitempty"`
	// RevokedWhy says why a session ended: "logout", "reuse", "password",
	// "password_reset", "disabled".
	RevokedWhy string `bson:"revokedWhy,omitempty"`
	Version    int64  `bson:"version"`
}

// MaxPreviousHashes bounds the used refresh token hashes a session keeps to
// detect reuse.
const MaxPreviousHashes = 50

// RotationGrace is how long after a rotation the token just replaced is
// still taken without counting as reuse: two tabs that refresh at the same
// moment both send it, and the second must not sign the person out.
const RotationGrace = 10 * time.Second

// RefreshOutcome is what presenting a refresh token did to its session.
type RefreshOutcome int

// Outcomes of Session.Refresh.
const (
	// RefreshRotated: the current token; it is replaced by the next one.
	RefreshRotated RefreshOutcome = iota + 1
	// RefreshRace: the token just replaced, within RotationGrace; nothing
	// changes and the client keeps the token the other request got.
	RefreshRace
	// RefreshReused: an older token, sent again: it may be stolen, so the
	// session is revoked.
	RefreshReused
	// RefreshRevoked, RefreshExpired: the session has ended.
	RefreshRevoked
	RefreshExpired
	// RefreshUnknown: not a token of this session.
	RefreshUnknown
)

// Refresh presents the hash of a refresh token to the session at now. The
// current one rotates to next (a hash too); the one just replaced, within
// RotationGrace, is a race between tabs; any older one is reuse, and
// revokes the session.
func (s *Session) Refresh(presented, next string, now time.Time) RefreshOutcome {
	switch {
	case s.RevokedAt != nil:
		return RefreshRevoked
	case !now.Before(s.ExpiresAt):
		return RefreshExpired
	case presented == s.CurrentHash:
		s.Previous = append(s.Previous, s.CurrentHash)
		if len(s.Previous) > MaxPreviousHashes {
			s.Previous = s.Previous[len(s.Previous)-MaxPreviousHashes:]
		}
		s.CurrentHash, s.RotatedAt = next, now
		return RefreshRotated
	case len(s.Previous) > 0 && presented == s.Previous[len(s.Previous)-1] && now.Sub(s.RotatedAt) < RotationGrace:
		return RefreshRace
	case slices.Contains(s.Previous, presented):
		s.RevokedAt, s.RevokedWhy = &now, "reuse"
		return RefreshReused
	}
	return RefreshUnknown
}

// Err is the error of an outcome that signs the person out, in plain
// words; nil for RefreshRotated and RefreshRace.
func (o RefreshOutcome) Err() error {
	switch o {
	case RefreshRotated, RefreshRace:
		return nil
	case RefreshReused:
		return Errorf(CodeSessionRevoked, "For your safety you were signed out, because an old sign-in token was used again. Please sign in again.")
	case RefreshRevoked:
		return Errorf(CodeSessionRevoked, "You were signed out. Please sign in again.")
	case RefreshExpired:
		return Errorf(CodeTokenExpired, "Your sign-in has expired. Please sign in again.")
	}
	return Errorf(CodeUnauthenticated, "Please sign in.")
}

// PasswordReset is a one-time link, made by the instance admin (or by
// `tandem reset-admin` on the server), with which a person chooses a new
// password. No email is needed: the admin passes the link on. An account has
// at most one: a new link replaces the last. Only the hash of its token is
// kept, and using it removes it.
type PasswordReset struct {
	UserID    string    `bson:"_id"`
	TokenHash string    `bson:"tokenHash"`
	CreatedBy string    `bson:"createdBy"`
	CreatedAt time.Time `bson:"createdAt"`
	ExpiresAt time.Time `bson:"expiresAt"`
}

// Usable returns nil if the reset link can be used at time now, or the error
// that says why not.
func (r *PasswordReset) Usable(now time.Time) error {
	if !now.Before(r.ExpiresAt) {
		return Errorf(CodeResetExpired, "This password reset link has expired. Ask the person who runs Tandem for your team for a new one.")
	}
	return nil
}

// ResetLinkInvalid is the error for a reset link that is unknown, mistyped,
// replaced by a newer one or already used.
func ResetLinkInvalid() *Error {
	return Errorf(CodeNotFound, "This password reset link does not work: it may have been used already, or a newer link replaced it. Check that you copied the whole link, or ask the person who runs Tandem for your team for a new one.")
}

// InstanceAudit is the key of the instance's own audit log, beside each
// project's: password resets, deleted projects. No project has this id
// (project ids are UUIDs).
const InstanceAudit = "instance"
