package tandem

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextField describes a field of text that people type: its name in the
// API (named in the error's details), its label in plain words for
// messages ("The name"), its limit in characters (Unicode code points,
// counted after cleaning) and whether it may hold several lines.
type TextField struct {
	Field     string
	Label     string
	Max       int
	Multiline bool
}

// Clean checks and cleans text typed for the field; every place where
// people's text enters Tandem goes through it. Line breaks of every kind
// become "\n": "\r\n", "\r", Word's manual line break (U+000B), the form
// feed, U+0085, U+2028 and U+2029. Spaces and line breaks at either end go.
// It refuses, with a message that names the field and says where:
//   - a line break or a tab in one-line text (tabs and line breaks are kept
//     in multi-line text);
//   - any other control character, and the characters XML cannot carry
//     (U+FFFE, U+FFFF): exports would show them as "�";
//   - U+FFFD, the mark of text that was already damaged before it reached
//     Tandem (or bytes that are not UTF-8);
//   - more than Max characters; nothing is ever cut.
func (f TextField) Clean(s string) (string, error) {
	s = strings.TrimSpace(lineBreaks(s))
	for i, r := range s {
		switch {
		case r == '\n' && !f.Multiline, r == '\t' && !f.Multiline:
			return "", f.invalid("%s must be one line, without tabs or line breaks.", f.Label)
		case r == '\n' || r == '\t':
		case r == utf8.RuneError:
			return "", f.invalid("%s has a character that could not be read (shown as �) %s. Delete it, or type that part again.", f.Label, where(s, i))
		case unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF':
			return "", f.invalid("%s has an invisible control character %s that cannot be saved. Delete it, or type that part again instead of pasting it.",
				f.Label, where(s, i))
		}
	}
	if n := utf8.RuneCountInString(s); f.Max > 0 && n > f.Max {
		return "", f.invalid("%s can be at most %s characters; this one has %s.", f.Label, Count(f.Max), Count(n))
	}
	return s, nil
}

func (f TextField) invalid(format string, args ...any) error {
	return Invalid(f.Field, fmt.Sprintf(format, args...))
}

// lineBreaks turns every kind of line break into "\n".
func lineBreaks(s string) string {
	if !strings.ContainsAny(s, "\r\v\f\u0085\u2028\u2029") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch r {
		case '\r', '\v', '\f', '\u0085', '\u2028', '\u2029':
			return '\n'
		}
		return r
	}, s)
}

// where says where in s the byte offset i is, for a person: "at the start",
// or after the few words before it.
func where(s string, i int) string {
	before := []rune(strings.TrimRightFunc(s[:i], unicode.IsSpace))
	if len(before) == 0 {
		return "at the start"
	}
	const show = 24
	if len(before) <= show {
		return "after “" + string(before) + "”"
	}
	// The last words, from the start of a word.
	tail := before[len(before)-show:]
	if !unicode.IsSpace(before[len(before)-show-1]) {
		if sp := strings.IndexFunc(string(tail), unicode.IsSpace); sp >= 0 {
			tail = []rune(strings.TrimLeftFunc(string(tail)[sp:], unicode.IsSpace))
		}
	}
	return "after “…" + string(tail) + "”"
}

// Plural says n things: "1 excerpt", "2,000 excerpts".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Count(n) + " " + many
}

// Count writes a whole number with thousands separators, as in "5,000".
func Count(n int) string {
	if n < 0 {
		return "-" + Count(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ExportText is stored text as exports write it: line breaks of every kind
// as "\n", without the control characters that XML cannot carry (and that
// would show as "�"). Text typed since Clean checks input never has them;
// older text may.
func ExportText(s string) string {
	s = lineBreaks(s)
	if strings.IndexFunc(s, unexportable) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unexportable(r) {
			return -1
		}
		return r
	}, s)
}

func unexportable(r rune) bool {
	return (unicode.IsControl(r) && r != '\n' && r != '\t') || r == '\uFFFE' || r == '\uFFFF'
}
