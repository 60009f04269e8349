package transcript

import (
	"regexp"
	"strings"
	"unicode"
)

// timeRE matches a timestamp like 00:01:02, 1:02:03.5 or 01:02.
const timeRE = `(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)`

// nameRE matches a speaker's name in a label: a capitalised word and up to
// three more, and maybe a number ("Speaker 2", "P 3").
const nameRE = `(\p{Lu}[\p{L}\p{M}'’.\-]*(?: [\p{L}\p{M}'’.\-]+){0,3}(?: ?\d{1,3})?)`

// labelRE matches a speaker label at the start of a paragraph, with an
// optional timestamp before or after it: "Interviewer: ...", "P1: ...",
// "[00:01:02] Sam: ...", "Q: ...", "SPEAKER 1 (00:01:02): ...".
var labelRE = regexp.MustCompile(`^(?:[\[(]?` + timeRE + `[\])]?\s+)?` + nameRE +
	`\s*(?:[\[(]` + timeRE + `[\])])?\s*:(?:\s+|$)`)

// bracketTimeRE matches a bracketed timestamp that starts the words after a
// label: "Speaker 1: [00:01:02] Hello".
var bracketTimeRE = regexp.MustCompile(`^[\[(]` + timeRE + `[\])]\s*`)

// timeOnlyRE matches a paragraph that starts with a timestamp alone.
var timeOnlyRE = regexp.MustCompile(`^[\[(]?` + timeRE + `[\])]?\s+(.*)$`)

// nameLineRE matches a name on a line of its own, maybe with a timestamp
// before or after it: "MARIA", "Speaker 1  0:03", "Lopez, Maria 1:02:03",
// "[00:01:02] Sam".
var nameLineRE = regexp.MustCompile(`^(?:[\[(]?` + timeRE + `[\])]?\s+)?` +
	`(\p{Lu}[\p{L}\p{M}'’.\-]*(?:,? [\p{L}\p{M}'’.\-]+){0,2}(?: ?\d{1,3})?)` +
	`(?:\s*[-–—|]?\s*[\[(]?` + timeRE + `[\])]?)?$`)

// timeLineRE matches a paragraph that is only a timestamp or a span of time:
// "00:01:02", "[1:02]", "0:01:02.5 --> 0:01:05.0", "00:01 - 00:09".
var timeLineRE = regexp.MustCompile(`^[\[(]?` + timeRE + `[\])]?(?:\s*(?:-->|-|–|—|to)\s*[\[(]?` + timeRE + `[\])]?)?$`)

// knownLabels are speaker labels accepted even when they appear once.
var knownLabels = regexp.MustCompile(`^(?i:interviewer|interviewee|participant|respondent|moderator|facilitator|researcher|q|a|i|r|p|p ?\d{1,3}|r ?\d{1,3}|i ?\d{1,3}|speaker ?\d{1,3}|int|resp)$`)

// roleLabel reports whether a name is a usual role label of more than one
// letter (Interviewer, P1, Speaker 2): a name alone on its line that says
// this is a label, where "I" or "A" alone could be words.
func roleLabel(name string) bool {
	return len(name) > 1 && knownLabels.MatchString(name)
}

// label is what the start of a paragraph says about who speaks.
type label struct {
	speaker string
	at      *int64
	rest    string // the words after the label
	timed   bool   // a timestamp came with the label
}

// labelPrefix bounds how much of a paragraph the label pattern reads: a
// label and its timestamps are short.
const labelPrefix = 120

// parseLabel reads a "Name: words" label at the start of a paragraph, and
// a timestamp before the name, after it or after the colon. "Note:",
// "Date:" and the like are not labels (notSpeaker).
func parseLabel(p string) (label, bool) {
	head := p
	if len(head) > labelPrefix {
		head = head[:labelPrefix]
	}
	m := labelRE.FindStringSubmatchIndex(head)
	if m == nil {
		return label{}, false
	}
	group := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return head[m[2*i]:m[2*i+1]]
	}
	l := label{speaker: strings.TrimSpace(group(2)), at: parseClock(group(1)), rest: p[m[1]:]}
	if l.at == nil {
		l.at = parseClock(group(3))
	}
	if l.at == nil {
		if t := bracketTimeRE.FindStringSubmatch(l.rest); t != nil {
			if l.at = parseClock(t[1]); l.at != nil {
				l.rest = l.rest[len(t[0]):]
			}
		}
	}
	l.timed = l.at != nil
	return l, !notSpeaker(l.speaker)
}

