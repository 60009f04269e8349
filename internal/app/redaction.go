package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/transcript"
)

// A redaction replaces identifiers in a transcript's text at any time, also
// after coding started: every coding set of the transcript is moved so that
// each excerpt covers the same words. No write spans documents, so it goes
// in steps, each one atomic and safe to repeat:
//
//  1. the transcript's entry is marked (RedactionTo): no coder starts a set,
//     and excerpt writes wait (transcript_busy) until the mark is gone;
//  2. the text changes, and keeps the edits (positions and lengths, never
//     the words) beside it;
//  3. each coder's set is moved through the edits; a set records the text
//     version its positions refer to, so moving it twice does nothing;
//  4. the mark goes, with the new counts.
//
// A redaction that dies between steps is finished by the next request that
// reads the transcript once the mark is stale (settleRedaction). A write
// based on an older version of a set fails as usual (409) after step 3,
// and positions sent with the text version they were taken on are moved
// through the edits (PositionsNow), so that a tab opened before the
// redaction saves its last change in the right place.

// MaxReplacements bounds the replacements of one redaction.
const MaxReplacements = 10000

// Redact replaces identifiers in the text of a transcript whose text
// version is version, moves every coding set to the new text, and records
// in the audit log how many words were replaced (never the words). The
// original words are not kept anywhere.
func (a *App) Redact(ctx context.Context, sc Scope, transcriptID string, version int64, reps []transcript.Replacement) (*tandem.TranscriptInfo, *tandem.TranscriptText, error) {
	if len(reps) == 0 || len(reps) > MaxReplacements {
		return nil, nil, tandem.Invalid("replacements", "Send from 1 to 10,000 replacements.")
	}
	p := sc.Project
	info, err := a.Transcript(ctx, sc, transcriptID)
	if err != nil {
		return nil, nil, err
	}
	if _, err := a.store.UpdateTranscriptIndex(ctx, p.ID, func(x *tandem.TranscriptIndex) error {
		e := x.Transcript(info.ID)
		if e == nil {
			return tandem.Errorf(tandem.CodeNotFound, "This transcript was deleted.")
		}
		if e.RedactionTo != 0 {
			return busyRedacting()
		}
		now := a.Now()
		e.RedactingSince, e.RedactionTo = &now, version+1
		return nil
	}); err != nil {
		return nil, nil, err
	}
	t, err := a.store.UpdateTranscriptText(ctx, info.ID, func(t *tandem.TranscriptText) error {
		if t.Version != version {
			return &tandem.Error{Code: tandem.CodeVersionConflict, Message: "This transcript changed while you were redacting. Reload it and choose the replacements again."}
		}
		text, turns, edits, err := transcript.Redact(t.Text, t.Turns, reps)
		if err != nil {
			return err
		}
		t.Text, t.Turns = text, turns
		t.Changes = append(t.Changes, tandem.TextChange{From: t.Version, To: t.Version + 1, Edits: edits})
		if n := len(t.Changes); n > tandem.MaxTextChanges {
			t.Changes = t.Changes[n-tandem.MaxTextChanges:]
		}
		return nil
	})
	if err != nil {
		a.clearRedaction(context.WithoutCancel(ctx), p.ID, info.ID)
		return nil, nil, err
	}
	info, moved, err := a.moveCodingToText(ctx, p.ID, info.ID, t)
	if err != nil {
		return nil, nil, err
	}
	a.rememberPseudonyms(ctx, p.ID, reps)
	u := sc.User
	summary := fmt.Sprintf("%s replaced %d identifiers in the transcript %q.", u.Name, len(reps), info.Title)
	if moved.excerpts > 0 {
		summary += fmt.Sprintf(" %s by %s held replaced words and were adjusted; every excerpt stays on the same words.",
			plural(moved.adjusted, "excerpt", "excerpts"), plural(moved.coders, "coder", "coders"))
	}
	a.Audit(ctx, p.ID, u, "transcript.redacted", summary, map[string]any{"transcriptId": info.ID, "replacements": len(reps),
		"excerptsAdjusted": moved.adjusted, "excerptsMoved": moved.excerpts, "coders": moved.coders})
	return info, t, nil
}

