package app

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/tandemqda/tandem/internal/tandem"
)

// snapshot copies a set as it is inside a store's update, for an error
// that outlives the update.
func snapshot(set *tandem.CodingSet) *tandem.CodingSet {
	out := *set
	out.Excerpts = slices.Clone(set.Excerpts)
	return &out
}

// emptySet is the set of a coder who has not coded the transcript yet.
func emptySet(info *tandem.TranscriptInfo, coderID string) *tandem.CodingSet {
	return &tandem.CodingSet{TranscriptID: info.ID, CoderID: coderID, Status: tandem.CodingInProgress, Excerpts: []tandem.Excerpt{},
		TextVersion: info.OffsetsVersion}
}

// Coder resolves a coder named in a request: "me" is the caller.
func (sc Scope) Coder(name string) string {
	if name == "me" {
		return sc.User.ID
	}
	return name
}

// LoadSet returns a coder's set, or an empty one, with its excerpts on the
// current text while a redaction moves them.
func (a *App) LoadSet(ctx context.Context, projectID string, info *tandem.TranscriptInfo, coderID string) (*tandem.CodingSet, error) {
	set, err := a.store.CodingSet(ctx, projectID, info.ID, coderID)
	if errors.Is(err, tandem.ErrNotFound) {
		return emptySet(info, coderID), nil
	}
	if err != nil {
		return nil, err
	}
	follow, err := a.followingText(ctx, info)
	if err != nil || follow == nil {
		return set, err
	}
	return follow(set), nil
}

// CodingSets returns a transcript and every coding set of it the member may
// see, their own first (an empty one when they may code it and have not
// started).
func (a *App) CodingSets(ctx context.Context, sc Scope, transcriptID string) (*tandem.TranscriptInfo, []*tandem.CodingSet, error) {
	m := sc.Member
	info, err := a.Transcript(ctx, sc, transcriptID)
	if err != nil {
		return nil, nil, err
	}
	coders := slices.Clone(info.CodedBy)
	if !slices.Contains(coders, m.UserID) && info.CanCode(m) {
		coders = append(coders, m.UserID)
	}
	slices.SortStableFunc(coders, func(a, b string) int {
		switch {
		case a == m.UserID:
			return -1
		case b == m.UserID:
			return 1
		}
		return 0
	})
	sets := make([]*tandem.CodingSet, 0, len(coders))
	for _, id := range coders {
		set, err := a.LoadSet(ctx, sc.Project.ID, info, id)
		if err != nil {
			return nil, nil, err
		}
		sets = append(sets, set)
	}
	return info, sets, nil
}

// CodingSet returns a transcript and one coder's set of it, when the member
// may see it: their own, or anyone's when they see all coding.
func (a *App) CodingSet(ctx context.Context, sc Scope, transcriptID, coder string) (*tandem.TranscriptInfo, *tandem.CodingSet, error) {
	info, err := a.Transcript(ctx, sc, transcriptID)
	if err != nil {
		return nil, nil, err
	}
	if coder != sc.Member.UserID && !info.SeesAllCoding(sc.Member, sc.Project.OpenCoding) {
		return nil, nil, tandem.Errorf(tandem.CodeNotFound, "Other coders' coding is hidden while the project codes independently.")
	}
	set, err := a.LoadSet(ctx, sc.Project.ID, info, coder)
	return info, set, err
}

// codingTarget checks that the member may write coder's set on the
// transcript, which must be their own, and returns the transcript.
func (a *App) codingTarget(ctx context.Context, sc Scope, transcriptID, coder string) (*tandem.TranscriptInfo, error) {
	info, err := a.Transcript(ctx, sc, transcriptID)
	if err != nil {
		return nil, err
	}
	if coder != sc.Member.UserID {
		return nil, tandem.Errorf(tandem.CodeForbidden, "You can change only your own coding.")
	}
	if !info.CanCode(sc.Member) {
		return nil, tandem.Errorf(tandem.CodeForbidden, "This transcript is not assigned to you for coding. Ask a lead to assign it.")
	}
	if info.RedactionTo != 0 {
		return nil, busyRedacting()
	}
	if err := info.CheckCodersWritable(); err != nil {
		return nil, err
	}
	return info, nil
}

// textLength returns the transcript's length in code points.
func (a *App) textLength(ctx context.Context, info *tandem.TranscriptInfo) (int, error) {
	if info.Chars > 0 {
		return info.Chars, nil
	}
	t, err := a.store.TranscriptText(ctx, info.ID)
	if err != nil {
		return 0, err
	}
	return len([]rune(t.Text)), nil
}

