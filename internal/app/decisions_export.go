package app

import (
	"context"
	"strings"

	"github.com/tandemqda/tandem/internal/tandem"
)

// DecisionsExport is what the decisions workbook holds: the decisions log
// as the filter narrows it, with the codebook and the transcripts that name
// its themes and transcripts, and the filter in words.
type DecisionsExport struct {
	Codebook    *tandem.Codebook
	Transcripts *tandem.TranscriptIndex
	Decisions   []tandem.Decision
	Filters     string // "" for every decision
}

// DecisionsExport returns the decisions log for the workbook. It is for
// leads. A theme or transcript the project does not have is refused with a
// plain message (the log itself would only be empty).
func (a *App) DecisionsExport(ctx context.Context, sc Scope, f DecisionFilter) (*DecisionsExport, error) {
	p, m := sc.Project, sc.Member
	if m.Role != tandem.RoleLead {
		return nil, tandem.Errorf(tandem.CodeForbidden, "Only a lead can export the decisions.")
	}
	cb, err := a.store.Codebook(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	x, err := a.store.TranscriptIndex(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	var words []string
	if f.Theme != "" {
		n := cb.Node(f.Theme)
		if n == nil || n.Level != tandem.LevelTheme {
			return nil, tandem.Invalid("theme", "That theme is not in the codebook. Choose a theme from the list.")
		}
		words = append(words, "theme: "+n.Name)
	}
	if f.Transcript != "" {
		info := x.Transcript(f.Transcript)
		if info == nil || !info.CanRead(m, p.ShareTranscripts) {
			return nil, tandem.Invalid("transcript", "That transcript is not in this project. Choose one from the list.")
		}
		words = append(words, "transcript: "+info.Title)
	}
	if f.Action != "" {
		words = append(words, "action: "+strings.ToLower(f.Action.Words()))
	}
	if f.Split {
		words = append(words, "only peer/academic splits")
	}
	log, err := a.DecisionsLog(ctx, sc, f)
	if err != nil {
		return nil, err
	}
	return &DecisionsExport{Codebook: cb, Transcripts: x, Decisions: log, Filters: strings.Join(words, "; ")}, nil
}
