package transcript

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tandemqda/tandem/internal/tandem"
)

// builder writes the normalised text and its turns.
type builder struct {
	sb    strings.Builder
	n     int // code points written
	turns []tandem.Turn
}

// turn appends one turn made of paragraphs. Empty paragraphs are dropped; a
// turn with no text is not added.
func (b *builder) turn(speaker string, at *int64, paragraphs []string) {
	var kept []string
	for _, p := range paragraphs {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		return
	}
	if b.n > 0 {
		b.sb.WriteString("\n\n")
		b.n += 2
	}
	text := strings.Join(kept, "\n")
	start := b.n
	b.sb.WriteString(text)
	b.n += utf8.RuneCountInString(text)
	b.turns = append(b.turns, tandem.Turn{Speaker: speaker, Start: start, End: b.n, AtMillis: at})
}

// timeRE matches a timestamp like 00:01:02, 1:02:03.5 or 01:02.
const timeRE = `(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)`

// labelRE matches a speaker label at the start of a paragraph, with an
// optional timestamp before or after it: "Interviewer: ...", "P1: ...",
// "[00:01:02] Sam: ...", "Q: ...", "SPEAKER 1 (00:01:02): ...".
var labelRE = regexp.MustCompile(`^(?:[\[(]?` + timeRE + `[\])]?\s+)?` +
	`(\p{Lu}[\p{L}\p{M}'’.\-]*(?: [\p{L}\p{M}'’.\-]+){0,3}(?: ?\d{1,3})?)` +
	`\s*(?:[\[(]` + timeRE + `[\])])?\s*:(?:\s+|$)`)

// timeOnlyRE matches a paragraph that starts with a timestamp alone.
var timeOnlyRE = regexp.MustCompile(`^[\[(]?` + timeRE + `[\])]?\s+(.*)$`)

// knownLabels are speaker labels accepted even when they appear once.
var knownLabels = regexp.MustCompile(`^(?i:interviewer|interviewee|participant|respondent|moderator|facilitator|researcher|q|a|i|r|p|p ?\d{1,3}|r ?\d{1,3}|i ?\d{1,3}|speaker ?\d{1,3}|int|resp)$`)

type labelled struct {
	speaker string
	at      *int64
	rest    string
	ok      bool
}

// labelPrefix bounds how much of a paragraph the label pattern reads: a
// label and its timestamps are short.
const labelPrefix = 120

func parseLabel(p string) labelled {
	head := p
	if len(head) > labelPrefix {
		head = head[:labelPrefix]
	}
	m := labelRE.FindStringSubmatchIndex(head)
	if m == nil {
		return labelled{rest: p}
	}
	group := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return head[m[2*i]:m[2*i+1]]
	}
	at := parseClock(group(1))
	if at == nil {
		at = parseClock(group(3))
	}
	return labelled{speaker: strings.TrimSpace(group(2)), at: at, rest: p[m[1]:], ok: true}
}

// labelled splits paragraphs into speaker turns. A label counts when it is a
// usual one (Interviewer, P1, Q...) or appears on two paragraphs or more; a
// text without labels gets one turn per paragraph.
func (b *builder) labelled(paragraphs []string) {
	size := 0
	for _, p := range paragraphs {
		size += len(p) + 2
	}
	b.sb.Grow(size)
	parsed := make([]labelled, len(paragraphs))
	count := map[string]int{}
	for i, p := range paragraphs {
		parsed[i] = parseLabel(strings.TrimSpace(p))
		if parsed[i].ok {
			count[strings.ToLower(parsed[i].speaker)]++
		}
	}
	turnStart := func(l labelled) bool {
		return l.ok && (count[strings.ToLower(l.speaker)] >= 2 || knownLabels.MatchString(l.speaker))
	}
	any := false
	for _, l := range parsed {
		if turnStart(l) {
			any = true
			break
		}
	}
	if !any {
		for _, p := range paragraphs {
			at, rest := (*int64)(nil), strings.TrimSpace(p)
			if m := timeOnlyRE.FindStringSubmatch(rest); m != nil {
				at, rest = parseClock(m[1]), m[2]
			}
			b.turn("", at, []string{rest})
		}
		return
	}
	var speaker string
	var at *int64
	var paras []string
	open := false
	for i, l := range parsed {
		if turnStart(l) {
			if open || len(paras) > 0 {
				b.turn(speaker, at, paras)
			}
			speaker, at, paras, open = l.speaker, l.at, []string{l.rest}, true
			continue
		}
		if !open {
			// Text before the first label (a heading, say) stands alone.
			b.turn("", nil, []string{paragraphs[i]})
			continue
		}
		paras = append(paras, paragraphs[i])
	}
	if open {
		b.turn(speaker, at, paras)
	}
}

// cue is one caption: when it starts, who speaks (if known) and its text.
type cue struct {
	atMillis int64
	speaker  string
	text     string
}

// captions groups consecutive cues of the same speaker into turns; the text
// of a turn's cues is joined by spaces, as captions split sentences.
func (b *builder) captions(cues []cue) {
	size := 0
	for _, c := range cues {
		size += len(c.text) + 2
	}
	b.sb.Grow(size)
	for i := 0; i < len(cues); {
		j := i + 1
		for j < len(cues) && cues[j].speaker == cues[i].speaker {
			j++
		}
		parts := make([]string, 0, j-i)
		for _, c := range cues[i:j] {
			if t := strings.TrimSpace(c.text); t != "" {
				parts = append(parts, t)
			}
		}
		at := cues[i].atMillis
		b.turn(cues[i].speaker, &at, []string{strings.Join(parts, " ")})
		i = j
	}
}

// parseClock reads "01:02:03.5", "1:02:03,500" or "01:02" as milliseconds.
func parseClock(s string) *int64 {
	if s == "" {
		return nil
	}
	frac := int64(0)
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		f := s[i+1:]
		for len(f) < 3 {
			f += "0"
		}
		v, err := strconv.ParseInt(f[:3], 10, 64)
		if err != nil {
			return nil
		}
		frac, s = v, s[:i]
	}
	parts := strings.Split(s, ":")
	var total int64
	for i, p := range parts {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil || v < 0 || (i > 0 && v > 59) {
			return nil
		}
		total = total*60 + v
	}
	ms := total*1000 + frac
	return &ms
}

// interviewerRE matches the labels interviewers usually get.
var interviewerRE = regexp.MustCompile(`(?i)^(interviewer|int|i|q|moderator|facilitator|researcher)\b|interviewer`)

// GuessParticipant names the participant among a transcript's speakers: the
// only speaker whose label is not an interviewer's, when at least one is.
// It returns "" when that is not clear; a lead can always say.
func GuessParticipant(turns []tandem.Turn) string {
	var others []string
	interviewer := false
	for _, t := range turns {
		switch {
		case t.Speaker == "":
		case interviewerRE.MatchString(strings.TrimSpace(t.Speaker)):
			interviewer = true
		case !slices.Contains(others, t.Speaker):
			others = append(others, t.Speaker)
		}
	}
	if interviewer && len(others) == 1 {
		return others[0]
	}
	return ""
}