// markCoded records in the transcript's entry that the coder codes it, so
// that their set is listed; it is done before the set is first written.
func (a *App) markCoded(ctx context.Context, projectID string, info *tandem.TranscriptInfo, coderID string) error {
	if slices.Contains(info.CodedBy, coderID) {
		return nil
	}
	_, err := a.store.UpdateTranscriptIndex(ctx, projectID, func(x *tandem.TranscriptIndex) error {
		e := x.Transcript(info.ID)
		if e == nil {
			return tandem.Errorf(tandem.CodeNotFound, "This transcript was deleted.")
		}
		if slices.Contains(e.CodedBy, coderID) {
			return nil
		}
		if e.RedactionTo != 0 {
			return busyRedacting()
		}
		e.CodedBy = append(e.CodedBy, coderID)
		return nil
	})
	return err
}

// changeSet applies fn to the member's own set on the transcript when
// version is current.
func (a *App) changeSet(ctx context.Context, sc Scope, info *tandem.TranscriptInfo, version int64, fn func(set *tandem.CodingSet) error) (*tandem.CodingSet, error) {
	pid, me := sc.Project.ID, sc.Member.UserID
	if version != 0 && !slices.Contains(info.CodedBy, me) {
		return nil, stale(SetOn{info, emptySet(info, me)}, staleSet) // without creating the set
	}
	if err := a.markCoded(ctx, pid, info, me); err != nil {
		return nil, err
	}
	return a.store.UpdateCodingSet(ctx, pid, info.ID, me, func(set *tandem.CodingSet) error {
		if set.Version != version {
			return stale(SetOn{info, snapshot(set)}, staleSet)
		}
		if set.Version == 0 {
			set.TextVersion = info.OffsetsVersion // a new set's positions are on today's text
		}
		if err := fn(set); err != nil {
			return err
		}
		set.UpdatedAt = a.Now()
		return nil
	})
}

// Written is what an excerpt write did: the set's new version and the
// excerpt (none after a delete). Created is false when an add had already
// gone in (a retry).
type Written struct {
	Version int64
	Excerpt *tandem.Excerpt
	Created bool
}

// NewExcerpt is an excerpt a coder adds. Start and End were taken on the
// text version TextVersion (nil: the current text); Themes are theme ids
// or names; Memo is already clean (tandem.CleanMemo).
type NewExcerpt struct {
	ID          string
	TextVersion *int64
	Start, End  int
	Themes      []string
	Memo        string
}

// AddExcerpt adds an excerpt to the member's own set on the transcript, when
// version is the set's current version. An add sent again after it went
// in is answered as written, not as a conflict.
func (a *App) AddExcerpt(ctx context.Context, sc Scope, transcriptID, coder string, version int64, in NewExcerpt) (Written, error) {
	info, err := a.codingTarget(ctx, sc, transcriptID, coder)
	if err != nil {
		return Written{}, err
	}
	length, err := a.textLength(ctx, info)
	if err != nil {
		return Written{}, err
	}
	start, end, err := a.PositionsNow(ctx, info, in.TextVersion, in.Start, in.End)
	if err != nil {
		return Written{}, err
	}
	if err := tandem.CheckSpan(start, end, length); err != nil {
		return Written{}, err
	}
	cb, err := a.store.Codebook(ctx, sc.Project.ID)
	if err != nil {
		return Written{}, err
	}
	themes, err := tandem.ResolveThemes(cb, in.Themes)
	if err != nil {
		return Written{}, err
	}
	now := a.Now()
	e := tandem.Excerpt{ID: in.ID, Start: start, End: end, Themes: themes, Memo: in.Memo, CreatedAt: now, UpdatedAt: now}
	var out tandem.Excerpt
	set, err := a.changeSet(ctx, sc, info, version, func(set *tandem.CodingSet) error {
		if err := set.CheckWritable(); err != nil {
			return err
		}
		if _, err := set.AddExcerpt(e); err != nil {
			return err
		}
		out = *set.Excerpt(e.ID)
		return nil
	})
	if st := (*Stale[SetOn])(nil); errors.As(err, &st) {
		cur := st.Current.Set
		if x := cur.Excerpt(e.ID); x != nil && x.Start == e.Start && x.End == e.End && slices.Equal(x.Themes, e.Themes) && x.Memo == e.Memo {
			return Written{Version: cur.Version, Excerpt: x}, nil
		}
	}
	if err != nil {
		return Written{}, err
	}
	return Written{Version: set.Version, Excerpt: &out, Created: true}, nil
}

