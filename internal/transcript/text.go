package transcript

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// decode turns file bytes into a string: UTF-8 (with or without BOM), UTF-16
// with a BOM, or Windows-1252 for legacy 8-bit files. A file that mixes valid
// UTF-8 sequences with invalid bytes is refused rather than guessed at.
func decode(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder()
		out, _, err := transform.Bytes(dec, data)
		if err != nil {
			return "", fileError(CodeInvalidFile, "This UTF-16 text file is damaged (%v).", err)
		}
		if len(data)%2 != 0 {
			return "", fileError(CodeInvalidFile, "This UTF-16 text file is damaged: it ends in the middle of a character.")
		}
		return string(out), nil
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	if hasUTF8Sequence(data) {
		at := firstInvalid(data)
		return "", fileError(CodeInvalidFile, "This file is not valid UTF-8 text (a broken character at byte %d). Open it in a text editor, save it as UTF-8, and upload it again.", at)
	}
	out, _, err := transform.Bytes(charmap.Windows1252.NewDecoder(), data)
	if err != nil {
		return "", fileError(CodeInvalidFile, "This file's text encoding is not recognised. Save it as UTF-8 and upload it again.")
	}
	return string(out), nil
}

// hasUTF8Sequence reports whether data holds a valid multi-byte UTF-8 sequence.
func hasUTF8Sequence(data []byte) bool {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r != utf8.RuneError && size > 1 {
			return true
		}
		i++
	}
	return false
}

func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// normalise makes the canonical form of a text: NFC, "\n" line endings, no
// control characters but tabs and line breaks, no trailing spaces on lines,
// no runs of blank lines, nothing blank at either end.
func normalise(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\u2028' || r == '\u2029' || r == '\f' || r == '\v':
			return '\n'
		case r == '\u00A0':
			return ' '
		case r == '\uFEFF' || r == utf8.RuneError || unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	s = norm.NFC.String(s)
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := true
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return strings.TrimRight(strings.Join(out, "\n"), "\n")
}
