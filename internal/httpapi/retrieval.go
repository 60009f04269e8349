package httpapi

import (
	"cmp"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/tandem"
)

// retrievedExcerpt is an excerpt with where it comes from and its text.
type retrievedExcerpt struct {
	TranscriptID    string                `json:"transcriptId"`
	TranscriptTitle string                `json:"transcriptTitle"`
	CoderID         string                `json:"coderId"`
	CoderName       string                `json:"coderName"`
	ResearcherType  tandem.ResearcherType `json:"researcherType"`
	tandem.Excerpt
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
	// Passage is the excerpt with the text around it, turn by turn.
	Passage []tandem.PassageTurn `json:"passage"`
}

// Retrieval limits.
const (
	maxRetrieved   = 1000
	defaultContext = 200
	maxContext     = 2000
)

// retrieve lists the excerpts of a theme, or of any theme of a category or
// domain, across the transcripts the member may read, with the text around
// each; filters: coder, researcherType, transcript. Blind coding is
// respected: others' excerpts only where the member sees all coding.
func (s *Server) retrieve(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p := sc.Project
	cb, err := s.store.Codebook(c.UserContext(), p.ID)
	if err != nil {
		return err
	}
	node := cb.Node(c.Query("node"))
	if node == nil {
		return tandem.Invalid("node", "Choose a theme, category or domain of this project's codebook.")
	}
	context := c.QueryInt("context", defaultContext)
	if context < 0 || context > maxContext {
		return tandem.Invalid("context", "Context is from 0 to 2,000 characters on each side.")
	}
	limit, offset := c.QueryInt("limit", 200), c.QueryInt("offset", 0)
	if limit < 1 || limit > maxRetrieved || offset < 0 {
		return tandem.Invalid("limit", "Ask for 1 to 1,000 excerpts at a time, from offset 0 or more.")
	}
	coder, rtype, tid := c.Query("coder"), tandem.ResearcherType(c.Query("researcherType")), c.Query("transcript")
	sets, infos, err := s.app.VisibleSets(c.UserContext(), sc, func(t *tandem.TranscriptInfo) bool { return tid == "" || t.ID == tid })
	if err != nil {
		return err
	}
	want := cb.Subtree(node.ID)
	var found []retrievedExcerpt
	for _, set := range sets {
		m := p.Member(set.CoderID)
		if coder != "" && set.CoderID != coder {
			continue
		}
		if rtype != "" && (m == nil || m.ResearcherType != rtype) {
			continue
		}
		for i := range set.Excerpts {
			e := set.Excerpts[i]
			e.Themes = cb.ExcerptThemes(&e)
			if !slices.ContainsFunc(e.Themes, func(th string) bool { return want[th] }) {
				continue
			}
			r := retrievedExcerpt{TranscriptID: set.TranscriptID, TranscriptTitle: infos[set.TranscriptID].Title, CoderID: set.CoderID, Excerpt: e}
			if m != nil {
				r.CoderName, r.ResearcherType = m.DisplayName, m.ResearcherType
			}
			found = append(found, r)
		}
	}
	slices.SortStableFunc(found, func(a, b retrievedExcerpt) int {
		return cmp.Or(strings.Compare(a.TranscriptTitle, b.TranscriptTitle), a.Start-b.Start)
	})
	total := len(found)
	found = found[min(offset, total):min(offset+limit, total)]
	texts := map[string][]rune{}
	turns := map[string][]tandem.Turn{}
	for i := range found {
		r := &found[i]
		text, ok := texts[r.TranscriptID]
		if !ok {
			t, err := s.store.TranscriptText(c.UserContext(), r.TranscriptID)
			if err != nil {
				return err
			}
			text, turns[r.TranscriptID] = []rune(t.Text), t.Turns
			texts[r.TranscriptID] = text
		}
		start, end := min(r.Start, len(text)), min(r.End, len(text))
		r.Text = string(text[start:end])
		r.Passage = tandem.Passage(text, turns[r.TranscriptID], start, end, context)
		for _, turn := range turns[r.TranscriptID] {
			if turn.Start <= start && start < turn.End {
				r.Speaker = turn.Speaker
				break
			}
		}
	}
	if found == nil {
		found = []retrievedExcerpt{}
	}
	return c.JSON(fiber.Map{"node": node, "total": total, "offset": offset, "excerpts": found})
}

// themeCounts counts the excerpts of each theme per transcript, over the
// coding the member may see.
func (s *Server) themeCounts(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p := sc.Project
	cb, err := s.store.Codebook(c.UserContext(), p.ID)
	if err != nil {
		return err
	}
	sets, _, err := s.app.VisibleSets(c.UserContext(), sc, nil)
	if err != nil {
		return err
	}
	usage := tandem.Usage(cb, sets)
	return c.JSON(fiber.Map{"themes": usage, "cooccurrences": tandem.Cooccurrences(cb, sets)})
}
