package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/tandemqda/tandem/internal/tandem"
)

// PhaseRequest is a lead's move of a transcript to another phase. Reason
// is already clean (tandem.PhaseReason).
type PhaseRequest struct {
	To      tandem.Phase
	Reason  string
	Confirm bool
}

// MovePhase moves a transcript to another phase: one step forward or back,
// by a lead. Entering reconciling seeds the consensus; locking with
// unresolved disagreements needs Confirm; unlocking needs a reason. Every
// move goes to the audit log.
func (a *App) MovePhase(ctx context.Context, sc Scope, transcriptID string, in PhaseRequest) (*tandem.TranscriptInfo, error) {
	info, err := a.Transcript(ctx, sc, transcriptID)
	if err != nil {
		return nil, err
	}
	from := info.CurrentPhase()
	mv := tandem.PhaseMove{From: from, To: in.To, Reason: in.Reason, Confirm: in.Confirm}
	if from == tandem.PhaseReconciling && in.To == tandem.PhaseLocked {
		q, err := a.buildQueue(ctx, sc, info)
		if err != nil {
			return nil, err
		}
		mv.Unresolved = q.Unresolved()
	}
	if err := tandem.CheckPhaseMove(sc.Member, mv); err != nil || from == in.To {
		return info, err
	}
	if in.To == tandem.PhaseReconciling && from == tandem.PhaseRevealed {
		if err := a.seed(ctx, sc, info); err != nil {
			return nil, fmt.Errorf("seed the consensus of %s: %w", info.ID, err)
		}
	}
	x, err := a.store.UpdateTranscriptIndex(ctx, sc.Project.ID, func(x *tandem.TranscriptIndex) error {
		e := x.Transcript(info.ID)
		if e == nil {
			return tandem.Errorf(tandem.CodeNotFound, "This transcript was deleted.")
		}
		if e.CurrentPhase() != from {
			return tandem.Errorf(tandem.CodeVersionConflict, "Another lead moved this transcript meanwhile: it is %s now. Reload to see it.", e.CurrentPhase().Label())
		}
		e.SetPhase(in.To)
		e.UpdatedAt = a.Now()
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := x.Transcript(info.ID)
	a.auditPhase(ctx, sc, out, from, mv)
	return out, nil
}

// auditPhase writes a phase move to the audit log.
func (a *App) auditPhase(ctx context.Context, sc Scope, info *tandem.TranscriptInfo, from tandem.Phase, mv tandem.PhaseMove) {
	u := sc.User
	var summary string
	switch {
	case mv.To == tandem.PhaseRevealed && from == tandem.PhaseIndependent:
		summary = fmt.Sprintf("%s revealed everyone's coding of %q.", u.Name, info.Title)
	case mv.To == tandem.PhaseIndependent:
		summary = fmt.Sprintf("%s hid the coders' coding of %q.", u.Name, info.Title)
	case mv.To == tandem.PhaseReconciling && from == tandem.PhaseRevealed:
		summary = fmt.Sprintf("%s started reconciling %q.", u.Name, info.Title)
	case mv.To == tandem.PhaseRevealed:
		summary = fmt.Sprintf("%s stopped reconciling %q.", u.Name, info.Title)
	case mv.To == tandem.PhaseLocked && mv.Unresolved > 0:
		summary = fmt.Sprintf("%s locked %q with %d disagreements unresolved.", u.Name, info.Title, mv.Unresolved)
	case mv.To == tandem.PhaseLocked:
		summary = fmt.Sprintf("%s locked %q.", u.Name, info.Title)
	default:
		summary = fmt.Sprintf("%s unlocked %q: %s", u.Name, info.Title, mv.Reason)
	}
	details := map[string]any{"transcriptId": info.ID, "from": from, "to": mv.To, "revealed": info.Revealed}
	if mv.Reason != "" {
		details["reason"] = mv.Reason
	}
	if mv.Unresolved > 0 {
		details["unresolved"] = mv.Unresolved
	}
	action := "transcript.phase"
	if mv.To == tandem.PhaseRevealed && from == tandem.PhaseIndependent || mv.To == tandem.PhaseIndependent {
		action = "coding.revealed" // as before phases, for readers of the log
	}
	a.Audit(ctx, sc.Project.ID, u, action, summary, details)
}

// Project-wide phase actions.
const (
	RevealSubmitted = "reveal-submitted"
	LockReconciled  = "lock-reconciled"
)

// Moved is a transcript a project-wide action moved.
type Moved struct {
	ID    string       `json:"id"`
	Title string       `json:"title"`
	Phase tandem.Phase `json:"phase"`
}

// ProjectPhases moves every transcript that is ready: reveal-submitted
// reveals those whose coders have all submitted; lock-reconciled locks
// those being reconciled with no disagreement left.
func (a *App) ProjectPhases(ctx context.Context, sc Scope, action string) ([]Moved, error) {
	if action != RevealSubmitted && action != LockReconciled {
		return nil, tandem.Invalid("action", "The action is reveal-submitted or lock-reconciled.")
	}
	x, err := a.store.TranscriptIndex(ctx, sc.Project.ID)
	if err != nil {
		return nil, err
	}
	moved := []Moved{}
	for i := range x.Transcripts {
		info := &x.Transcripts[i]
		var to tandem.Phase
		switch {
		case action == RevealSubmitted && info.CurrentPhase() == tandem.PhaseIndependent:
			ready, err := a.allSubmitted(ctx, sc.Project.ID, info)
			if err != nil {
				return nil, err
			}
			if !ready {
				continue
			}
			to = tandem.PhaseRevealed
		case action == LockReconciled && info.CurrentPhase() == tandem.PhaseReconciling:
			to = tandem.PhaseLocked // MovePhase refuses it while items are open
		default:
			continue
		}
		out, err := a.MovePhase(ctx, sc, info.ID, PhaseRequest{To: to})
		if tandem.CodeOf(err) == tandem.CodeUnresolvedItems {
			continue
		}
		if err != nil {
			return nil, err
		}
		moved = append(moved, Moved{ID: out.ID, Title: out.Title, Phase: out.CurrentPhase()})
	}
	return moved, nil
}

// allSubmitted reports whether every coder of the transcript submitted.
func (a *App) allSubmitted(ctx context.Context, projectID string, info *tandem.TranscriptInfo) (bool, error) {
	submitted := map[string]bool{}
	for _, coder := range info.CodedBy {
		set, err := a.store.CodingSet(ctx, projectID, info.ID, coder)
		if errors.Is(err, tandem.ErrNotFound) {
			continue
		}
		if err != nil {
			return false, err
		}
		submitted[coder] = set.Status == tandem.CodingSubmitted
	}
	return info.ReadyToReveal(submitted), nil
}

// QueueSummary is one transcript's place in the project's reconciliation.
type QueueSummary struct {
	ID            string       `json:"id"`
	Title         string       `json:"title"`
	Phase         tandem.Phase `json:"phase"`
	Items         int          `json:"items"`
	Disagreements int          `json:"disagreements"`
	Resolved      int          `json:"resolved"`
}

// ProjectQueue returns the progress of reconciliation across the project:
// every transcript revealed or later, with its items and how many of its
// disagreements are resolved.
func (a *App) ProjectQueue(ctx context.Context, sc Scope) ([]QueueSummary, error) {
	x, err := a.store.TranscriptIndex(ctx, sc.Project.ID)
	if err != nil {
		return nil, err
	}
	out := []QueueSummary{}
	for i := range x.Transcripts {
		info := &x.Transcripts[i]
		if info.CurrentPhase() == tandem.PhaseIndependent || !info.CanRead(sc.Member, sc.Project.ShareTranscripts) {
			continue
		}
		q, err := a.buildQueue(ctx, sc, info)
		if err != nil {
			return nil, err
		}
		out = append(out, QueueSummary{ID: info.ID, Title: info.Title, Phase: info.CurrentPhase(), Items: len(q.Items),
			Disagreements: q.Disagreements, Resolved: q.Resolved})
	}
	return out, nil
}

// DecisionFilter narrows the decisions log (empty fields: all).
type DecisionFilter struct {
	Theme, Transcript string
	Action            tandem.DecisionAction
	Split             bool
}

// DecisionsLog returns the project's decisions, oldest first, each marked
// when a later decision on its item superseded it.
func (a *App) DecisionsLog(ctx context.Context, sc Scope, f DecisionFilter) ([]tandem.Decision, error) {
	all, err := a.store.Decisions(ctx, sc.Project.ID, f.Transcript)
	if err != nil {
		return nil, err
	}
	latest := map[string]int{}
	for _, d := range all {
		latest[d.TranscriptID+":"+d.ItemID] = max(latest[d.TranscriptID+":"+d.ItemID], d.Revision)
	}
	out := []tandem.Decision{}
	for _, d := range all {
		d.Superseded = d.Revision < latest[d.TranscriptID+":"+d.ItemID]
		switch {
		case f.Theme != "" && d.Theme != f.Theme && d.NewTheme != f.Theme:
		case f.Action != "" && d.Action != f.Action:
		case f.Split && !d.Split:
		default:
			out = append(out, d)
		}
	}
	return out, nil
}

// Consensus returns a transcript's consensus set: to leads from revealed
// on, to other members once it is locked.
func (a *App) Consensus(ctx context.Context, sc Scope, transcriptID string) (*tandem.TranscriptInfo, *tandem.CodingSet, error) {
	info, err := a.Transcript(ctx, sc, transcriptID)
	if err != nil {
		return nil, nil, err
	}
	if sc.Member.Role != tandem.RoleLead && info.CurrentPhase() != tandem.PhaseLocked {
		return nil, nil, tandem.Errorf(tandem.CodePhaseNotAllowed, "The consensus of this transcript is shown to everyone once a lead locks it.")
	}
	set, err := a.LoadSet(ctx, sc.Project.ID, info, tandem.ConsensusCoder)
	return info, set, err
}
