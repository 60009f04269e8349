package app

import (
	"context"
	"fmt"
	"iter"

	"github.com/tandemqda/tandem/internal/tandem"
)

// ExcerptExport is what an excerpt export holds: the codebook and the
// filter it was asked with, and its rows, read one transcript at a time.
type ExcerptExport struct {
	Codebook *tandem.Codebook
	Filter   tandem.ExcerptFilter
	// Rows yields the rows; it loads one transcript's text and coding sets
	// at a time, so the rows of a whole project are never all in memory.
	// It stops at the first error (yielded with an empty row).
	Rows iter.Seq2[tandem.ExcerptRow, error]
}

// ExcerptExport reads an excerpt export's choices (as the request gives
// them; see tandem.ParseExcerptFilter) and returns the export, whose rows are
// read as they are consumed. It is for leads, who see every coder's coding
// and the consensus.
func (a *App) ExcerptExport(ctx context.Context, sc Scope, sets, themes, transcripts string) (*ExcerptExport, error) {
	p, m := sc.Project, sc.Member
	if m.Role != tandem.RoleLead {
		return nil, tandem.Errorf(tandem.CodeForbidden, "Only a lead can export the excerpts.")
	}
	cb, err := a.store.Codebook(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	x, err := a.store.TranscriptIndex(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	f, err := tandem.ParseExcerptFilter(cb, x, sets, themes, transcripts)
	if err != nil {
		return nil, err
	}
	rows := func(yield func(tandem.ExcerptRow, error) bool) {
		for i := range x.Transcripts {
			info := &x.Transcripts[i]
			if f.Transcripts != nil && !f.Transcripts[info.ID] || !info.CanRead(m, p.ShareTranscripts) {
				continue
			}
			src, err := a.excerptSource(ctx, p.ID, info, f)
			if err != nil {
				yield(tandem.ExcerptRow{}, err)
				return
			}
			if len(src.Sets) == 0 {
				continue
			}
			for _, r := range tandem.ExcerptRows(cb, p, src, f) {
				if !yield(r, nil) {
					return
				}
			}
		}
	}
	return &ExcerptExport{Codebook: cb, Filter: f, Rows: rows}, nil
}

// excerptSource loads one transcript's coding sets that the filter keeps
// (the consensus set, when there is one, and the coders'), with the text
// when any set has excerpts.
func (a *App) excerptSource(ctx context.Context, projectID string, info *tandem.TranscriptInfo, f tandem.ExcerptFilter) (tandem.ExcerptSource, error) {
	src := tandem.ExcerptSource{Info: info}
	owners := []string{}
	if f.Wants(tandem.ConsensusCoder) && info.HasConsensus { // no set to read before the first decision or seed
		owners = append(owners, tandem.ConsensusCoder)
	}
	if f.Sets != tandem.SetsConsensus {
		owners = append(owners, info.CodedBy...)
	}
	for _, owner := range owners {
		// No set (no consensus yet) reads as an empty one; LoadSet moves the
		// excerpts to the current text while a redaction is under way.
		set, err := a.LoadSet(ctx, projectID, info, owner)
		if err != nil {
			return src, fmt.Errorf("load the coding of %s on transcript %s: %w", owner, info.ID, err)
		}
		if len(set.Excerpts) > 0 {
			src.Sets = append(src.Sets, set)
		}
	}
	if len(src.Sets) == 0 {
		return src, nil
	}
	t, err := a.store.TranscriptText(ctx, info.ID)
	if err != nil {
		return src, fmt.Errorf("load the text of transcript %s: %w", info.ID, err)
	}
	src.Text, src.Turns = []rune(t.Text), t.Turns
	return src, nil
}
