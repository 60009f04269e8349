package tandem

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
