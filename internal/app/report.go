package app

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/tandemqda/tandem/internal/report"
	"github.com/tandemqda/tandem/internal/tandem"
)

// ReportInput loads what an agreement report is computed from: the
// codebook, and the submitted sets (of the coders in onlyC, when given) of
// the transcripts (in onlyT, when given) on which the member may see every
// coder's coding. Figures drawn from others' sets are others' coding: a
// member who codes blind gets none from a transcript not revealed to them.
func (a *App) ReportInput(ctx context.Context, sc Scope, onlyT, onlyC map[string]bool) (*tandem.Codebook, []report.Coder, []report.Transcript, error) {
	p, m := sc.Project, sc.Member
	cb, err := a.store.Codebook(ctx, p.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	x, err := a.store.TranscriptIndex(ctx, p.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	var ts []report.Transcript
	seen := map[string]bool{}
	for i := range x.Transcripts {
		info := &x.Transcripts[i]
		if onlyT != nil && !onlyT[info.ID] || !info.CanRead(m, p.ShareTranscripts) || !info.SeesAllCoding(m, p.OpenCoding) {
			continue
		}
		sets, err := a.submittedSets(ctx, p.ID, info, func(coder string) bool { return onlyC == nil || onlyC[coder] })
		if err != nil {
			return nil, nil, nil, err
		}
		t, err := a.reportTranscript(ctx, info, sets, seen)
		if err != nil {
			return nil, nil, nil, err
		}
		ts = append(ts, t)
	}
	return cb, reportCoders(p, seen), ts, nil
}

// submittedSets loads the submitted sets of the transcript's coders that
// want accepts.
func (a *App) submittedSets(ctx context.Context, projectID string, info *tandem.TranscriptInfo, want func(coder string) bool) ([]*tandem.CodingSet, error) {
	var out []*tandem.CodingSet
	for _, coder := range info.CodedBy {
		if !want(coder) {
			continue
		}
		set, err := a.store.CodingSet(ctx, projectID, info.ID, coder)
		if errors.Is(err, tandem.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if set.Status == tandem.CodingSubmitted {
			out = append(out, set)
		}
	}
	return out, nil
}

// reportTranscript loads the transcript's text for a report over sets, and
// notes their coders in seen.
func (a *App) reportTranscript(ctx context.Context, info *tandem.TranscriptInfo, sets []*tandem.CodingSet, seen map[string]bool) (report.Transcript, error) {
	text, err := a.store.TranscriptText(ctx, info.ID)
	if err != nil {
		return report.Transcript{}, err
	}
	for _, s := range sets {
		if s.CoderID != tandem.ConsensusCoder {
			seen[s.CoderID] = true
		}
	}
	return report.Transcript{ID: info.ID, Title: info.Title, Text: []rune(text.Text), Turns: text.Turns, Sets: sets}, nil
}

// reportCoders lists the coders seen, by name, with their researcher types.
func reportCoders(p *tandem.Project, seen map[string]bool) []report.Coder {
	coders := []report.Coder{} // a list, also when nobody submitted
	for id := range seen {
		rc := report.Coder{ID: id, Name: "Former member"}
		if m := p.Member(id); m != nil {
			rc.Name, rc.Type = m.DisplayName, m.ResearcherType
		}
		coders = append(coders, rc)
	}
	slices.SortFunc(coders, func(a, b report.Coder) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	return coders
}
