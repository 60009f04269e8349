package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

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

// PatchTranscript changes a transcript's details when version is current.
func (a *App) PatchTranscript(ctx context.Context, sc Scope, transcriptID string, version int64, patch tandem.TranscriptPatch) (*tandem.TranscriptInfo, error) {
	p, u := sc.Project, sc.User
	if err := patch.Validate(p); err != nil {
		return nil, err
	}
	var out tandem.TranscriptInfo
	_, err := a.store.UpdateTranscriptIndex(ctx, p.ID, func(x *tandem.TranscriptIndex) error {
		t := x.Transcript(transcriptID)
		if t == nil {
			return tandem.Errorf(tandem.CodeNotFound, "This transcript does not exist.")
		}
		if t.Version != version {
			return &tandem.Error{Code: tandem.CodeVersionConflict,
				Message: "Someone else changed this transcript's details while you were editing. The latest details are shown; your text is kept so you can apply it again.",
				Details: map[string]any{"current": *t}}
		}
		patch.Apply(t)
		t.Version++
		t.UpdatedAt = a.Now()
		out = *t
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.Audit(ctx, p.ID, u, "transcript.details_changed", fmt.Sprintf("%s changed the details of the transcript %q.", u.Name, out.Title), map[string]any{"transcriptId": transcriptID})
	return &out, nil
}

// RenameSpeakers renames speakers of a transcript whose text version is
// version (from -> to), and names the participant among them (nil: as it
// is; "": nobody).
func (a *App) RenameSpeakers(ctx context.Context, sc Scope, transcriptID string, version int64, renames map[string]string, participant *string) (*tandem.TranscriptText, *tandem.TranscriptInfo, error) {
	renames, err := tandem.CleanSpeakerRenames(renames)
	if err != nil {
		return nil, nil, err
	}
	info, err := a.Transcript(ctx, sc, transcriptID)
	if err != nil {
		return nil, nil, err
	}
	t, err := a.store.UpdateTranscriptText(ctx, info.ID, func(t *tandem.TranscriptText) error {
		if t.Version != version {
			return &tandem.Error{Code: tandem.CodeVersionConflict, Message: "This transcript changed while you were editing. Reload it and try again."}
		}
		known := map[string]bool{}
		for _, turn := range t.Turns {
			known[turn.Speaker] = true
		}
		for from := range renames {
			if !known[from] {
				return tandem.Invalid("renames", fmt.Sprintf("There is no speaker %q in this transcript.", from))
			}
		}
		for i := range t.Turns {
			if to, ok := renames[t.Turns[i].Speaker]; ok {
				t.Turns[i].Speaker = to
			}
		}
		if to, ok := renames[t.Participant]; ok {
			t.Participant = to
		}
		if participant != nil {
			after := *participant
			if to, ok := renames[after]; ok {
				after = to
			}
			found := after == ""
			for _, turn := range t.Turns {
				found = found || turn.Speaker == after
			}
			if !found {
				return tandem.Invalid("participant", fmt.Sprintf("There is no speaker %q in this transcript.", *participant))
			}
			t.Participant = after
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	p, u := sc.Project, sc.User
	a.Audit(ctx, p.ID, u, "transcript.speakers_changed", fmt.Sprintf("%s renamed speakers in the transcript %q.", u.Name, info.Title), map[string]any{"transcriptId": info.ID})
	return t, info, nil
}
