package transcript

import (
	"cmp"
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

// paragraph is one paragraph as the turn finder reads it.
type paragraph struct {
	text    string
	heading bool // a heading: never a name alone on its line
	cell    bool // in a table that is not a transcript (a cover sheet, say)
	stop    bool // a table's row starts here, or the text after a table: an open turn ends
	row     bool // a row of a transcript table: a turn of its own, by speaker at at
	speaker string
	at      *int64
}

// textParas splits a normalised text into paragraphs, one a line. In
// Markdown, a line that starts with "#" is a heading.
func textParas(text string, markdown bool) []paragraph {
	lines := strings.Split(text, "\n")
	out := make([]paragraph, len(lines))
	for i, l := range lines {
		out[i] = paragraph{text: l, heading: markdown && strings.HasPrefix(l, "#")}
	}
	return out
}

// documentParas turns a document's blocks into paragraphs, one a line of
// the normalised text, and its tables into the paragraphs tableParas makes.
func documentParas(blocks []docBlock) []paragraph {
	out := make([]paragraph, 0, len(blocks))
	afterTable := false
	for _, bl := range blocks {
		if bl.rows != nil {
			out = append(out, tableParas(bl.rows)...)
			afterTable = true
			continue
		}
		text := normalise(bl.text)
		for {
			line, rest, more := strings.Cut(text, "\n")
			out = append(out, paragraph{text: line, heading: bl.heading, stop: afterTable})
			afterTable = false
			if !more {
				break
			}
			text = rest
		}
	}
	return out
}

// What a paragraph is, to the turn finder.
const (
	kindText     = iota
	kindLabel    // "Name: words", maybe with a timestamp
	kindNameLine // a name alone on its line (maybe with a timestamp), the words below it
	kindTimeLine // a time alone on its line
	kindRow      // a row of a transcript table
)

// mark is what the turn finder decided about one paragraph.
type mark struct {
	kind  int
	label label
	key   string // the speaker in lower case
	turn  bool   // a speaker's turn starts here
	from  int    // for a name line: 1 + the index of the time line above it, or 0
	used  bool   // a time line whose time went to a turn
}

// labelled splits paragraphs into speaker turns by the rules of classify; a
// text without labels gets one turn per paragraph.
func (b *builder) labelled(paras []paragraph) {
	size := 0
	for _, p := range paras {
		size += len(p.text) + 2
	}
	b.sb.Grow(size)
	marks := classify(paras)
	var speaker string
	var at, pending *int64
	var body []string
	open := false
	flush := func() {
		if open {
			b.turn(speaker, at, body)
		}
		speaker, at, body, open = "", nil, nil, false
	}
	for i, p := range paras {
		m := marks[i]
		if p.stop {
			flush()
			// The paragraphs of a table's row that no label claims stay
			// together.
			open = p.cell
		}
		text := strings.TrimSpace(p.text)
		switch {
		case text == "" || m.used:
		case m.kind == kindTimeLine && timeForNext(paras, marks, i, open):
			pending = m.label.at
		case m.kind == kindRow:
			flush()
			b.turn(p.speaker, cmp.Or(p.at, pending), strings.Split(p.text, "\n"))
			pending = nil
		case m.turn:
			flush()
			speaker, at, body, open = m.label.speaker, cmp.Or(m.label.at, pending), []string{m.label.rest}, true
			pending = nil
		case open:
			body = append(body, p.text)
		default:
			// Text outside any turn (a heading, or text before the first
			// label) stands alone, with the time it starts with.
			t := pending
			if tm := timeOnlyRE.FindStringSubmatch(text); tm != nil {
				if c := parseClock(tm[1]); c != nil {
					t, text = c, tm[2]
				}
			}
			b.turn("", t, []string{text})
			pending = nil
		}
	}
	flush()
}

// timeForNext reports whether the time line at i gives its time to what
// follows it: a turn that has no time of its own, or (outside a turn) a
// paragraph that stands alone.
func timeForNext(paras []paragraph, marks []mark, i int, open bool) bool {
	j := nextText(paras, i, false)
	if j < 0 {
		return false
	}
	m := marks[j]
	switch {
	case m.kind == kindRow:
		return paras[j].at == nil
	case m.turn:
		return m.label.at == nil
	}
	return !open && m.kind == kindText && !paras[j].stop
}

// nextText returns the index of the next paragraph after i with text, or
// -1; within says not to look past the end of a table's row.
func nextText(paras []paragraph, i int, within bool) int {
	for j := i + 1; j < len(paras); j++ {
		if within && (paras[j].stop || paras[j].row) {
			return -1
		}
		if strings.TrimSpace(paras[j].text) != "" {
			return j
		}
	}
	return -1
}

// classify decides which paragraphs start a speaker's turn:
//
//   - A row of a transcript table is a turn.
//   - "Name: words" is a label when a timestamp comes with it ("[00:01:02]
//     Sam:"), when the same name labels two paragraphs or more, or when it
//     is a usual label (Interviewer, P1, Q...). In a file that has labels,
//     a once-said "Name:" is one too when the name is one to three
//     capitalised words (speakerName).
//   - A name alone on its line, with the words on the next line, is a label
//     when a timestamp comes with it (on its line or on the line above:
//     "Speaker 1  0:03"), when the same name stands alone above words twice
//     or more, when the name labels turns elsewhere in the file, or when it
//     is a usual role (Interviewer, Speaker 2). Once one has counted, every
//     later name alone on its line counts: a speaker who says one thing is
//     found too. Headings and lines in tables never count.
//   - Never a speaker: words that head notes and cover sheets (Note, Date,
//     Location, Transcriber...) or short replies (Yes, OK...).
func classify(paras []paragraph) []mark {
	marks := make([]mark, len(paras))
	for i, p := range paras {
		t := strings.TrimSpace(p.text)
		switch {
		case p.row:
			marks[i] = mark{kind: kindRow, turn: true}
			continue
		case t == "":
			continue
		}
		if l, ok := parseLabel(t); ok && (!p.cell || strings.TrimSpace(l.rest) != "") {
			// In a table that is not a transcript, "Participant:" alone in
			// a cell heads a detail, not a turn.
			marks[i] = mark{kind: kindLabel, label: l}
			continue
		}
		if p.heading || p.cell {
			continue
		}
		if l, ok := parseNameLine(t); ok {
			marks[i] = mark{kind: kindNameLine, label: l}
		} else if at, ok := parseTimeLine(t); ok {
			marks[i] = mark{kind: kindTimeLine, label: label{at: at, timed: true}}
		}
	}
	// A name line needs words under it, and takes the time of a time line
	// just above it.
	for i := range marks {
		if marks[i].kind != kindNameLine {
			continue
		}
		if j := nextText(paras, i, true); j < 0 || marks[j].kind != kindText {
			marks[i].kind = kindText
			continue
		}
		if k := prevText(paras, i); k >= 0 && marks[k].kind == kindTimeLine && marks[i].label.at == nil {
			marks[i].label.at, marks[i].label.timed, marks[i].from = marks[k].label.at, true, k+1
		}
	}
	colon, alone, known := map[string]int{}, map[string]int{}, map[string]bool{}
	for i := range marks {
		m := &marks[i]
		switch m.kind {
		case kindLabel:
			m.key = strings.ToLower(m.label.speaker)
			colon[m.key]++
		case kindNameLine:
			m.key = strings.ToLower(m.label.speaker)
			alone[m.key]++
		case kindRow:
			known[strings.ToLower(paras[i].speaker)] = true
		}
	}
	any := false
	for i := range marks {
		m := &marks[i]
		switch {
		case m.kind == kindRow:
			any = true
		case m.kind == kindLabel && (m.label.timed || colon[m.key] >= 2 || knownLabels.MatchString(m.label.speaker)):
			m.turn, known[m.key], any = true, true, true
		}
	}
	established := false
	for i := range marks {
		m := &marks[i]
		if m.kind == kindNameLine && (established || m.label.timed || alone[m.key] >= 2 || known[m.key] || roleLabel(m.label.speaker)) {
			m.turn, established, any = true, true, true
			if m.from > 0 {
				marks[m.from-1].used = true
			}
		}
	}
	if any {
		for i := range marks {
			if m := &marks[i]; m.kind == kindLabel && !m.turn && speakerName(m.label.speaker) {
				m.turn = true
			}
		}
	}
	return marks
}

// prevText returns the index of the paragraph with text before i, or -1.
func prevText(paras []paragraph, i int) int {
	for j := i - 1; j >= 0; j-- {
		if strings.TrimSpace(paras[j].text) != "" {
			return j
		}
		if paras[j].stop {
			break
		}
	}
	return -1
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
