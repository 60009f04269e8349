package tandem

import (
	"cmp"
	"slices"
	"strings"
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