// maxPseudonyms bounds the pseudonyms a project remembers.
const maxPseudonyms = 1000

// rememberPseudonyms keeps the words put in place of names, other than
// bracketed ones such as [NAME], so that they are not suggested as names.
func (a *App) rememberPseudonyms(ctx context.Context, projectID string, reps []transcript.Replacement) {
	var words []string
	for _, r := range reps {
		if w := strings.TrimSpace(r.With); !strings.HasPrefix(w, "[") && !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return
	}
	if _, err := a.store.UpdateProject(context.WithoutCancel(ctx), projectID, func(p *tandem.Project) error {
		for _, w := range words {
			if !slices.ContainsFunc(p.Pseudonyms, func(x string) bool { return strings.EqualFold(x, w) }) && len(p.Pseudonyms) < maxPseudonyms {
				p.Pseudonyms = append(p.Pseudonyms, w)
			}
		}
		return nil
	}); err != nil {
		a.log.Error("remember the pseudonyms of a redaction", "project", projectID, "error", err)
	}
}

// plural says n things.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// errTextChanged refuses positions taken on a text that changed since, too
// long ago to move them.
func errTextChanged() error {
	return tandem.Errorf(tandem.CodeTextChanged, "Names were removed from this transcript since you opened it. Reload the page to code the new text.")
}

// busyRedacting is the answer to a coding write while a redaction runs.
func busyRedacting() error {
	return &tandem.Error{Code: tandem.CodeTranscriptBusy, Message: "A lead is removing names from this transcript right now. Your change is kept and will be saved in a moment.",
		Details: map[string]any{"retryAfterSeconds": 1}}
}

// movedCoding counts what a redaction did to the coding: the excerpts of
// every set, those that held replaced words, and the coders.
type movedCoding struct{ excerpts, adjusted, coders int }

// moveCodingToText moves every coding set of the transcript to the text t
// (steps 3 and 4 above) and removes the mark.
func (a *App) moveCodingToText(ctx context.Context, projectID, transcriptID string, t *tandem.TranscriptText) (*tandem.TranscriptInfo, movedCoding, error) {
	var moved movedCoding
	done := map[string]bool{}
	errMore := errors.New("a coder started during the redaction")
	words, chars, hash := transcript.Words(t.Text), utf8.RuneCountInString(t.Text), TextHash(t.Text)
	var edits []tandem.TextEdit // the latest redaction's
	if n := len(t.Changes); n > 0 {
		edits = t.Changes[n-1].Edits
	}
	for {
		x, err := a.store.TranscriptIndex(ctx, projectID)
		if err != nil {
			return nil, moved, err
		}
		e := x.Transcript(transcriptID)
		if e == nil {
			return nil, moved, tandem.Errorf(tandem.CodeNotFound, "This transcript was deleted.")
		}
		for _, coder := range e.SetOwners() {
			if done[coder] {
				continue
			}
			if _, err := a.store.UpdateCodingSet(ctx, projectID, transcriptID, coder, func(set *tandem.CodingSet) error {
				before := slices.Clone(set.Excerpts)
				if !set.FollowText(t.Changes, t.Version) {
					return errUnchanged
				}
				moved.excerpts += len(set.Excerpts)
				for _, ex := range before {
					if overlapsAny(ex, edits) {
						moved.adjusted++
					}
				}
				if len(set.Excerpts) > 0 && coder != tandem.ConsensusCoder {
					moved.coders++
				}
				return nil
			}); err != nil && !errors.Is(err, errUnchanged) {
				return nil, moved, err
			}
			done[coder] = true
		}
		x, err = a.store.UpdateTranscriptIndex(ctx, projectID, func(x *tandem.TranscriptIndex) error {
			e := x.Transcript(transcriptID)
			if e == nil {
				return tandem.Errorf(tandem.CodeNotFound, "This transcript was deleted.")
			}
			for _, coder := range e.SetOwners() {
				if !done[coder] {
					return errMore
				}
			}
			e.RedactingSince, e.RedactionTo, e.OffsetsVersion = nil, 0, t.Version
			e.Words, e.Chars, e.TextHash, e.Redacted, e.UpdatedAt = words, chars, hash, true, a.Now()
			e.Version++
			return nil
		})
		if errors.Is(err, errMore) {
			continue
		}
		if err != nil {
			return nil, moved, err
		}
		return x.Transcript(transcriptID), moved, nil
	}
}

