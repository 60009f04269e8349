package tandem

import (
	"strings"
	"testing"
)

func TestTextFieldClean(t *testing.T) {
	line := TextField{Field: "name", Label: "The name", Max: 10}
	lines := TextField{Field: "memo", Label: "The memo", Max: 20, Multiline: true}
	for _, c := range []struct {
		name  string
		f     TextField
		in    string
		want  string
		error string // part of the message; "" for none
	}{
		{"plain", line, "Belonging", "Belonging", ""},
		{"trimmed", line, "  Belonging \n", "Belonging", ""},
		{"emoji count as one", line, "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂", "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂", ""},
		{"exactly the limit", line, "0123456789", "0123456789", ""},
		{"one over: refused, not cut", line, "0123456789a", "", "The name can be at most 10 characters; this one has 11."},
		{"thousands in the message", TextField{Field: "full", Label: "The full definition", Max: 5000, Multiline: true}, strings.Repeat("a", 5001), "",
			"at most 5,000 characters; this one has 5,001."},
		{"counted after cleaning", lines, "a\r\nb\r\nc\r\nd\r\ne\r\nf\r\ng", "a\nb\nc\nd\ne\nf\ng", ""},
		{"line break in one line", line, "Peer\nsupport", "", "The name must be one line, without tabs or line breaks."},
		{"Word's manual line break in one line", line, "Peer\vsupport", "", "must be one line"},
		{"tab in one line", line, "a\tb", "", "must be one line"},
		{"tabs and line breaks in many lines", lines, "a\tb\nc", "a\tb\nc", ""},
		{"CRLF", lines, "one\r\ntwo", "one\ntwo", ""},
		{"lone CR", lines, "one\rtwo", "one\ntwo", ""},
		{"Word's manual line break (U+000B)", lines, "one\vtwo", "one\ntwo", ""},
		{"form feed", lines, "one\ftwo", "one\ntwo", ""},
		{"next line U+0085", lines, "one\u0085two", "one\ntwo", ""},
		{"line separator U+2028", lines, "one\u2028two", "one\ntwo", ""},
		{"paragraph separator U+2029", lines, "one\u2029two", "one\ntwo", ""},
		{"bell", lines, "ring\x07ring", "", "The memo has an invisible control character after “ring” that cannot be saved."},
		{"NUL", line, "a\x00", "", "invisible control character after “a”"},
		{"at the start", line, "\x1bA", "", "invisible control character at the start"},
		{"DEL", line, "a\x7fb", "", "invisible control character"},
		{"C1 control", lines, "a\u0093b", "", "invisible control character"},
		{"where, in long text", TextField{Field: "memo", Label: "The memo", Max: 100, Multiline: true}, "The participant talked about the group \x02 and more", "",
			"after “…talked about the group”"},
		{"noncharacter U+FFFF", lines, "a\uFFFFb", "", "invisible control character"},
		{"replacement character", lines, "caf\uFFFD", "", "The memo has a character that could not be read (shown as �) after “caf”."},
		{"bytes that are not UTF-8", lines, "caf\xe9", "", "could not be read"},
		{"zero-width joiner and accents stay", line, "e\u0301👩\u200d🔬", "e\u0301👩\u200d🔬", ""},
		{"no limit", TextField{Field: "x", Label: "It"}, strings.Repeat("a", 200), strings.Repeat("a", 200), ""},
	} {
		got, err := c.f.Clean(c.in)
		switch {
		case c.error == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.error == "" && got != c.want:
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		case c.error != "" && err == nil:
			t.Errorf("%s: accepted as %q, want an error", c.name, got)
		case c.error != "" && !strings.Contains(MessageOf(err), c.error):
			t.Errorf("%s: %q, want it to say %q", c.name, MessageOf(err), c.error)
		case c.error != "" && FieldOf(err) != c.f.Field:
			t.Errorf("%s: error names field %q, want %q", c.name, FieldOf(err), c.f.Field)
		}
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 5000: "5,000", 10000: "10,000", 1234567: "1,234,567", -2500: "-2,500"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestExportText(t *testing.T) {
	for in, want := range map[string]string{
		"plain":             "plain",
		"a\tb\nc":           "a\tb\nc",
		"one\vtwo":          "one\ntwo",
		"one\r\ntwo\rthree": "one\ntwo\nthree",
		"ring\x07ring":      "ringring",
		"a\x00b\x1bc\x7fd":  "abcd",
		"a\u2028b":          "a\nb",
		"a\uFFFEb\uFFFF":    "ab",
		"caf\u00e9 🙂":       "caf\u00e9 🙂",
	} {
		if got := ExportText(in); got != want {
			t.Errorf("ExportText(%q) = %q, want %q", in, got, want)
		}
	}
}
