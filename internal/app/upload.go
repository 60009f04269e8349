package app

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/transcript"
)

// Upload parses one uploaded file (read gives its bytes) and stores it as
// a transcript of the project. It stores the text first (invisible until
// listed), then its entry in the project's index, which also refuses a text
// the project already has. If listing fails, the text is deleted again.
func (a *App) Upload(ctx context.Context, sc Scope, name string, read func() ([]byte, error), lim transcript.Limits) (*tandem.TranscriptInfo, error) {
	p, u := sc.Project, sc.User
	data, err := read()
	if err != nil {
		return nil, err
	}
	parsed, err := transcript.Parse(name, data, lim)
	if err != nil {
		return nil, err
	}
	hash := TextHash(parsed.Text)
	duplicate := func(x *tandem.TranscriptIndex) error {
		for _, t := range x.Transcripts {
			if t.TextHash == hash {
				return tandem.Errorf(tandem.CodeConflict, "This text is already in the project as %q.", t.Title)
			}
		}
		return nil
	}
	x, err := a.store.TranscriptIndex(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	if err := duplicate(x); err != nil {
		return nil, err
	}
	now := a.Now()
	info := tandem.TranscriptInfo{
		ID: uuid.NewString(), Title: parsed.Title, Format: string(parsed.Format), FileName: cleanFileName(name),
		Attributes: map[string]string{}, AssignedCoders: []string{},
		Words: transcript.Words(parsed.Text), Chars: utf8.RuneCountInString(parsed.Text), TurnCount: len(parsed.Turns), TextHash: hash,
		CreatedAt: now, CreatedBy: u.ID, UpdatedAt: now,
	}
	text := &tandem.TranscriptText{ID: info.ID, ProjectID: p.ID, Text: parsed.Text, Turns: parsed.Turns, Participant: transcript.GuessParticipant(parsed.Turns)}
	if err := a.store.PutTranscriptText(ctx, text); err != nil {
		return nil, err
	}
	_, err = a.store.UpdateTranscriptIndex(ctx, p.ID, func(x *tandem.TranscriptIndex) error {
		if err := duplicate(x); err != nil {
			return err
		}
		x.Transcripts = append(x.Transcripts, info)
		return nil
	})
	if err != nil {
		if derr := a.store.DeleteTranscriptText(context.WithoutCancel(ctx), info.ID); derr != nil {
			a.log.Error("remove text of a transcript that was not listed", "transcript", info.ID, "error", derr)
		}
		return nil, err
	}
	a.Audit(ctx, p.ID, u, "transcript.uploaded", fmt.Sprintf("%s uploaded the transcript %q (%d words).", u.Name, info.Title, info.Words),
		map[string]any{"transcriptId": info.ID})
	return &info, nil
}

func cleanFileName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > 255 {
		name = string([]rune(name)[:255])
	}
	return name
}
