package report

import (
	"slices"
	"strings"

	"github.com/tandemqda/tandem/internal/tandem"
)

// Findings are the results table of a study, drawn from its consensus: for
// each domain, category and theme, in how many transcripts and of how many
// participants the consensus applies it ("8 of 10 participants"), with the
// quotes the lead picked to show it.
type Findings struct {
	// Transcripts and Participants count those with a consensus set: what
	// each row's counts are out of.
	Transcripts  int `json:"transcripts"`
	Participants int `json:"participants"`
	// Rows are the codebook in order: each domain, then each of its
	// categories followed by the category's themes.
	Rows []FindingRow `json:"rows"`
	// Candidates are the consensus excerpts of one theme to pick quotes
	// from, when asked for.
	Candidates []QuoteCandidate `json:"candidates,omitempty"`
}

// FindingRow is one domain, category or theme of the findings. A domain or
// category counts a transcript when the consensus applies any theme below
// it there.
type FindingRow struct {
	NodeID       string       `json:"nodeId"`
	Name         string       `json:"name"`
	Level        tandem.Level `json:"level"`
	ParentID     string       `json:"parentId"`
	Transcripts  int          `json:"transcripts"`
	Participants int          `json:"participants"`
	// Excerpts counts the consensus excerpts with the theme (or one below).
	Excerpts int `json:"excerpts"`
	// Quotes are a theme's exemplars, the codebook's example first.
	Quotes []Quote `json:"quotes"`
}

// Quote is an exemplar with where it comes from.
type Quote struct {
	tandem.Exemplar
	TranscriptTitle string `json:"transcriptTitle"`
	Participant     string `json:"participant"`
}

// ConsensusTranscript is a transcript with its consensus set.
type ConsensusTranscript struct {
	ID, Title, Participant string
	Consensus              *tandem.CodingSet
}

// ParticipantKey is who a transcript is of, for counting participants: its
// participant pseudonym (ignoring case and surrounding spaces), or, when it
// has none, the transcript itself.
func ParticipantKey(transcriptID, participant string) string {
	if p := strings.ToLower(strings.TrimSpace(participant)); p != "" {
		return "participant:" + p
	}
	return "transcript:" + transcriptID
}

// BuildFindings counts, over the transcripts with a consensus set, where
// the consensus applies each node of the codebook, and puts each theme's
// exemplars (of those transcripts) with it.
func BuildFindings(cb *tandem.Codebook, ts []ConsensusTranscript, exemplars []tandem.Exemplar) *Findings {
	f := &Findings{Rows: []FindingRow{}}
	themes, categories, domains, below := tree(cb)
	// up is, for each theme in use, the nodes it counts for: itself, its
	// category and its domain.
	up := map[string][]string{}
	for _, th := range themes {
		up[th.ID] = []string{th.ID}
	}
	for _, n := range slices.Concat(categories, domains) {
		for _, th := range below[n.ID] {
			up[th] = append(up[th], n.ID)
		}
	}
	// For each node: the transcripts, participants and excerpts it has.
	type where struct {
		transcripts, participants map[string]bool
		excerpts                  int
	}
	at := map[string]*where{}
	everyone := map[string]bool{}
	byID := map[string]*ConsensusTranscript{}
	for i := range ts {
		t := &ts[i]
		if t.Consensus == nil {
			continue
		}
		byID[t.ID] = t
		f.Transcripts++
		who := ParticipantKey(t.ID, t.Participant)
		everyone[who] = true
		for j := range t.Consensus.Excerpts {
			nodes := map[string]bool{}
			for _, th := range cb.ExcerptThemes(&t.Consensus.Excerpts[j]) {
				for _, id := range up[th] {
					nodes[id] = true
				}
			}
			for id := range nodes {
				w := at[id]
				if w == nil {
					w = &where{transcripts: map[string]bool{}, participants: map[string]bool{}}
					at[id] = w
				}
				w.transcripts[t.ID], w.participants[who] = true, true
				w.excerpts++
			}
		}
	}
	f.Participants = len(everyone)
	row := func(n *tandem.Node) FindingRow {
		r := FindingRow{NodeID: n.ID, Name: n.Name, Level: n.Level, ParentID: n.ParentID, Quotes: []Quote{}}
		if w := at[n.ID]; w != nil {
			r.Transcripts, r.Participants, r.Excerpts = len(w.transcripts), len(w.participants), w.excerpts
		}
		return r
	}
	for _, dom := range cb.Children("") {
		f.Rows = append(f.Rows, row(dom))
		for _, cat := range cb.Children(dom.ID) {
			f.Rows = append(f.Rows, row(cat))
			for _, th := range cb.Children(cat.ID) {
				if _, ok := up[th.ID]; !ok {
					continue // merged away, or only proposed
				}
				r := row(th)
				r.Quotes = quotes(cb, th.ID, exemplars, byID)
				f.Rows = append(f.Rows, r)
			}
		}
	}
	return f
}

