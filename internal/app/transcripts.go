package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/tandemqda/tandem/internal/tandem"
)

// Transcript returns the entry of a transcript the member may read. A
// redaction of it that died is finished first (see redaction.go).
func (a *App) Transcript(ctx context.Context, sc Scope, id string) (*tandem.TranscriptInfo, error) {
	x, err := a.store.TranscriptIndex(ctx, sc.Project.ID)
	if err != nil {
		return nil, err
	}
	t := x.Transcript(id)
	if t == nil || !t.CanRead(sc.Member, sc.Project.ShareTranscripts) {
		return nil, tandem.Errorf(tandem.CodeNotFound, "This transcript does not exist, or it is not assigned to you.")
	}
	if t.RedactionTo != 0 && !t.Redacting(a.Now()) {
		return a.settleRedaction(ctx, sc.Project.ID, t)
	}
	return t, nil
}

// TranscriptWithText returns the entry of a transcript the member may read,
// as Transcript does, and its text.
func (a *App) TranscriptWithText(ctx context.Context, sc Scope, id string) (*tandem.TranscriptInfo, *tandem.TranscriptText, error) {
	info, err := a.Transcript(ctx, sc, id)
	if err != nil {
		return nil, nil, err
	}
	t, err := a.store.TranscriptText(ctx, info.ID)
	if err != nil {
		return nil, nil, err
	}
	return info, t, nil
}

// TextHash is the hash of a transcript's text that finds a text uploaded twice.
func TextHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}