// ExcerptPatch is a change to an excerpt; absent fields are nil. Positions
// were taken on the text version TextVersion (nil: the current text);
// Themes are theme ids or names; Memo is already clean.
type ExcerptPatch struct {
	TextVersion *int64
	Start, End  *int
	Themes      *[]string
	Memo        *string
}

// PatchExcerpt changes an excerpt of the member's own set.
func (a *App) PatchExcerpt(ctx context.Context, sc Scope, transcriptID, coder, excerptID string, version int64, in ExcerptPatch) (Written, error) {
	info, err := a.codingTarget(ctx, sc, transcriptID, coder)
	if err != nil {
		return Written{}, err
	}
	var themes []string
	if in.Themes != nil {
		cb, err := a.store.Codebook(ctx, sc.Project.ID)
		if err != nil {
			return Written{}, err
		}
		if themes, err = tandem.ResolveThemes(cb, *in.Themes); err != nil {
			return Written{}, err
		}
	}
	length := 0
	if in.Start != nil || in.End != nil {
		if length, err = a.textLength(ctx, info); err != nil {
			return Written{}, err
		}
	}
	if in.Start != nil && in.End != nil {
		start, end, err := a.PositionsNow(ctx, info, in.TextVersion, *in.Start, *in.End)
		if err != nil {
			return Written{}, err
		}
		in.Start, in.End = &start, &end
	} else if in.Start != nil || in.End != nil {
		if in.TextVersion != nil && *in.TextVersion < info.OffsetsVersion {
			return Written{}, errTextChanged()
		}
	}
	var out tandem.Excerpt
	set, err := a.changeSet(ctx, sc, info, version, func(set *tandem.CodingSet) error {
		if err := set.CheckWritable(); err != nil {
			return err
		}
		e := set.Excerpt(excerptID)
		if e == nil {
			return tandem.Errorf(tandem.CodeNotFound, "There is no such excerpt (it may have been deleted).")
		}
		start, end := e.Start, e.End
		if in.Start != nil {
			start = *in.Start
		}
		if in.End != nil {
			end = *in.End
		}
		if in.Start != nil || in.End != nil {
			if err := tandem.CheckSpan(start, end, length); err != nil {
				return err
			}
		}
		e.Start, e.End = start, end
		if in.Themes != nil {
			e.Themes = themes
		}
		if in.Memo != nil {
			e.Memo = *in.Memo
		}
		e.UpdatedAt = a.Now()
		out = *e
		return nil
	})
	if err != nil {
		return Written{}, err
	}
	return Written{Version: set.Version, Excerpt: &out}, nil
}

// DeleteExcerpt deletes an excerpt of the member's own set.
func (a *App) DeleteExcerpt(ctx context.Context, sc Scope, transcriptID, coder, excerptID string, version int64) (Written, error) {
	info, err := a.codingTarget(ctx, sc, transcriptID, coder)
	if err != nil {
		return Written{}, err
	}
	set, err := a.changeSet(ctx, sc, info, version, func(set *tandem.CodingSet) error {
		if err := set.CheckWritable(); err != nil {
			return err
		}
		return set.DeleteExcerpt(excerptID)
	})
	if err != nil {
		return Written{}, err
	}
	return Written{Version: set.Version}, nil
}