// quotes are a theme's exemplars from the transcripts of the findings, the
// codebook's example first, then in the order they were picked. An
// exemplar of a theme merged since counts for the theme it went into.
func quotes(cb *tandem.Codebook, theme string, exemplars []tandem.Exemplar, ts map[string]*ConsensusTranscript) []Quote {
	out := []Quote{}
	for _, example := range []bool{true, false} {
		for _, x := range exemplars {
			t := ts[x.TranscriptID]
			n := cb.Resolve(x.ThemeID)
			if n == nil || n.ID != theme || x.CodebookExample != example || t == nil {
				continue
			}
			out = append(out, Quote{Exemplar: x, TranscriptTitle: t.Title, Participant: t.Participant})
		}
	}
	return out
}

// QuoteCandidate is a consensus excerpt of a theme that a lead may pick as a
// quote.
type QuoteCandidate struct {
	TranscriptID    string `json:"transcriptId"`
	TranscriptTitle string `json:"transcriptTitle"`
	Participant     string `json:"participant"`
	ExcerptID       string `json:"excerptId"`
	Start           int    `json:"start"`
	End             int    `json:"end"`
	Text            string `json:"text"`
	// Picked: a quote of the theme already holds this excerpt.
	Picked bool `json:"picked"`
	// TooLong: longer than a quote may be (tandem.MaxExemplarChars); Text
	// is then its beginning.
	TooLong bool `json:"tooLong"`
}

// Candidates lists the consensus excerpts of a theme (after merges), in the
// order of the transcripts and then of the text, with their text (text
// gives a transcript's text).
func Candidates(cb *tandem.Codebook, theme string, ts []ConsensusTranscript, exemplars []tandem.Exemplar, text func(transcriptID string) []rune) []QuoteCandidate {
	picked := map[[2]string]bool{}
	for _, x := range exemplars {
		if n := cb.Resolve(x.ThemeID); n != nil && n.ID == theme {
			picked[[2]string{x.TranscriptID, x.ExcerptID}] = true
		}
	}
	out := []QuoteCandidate{}
	for _, t := range ts {
		if t.Consensus == nil {
			continue
		}
		var runes []rune
		var mine []tandem.Excerpt
		for _, e := range t.Consensus.Excerpts {
			if slices.Contains(cb.ExcerptThemes(&e), theme) {
				mine = append(mine, e)
			}
		}
		if len(mine) > 0 {
			runes = text(t.ID)
		}
		slices.SortStableFunc(mine, func(a, b tandem.Excerpt) int { return a.Start - b.Start })
		for _, e := range mine {
			start, end := min(max(e.Start, 0), len(runes)), min(max(e.End, 0), len(runes))
			c := QuoteCandidate{TranscriptID: t.ID, TranscriptTitle: t.Title, Participant: t.Participant, ExcerptID: e.ID, Start: e.Start, End: e.End,
				Picked: picked[[2]string{t.ID, e.ID}], TooLong: e.End-e.Start > tandem.MaxExemplarChars}
			if c.TooLong {
				end = start + tandem.MaxExemplarChars
			}
			c.Text = strings.TrimSpace(string(runes[start:end]))
			out = append(out, c)
		}
	}
	return out
}