// errUnchanged leaves a set as it is (already moved to the text).
var errUnchanged = errors.New("unchanged")

// overlapsAny reports whether an excerpt holds part of an edit.
func overlapsAny(ex tandem.Excerpt, edits []tandem.TextEdit) bool {
	for _, e := range edits {
		if e.Start < ex.End && e.End > ex.Start {
			return true
		}
	}
	return false
}

// clearRedaction removes the mark of a redaction that did not change the
// text.
func (a *App) clearRedaction(ctx context.Context, projectID, transcriptID string) {
	if _, err := a.store.UpdateTranscriptIndex(ctx, projectID, func(x *tandem.TranscriptIndex) error {
		if e := x.Transcript(transcriptID); e != nil {
			e.RedactingSince, e.RedactionTo = nil, 0
		}
		return nil
	}); err != nil {
		a.log.Error("unmark a transcript after a failed redaction", "transcript", transcriptID, "error", err)
	}
}

// settleRedaction finishes a redaction of the transcript whose request died
// (its mark is older than tandem.RedactionWindow): when the text changed,
// the coding is moved to it; otherwise the mark goes.
func (a *App) settleRedaction(ctx context.Context, projectID string, info *tandem.TranscriptInfo) (*tandem.TranscriptInfo, error) {
	t, err := a.store.TranscriptText(ctx, info.ID)
	if err != nil {
		return nil, err
	}
	if t.Version < info.RedactionTo {
		a.log.Warn("removing the mark of a redaction that did not finish; the text did not change", "transcript", info.ID)
		a.clearRedaction(ctx, projectID, info.ID)
		out := *info
		out.RedactingSince, out.RedactionTo = nil, 0
		return &out, nil
	}
	a.log.Warn("finishing a redaction that did not finish: moving the coding to the new text", "transcript", info.ID)
	out, _, err := a.moveCodingToText(ctx, projectID, info.ID, t)
	return out, err
}

// PositionsNow moves positions that a client took on text version
// textVersion of the transcript to the current text (nil textVersion: the
// current text). It refuses positions taken before the redactions the text
// still remembers.
func (a *App) PositionsNow(ctx context.Context, info *tandem.TranscriptInfo, textVersion *int64, start, end int) (int, int, error) {
	if textVersion == nil || *textVersion >= info.OffsetsVersion {
		return start, end, nil
	}
	t, err := a.store.TranscriptText(ctx, info.ID)
	if err != nil {
		return 0, 0, err
	}
	if len(t.Changes) == 0 || len(t.Changes) == tandem.MaxTextChanges && *textVersion < t.Changes[0].From {
		return 0, 0, errTextChanged()
	}
	start, end = tandem.MapSpanThrough(start, end, tandem.ChangesSince(t.Changes, *textVersion))
	return start, end, nil
}

// followingText returns a function that shows a set's excerpts on the
// current text while a redaction is moving the sets (nil otherwise).
func (a *App) followingText(ctx context.Context, info *tandem.TranscriptInfo) (func(*tandem.CodingSet) *tandem.CodingSet, error) {
	if info.RedactionTo == 0 {
		return nil, nil
	}
	t, err := a.store.TranscriptText(ctx, info.ID)
	if err != nil {
		return nil, err
	}
	return func(set *tandem.CodingSet) *tandem.CodingSet {
		out := *set
		out.Excerpts = slices.Clone(set.Excerpts)
		out.FollowText(t.Changes, t.Version)
		return &out
	}, nil
}