// nameLineMax bounds the length of a line that can be a name alone.
const nameLineMax = 80

// parseNameLine reads a paragraph that is only a speaker's name, maybe with
// a timestamp: each word starts with a capital (or the name is in
// capitals), it does not end like a sentence, and it is not a word such as
// "Yes" or "Note".
func parseNameLine(p string) (label, bool) {
	if len(p) > nameLineMax {
		return label{}, false
	}
	m := nameLineRE.FindStringSubmatch(p)
	if m == nil {
		return label{}, false
	}
	name := m[2]
	if strings.HasSuffix(name, ".") || !speakerName(name) {
		return label{}, false
	}
	l := label{speaker: name, at: parseClock(m[1])}
	if l.at == nil {
		l.at = parseClock(m[3])
	}
	l.timed = l.at != nil
	return l, true
}

// parseTimeLine reads a paragraph that is only a time (or a span of time).
func parseTimeLine(p string) (*int64, bool) {
	if len(p) > 40 {
		return nil, false
	}
	m := timeLineRE.FindStringSubmatch(p)
	if m == nil {
		return nil, false
	}
	at := parseClock(m[1])
	return at, at != nil
}

// speakerName reports whether a label that may appear only once is a
// person's or a role's name: one to three words (a number may follow, as in
// "Speaker 3"), each starting with a capital, except name particles (de,
// van...) and role words (interviewer, participant...); and not a word that
// heads notes or replies (Note, Date, Yes...).
func speakerName(name string) bool {
	if notSpeaker(name) {
		return false
	}
	words := strings.Fields(strings.ReplaceAll(name, ",", " "))
	if n := len(words); n > 1 && isNumber(words[n-1]) {
		words = words[:n-1]
	}
	if len(words) == 0 || len(words) > 3 {
		return false
	}
	for i, w := range words {
		first := []rune(w)[0]
		if unicode.IsUpper(first) {
			continue
		}
		if i > 0 && (nameParticles[w] || roleWords[w]) {
			continue
		}
		return false
	}
	return true
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

var nameParticles = setOf("de da di du del della der den van von ter ten la le dos das bin ibn al el y")

var roleWords = setOf("interviewer interviewee participant researcher facilitator moderator respondent speaker member")

// nonSpeakers are words that head a paragraph with a colon, or stand alone
// on a line, without naming a speaker: the headings of notes and cover
// sheets, and short replies.
var nonSpeakers = setOf(`note notes nb n.b ps p.s date time duration length location place venue site setting
	transcriber transcribed transcript transcription summary comment comments title subject topic project study
	interview recording audio video file tape source keywords key tags theme themes code codes memo context
	background present attendees absent agenda action actions warning caution disclaimer update edit edited
	version page section part chapter appendix example first second third finally also age gender sex ethnicity
	occupation diagnosis pseudonym id dob email e-mail phone tel address prompt probe follow-up followup
	observation observations reflection correction aside
	monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
	january february march july september october november december
	yes no ok okay yeah yep yup nope right sure thanks thank hello hi hey bye um uh er erm hmm mm mhm wow oh ah
	well so and but or because then really exactly absolutely definitely totally true fine good great cool alright
	laughter laughs laughing pause silence inaudible crosstalk unclear end start`)

// notSpeaker reports whether a label is a known non-speaker word: its first
// or last word is one, or the whole of it ("Transcribed by", "Interview
// notes").
func notSpeaker(name string) bool {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	if len(words) == 0 {
		return true
	}
	return nonSpeaker(words[0]) || nonSpeaker(words[len(words)-1])
}

// nonSpeaker reports whether one word, in any case and without a full stop
// after it, is in nonSpeakers. It does not allocate: it runs for every label
// of a long transcript.
func nonSpeaker(word string) bool {
	word = strings.TrimRight(word, ".")
	var buf [16]byte
	if len(word) > len(buf) {
		return false
	}
	for i := 0; i < len(word); i++ {
		c := word[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return nonSpeakers[string(buf[:len(word)])]
}

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
