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
		t := report.Transcript{ID: info.ID, Title: info.Title}
		for _, coder := range info.CodedBy {
			if onlyC != nil && !onlyC[coder] {
				continue
			}
			set, err := a.store.CodingSet(ctx, p.ID, info.ID, coder)
			if errors.Is(err, tandem.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, nil, nil, err
			}
			if set.Status == tandem.CodingSubmitted {
				t.Sets = append(t.Sets, set)
				seen[coder] = true
			}
		}
		text, err := a.store.TranscriptText(ctx, info.ID)
		if err != nil {
			return nil, nil, nil, err
		}
		t.Text, t.Turns = []rune(text.Text), text.Turns
		ts = append(ts, t)
	}
	coders := []report.Coder{} // a list, also when nobody submitted
	for id := range seen {
		rc := report.Coder{ID: id, Name: "Former member"}
		if m := p.Member(id); m != nil {
			rc.Name, rc.Type = m.DisplayName, m.ResearcherType
		}
		coders = append(coders, rc)
	}
	slices.SortFunc(coders, func(a, b report.Coder) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	return cb, coders, ts, nil
}
