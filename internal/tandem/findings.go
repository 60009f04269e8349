package tandem

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The findings of a study come from its consensus: how many transcripts
// and participants each theme appears in, and the quotes the lead picks to
// show it (exemplars). This file holds their rules.

// SeesConsensusFigures reports whether member m may see how coder's
// coding of the transcript compares with its consensus: a lead sees every
// coder's; a coder only their own, and only once the transcript is locked
// (before that the consensus may still change, and a coder's figures would
// move under them); a viewer none (they code nothing, and the figures are
// about named colleagues).
func (t *TranscriptInfo) SeesConsensusFigures(m *Member, coder string) bool {
	switch m.Role {
	case RoleLead:
		return true
	case RoleCoder:
		return coder == m.UserID && t.CurrentPhase() == PhaseLocked
	}
	return false
}

// MaxExemplarChars is the longest quote an exemplar holds: as long as a
// codebook example may be.
const MaxExemplarChars = maxNodeLong

// MaxExemplars is how many exemplars a project keeps.
const MaxExemplars = 2000

// Exemplar is a consensus excerpt a lead picked as a quote that shows a
// theme. It keeps the text it was picked with: a later change to the
// consensus or the text does not change a quote already in a paper.
type Exemplar struct {
	ID           string `bson:"id" json:"id"`
	ThemeID      string `bson:"themeId" json:"themeId"`
	TranscriptID string `bson:"transcriptId" json:"transcriptId"`
	ExcerptID    string `bson:"excerptId" json:"excerptId"`
	Start        int    `bson:"start" json:"start"`
	End          int    `bson:"end" json:"end"`
	Text         string `bson:"text" json:"text"`
	// CodebookExample: the quote was written into the theme's example in
	// the codebook. At most one exemplar of a theme is.
	CodebookExample bool      `bson:"codebookExample" json:"codebookExample"`
	PickedBy        string    `bson:"pickedBy" json:"pickedBy"`
	PickedByName    string    `bson:"pickedByName" json:"pickedByName"`
	PickedAt        time.Time `bson:"pickedAt" json:"pickedAt"`
}

// ExemplarSet is a project's exemplars, in the order they were picked.
type ExemplarSet struct {
	ProjectID string     `bson:"_id" json:"-"`
	Exemplars []Exemplar `bson:"exemplars" json:"exemplars"`
	// Rev changes with every write; the store uses it.
	Rev int64 `bson:"rev" json:"-"`
}

// Exemplars keeps each project's exemplars in one document: a project has
// a few per theme, and findings read them all at once.
type Exemplars interface {
	// Exemplars returns the project's exemplars (none when it has none).
	Exemplars(ctx context.Context, projectID string) (*ExemplarSet, error)
	// UpdateExemplars applies fn to the project's exemplars atomically,
	// creating the set if needed.
	UpdateExemplars(ctx context.Context, projectID string, fn func(*ExemplarSet) error) (*ExemplarSet, error)
}

// Exemplar returns the exemplar with the id, or nil.
func (s *ExemplarSet) Exemplar(id string) *Exemplar {
	for i := range s.Exemplars {
		if s.Exemplars[i].ID == id {
			return &s.Exemplars[i]
		}
	}
	return nil
}

// Example returns the theme's exemplar that is the codebook's example, or
// nil.
func (s *ExemplarSet) Example(themeID string) *Exemplar {
	for i := range s.Exemplars {
		if x := &s.Exemplars[i]; x.ThemeID == themeID && x.CodebookExample {
			return x
		}
	}
	return nil
}

// Pick adds x, or, when the same excerpt was picked for the theme before
// and x is the codebook example, marks that one. It refuses a quote picked
// already, a second codebook example of a theme, and more than
// MaxExemplars. It returns the exemplar as stored.
func (s *ExemplarSet) Pick(x Exemplar) (*Exemplar, error) {
	if x.CodebookExample {
		if ex := s.Example(x.ThemeID); ex != nil && ex.ExcerptID != x.ExcerptID {
			return nil, Errorf(CodeExampleTaken, "This theme already has a codebook example. Remove that quote first, then mark this one.")
		}
	}
	for i := range s.Exemplars {
		old := &s.Exemplars[i]
		if old.ThemeID != x.ThemeID || old.TranscriptID != x.TranscriptID || old.ExcerptID != x.ExcerptID {
			continue
		}
		if x.CodebookExample && !old.CodebookExample {
			old.CodebookExample = true
			return old, nil
		}
		return nil, Errorf(CodeConflict, "This quote is already picked for this theme.")
	}
	if len(s.Exemplars) >= MaxExemplars {
		return nil, Errorf(CodeConflict, "This project has %d quotes picked, the most it keeps. Remove some first.", MaxExemplars)
	}
	s.Exemplars = append(s.Exemplars, x)
	return &s.Exemplars[len(s.Exemplars)-1], nil
}

// Remove removes the exemplar with the id.
func (s *ExemplarSet) Remove(id string) (Exemplar, error) {
	for i, x := range s.Exemplars {
		if x.ID == id {
			s.Exemplars = slices.Delete(s.Exemplars, i, i+1)
			return x, nil
		}
	}
	return Exemplar{}, Errorf(CodeNotFound, "This quote is not picked (any more).")
}

// RemoveTranscript removes the exemplars of a transcript and reports
// whether there were any.
func (s *ExemplarSet) RemoveTranscript(transcriptID string) bool {
	n := len(s.Exemplars)
	s.Exemplars = slices.DeleteFunc(s.Exemplars, func(x Exemplar) bool { return x.TranscriptID == transcriptID })
	return len(s.Exemplars) != n
}

// ExemplarFrom makes the exemplar of a consensus excerpt for a theme, with
// the excerpt's text taken from the transcript's text. It refuses an
// excerpt that does not carry the theme (after merges) and a quote too
// long for a codebook example.
func ExemplarFrom(cb *Codebook, themeID, transcriptID string, e *Excerpt, text []rune) (Exemplar, error) {
	n := cb.Node(themeID)
	if n == nil || n.Level != LevelTheme || n.MergedInto != "" {
		return Exemplar{}, Errorf(CodeNotFound, "There is no such theme in the codebook.")
	}
	if !slices.Contains(cb.ExcerptThemes(e), themeID) {
		return Exemplar{}, Invalid("themeId", fmt.Sprintf("The consensus did not give this excerpt the theme %q. Pick a quote of that theme.", n.Name))
	}
	if e.Start < 0 || e.End > len(text) || e.End <= e.Start {
		return Exemplar{}, Errorf(CodeTextChanged, "This excerpt no longer fits the transcript's text. Reload the page.")
	}
	if e.End-e.Start > MaxExemplarChars {
		return Exemplar{}, Invalid("excerptId", fmt.Sprintf("This excerpt is too long for a quote (%d characters; at most %d). Pick a shorter one.", e.End-e.Start, MaxExemplarChars))
	}
	return Exemplar{ThemeID: themeID, TranscriptID: transcriptID, ExcerptID: e.ID, Start: e.Start, End: e.End,
		Text: strings.TrimSpace(string(text[e.Start:e.End]))}, nil
}

// InFindings reports whether a transcript's consensus counts in the
// findings member m sees: a lead's, every transcript; others', the locked
// transcripts they may read (before the lock the consensus is work in
// progress, as its figures against each coder are).
func (t *TranscriptInfo) InFindings(m *Member, sharedWithAll bool) bool {
	return m.Role == RoleLead || t.CurrentPhase() == PhaseLocked && t.CanRead(m, sharedWithAll)
}
