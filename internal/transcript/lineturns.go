package transcript

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tandemqda/tandem/internal/tandem"
)

// LineTurns splits a text kept exactly as it is (an imported project's
// source, whose excerpts point into it) into turns: each line with text is
// a turn without a speaker, its spaces at either end left outside it.
func LineTurns(text string) []tandem.Turn {
	var turns []tandem.Turn
	pos := 0 // code points before the line
	for line := range strings.SplitSeq(text, "\n") {
		n := utf8.RuneCountInString(line)
		lead := utf8.RuneCountInString(line) - utf8.RuneCountInString(strings.TrimLeftFunc(line, unicode.IsSpace))
		trail := utf8.RuneCountInString(line) - utf8.RuneCountInString(strings.TrimRightFunc(line, unicode.IsSpace))
		if lead < n {
			turns = append(turns, tandem.Turn{Start: pos + lead, End: pos + n - trail})
		}
		pos += n + 1
	}
	return turns
}
