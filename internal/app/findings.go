package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/tandemqda/tandem/internal/report"
	"github.com/tandemqda/tandem/internal/tandem"
)

// consensusOf returns the transcript's consensus set, or nil when it has
// none yet. A transcript whose entry says it has none is not read: the flag
// is set when the set is first written (the flag came with the consensus,
// so no set predates it). It is loaded as every reader loads a set
// (LoadSet), so that during a redaction its excerpts are on the new text.
func (a *App) consensusOf(ctx context.Context, projectID string, info *tandem.TranscriptInfo) (*tandem.CodingSet, error) {
	if !info.HasConsensus {
		return nil, nil
	}
	set, err := a.LoadSet(ctx, projectID, info, tandem.ConsensusCoder)
	if err != nil {
		return nil, fmt.Errorf("load the consensus of transcript %s: %w", info.ID, err)
	}
	if set.Version == 0 {
		return nil, nil // flagged, but the first write did not happen
	}
	return set, nil
}

// ConsensusAgreement compares each coder's submitted coding with the
// consensus, over the transcripts with a consensus set, as far as the
// member may see it (tandem.TranscriptInfo.SeesConsensusFigures): a lead
// every coder, a coder only themselves on locked transcripts.
func (a *App) ConsensusAgreement(ctx context.Context, sc Scope, opt report.Options) (*report.ConsensusReport, error) {
	p, m := sc.Project, sc.Member
	cb, err := a.store.Codebook(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	x, err := a.store.TranscriptIndex(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	var ts []report.Transcript
	seen := map[string]bool{}
	for i := range x.Transcripts {
		info := &x.Transcripts[i]
		if !info.CanRead(m, p.ShareTranscripts) {
			continue
		}
		sets, err := a.submittedSets(ctx, p.ID, info, func(coder string) bool { return info.SeesConsensusFigures(m, coder) })
		if err != nil {
			return nil, err
		}
		if len(sets) == 0 && m.Role != tandem.RoleLead {
			continue // nothing of theirs to compare here
		}
		cons, err := a.consensusOf(ctx, p.ID, info)
		if err != nil || cons == nil {
			if err != nil {
				return nil, err
			}
			continue
		}
		t, err := a.reportTranscript(ctx, info, append(sets, cons), seen)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	return report.AgainstConsensus(cb, reportCoders(p, seen), ts, opt), nil
}

// findingsInput loads the codebook, the transcripts with a consensus set
// that count in the member's findings (tandem.TranscriptInfo.InFindings),
// and the project's exemplars.
func (a *App) findingsInput(ctx context.Context, sc Scope) (*tandem.Codebook, []report.ConsensusTranscript, []tandem.Exemplar, error) {
	p, m := sc.Project, sc.Member
	cb, err := a.store.Codebook(ctx, p.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	x, err := a.store.TranscriptIndex(ctx, p.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	var ts []report.ConsensusTranscript
	for i := range x.Transcripts {
		info := &x.Transcripts[i]
		if !info.InFindings(m, p.ShareTranscripts) {
			continue
		}
		cons, err := a.consensusOf(ctx, p.ID, info)
		if err != nil {
			return nil, nil, nil, err
		}
		if cons != nil {
			ts = append(ts, report.ConsensusTranscript{ID: info.ID, Title: info.Title, Participant: info.Participant, Consensus: cons})
		}
	}
	xs, err := a.store.Exemplars(ctx, p.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	return cb, ts, xs.Exemplars, nil
}

// Findings are the project's findings as far as the member may see them;
// with a theme, also the consensus excerpts of that theme to pick quotes
// from.
func (a *App) Findings(ctx context.Context, sc Scope, theme string) (*report.Findings, error) {
	cb, ts, xs, err := a.findingsInput(ctx, sc)
	if err != nil {
		return nil, err
	}
	f := report.BuildFindings(cb, ts, xs)
	if theme == "" {
		return f, nil
	}
	if n := cb.Node(theme); n == nil || n.Level != tandem.LevelTheme || n.MergedInto != "" {
		return nil, tandem.Errorf(tandem.CodeNotFound, "There is no such theme in the codebook.")
	}
	var textErr error
	f.Candidates = report.Candidates(cb, theme, ts, xs, func(id string) []rune {
		t, err := a.store.TranscriptText(ctx, id)
		if err != nil {
			textErr = cmp.Or(textErr, err)
			return nil
		}
		return []rune(t.Text)
	})
	if textErr != nil {
		return nil, textErr
	}
	return f, nil
}

// ExemplarPick is a lead's pick of a consensus excerpt as a quote for a
// theme; CodebookExample also writes it into the theme's example in the
// codebook, whose version the lead saw is CodebookVersion.
type ExemplarPick struct {
	ThemeID         string `json:"themeId"`
	TranscriptID    string `json:"transcriptId"`
	ExcerptID       string `json:"excerptId"`
	CodebookExample bool   `json:"codebookExample"`
	CodebookVersion *int64 `json:"codebookVersion"`
}

// PickExemplar keeps a consensus excerpt as a quote for a theme, with its
// text as it is now. As the codebook's example it also writes the quote
// into the theme's example, as a codebook change (a new version). The two
// are different documents: the pick is stored first and taken back if the
// codebook refuses the change (someone changed it meanwhile), so that an
// exemplar marked as the example always has its quote in the codebook.
// It returns the exemplar and, when it changed, the codebook.
func (a *App) PickExemplar(ctx context.Context, sc Scope, in ExemplarPick) (*tandem.Exemplar, *tandem.Codebook, error) {
	p, u, me := sc.Project, sc.User, sc.Member
	if in.CodebookExample && in.CodebookVersion == nil {
		return nil, nil, tandem.Invalid("codebookVersion", "Send the version of the codebook you saw.")
	}
	info, text, err := a.TranscriptWithText(ctx, sc, in.TranscriptID)
	if err != nil {
		return nil, nil, err
	}
	if info.RedactionTo != 0 {
		return nil, nil, busyRedacting()
	}
	cons, err := a.consensusOf(ctx, p.ID, info)
	if err != nil {
		return nil, nil, err
	}
	var e *tandem.Excerpt
	if cons != nil {
		e = cons.Excerpt(in.ExcerptID)
	}
	if e == nil {
		return nil, nil, tandem.Errorf(tandem.CodeNotFound, "This excerpt is not in the consensus of this transcript. Reload the page to see the consensus as it is now.")
	}
	cb, err := a.store.Codebook(ctx, p.ID)
	if err != nil {
		return nil, nil, err
	}
	x, err := tandem.ExemplarFrom(cb, in.ThemeID, info.ID, e, []rune(text.Text))
	if err != nil {
		return nil, nil, err
	}
	if in.CodebookExample && cb.Version != *in.CodebookVersion {
		return nil, nil, stale(cb, staleCodebook)
	}
	x.ID, x.CodebookExample, x.PickedBy, x.PickedByName, x.PickedAt = uuid.NewString(), in.CodebookExample, u.ID, me.DisplayName, a.Now()
	var stored tandem.Exemplar
	var marked bool // an earlier pick of the same quote was marked
	if _, err := a.store.UpdateExemplars(ctx, p.ID, func(s *tandem.ExemplarSet) error {
		got, err := s.Pick(x)
		if err == nil {
			stored, marked = *got, got.ID != x.ID
		}
		return err
	}); err != nil {
		return nil, nil, err
	}
	theme := cb.Node(in.ThemeID).Name
	var changed *tandem.Codebook
	if in.CodebookExample {
		changed, err = a.ChangeCodebook(ctx, sc, *in.CodebookVersion, func(cb *tandem.Codebook, _ *tandem.Member) (string, error) {
			n := cb.Node(in.ThemeID)
			if n == nil {
				return "", tandem.Errorf(tandem.CodeNotFound, "There is no such theme in the codebook.")
			}
			text := n.NodeText
			text.Example = stored.Text
			if err := cb.Edit(n.ID, text); err != nil {
				return "", err
			}
			return fmt.Sprintf("the example of %q is now a consensus quote from %q", n.Name, info.Title), nil
		})
		if err != nil {
			a.takeBackPick(ctx, p.ID, stored.ID, marked)
			return nil, nil, err
		}
	}
	a.Audit(ctx, p.ID, u, "exemplar.picked", fmt.Sprintf("%s picked a quote from %q for the theme %q%s.", me.DisplayName, info.Title, theme,
		map[bool]string{true: " as the codebook's example"}[in.CodebookExample]),
		map[string]any{"exemplarId": stored.ID, "themeId": in.ThemeID, "transcriptId": info.ID, "excerptId": e.ID, "codebookExample": in.CodebookExample})
	return &stored, changed, nil
}

// takeBackPick undoes a pick whose codebook change failed: it unmarks an
// earlier pick, or removes a new one.
func (a *App) takeBackPick(ctx context.Context, projectID, id string, marked bool) {
	_, err := a.store.UpdateExemplars(context.WithoutCancel(ctx), projectID, func(s *tandem.ExemplarSet) error {
		if x := s.Exemplar(id); x != nil && marked {
			x.CodebookExample = false
			return nil
		}
		_, err := s.Remove(id)
		return err
	})
	if err != nil {
		a.log.Error("take back an exemplar whose codebook change failed", "project", projectID, "exemplar", id, "error", err)
	}
}

// RemoveExemplar removes a picked quote. The codebook keeps its example
// text: it is the codebook's own from the moment it was written there.
func (a *App) RemoveExemplar(ctx context.Context, sc Scope, id string) error {
	p, u, me := sc.Project, sc.User, sc.Member
	var removed tandem.Exemplar
	if _, err := a.store.UpdateExemplars(ctx, p.ID, func(s *tandem.ExemplarSet) error {
		var err error
		removed, err = s.Remove(id)
		return err
	}); err != nil {
		return err
	}
	a.Audit(ctx, p.ID, u, "exemplar.removed", fmt.Sprintf("%s removed a picked quote: %q.", me.DisplayName, clip(removed.Text, 80)),
		map[string]any{"exemplarId": id, "themeId": removed.ThemeID, "transcriptId": removed.TranscriptID})
	return nil
}

// RemoveTranscriptExemplars removes the exemplars of a deleted transcript.
func (a *App) RemoveTranscriptExemplars(ctx context.Context, projectID, transcriptID string) error {
	xs, err := a.store.Exemplars(ctx, projectID)
	if err == nil && !slices.ContainsFunc(xs.Exemplars, func(x tandem.Exemplar) bool { return x.TranscriptID == transcriptID }) {
		return nil
	}
	if err == nil {
		_, err = a.store.UpdateExemplars(ctx, projectID, func(s *tandem.ExemplarSet) error {
			s.RemoveTranscript(transcriptID)
			return nil
		})
	}
	if err != nil {
		return fmt.Errorf("remove the exemplars of transcript %s: %w", transcriptID, err)
	}
	return nil
}

// clip shortens s to at most n characters, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
