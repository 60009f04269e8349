package tandem

import (
	"fmt"
	"slices"
)

// Phase is where a transcript is on the way from independent coding to the
// consensus a study reports. A lead moves it; see Reconciliation in
// DESIGN.md.
type Phase string

// Phases of a transcript, in order.
const (
	// PhaseIndependent: each coder codes alone (blind, unless the project
	// codes openly).
	PhaseIndependent Phase = "independent"
	// PhaseRevealed: every member sees every coder's excerpts.
	PhaseRevealed Phase = "revealed"
	// PhaseReconciling: the leads work through the disagreements into the
	// consensus set; coders' sets no longer change.
	PhaseReconciling Phase = "reconciling"
	// PhaseLocked: nothing changes any more; a lead can unlock with a reason.
	PhaseLocked Phase = "locked"
)

// ConsensusCoder is the owner id of a transcript's consensus set: the
// coding the project agreed on, which only leads edit. It is stored as a
// coding set of this owner, never a member's id, and is not listed in
// TranscriptInfo.CodedBy (it is not a coder's coding).
const ConsensusCoder = "consensus"

// CurrentPhase returns the transcript's phase; entries written before phases
// existed have only Revealed.
func (t *TranscriptInfo) CurrentPhase() Phase {
	switch {
	case t.Phase != "":
		return t.Phase
	case t.Revealed:
		return PhaseRevealed
	}
	return PhaseIndependent
}

// phaseMoves are the moves a lead may make: forward one step, or back one.
var phaseMoves = map[[2]Phase]bool{
	{PhaseIndependent, PhaseRevealed}: true,
	{PhaseRevealed, PhaseIndependent}: true,
	{PhaseRevealed, PhaseReconciling}: true,
	{PhaseReconciling, PhaseRevealed}: true,
	{PhaseReconciling, PhaseLocked}:   true,
	{PhaseLocked, PhaseReconciling}:   true,
}

// PhaseReason is why a lead unlocks a transcript; it goes to the audit log.
var PhaseReason = TextField{Field: "reason", Label: "The reason", Max: 1000, Multiline: true}

// ParsePhase reads a phase a person sent.
func ParsePhase(s string) (Phase, error) {
	switch p := Phase(s); p {
	case PhaseIndependent, PhaseRevealed, PhaseReconciling, PhaseLocked:
		return p, nil
	}
	return "", Invalid("phase", "The phase is independent, revealed, reconciling or locked.")
}

// PhaseMove is a lead's move of a transcript from one phase to another.
// Unresolved counts the transcript's disagreements without a decision
// (for a lock); Confirm says the lead locks even so; Reason is already
// clean (PhaseReason).
type PhaseMove struct {
	From, To   Phase
	Reason     string
	Confirm    bool
	Unresolved int
}

// CheckPhaseMove checks that the member may make the move: only a lead,
// one step forward or back, unlocking with a reason, and locking with
// unresolved disagreements only when confirmed. Staying in the same phase
// is allowed (it changes nothing).
func CheckPhaseMove(m *Member, mv PhaseMove) error {
	if m.Role != RoleLead {
		return Errorf(CodeForbidden, "Only a lead can move a transcript to another phase.")
	}
	if mv.From == mv.To {
		return nil
	}
	if !phaseMoves[[2]Phase{mv.From, mv.To}] {
		return &Error{Code: CodePhaseNotAllowed, Message: fmt.Sprintf("A transcript that is %s cannot move straight to %s. The phases go one step at a time: independent, revealed, reconciling, locked.",
			mv.From.Label(), mv.To.Label()), Details: map[string]any{"phase": mv.From}}
	}
	switch {
	case mv.From == PhaseLocked && mv.Reason == "":
		return Invalid("reason", "Say why you unlock this transcript. The reason is kept in the audit log.")
	case mv.To == PhaseLocked && mv.Unresolved > 0 && !mv.Confirm:
		verb := "are"
		if mv.Unresolved == 1 {
			verb = "is"
		}
		return &Error{Code: CodeUnresolvedItems, Message: fmt.Sprintf("%s %s not resolved yet. Lock anyway only if you mean to leave the rest out of the consensus.",
			plural(mv.Unresolved, "disagreement"), verb), Details: map[string]any{"unresolved": mv.Unresolved}}
	}
	return nil
}

// Label is how the phase reads in a sentence.
func (p Phase) Label() string {
	switch p {
	case PhaseIndependent:
		return "coded independently"
	case PhaseRevealed:
		return "revealed"
	case PhaseReconciling:
		return "being reconciled"
	case PhaseLocked:
		return "locked"
	}
	return string(p)
}

// SetPhase moves the transcript to the phase. Revealed stays true from
// revealed on, so that readers of Revealed keep working.
func (t *TranscriptInfo) SetPhase(p Phase) {
	t.Phase, t.Revealed = p, p != PhaseIndependent
}

// CheckCodersWritable refuses changes to coders' sets (excerpts, submit,
// reopen) once the transcript is being reconciled or is locked.
func (t *TranscriptInfo) CheckCodersWritable() error {
	switch t.CurrentPhase() {
	case PhaseReconciling:
		return Errorf(CodeCodingFrozen, "A lead is reconciling this transcript, so the coders' coding of it no longer changes. A lead can move it back to revealed.")
	case PhaseLocked:
		return errLocked()
	}
	return nil
}

// CheckConsensusWritable refuses changes to the consensus set (decisions,
// seeding) unless the transcript is being reconciled.
func (t *TranscriptInfo) CheckConsensusWritable() error {
	switch t.CurrentPhase() {
	case PhaseReconciling:
		return nil
	case PhaseLocked:
		return errLocked()
	}
	return Errorf(CodePhaseNotAllowed, "Start reconciling this transcript first: the consensus changes only while a lead reconciles it.")
}

func errLocked() *Error {
	return Errorf(CodeTranscriptLocked, "This transcript is locked: its coding and its consensus no longer change. A lead can unlock it.")
}

// ReadyToReveal reports whether every coder of the transcript has
// submitted: its assigned coders, or with none assigned everyone who coded
// it (at least one). submitted tells whose sets are submitted.
func (t *TranscriptInfo) ReadyToReveal(submitted map[string]bool) bool {
	coders := t.AssignedCoders
	if len(coders) == 0 {
		coders = t.CodedBy
	}
	if len(coders) == 0 {
		return false
	}
	for _, c := range coders {
		if !submitted[c] {
			return false
		}
	}
	return true
}

// SetOwners lists the owners of every coding set of the transcript: its
// coders and, once written, the consensus.
func (t *TranscriptInfo) SetOwners() []string {
	if !t.HasConsensus {
		return t.CodedBy
	}
	return append(slices.Clip(t.CodedBy), ConsensusCoder)
}
