package report

import (
	"unicode"

	"github.com/tandemqda/tandem/internal/tandem"
)

// Unit kinds: what agreement counts over.
const (
	UnitTurn      = "turn"
	UnitParagraph = "paragraph"
	UnitSentence  = "sentence"
)

// Span is a stretch [Start, End) of a transcript's text in code points.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Units splits a transcript into units of the kind: its turns (the whole
// text when it has none), the paragraphs of its turns (lines that are not
// empty), or their sentences (ending at ., ! or ? followed by a space or the
// end of the paragraph). Units never cross a turn and are never empty.
func Units(text []rune, turns []tandem.Turn, kind string) []Span {
	var base []Span
	for _, t := range turns {
		if t.End > t.Start && t.End <= len(text) {
			base = append(base, Span{t.Start, t.End})
		}
	}
	if len(base) == 0 && len(text) > 0 {
		base = []Span{{0, len(text)}}
	}
	if kind == UnitTurn {
		return base
	}
	var out []Span
	for _, b := range base {
		for _, p := range split(text, b, func(i int) bool { return text[i] == '\n' }, false) {
			if kind == UnitParagraph {
				out = append(out, p)
				continue
			}
			out = append(out, split(text, p, func(i int) bool {
				if text[i] != '.' && text[i] != '!' && text[i] != '?' {
					return false
				}
				return i+1 >= p.End || unicode.IsSpace(text[i+1])
			}, true)...)
		}
	}
	return out
}

// split cuts span s at every position i where cut(i) holds (keeping the
// character at i in the piece before when keep is set), trims spaces off
// each piece, and drops empty pieces.
func split(text []rune, s Span, cut func(i int) bool, keep bool) []Span {
	var out []Span
	add := func(a, b int) {
		for a < b && unicode.IsSpace(text[a]) {
			a++
		}
		for b > a && unicode.IsSpace(text[b-1]) {
			b--
		}
		if b > a {
			out = append(out, Span{a, b})
		}
	}
	start := s.Start
	for i := s.Start; i < s.End; i++ {
		if cut(i) {
			if keep {
				add(start, i+1)
			} else {
				add(start, i)
			}
			start = i + 1
		}
	}
	add(start, s.End)
	return out
}
