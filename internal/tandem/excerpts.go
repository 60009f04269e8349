package tandem

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// ExcerptSets says whose coding an excerpt export holds.
type ExcerptSets string

// The choices of coding in an excerpt export.
const (
	SetsConsensus ExcerptSets = "consensus" // the consensus set only
	SetsCoders    ExcerptSets = "coders"    // every coder's set, no consensus
	SetsBoth      ExcerptSets = "both"      // the consensus and every coder
)

// ExcerptFilter chooses the rows of an excerpt export.
type ExcerptFilter struct {
	Sets ExcerptSets
	// Themes are the ids of the themes chosen (nil: every theme); a domain
	// or category chosen stands for every theme below it.
	Themes map[string]bool
	// Transcripts are the ids of the transcripts chosen (nil: all).
	Transcripts map[string]bool
	// ThemeNames and TranscriptTitles name what was chosen, in the order
	// asked, for the file to say what it holds (empty: all).
	ThemeNames       []string
	TranscriptTitles []string
}

// ParseExcerptFilter reads an export's choices as a request gives them:
// sets ("" is both), and comma-separated codebook node ids and transcript
// ids ("" is all). An unknown value is refused with a plain message.
func ParseExcerptFilter(cb *Codebook, x *TranscriptIndex, sets, themes, transcripts string) (ExcerptFilter, error) {
	f := ExcerptFilter{Sets: ExcerptSets(cmp.Or(strings.TrimSpace(sets), string(SetsBoth)))}
	switch f.Sets {
	case SetsConsensus, SetsCoders, SetsBoth:
	default:
		return f, Invalid("sets", "Choose whose coding to export: consensus, coders or both.")
	}
	for _, id := range splitIDs(themes) {
		n := cb.Resolve(id)
		if n == nil {
			return f, Invalid("themes", "One of the chosen themes is not in this project's codebook any more. Reload the page and choose again.")
		}
		if f.Themes == nil {
			f.Themes = map[string]bool{}
		}
		for sub := range cb.Subtree(n.ID) {
			if m := cb.Node(sub); m != nil && m.Level == LevelTheme {
				f.Themes[sub] = true
			}
		}
		// Themes merged into a chosen one are exported under it.
		f.ThemeNames = appendNew(f.ThemeNames, fmt.Sprintf("%s (%s)", n.Name, n.Level))
	}
	for _, id := range splitIDs(transcripts) {
		t := x.Transcript(id)
		if t == nil {
			return f, Invalid("transcripts", "One of the chosen transcripts is not in this project any more. Reload the page and choose again.")
		}
		if f.Transcripts == nil {
			f.Transcripts = map[string]bool{}
		}
		f.Transcripts[id] = true
		f.TranscriptTitles = appendNew(f.TranscriptTitles, t.Title)
	}
	return f, nil
}

