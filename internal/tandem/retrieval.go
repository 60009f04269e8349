package tandem

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// ThemeUsage is how much a theme is used: excerpts carrying it, and the
// transcripts and coders they come from.
type ThemeUsage struct {
	Excerpts     int            `json:"excerpts"`
	Transcripts  int            `json:"transcripts"`
	Coders       int            `json:"coders"`
	ByTranscript map[string]int `json:"byTranscript"`
}

// Subtree returns the ids of the node and every node below it.
func (cb *Codebook) Subtree(id string) map[string]bool {
	out := map[string]bool{id: true}
	for changed := true; changed; {
		changed = false
		for _, n := range cb.Nodes {
			if !out[n.ID] && out[n.ParentID] {
				out[n.ID], changed = true, true
			}
		}
	}
	return out
}

// ExcerptThemes returns the excerpt's themes as they are now: merged themes
// resolved, repeats dropped.
func (cb *Codebook) ExcerptThemes(e *Excerpt) []string {
	out := make([]string, 0, len(e.Themes))
	for _, id := range e.Themes {
		if n := cb.Resolve(id); n != nil {
			id = n.ID
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Usage counts, for every theme, the excerpts carrying it in the sets, and
// the transcripts and coders they come from.
func Usage(cb *Codebook, sets []*CodingSet) map[string]*ThemeUsage {
	out := map[string]*ThemeUsage{}
	coders := map[string]map[string]bool{}
	for _, s := range sets {
		for i := range s.Excerpts {
			for _, th := range cb.ExcerptThemes(&s.Excerpts[i]) {
				u := out[th]
				if u == nil {
					u = &ThemeUsage{ByTranscript: map[string]int{}}
					out[th], coders[th] = u, map[string]bool{}
				}
				u.Excerpts++
				u.ByTranscript[s.TranscriptID]++
				coders[th][s.CoderID] = true
			}
		}
	}
	for th, u := range out {
		u.Transcripts, u.Coders = len(u.ByTranscript), len(coders[th])
	}
	return out
}

// Cooccurrence is how often two themes meet: on one excerpt, or on
// overlapping excerpts of the same coder on the same transcript.
type Cooccurrence struct {
	A     string `json:"a"`
	B     string `json:"b"`
	Count int    `json:"count"`
}

// Cooccurrences counts, for every pair of themes (A < B), the excerpts that
// carry both plus the pairs of overlapping excerpts of one coder that carry
// one each. Pairs are ordered by count, most first.
func Cooccurrences(cb *Codebook, sets []*CodingSet) []Cooccurrence {
	count := map[[2]string]int{}
	add := func(a, b string) {
		if a == b {
			return
		}
		if b < a {
			a, b = b, a
		}
		count[[2]string{a, b}]++
	}
	for _, s := range sets {
		es := slices.Clone(s.Excerpts)
		SortExcerpts(es)
		themes := make([][]string, len(es))
		for i := range es {
			themes[i] = cb.ExcerptThemes(&es[i])
			for x := range themes[i] {
				for y := x + 1; y < len(themes[i]); y++ {
					add(themes[i][x], themes[i][y])
				}
			}
		}
		for i := range es {
			for j := i + 1; j < len(es) && es[j].Start < es[i].End; j++ {
				seen := map[[2]string]bool{}
				for _, a := range themes[i] {
					for _, b := range themes[j] {
						if k := [2]string{min(a, b), max(a, b)}; a != b && !seen[k] {
							seen[k] = true
							add(a, b)
						}
					}
				}
			}
		}
	}
	out := make([]Cooccurrence, 0, len(count))
	for k, n := range count {
		out = append(out, Cooccurrence{A: k[0], B: k[1], Count: n})
	}
	slices.SortFunc(out, func(x, y Cooccurrence) int {
		return cmp.Or(y.Count-x.Count, strings.Compare(x.A, y.A), strings.Compare(x.B, y.B))
	})
	return out
}

// PassageTurn is one turn's part of the passage around an excerpt: the
// context before the excerpt, the excerpt's text and the context after it,
// as far as each lies in the turn, and who spoke ("" for text outside any
// turn). CutStart and CutEnd say that the passage starts or ends inside the
// turn's words (where an ellipsis goes), not at the turn's own start or end.
type PassageTurn struct {
	Speaker  string `json:"speaker"`
	Before   string `json:"before"`
	Text     string `json:"text"`
	After    string `json:"after"`
	CutStart bool   `json:"cutStart"`
	CutEnd   bool   `json:"cutEnd"`
}

// Passage is an excerpt [start, end) of text with up to context characters
// around it, split by turn so that each part can show its speaker. The
// context is cut at word boundaries: it never starts or ends inside a word
// (it may be shorter than context for that), and it has no spaces at
// either end. Parts of the text outside every turn have no speaker; parts
// that are only spaces are left out. Offsets are code points.
func Passage(text []rune, turns []Turn, start, end, context int) []PassageTurn {
	start, end = min(max(start, 0), len(text)), min(max(end, 0), len(text))
	end = max(start, end)
	from, to := wordWindow(text, start, end, context)
	// The stretches of text: the turns, and what lies between them.
	type stretch struct {
		a, b    int
		speaker string
	}
	var stretches []stretch
	at := 0
	for _, t := range turns {
		a, b := min(max(t.Start, at), len(text)), min(max(t.End, 0), len(text))
		if a > at {
			stretches = append(stretches, stretch{at, a, ""})
		}
		if b > a {
			stretches = append(stretches, stretch{a, b, t.Speaker})
			at = b
		}
	}
	if at < len(text) {
		stretches = append(stretches, stretch{at, len(text), ""})
	}
	blank := func(a, b int) bool { return strings.TrimSpace(string(text[a:b])) == "" }
	part := func(a, b int) string {
		if a >= b {
			return ""
		}
		return string(text[a:b])
	}
	out := []PassageTurn{} // a list, also for a passage of spaces only
	for _, s := range stretches {
		a, b := max(s.a, from), min(s.b, to)
		if a >= b {
			continue
		}
		p := PassageTurn{Speaker: s.speaker,
			Before: part(a, min(b, start)), Text: part(max(a, start), min(b, end)), After: part(max(a, end), b),
			CutStart: !blank(s.a, a), CutEnd: !blank(b, s.b)}
		if trimPassageTurn(&p); p.Before != "" || p.Text != "" || p.After != "" {
			out = append(out, p)
		}
	}
	return out
}

// wordWindow is the stretch [from, to) of text around [start, end) with up
// to context characters on each side, moved inwards so that it starts and
// ends at word boundaries and not on spaces.
func wordWindow(text []rune, start, end, context int) (from, to int) {
	from, to = max(0, start-context), min(len(text), end+context)
	if from > 0 && from < start && !unicode.IsSpace(text[from-1]) && !unicode.IsSpace(text[from]) {
		for from < start && !unicode.IsSpace(text[from]) {
			from++ // the rest of a cut word goes
		}
	}
	for from < start && unicode.IsSpace(text[from]) {
		from++
	}
	if to < len(text) && to > end && !unicode.IsSpace(text[to-1]) && !unicode.IsSpace(text[to]) {
		for to > end && !unicode.IsSpace(text[to-1]) {
			to--
		}
	}
	for to > end && unicode.IsSpace(text[to-1]) {
		to--
	}
	return from, to
}

// trimPassageTurn takes the spaces and line breaks off both ends of a
// turn's part of a passage.
func trimPassageTurn(p *PassageTurn) {
	parts := []*string{&p.Before, &p.Text, &p.After}
	for _, s := range parts {
		if *s = strings.TrimLeftFunc(*s, unicode.IsSpace); *s != "" {
			break
		}
	}
	for i := len(parts) - 1; i >= 0; i-- {
		if *parts[i] = strings.TrimRightFunc(*parts[i], unicode.IsSpace); *parts[i] != "" {
			break
		}
	}
}
