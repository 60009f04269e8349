package refiqda

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Convention is how a program counts positions in a source's text.
// REFI-QDA says code points; NVivo for Windows counts UTF-16 code units
// (an emoji is two) with a CRLF line break as two; ATLAS.ti counts a CRLF
// line break as one.
type Convention string

// The conventions an import tries, the standard's first.
const (
	CodePoints Convention = "code-points"
	UTF16      Convention = "utf16"
	CRLFAsOne  Convention = "crlf-as-one"
)

var conventions = []Convention{CodePoints, UTF16, CRLFAsOne}

// words says the convention in plain words for the report.
func (c Convention) words() string {
	switch c {
	case UTF16:
		return "UTF-16 code units, as NVivo for Windows counts (an emoji counts two, a Windows line break two)"
	case CRLFAsOne:
		return "characters with a Windows line break counted as one, as ATLAS.ti counts"
	}
	return "characters (Unicode code points), as the REFI-QDA standard says"
}

// conventionOf is the convention the program named by a file's origin
// attribute uses ("NVivo for Windows 12.6", "ATLAS.ti 23"), CodePoints for
// any other.
func conventionOf(origin string) Convention {
	o := strings.ToLower(origin)
	switch {
	case strings.Contains(o, "nvivo") && !strings.Contains(o, "mac"):
		return UTF16
	case strings.Contains(o, "atlas"):
		return CRLFAsOne
	}
	return CodePoints
}

// positionMap maps each position the convention can name in text (as the
// file has it, CRLF line breaks included) to the position in Tandem's text
// (line breaks "\n", code points): m[u] is that position, or -1 where u
// falls inside a character (between the halves of a UTF-16 pair, or
// between the CR and the LF of a line break). len(m)-1 is the text's
// length in the convention's units.
func positionMap(text string, c Convention) []int {
	m := make([]int, 0, len(text)+1)
	n := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		m = append(m, n)
		switch {
		case r == '\r' && i+1 < len(text) && text[i+1] == '\n':
			if c != CRLFAsOne {
				m = append(m, -1)
			}
			size = 2
		case c == UTF16 && r > 0xFFFF:
			m = append(m, -1)
		}
		n++
		i += size
	}
	return append(m, n)
}

// isWord reports whether r is part of a word: a letter, a digit or a mark
// (an accent written as its own character).
func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// boundary reports whether position i of text is not inside a word.
func boundary(text []rune, i int) bool {
	return i <= 0 || i >= len(text) || !isWord(text[i-1]) || !isWord(text[i])
}

// onWords reports whether [start, end) lies in text and starts and ends
// between words.
func onWords(text []rune, start, end int) bool {
	return start >= 0 && start < end && end <= len(text) && boundary(text, start) && boundary(text, end)
}

// snapToWords moves [start, end) of text so that it starts and ends
// between words: a cut word is taken whole. It says what it did ("" when nothing moved).
func snapToWords(text []rune, start, end *int) string {
	var why []string
	if !boundary(text, *start) {
		for !boundary(text, *start) {
			*start--
		}
		why = append(why, "it started inside a word")
	}
	if !boundary(text, *end) {
		for !boundary(text, *end) {
			*end++
		}
		why = append(why, "it ended inside a word")
	}
	if len(why) == 0 {
		return ""
	}
	return strings.Join(why, " and ")
}
