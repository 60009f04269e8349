package tandem

import (
	"fmt"
	"slices"
	"time"
)

// CodingStatus is where a coder is with a transcript.
type CodingStatus string

// Coding statuses.
const (
	CodingInProgress CodingStatus = "in_progress"
	CodingSubmitted  CodingStatus = "submitted"
)

// Limits of coding.
const (
	MaxExcerptsPerSet   = 10000
	MaxThemesPerExcerpt = 20
	MaxMemo             = 10000
)

// Excerpt is a span [Start, End) of a transcript's text, in Unicode code
// points, with the themes a coder applied to it and an optional memo.
type Excerpt struct {
	ID        string    `bson:"id" json:"id"`
	Start     int       `bson:"start" json:"start"`
	End       int       `bson:"end" json:"end"`
	Themes    []string  `bson:"themes" json:"themes"`
	Memo      string    `bson:"memo" json:"memo"`
	CreatedAt time.Time `bson:"createdAt" json:"createdAt"`
	UpdatedAt time.Time `bson:"updatedAt" json:"updatedAt"`
}

// CodingSet is all excerpts of one coder on one transcript.
type CodingSet struct {
	ID           string       `bson:"_id" json:"-"`
	ProjectID    string       `bson:"projectId" json:"-"`
	TranscriptID string       `bson:"transcriptId" json:"transcriptId"`
	CoderID      string       `bson:"coderId" json:"coderId"`
	Status       CodingStatus `bson:"status" json:"status"`
	SubmittedAt  *time.Time   `bson:"submittedAt,omitempty" json:"submittedAt,omitempty"`
	UpdatedAt    time.Time    `bson:"updatedAt" json:"updatedAt"`
	// Version counts the set's changes; a write carries the version it was
	// based on.
	Version int64 `bson:"version" json:"version"`
	// TextVersion is the version of the transcript's text that the
	// excerpts' positions refer to (0: the text as it was before any
	// redaction moved it). A redaction moves every set to its version.
	TextVersion int64     `bson:"textVersion,omitempty" json:"-"`
	Excerpts    []Excerpt `bson:"excerpts" json:"excerpts"`
}

// CodingSetID is the id of a coder's set on a transcript.
func CodingSetID(transcriptID, coderID string) string { return transcriptID + ":" + coderID }

// Excerpt returns the excerpt with the id, or nil.
func (s *CodingSet) Excerpt(id string) *Excerpt {
	for i := range s.Excerpts {
		if s.Excerpts[i].ID == id {
			return &s.Excerpts[i]
		}
	}
	return nil
}

// CheckWritable refuses changes to a submitted set.
func (s *CodingSet) CheckWritable() error {
	if s.Status == CodingSubmitted {
		return Errorf(CodeCodingSubmitted, "This coding was submitted. Reopen it to change it.")
	}
	return nil
}

// CheckSpan checks an excerpt's bounds against a text of textLen code points.
func CheckSpan(start, end, textLen int) error {
	switch {
	case start < 0 || end < 0:
		return Invalid("start", "An excerpt cannot start before the text.")
	case end > textLen:
		return Invalid("end", fmt.Sprintf("An excerpt cannot end after the text (it has %d characters).", textLen))
	case end <= start:
		return Invalid("end", "An excerpt must end after it starts: select some text.")
	}
	return nil
}

// ResolveThemes checks the themes an excerpt would carry against the
// codebook: each must be an active theme (a merged theme resolves to the one
// it was merged into). It returns them resolved, without repeats.
func ResolveThemes(cb *Codebook, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, Invalid("themes", "Choose at least one theme.")
	}
	if len(ids) > MaxThemesPerExcerpt {
		return nil, Invalid("themes", fmt.Sprintf("An excerpt can carry at most %d themes.", MaxThemesPerExcerpt))
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		n := cb.Resolve(id)
		switch {
		case n == nil:
			return nil, &Error{Code: CodeThemeNotUsable, Message: "One of the themes is not in this project's codebook.", Details: map[string]string{"field": "themes", "themeId": id}}
		case n.Level != LevelTheme:
			return nil, &Error{Code: CodeThemeNotUsable, Message: fmt.Sprintf("%q is a %s; only themes are applied to text.", n.Name, n.Level), Details: map[string]string{"field": "themes", "themeId": id}}
		case n.Status == StatusArchived:
			return nil, &Error{Code: CodeThemeNotUsable, Message: fmt.Sprintf("The theme %q is archived and cannot be applied any more.", n.Name), Details: map[string]string{"field": "themes", "themeId": id}}
		case n.Status == StatusProposed:
			return nil, &Error{Code: CodeThemeNotUsable, Message: fmt.Sprintf("The theme %q is still a proposal; it can be applied once a lead accepts it.", n.Name), Details: map[string]string{"field": "themes", "themeId": id}}
		}
		if !slices.Contains(out, n.ID) {
			out = append(out, n.ID)
		}
	}
	return out, nil
}

// MemoField is an excerpt's memo.
var MemoField = TextField{Field: "memo", Label: "The memo", Max: MaxMemo, Multiline: true}

// CleanMemo checks a memo.
func CleanMemo(memo string) (string, error) { return MemoField.Clean(memo) }

// AddExcerpt adds an excerpt whose fields are already checked. Adding an
// excerpt with an id the set already has is refused unless it is the same
// excerpt (a retried request), which is then a no-op; it reports whether it
// added.
func (s *CodingSet) AddExcerpt(e Excerpt) (bool, error) {
	if old := s.Excerpt(e.ID); old != nil {
		if old.Start == e.Start && old.End == e.End && slices.Equal(old.Themes, e.Themes) && old.Memo == e.Memo {
			return false, nil
		}
		return false, Errorf(CodeConflict, "There is already another excerpt with this id.")
	}
	if len(s.Excerpts) >= MaxExcerptsPerSet {
		return false, Errorf(CodeInvalidInput, "A coding set can hold at most %d excerpts.", MaxExcerptsPerSet)
	}
	s.Excerpts = append(s.Excerpts, e)
	return true, nil
}

// DeleteExcerpt removes an excerpt.
func (s *CodingSet) DeleteExcerpt(id string) error {
	n := len(s.Excerpts)
	s.Excerpts = slices.DeleteFunc(s.Excerpts, func(e Excerpt) bool { return e.ID == id })
	if len(s.Excerpts) == n {
		return Errorf(CodeNotFound, "There is no such excerpt (it may have been deleted already).")
	}
	return nil
}

// SortExcerpts orders excerpts by where they start, then by length.
func SortExcerpts(es []Excerpt) {
	slices.SortStableFunc(es, func(a, b Excerpt) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
}
