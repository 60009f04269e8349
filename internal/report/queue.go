package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/tandemqda/tandem/internal/tandem"
)

// UnitSpan is the reconciliation rule that compares overlapping excerpts
// rather than units.
const UnitSpan = "span"

// ItemCoder is a coder who applied an item's theme, with what they wrote:
// their excerpts' spans and memos.
type ItemCoder struct {
	Coder
	Spans []Span   `json:"spans"`
	Memos []string `json:"memos"`
}

// Item is one thing the coders of a transcript applied a theme to: a unit
// (unit rules) or a cluster of overlapping excerpts (the span rule), with
// who applied the theme there and who did not. Agreed: every coder who
// submitted applied it.
type Item struct {
	ID           string `json:"id"`
	TranscriptID string `json:"transcriptId"`
	Theme        string `json:"theme"`
	Rule         string `json:"rule"`
	Span
	Text       string      `json:"text"`
	Applied    []ItemCoder `json:"applied"`
	NotApplied []Coder     `json:"notApplied"`
	Agreed     bool        `json:"agreed"`
	// Consensus is the span an accepted item puts in the consensus: the
	// envelope of the appliers' excerpts, clipped to the unit (unit rules).
	Consensus Span `json:"consensus"`
	// Fingerprint changes when an excerpt behind the item, or the coders
	// who submitted, change: a decision taken on an older one is stale.
	Fingerprint string `json:"fingerprint"`
}

// ItemID is the stable id of an item: its transcript, theme, span and rule.
func ItemID(transcriptID, theme string, s Span, rule string) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%d\x00%d\x00%s", transcriptID, theme, s.Start, s.End, rule))
	return hex.EncodeToString(h[:12])
}

// contribution is one excerpt of one coder behind an item.
type contribution struct {
	coder int
	e     *tandem.Excerpt
}

// Queue lists the items of transcript t under the rule (a unit kind or
// UnitSpan) and the minimum overlap: every unit x theme (or cluster of
// overlapping excerpts x theme) that at least one coder who submitted
// applied. coders are the coders of t.Sets (the submitted sets); items come
// in the order of the text, then of the codebook.
func Queue(cb *tandem.Codebook, coders []Coder, t Transcript, rule string, minOverlap int) []Item {
	return queue(cb, coders, t, rule, minOverlap, "")
}

// QueueItem returns the item of Queue with the id, or nil; it builds only
// that item (a decision needs one, fresh).
func QueueItem(cb *tandem.Codebook, coders []Coder, t Transcript, rule string, minOverlap int, id string) *Item {
	items := queue(cb, coders, t, rule, minOverlap, id)
	if len(items) == 0 {
		return nil
	}
	return &items[0]
}

// queue builds the items of Queue, or only the one with the id only.
func queue(cb *tandem.Codebook, coders []Coder, t Transcript, rule string, minOverlap int, only string) []Item {
	minOverlap = max(minOverlap, 1)
	index := map[string]int{}
	for i, c := range coders {
		index[c.ID] = i
	}
	var submitted []int
	byTheme := map[string][]contribution{}
	for _, s := range t.Sets {
		ci, ok := index[s.CoderID]
		if !ok {
			continue
		}
		submitted = append(submitted, ci)
		for i := range s.Excerpts {
			e := &s.Excerpts[i]
			for _, th := range cb.ExcerptThemes(e) {
				byTheme[th] = append(byTheme[th], contribution{ci, e})
			}
		}
	}
	slices.Sort(submitted)
	// The items' texts are slices of one copy of the text; one item's is
	// copied on its own, which spares indexing the whole text.
	slice := func(sp Span) string { return string(t.Text[sp.Start:sp.End]) }
	if only == "" {
		slice = newText(t.Text).slice
	}
	var units []Span
	if rule != UnitSpan {
		units = Units(t.Text, t.Turns, rule)
	}
	var items []Item
	for theme, cs := range byTheme {
		var groups []group
		if rule == UnitSpan {
			groups = clusters(cs, minOverlap)
		} else {
			groups = unitGroups(units, cs, minOverlap)
		}
		for _, g := range groups {
			if only == "" || ItemID(t.ID, theme, g.span, rule) == only {
				items = append(items, makeItem(t, slice, coders, submitted, theme, rule, g))
			}
		}
	}
	order := themeOrder(cb)
	slices.SortFunc(items, func(a, b Item) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(order[a.Theme], order[b.Theme]), cmp.Compare(a.Theme, b.Theme))
	})
	return items
}

// group is the span of an item and the excerpts behind it; clip limits
// the consensus span to the unit (unit rules).
type group struct {
	span Span
	clip bool
	cs   []contribution
}

// unitGroups groups the excerpts by the units they cover at least
// minOverlap characters of (or the whole unit, when it is shorter).
func unitGroups(units []Span, cs []contribution, minOverlap int) []group {
	byUnit := map[int][]contribution{}
	for _, c := range cs {
		e := c.e
		u := sort.Search(len(units), func(i int) bool { return units[i].End > e.Start })
		for ; u < len(units) && units[u].Start < e.End; u++ {
			if Covers(e.Start, e.End, units[u], minOverlap) {
				byUnit[u] = append(byUnit[u], c)
			}
		}
	}
	out := make([]group, 0, len(byUnit))
	for u, cs := range byUnit {
		out = append(out, group{span: units[u], clip: true, cs: cs})
	}
	return out
}