func splitIDs(s string) []string {
	var out []string
	for _, id := range strings.Split(s, ",") {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	return out
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// Wants reports whether the filter keeps the set of coderID.
func (f ExcerptFilter) Wants(coderID string) bool {
	if coderID == ConsensusCoder {
		return f.Sets != SetsCoders
	}
	return f.Sets != SetsConsensus
}

// Describe says in words what the filter keeps: whose coding, which themes
// and which transcripts.
func (f ExcerptFilter) Describe() (sets, themes, transcripts string) {
	sets = map[ExcerptSets]string{SetsConsensus: "the consensus only", SetsCoders: "every coder's coding (no consensus)",
		SetsBoth: "the consensus and every coder's coding"}[f.Sets]
	themes, transcripts = "all", "all"
	if len(f.ThemeNames) > 0 {
		themes = strings.Join(f.ThemeNames, "; ")
	}
	if len(f.TranscriptTitles) > 0 {
		transcripts = strings.Join(f.TranscriptTitles, "; ")
	}
	return sets, themes, transcripts
}

// ExcerptRow is one row of an excerpt export: one excerpt with one of its
// themes.
type ExcerptRow struct {
	TranscriptID string
	Transcript   string // the title
	Participant  string // the participant's pseudonym
	// Speaker is who speaks in the turn where the excerpt starts (its first
	// turn). Turn and LastTurn number the first and the last turn the
	// excerpt touches, from 1 (0: the excerpt lies outside every turn); an
	// excerpt that runs on into later turns has LastTurn > Turn.
	Speaker        string
	Turn, LastTurn int
	// Start and End are the excerpt's span in code points, as stored.
	Start, End int
	Text, Memo string
	ExcerptID  string
	// CoderID is the set's owner: a member's id, or ConsensusCoder.
	CoderID        string
	Coder          string // the coder's name, "Consensus" for the consensus
	ResearcherType string // the coder's group ("" for the consensus)
	Status         CodingStatus
	ThemeID        string
	Domain         string
	Category       string
	Theme          string
}

// Consensus reports whether the row comes from the consensus set.
func (r *ExcerptRow) Consensus() bool { return r.CoderID == ConsensusCoder }

// ExcerptSource is one transcript's coding as an excerpt export reads it:
// its entry, text and turns, and its coding sets (the consensus set has
// CoderID ConsensusCoder).
type ExcerptSource struct {
	Info  *TranscriptInfo
	Text  []rune
	Turns []Turn
	Sets  []*CodingSet
}

// ExcerptRows returns the rows of one transcript that the filter keeps: one
// per excerpt and theme, in the order of the text (by start; at one place
// the consensus first, then the coders by name; the themes of an excerpt in
// the codebook's order). Themes are read as they are now (merged themes
// resolved). A coder who is no longer a member is "Former member".
func ExcerptRows(cb *Codebook, p *Project, src ExcerptSource, f ExcerptFilter) []ExcerptRow {
	if f.Transcripts != nil && !f.Transcripts[src.Info.ID] {
		return nil
	}
	order := themeOrder(cb)
	type owner struct {
		set                *CodingSet
		name, researchType string
		consensus, wanted  bool
	}
	var owners []owner
	for _, s := range src.Sets {
		o := owner{set: s, consensus: s.CoderID == ConsensusCoder, wanted: f.Wants(s.CoderID)}
		switch m := p.Member(s.CoderID); {
		case o.consensus:
			o.name = "Consensus"
		case m == nil:
			o.name = "Former member"
		default:
			o.name, o.researchType = m.DisplayName, string(m.ResearcherType)
			if m.ResearcherTypeLabel != "" {
				o.researchType = m.ResearcherTypeLabel
			}
		}
		if o.wanted {
			owners = append(owners, o)
		}
	}
	slices.SortStableFunc(owners, func(a, b owner) int {
		if a.consensus != b.consensus {
			if a.consensus {
				return -1
			}
			return 1
		}
		return cmp.Or(strings.Compare(a.name, b.name), strings.Compare(a.set.CoderID, b.set.CoderID))
	})
	type item struct {
		e     *Excerpt
		owner int
	}
	var items []item
	for i, o := range owners {
		for j := range o.set.Excerpts {
			items = append(items, item{&o.set.Excerpts[j], i})
		}
	}
	slices.SortStableFunc(items, func(a, b item) int {
		return cmp.Or(a.e.Start-b.e.Start, b.e.End-a.e.End, a.owner-b.owner)
	})
	var out []ExcerptRow
	for _, it := range items {
		themes := cb.ExcerptThemes(it.e)
		slices.SortStableFunc(themes, func(a, b string) int { return cmp.Compare(rank(order, a), rank(order, b)) })
		var first *ExcerptRow
		for _, th := range themes {
			if f.Themes != nil && !f.Themes[th] {
				continue
			}
			if first == nil {
				o := owners[it.owner]
				start, end := min(max(it.e.Start, 0), len(src.Text)), min(max(it.e.End, 0), len(src.Text))
				r := ExcerptRow{TranscriptID: src.Info.ID, Transcript: src.Info.Title, Participant: src.Info.Participant,
					Start: it.e.Start, End: it.e.End, Text: string(src.Text[start:max(start, end)]), Memo: it.e.Memo, ExcerptID: it.e.ID,
					CoderID: o.set.CoderID, Coder: o.name, ResearcherType: o.researchType}
				if !o.consensus {
					r.Status = o.set.Status
				}
				r.Turn, r.LastTurn, r.Speaker = turnsOf(src.Turns, start, end)
				first = &r
			}
			r := *first
			r.ThemeID = th
			r.Domain, r.Category, r.Theme = themePath(cb, th)
			out = append(out, r)
		}
	}
	return out
}

// themeOrder numbers the codebook's nodes depth first, in the tree's order.
func themeOrder(cb *Codebook) map[string]int {
	order := map[string]int{}
	var walk func(parent string)
	walk = func(parent string) {
		for _, n := range cb.Children(parent) {
			order[n.ID] = len(order)
			walk(n.ID)
		}
	}
	walk("")
	return order
}

func rank(order map[string]int, id string) int {
	if r, ok := order[id]; ok {
		return r
	}
	return len(order)
}

// themePath names a theme with its category and domain. A theme that is no
// longer in the codebook is named as such.
func themePath(cb *Codebook, id string) (domain, category, theme string) {
	n := cb.Node(id)
	if n == nil {
		return "", "", "(a theme no longer in the codebook)"
	}
	theme = n.Name
	if c := cb.Node(n.ParentID); c != nil {
		category = c.Name
		if d := cb.Node(c.ParentID); d != nil {
			domain = d.Name
		}
	}
	return domain, category, theme
}

// turnsOf numbers (from 1) the first and last turns that [start, end)
// touches, and names the first one's speaker; an empty span takes the turn
// it sits in. 0 means no turn.
func turnsOf(turns []Turn, start, end int) (first, last int, speaker string) {
	end = max(end, start+1)
	i := sort.Search(len(turns), func(i int) bool { return turns[i].End > start })
	for ; i < len(turns) && turns[i].Start < end; i++ {
		if turns[i].End <= turns[i].Start {
			continue
		}
		if first == 0 {
			first, speaker = i+1, turns[i].Speaker
		}
		last = i + 1
	}
	return first, last, speaker
}

// ExcerptCounts counts what an export holds.
type ExcerptCounts struct {
	Rows, Excerpts, Transcripts int
	lastTranscript, lastExcerpt string
}

// Add counts a row. Rows come one transcript at a time, and the rows of one
// excerpt one after another (as ExcerptRows gives them).
func (c *ExcerptCounts) Add(r *ExcerptRow) {
	c.Rows++
	if r.TranscriptID != c.lastTranscript || c.Transcripts == 0 {
		c.Transcripts++
		c.lastTranscript, c.lastExcerpt = r.TranscriptID, ""
	}
	if key := r.CoderID + "\x00" + r.ExcerptID; key != c.lastExcerpt {
		c.Excerpts++
		c.lastExcerpt = key
	}
}

// ThemePath is the domain, category and theme names of a theme, as the
// exports show them.
func ThemePath(cb *Codebook, id string) (domain, category, theme string) {
	return themePath(cb, id)
}
