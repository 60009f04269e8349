package transcript

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tandemqda/tandem/internal/tandem"
)

// Candidate is a possible identifier in a transcript and where it occurs.
type Candidate struct {
	Text string `json:"text"`
	// Kind says why it is a candidate: speaker, listed (a name the lead
	// listed for the project), capitalised (a capitalised word that recurs),
	// email or phone.
	Kind  string   `json:"kind"`
	Spans [][2]int `json:"spans"` // [start, end) in code points
}

var (
	emailRE = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}.\-]+\.\p{L}{2,}`)
	phoneRE = regexp.MustCompile(`(?:\+|\b)\d[\d ().\-]{6,}\d\b`)
	wordRE  = regexp.MustCompile(`\p{Lu}[\p{Ll}\p{M}'’\-]+`)
)

// commonCapitalised are capitalised words that are rarely identifiers.
var commonCapitalised = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`I I'm I've I'd I'll The A An And But So Then When What Why How Who Where Which That This
		There They Them Their It It's Its We We're Our You Your He She His Her My Me Yes No Yeah Okay Ok Well Oh Um Uh
		Because If Or Not Just Like Maybe Also Now Sometimes Everyone Nobody Somebody Anyway Thank Thanks Right Sure
		Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
		September October November December Christmas Easter God Interviewer Participant Speaker Mr Mrs Ms Dr`) {
		commonCapitalised[w] = true
	}
}

var roleLabelRE = regexp.MustCompile(`(?i)^(speaker|participant|interviewer|interviewee|member|moderator|facilitator|p|r|i)\b`)

// genericSpeaker reports whether a speaker label names a role, not a person.
func genericSpeaker(s string) bool {
	return s == "" || knownLabels.MatchString(s) || roleLabelRE.MatchString(s)
}

// Identifiers finds candidate identifiers in text: speakers' names, names the
// lead listed, capitalised words that recur, email addresses and phone
// numbers. Words of the pseudonyms the lead already put in are not
// suggested again, and a listed name of several words is suggested whole,
// not also word by word. Candidates are sorted by where they first occur.
func Identifiers(text string, turns []tandem.Turn, listed, pseudonyms []string) []Candidate {
	idx := newRuneIndex(text)
	byText := map[string]*Candidate{}
	var order []*Candidate
	applied := pseudonymWords(pseudonyms)
	var whole [][2]int // spans of listed names of several words
	add := func(word, kind string, spans [][2]int) {
		if kind != "listed" {
			if applied[strings.ToLower(word)] {
				return
			}
			spans = outside(spans, whole)
		}
		if len(spans) == 0 {
			return
		}
		key := strings.ToLower(word)
		if c, ok := byText[key]; ok {
			if kind == "listed" || kind == "speaker" && c.Kind != "listed" {
				c.Kind = kind // the stronger reason wins
			}
			return
		}
		c := &Candidate{Text: word, Kind: kind, Spans: spans}
		byText[key] = c
		order = append(order, c)
	}
	for _, name := range listed {
		if name = strings.TrimSpace(name); name != "" {
			spans := idx.wordSpans(name, true)
			add(name, "listed", spans)
			if len(strings.Fields(name)) > 1 {
				whole = append(whole, spans...)
			}
		}
	}
	for _, t := range turns {
		if genericSpeaker(t.Speaker) {
			continue
		}
		for _, part := range strings.Fields(t.Speaker) {
			if utf8.RuneCountInString(part) > 1 && unicode.IsUpper([]rune(part)[0]) {
				add(part, "speaker", idx.wordSpans(part, false))
			}
		}
	}
	for _, m := range emailRE.FindAllStringIndex(text, -1) {
		add(text[m[0]:m[1]], "email", [][2]int{{idx.at(m[0]), idx.at(m[1])}})
	}
	for _, m := range phoneRE.FindAllStringIndex(text, -1) {
		digits := strings.Count(strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return 'd'
			}
			return -1
		}, text[m[0]:m[1]]), "d")
		if digits >= 7 {
			add(text[m[0]:m[1]], "phone", [][2]int{{idx.at(m[0]), idx.at(m[1])}})
		}
	}
	counts := map[string]int{}
	midSentence := map[string]bool{}
	for _, m := range wordRE.FindAllStringIndex(text, -1) {
		w := text[m[0]:m[1]]
		if m[0] > 0 {
			if r, _ := utf8.DecodeLastRuneInString(text[:m[0]]); unicode.IsLetter(r) || unicode.IsDigit(r) {
				continue // inside a word
			}
		}
		counts[w]++
		if !sentenceStart(text, m[0]) {
			midSentence[w] = true
		}
	}
	var words []string
	for w, n := range counts {
		if n >= 2 && midSentence[w] && !commonCapitalised[w] {
			words = append(words, w)
		}
	}
	sort.Strings(words)
	for _, w := range words {
		add(w, "capitalised", idx.wordSpans(w, false))
	}
	out := make([]Candidate, 0, len(order))
	for _, c := range order {
		out = append(out, *c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Spans[0][0] < out[j].Spans[0][0] })
	return out
}

// SpeakerLabel is a speaker label that looks like a person's name ("Priya
// S", "MARIA"): the text's replacements do not change labels, so the lead
// renames the speaker.
type SpeakerLabel struct {
	Speaker string `json:"speaker"`
	Turns   int    `json:"turns"`
}

