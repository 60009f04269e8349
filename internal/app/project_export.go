package app

import (
	"context"
	"fmt"
	"iter"

	"github.com/tandemqda/tandem/internal/tandem"
)

// ProjectExport is what a whole-project export (REFI-QDA .qdpx) holds: the
// project, its codebook and transcript index, and every transcript with its
// text and coding sets, read one transcript at a time as they are consumed.
type ProjectExport struct {
	Project  *tandem.Project
	Codebook *tandem.Codebook
	Index    *tandem.TranscriptIndex
	// Sources yields each transcript in the index's order with its text
	// and its non-empty coding sets (the consensus first, then the coders);
	// it stops at the first error (yielded with an empty source).
	Sources iter.Seq2[tandem.ExcerptSource, error]
}

// ProjectExport returns the whole project for an export. The caller checks
// who may have it: a lead through the API, the server's admin on its
// command line (tandem export-project).
func (a *App) ProjectExport(ctx context.Context, p *tandem.Project) (*ProjectExport, error) {
	cb, err := a.store.Codebook(ctx, p.ID)
	if err != nil {
		return nil, fmt.Errorf("load the codebook of project %s: %w", p.ID, err)
	}
	x, err := a.store.TranscriptIndex(ctx, p.ID)
	if err != nil {
		return nil, fmt.Errorf("load the transcripts of project %s: %w", p.ID, err)
	}
	all := tandem.ExcerptFilter{Sets: tandem.SetsBoth}
	sources := func(yield func(tandem.ExcerptSource, error) bool) {
		for i := range x.Transcripts {
			info := &x.Transcripts[i]
			src, err := a.excerptSource(ctx, p.ID, info, all)
			if err == nil && src.Text == nil { // no coding: the text is still exported
				var t *tandem.TranscriptText
				t, err = a.store.TranscriptText(ctx, info.ID)
				if err != nil {
					err = fmt.Errorf("load the text of transcript %s: %w", info.ID, err)
				} else {
					src.Text, src.Turns = []rune(t.Text), t.Turns
				}
			}
			if err != nil {
				yield(tandem.ExcerptSource{}, err)
				return
			}
			if !yield(src, nil) {
				return
			}
		}
	}
	return &ProjectExport{Project: p, Codebook: cb, Index: x, Sources: sources}, nil
}