// Covers reports whether [start, end) covers enough of the unit to count
// for it: minOverlap characters, or the whole unit when it is shorter.
func Covers(start, end int, unit Span, minOverlap int) bool {
	over := min(end, unit.End) - max(start, unit.Start)
	return over > 0 && over >= min(max(minOverlap, 1), unit.End-unit.Start)
}

// clusters links excerpts of different coders that overlap by at least
// minOverlap characters; each cluster's span is its envelope.
func clusters(cs []contribution, minOverlap int) []group {
	slices.SortFunc(cs, func(a, b contribution) int {
		return cmp.Or(cmp.Compare(a.e.Start, b.e.Start), cmp.Compare(a.e.End, b.e.End), cmp.Compare(a.coder, b.coder))
	})
	parent := make([]int, len(cs))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i := range cs {
		for j := i + 1; j < len(cs) && cs[j].e.Start < cs[i].e.End; j++ {
			if cs[i].coder == cs[j].coder {
				continue
			}
			if min(cs[i].e.End, cs[j].e.End)-cs[j].e.Start >= minOverlap {
				parent[find(j)] = find(i)
			}
		}
	}
	byRoot := map[int]*group{}
	var out []*group
	for i, c := range cs {
		r := find(i)
		g := byRoot[r]
		if g == nil {
			g = &group{span: Span{c.e.Start, c.e.End}}
			byRoot[r] = g
			out = append(out, g)
		}
		g.span.Start, g.span.End = min(g.span.Start, c.e.Start), max(g.span.End, c.e.End)
		g.cs = append(g.cs, c)
	}
	groups := make([]group, len(out))
	for i, g := range out {
		groups[i] = *g
	}
	return groups
}

// makeItem builds the item of a group of excerpts.
func makeItem(t Transcript, slice func(Span) string, coders []Coder, submitted []int, theme, rule string, g group) Item {
	it := Item{TranscriptID: t.ID, Theme: theme, Rule: rule, Span: g.span, Text: slice(g.span),
		Applied: []ItemCoder{}, NotApplied: []Coder{}}
	slices.SortFunc(g.cs, func(a, b contribution) int {
		return cmp.Or(cmp.Compare(a.coder, b.coder), cmp.Compare(a.e.Start, b.e.Start), cmp.Compare(a.e.End, b.e.End), cmp.Compare(a.e.ID, b.e.ID))
	})
	env := Span{Start: -1}
	fp := sha256.New()
	var buf []byte
	for _, ci := range submitted {
		buf = append(append(append(buf[:0], "coder "...), coders[ci].ID...), '\n')
		fp.Write(buf)
	}
	for _, c := range g.cs {
		if n := len(it.Applied); n == 0 || it.Applied[n-1].ID != coders[c.coder].ID {
			it.Applied = append(it.Applied, ItemCoder{Coder: coders[c.coder], Spans: []Span{}, Memos: []string{}})
		}
		ic := &it.Applied[len(it.Applied)-1]
		ic.Spans = append(ic.Spans, Span{c.e.Start, c.e.End})
		if m := strings.TrimSpace(c.e.Memo); m != "" {
			ic.Memos = append(ic.Memos, c.e.Memo)
		}
		if env.Start < 0 {
			env = Span{c.e.Start, c.e.End}
		}
		env.Start, env.End = min(env.Start, c.e.Start), max(env.End, c.e.End)
		buf = append(append(append(append(buf[:0], coders[c.coder].ID...), ' '), c.e.ID...), ' ')
		buf = strconv.AppendInt(append(strconv.AppendInt(buf, int64(c.e.Start), 10), ' '), int64(c.e.End), 10)
		fp.Write(append(append(append(buf, ' '), c.e.Memo...), '\n'))
	}
	if g.clip {
		env.Start, env.End = max(env.Start, g.span.Start), min(env.End, g.span.End)
	}
	it.Consensus = env
	for _, ci := range submitted {
		if !slices.ContainsFunc(it.Applied, func(a ItemCoder) bool { return a.ID == coders[ci].ID }) {
			it.NotApplied = append(it.NotApplied, coders[ci])
		}
	}
	it.Agreed = len(it.NotApplied) == 0
	it.ID = ItemID(t.ID, theme, g.span, rule)
	it.Fingerprint = hex.EncodeToString(fp.Sum(nil)[:12])
	return it
}

// themeOrder numbers the codebook's nodes in the order of its tree.
func themeOrder(cb *tandem.Codebook) map[string]int {
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

// text is a transcript's text as a string with the byte offset of every
// code point, so that items' texts are slices of it rather than copies.
type text struct {
	s  string
	at []int // code point -> byte offset; at[len] = len(s)
}

func newText(r []rune) *text {
	s := string(r)
	at := make([]int, 0, len(r)+1)
	for i := range s {
		at = append(at, i)
	}
	return &text{s: s, at: append(at, len(s))}
}

// slice returns the text of the span.
func (t *text) slice(sp Span) string { return t.s[t.at[sp.Start]:t.at[sp.End]] }