// SpeakerLabels lists the transcript's speaker labels that may name a
// person: not a role ("Interviewer", "P2", "Speaker 1") and not a pseudonym
// the lead already put in.
func SpeakerLabels(turns []tandem.Turn, pseudonyms []string) []SpeakerLabel {
	applied := map[string]bool{}
	for _, p := range pseudonyms {
		applied[strings.ToLower(strings.TrimSpace(p))] = true
	}
	var out []SpeakerLabel
	at := map[string]int{}
	for _, t := range turns {
		if genericSpeaker(t.Speaker) || applied[strings.ToLower(t.Speaker)] || strings.HasPrefix(t.Speaker, "[") {
			continue
		}
		i, ok := at[t.Speaker]
		if !ok {
			i = len(out)
			at[t.Speaker] = i
			out = append(out, SpeakerLabel{Speaker: t.Speaker})
		}
		out[i].Turns++
	}
	return out
}

// pseudonymWords returns the words of the pseudonyms, lower-cased.
func pseudonymWords(pseudonyms []string) map[string]bool {
	out := map[string]bool{}
	for _, p := range pseudonyms {
		for _, w := range strings.Fields(p) {
			out[strings.ToLower(w)] = true
		}
	}
	return out
}

// outside returns the spans that lie in none of the covering spans.
func outside(spans, covering [][2]int) [][2]int {
	if len(covering) == 0 {
		return spans
	}
	var out [][2]int
	for _, s := range spans {
		inside := false
		for _, c := range covering {
			inside = inside || c[0] <= s[0] && s[1] <= c[1]
		}
		if !inside {
			out = append(out, s)
		}
	}
	return out
}

// sentenceStart reports whether byte offset i starts a sentence or a line.
func sentenceStart(text string, i int) bool {
	before := strings.TrimRight(text[:i], " \t\"“‘(")
	if before == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(before)
	return r == '.' || r == '!' || r == '?' || r == '\n' || r == ':' || r == '…'
}

// runeIndex converts byte offsets of a text to code point offsets.
type runeIndex struct {
	text  string
	bytes []int // bytes[k] = byte offset of code point k
}

func newRuneIndex(text string) *runeIndex {
	x := &runeIndex{text: text, bytes: make([]int, 0, len(text)+1)}
	for i := range text {
		x.bytes = append(x.bytes, i)
	}
	x.bytes = append(x.bytes, len(text))
	return x
}

// at returns the code point offset of byte offset b.
func (x *runeIndex) at(b int) int {
	return sort.SearchInts(x.bytes, b)
}

// wordSpans finds whole-word occurrences of w.
func (x *runeIndex) wordSpans(w string, fold bool) [][2]int {
	pattern := `(?:^|[^\p{L}\p{N}])(` + regexp.QuoteMeta(w) + `)(?:$|[^\p{L}\p{N}])`
	if fold {
		pattern = `(?i)` + pattern
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil
	}
	var spans [][2]int
	for start := 0; start <= len(x.text); {
		m := re.FindStringSubmatchIndex(x.text[start:])
		if m == nil {
			break
		}
		spans = append(spans, [2]int{x.at(start + m[2]), x.at(start + m[3])})
		start += m[3]
	}
	return spans
}

// Replacement replaces [Start, End) of a transcript's text with With.
type Replacement struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	With  string `json:"with"`
}

// replacementField is the text that replaces an identifier.
var replacementField = tandem.TextField{Field: "redactions", Label: "A replacement", Max: 100}

// Redact applies replacements to text and moves the turns to match; it also
// returns what it did as edits (positions and lengths only), in order, for
// moving the excerpts made on the text before. The replacements must not
// overlap, must lie inside the text, must not cross from one turn into the
// next and must not be empty; each gets a clear error otherwise.
func Redact(text string, turns []tandem.Turn, reps []Replacement) (string, []tandem.Turn, []tandem.TextEdit, error) {
	runes := []rune(text)
	sorted := append([]Replacement(nil), reps...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	prev := -1
	for i, r := range sorted {
		switch {
		case r.Start < 0 || r.End > len(runes) || r.Start >= r.End:
			return "", nil, nil, tandem.Invalid("redactions", fmt.Sprintf("Replacement %d is outside the text ([%d, %d) of %d characters).", i+1, r.Start, r.End, len(runes)))
		case r.Start < prev:
			return "", nil, nil, tandem.Invalid("redactions", "Two replacements overlap. Choose one of them.")
		case strings.TrimSpace(r.With) == "":
			return "", nil, nil, tandem.Invalid("redactions", "Say what replaces the words, such as [NAME] or a pseudonym: a replacement cannot be empty.")
		}
		with, err := replacementField.Clean(r.With)
		if err != nil {
			return "", nil, nil, err
		}
		sorted[i].With = with
		for _, t := range turns {
			if (r.Start < t.Start && r.End > t.Start) || (r.Start < t.End && r.End > t.End) {
				return "", nil, nil, tandem.Invalid("redactions", "A replacement cannot run from one turn into the next.")
			}
		}
		prev = r.End
	}
	var b strings.Builder
	last := 0
	edits := make([]tandem.TextEdit, len(sorted))
	for i, r := range sorted {
		b.WriteString(string(runes[last:r.Start]))
		b.WriteString(r.With)
		last = r.End
		edits[i] = tandem.TextEdit{Start: r.Start, End: r.End, Len: utf8.RuneCountInString(r.With)}
	}
	b.WriteString(string(runes[last:]))
	// No replacement crosses a turn's bounds, so each bound moves by the
	// change in length of the replacements before it.
	out := make([]tandem.Turn, len(turns))
	for i, t := range turns {
		t.Start, t.End = tandem.MapSpan(t.Start, t.End, edits)
		out[i] = t
	}
	return b.String(), out, edits, nil
}