// Submit submits the member's own set on the transcript.
func (a *App) Submit(ctx context.Context, sc Scope, transcriptID, coder string, version int64) (*tandem.TranscriptInfo, *tandem.CodingSet, error) {
	info, err := a.codingTarget(ctx, sc, transcriptID, coder)
	if err != nil {
		return nil, nil, err
	}
	set, err := a.changeSet(ctx, sc, info, version, func(set *tandem.CodingSet) error {
		if err := set.CheckWritable(); err != nil {
			return tandem.Errorf(tandem.CodeCodingSubmitted, "This coding is already submitted.")
		}
		now := a.Now()
		set.Status, set.SubmittedAt = tandem.CodingSubmitted, &now
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	a.Audit(ctx, sc.Project.ID, sc.User, "coding.submitted", fmt.Sprintf("%s submitted their coding of %q (%d excerpts).", sc.Member.DisplayName, info.Title, len(set.Excerpts)),
		map[string]any{"transcriptId": info.ID})
	return info, set, nil
}

// Reopen puts a submitted set back in progress: its coder may until the
// lead reveals the transcript's coding; a lead may any time.
func (a *App) Reopen(ctx context.Context, sc Scope, transcriptID, coder string, version int64) (*tandem.TranscriptInfo, *tandem.CodingSet, error) {
	p, m := sc.Project, sc.Member
	info, err := a.Transcript(ctx, sc, transcriptID)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case m.Role == tandem.RoleLead:
	case coder != m.UserID:
		return nil, nil, tandem.Errorf(tandem.CodeForbidden, "Only a lead can reopen someone else's coding.")
	case info.Revealed:
		return nil, nil, tandem.Errorf(tandem.CodeCodingRevealed, "The lead has revealed everyone's coding of this transcript, so only a lead can reopen it now.")
	}
	if !slices.Contains(info.CodedBy, coder) {
		return nil, nil, tandem.Errorf(tandem.CodeNotFound, "This person has not coded this transcript.")
	}
	if err := info.CheckCodersWritable(); err != nil {
		return nil, nil, err
	}
	set, err := a.store.UpdateCodingSet(ctx, p.ID, info.ID, coder, func(set *tandem.CodingSet) error {
		if set.Version != version {
			return stale(SetOn{info, snapshot(set)}, staleSet)
		}
		if set.Status != tandem.CodingSubmitted {
			return tandem.Errorf(tandem.CodeConflict, "This coding is not submitted; there is nothing to reopen.")
		}
		set.Status, set.SubmittedAt, set.UpdatedAt = tandem.CodingInProgress, nil, a.Now()
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	whose := "their"
	if coder != m.UserID {
		whose = "a coder's"
		if cm := p.Member(coder); cm != nil {
			whose = cm.DisplayName + "'s"
		}
	}
	a.Audit(ctx, p.ID, sc.User, "coding.reopened", fmt.Sprintf("%s reopened %s coding of %q.", m.DisplayName, whose, info.Title),
		map[string]any{"transcriptId": info.ID, "coderId": coder})
	return info, set, nil
}

// Reveal shows (or hides again) every coder's coding of a transcript to all
// members while the project codes blind: the move independent <-> revealed.
// Revealing a transcript past revealed changes nothing.
func (a *App) Reveal(ctx context.Context, sc Scope, transcriptID string, revealed bool) (*tandem.TranscriptInfo, error) {
	info, err := a.Transcript(ctx, sc, transcriptID)
	if err != nil {
		return nil, err
	}
	if revealed && info.CurrentPhase() != tandem.PhaseIndependent {
		return info, nil
	}
	to := tandem.PhaseRevealed
	if !revealed {
		to = tandem.PhaseIndependent
	}
	return a.MovePhase(ctx, sc, transcriptID, PhaseRequest{To: to})
}

// VisibleSets returns the coding sets of the project the member may see:
// on transcripts they may read, their own and, where they see all coding,
// everyone's. keep filters transcripts (nil: all).
func (a *App) VisibleSets(ctx context.Context, sc Scope, keep func(*tandem.TranscriptInfo) bool) ([]*tandem.CodingSet, map[string]*tandem.TranscriptInfo, error) {
	p, m := sc.Project, sc.Member
	x, err := a.store.TranscriptIndex(ctx, p.ID)
	if err != nil {
		return nil, nil, err
	}
	var sets []*tandem.CodingSet
	infos := map[string]*tandem.TranscriptInfo{}
	for i := range x.Transcripts {
		info := &x.Transcripts[i]
		if !info.CanRead(m, p.ShareTranscripts) || (keep != nil && !keep(info)) {
			continue
		}
		infos[info.ID] = info
		all := info.SeesAllCoding(m, p.OpenCoding)
		for _, coder := range info.CodedBy {
			if coder != m.UserID && !all {
				continue
			}
			set, err := a.store.CodingSet(ctx, p.ID, info.ID, coder)
			if errors.Is(err, tandem.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, nil, err
			}
			sets = append(sets, set)
		}
	}
	return sets, infos, nil
}

// TranscriptProgress is a transcript with every coding set of it.
type TranscriptProgress struct {
	Transcript *tandem.TranscriptInfo
	Sets       []*tandem.CodingSet
}

// Progress returns every transcript the member may read with every coder's
// set of it, in the project's order. The sets of others carry excerpts the
// member may not see: only their status may be shown then.
func (a *App) Progress(ctx context.Context, sc Scope) ([]TranscriptProgress, error) {
	p, m := sc.Project, sc.Member
	x, err := a.store.TranscriptIndex(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	out := make([]TranscriptProgress, 0, len(x.Transcripts))
	for i := range x.Transcripts {
		info := &x.Transcripts[i]
		if !info.CanRead(m, p.ShareTranscripts) {
			continue
		}
		tp := TranscriptProgress{Transcript: info}
		for _, coder := range info.CodedBy {
			set, err := a.store.CodingSet(ctx, p.ID, info.ID, coder)
			if errors.Is(err, tandem.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			tp.Sets = append(tp.Sets, set)
		}
		out = append(out, tp)
	}
	return out, nil
}
