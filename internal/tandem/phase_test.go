package tandem

import (
	"encoding/json"
	"testing"
)

func TestCurrentPhaseReadsEntriesWrittenBeforePhases(t *testing.T) {
	for _, tc := range []struct {
		info TranscriptInfo
		want Phase
	}{
		{TranscriptInfo{}, PhaseIndependent},
		{TranscriptInfo{Revealed: true}, PhaseRevealed},
		{TranscriptInfo{Revealed: true, Phase: PhaseLocked}, PhaseLocked},
		{TranscriptInfo{Phase: PhaseReconciling, Revealed: true}, PhaseReconciling},
	} {
		if got := tc.info.CurrentPhase(); got != tc.want {
			t.Errorf("%+v: phase %q, want %q", tc.info, got, tc.want)
		}
	}
}

func TestCheckPhaseMove(t *testing.T) {
	lead, coder := &Member{Role: RoleLead}, &Member{Role: RoleCoder}
	for _, tc := range []struct {
		name string
		m    *Member
		mv   PhaseMove
		want Code // "" allowed
	}{
		{"reveal", lead, PhaseMove{From: PhaseIndependent, To: PhaseRevealed}, ""},
		{"hide again", lead, PhaseMove{From: PhaseRevealed, To: PhaseIndependent}, ""},
		{"start reconciling", lead, PhaseMove{From: PhaseRevealed, To: PhaseReconciling}, ""},
		{"back to revealed", lead, PhaseMove{From: PhaseReconciling, To: PhaseRevealed}, ""},
		{"lock with everything resolved", lead, PhaseMove{From: PhaseReconciling, To: PhaseLocked}, ""},
		{"lock with unresolved items", lead, PhaseMove{From: PhaseReconciling, To: PhaseLocked, Unresolved: 3}, CodeUnresolvedItems},
		{"lock with unresolved items, confirmed", lead, PhaseMove{From: PhaseReconciling, To: PhaseLocked, Unresolved: 3, Confirm: true}, ""},
		{"unlock without a reason", lead, PhaseMove{From: PhaseLocked, To: PhaseReconciling}, CodeInvalidInput},
		{"unlock with a reason", lead, PhaseMove{From: PhaseLocked, To: PhaseReconciling, Reason: "A coder found a missed passage."}, ""},
		{"same phase", lead, PhaseMove{From: PhaseLocked, To: PhaseLocked}, ""},
		{"skip revealing", lead, PhaseMove{From: PhaseIndependent, To: PhaseReconciling}, CodePhaseNotAllowed},
		{"skip to locked", lead, PhaseMove{From: PhaseRevealed, To: PhaseLocked}, CodePhaseNotAllowed},
		{"locked straight back to independent", lead, PhaseMove{From: PhaseLocked, To: PhaseIndependent, Reason: "x"}, CodePhaseNotAllowed},
		{"reconciling back to independent", lead, PhaseMove{From: PhaseReconciling, To: PhaseIndependent}, CodePhaseNotAllowed},
		{"a coder reveals", coder, PhaseMove{From: PhaseIndependent, To: PhaseRevealed}, CodeForbidden},
		{"a viewer locks", &Member{Role: RoleViewer}, PhaseMove{From: PhaseReconciling, To: PhaseLocked}, CodeForbidden},
	} {
		err := CheckPhaseMove(tc.m, tc.mv)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v, want allowed", tc.name, err)
		case tc.want != "" && CodeOf(err) != tc.want:
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
	err := CheckPhaseMove(lead, PhaseMove{From: PhaseReconciling, To: PhaseLocked, Unresolved: 1})
	if msg := MessageOf(err); msg != "1 disagreement is not resolved yet. Lock anyway only if you mean to leave the rest out of the consensus." {
		t.Errorf("message for one unresolved item: %q", msg)
	}
	if d := err.(*Error).Details.(map[string]any); d["unresolved"] != 1 {
		t.Errorf("details: %v", d)
	}
}

func TestWhatEachPhaseFreezes(t *testing.T) {
	for _, tc := range []struct {
		phase             Phase
		coders, consensus Code // "" writable
	}{
		{PhaseIndependent, "", CodePhaseNotAllowed},
		{PhaseRevealed, "", CodePhaseNotAllowed},
		{PhaseReconciling, CodeCodingFrozen, ""},
		{PhaseLocked, CodeTranscriptLocked, CodeTranscriptLocked},
	} {
		info := TranscriptInfo{}
		info.SetPhase(tc.phase)
		if got := CodeOf(info.CheckCodersWritable()); info.CheckCodersWritable() != nil && got != tc.coders || info.CheckCodersWritable() == nil && tc.coders != "" {
			t.Errorf("%s: coders' sets %v, want %q", tc.phase, info.CheckCodersWritable(), tc.coders)
		}
		if got := CodeOf(info.CheckConsensusWritable()); info.CheckConsensusWritable() != nil && got != tc.consensus || info.CheckConsensusWritable() == nil && tc.consensus != "" {
			t.Errorf("%s: consensus %v, want %q", tc.phase, info.CheckConsensusWritable(), tc.consensus)
		}
		if info.Revealed != (tc.phase != PhaseIndependent) {
			t.Errorf("%s: revealed %v", tc.phase, info.Revealed)
		}
		if !info.SeesAllCoding(&Member{Role: RoleCoder}, false) && tc.phase != PhaseIndependent {
			t.Errorf("%s: a coder does not see all coding", tc.phase)
		}
	}
	locked := TranscriptInfo{Phase: PhaseLocked}
	if msg := MessageOf(locked.CheckCodersWritable()); msg != "This transcript is locked: its coding and its consensus no longer change. A lead can unlock it." {
		t.Errorf("locked message: %q", msg)
	}
}

func TestReadyToReveal(t *testing.T) {
	for _, tc := range []struct {
		name      string
		info      TranscriptInfo
		submitted map[string]bool
		want      bool
	}{
		{"assigned coders all submitted", TranscriptInfo{AssignedCoders: []string{"a", "b"}, CodedBy: []string{"a", "b", "lead"}}, map[string]bool{"a": true, "b": true}, true},
		{"one assigned coder still coding", TranscriptInfo{AssignedCoders: []string{"a", "b"}, CodedBy: []string{"a", "b"}}, map[string]bool{"a": true}, false},
		{"none assigned, everyone who coded submitted", TranscriptInfo{CodedBy: []string{"a", "b"}}, map[string]bool{"a": true, "b": true}, true},
		{"none assigned, one still coding", TranscriptInfo{CodedBy: []string{"a", "b"}}, map[string]bool{"b": true}, false},
		{"nobody coded", TranscriptInfo{}, map[string]bool{}, false},
	} {
		if got := tc.info.ReadyToReveal(tc.submitted); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestParsePhase(t *testing.T) {
	for _, s := range []string{"independent", "revealed", "reconciling", "locked"} {
		if p, err := ParsePhase(s); err != nil || string(p) != s {
			t.Errorf("%s: %q %v", s, p, err)
		}
	}
	if _, err := ParsePhase("done"); FieldOf(err) != "phase" {
		t.Errorf("unknown phase: %v", err)
	}
}

func TestTranscriptJSONShowsThePhase(t *testing.T) {
	b, err := json.Marshal(TranscriptInfo{ID: "t1", Revealed: true})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got["phase"] != "revealed" || got["id"] != "t1" || got["revealed"] != true {
		t.Errorf("json: %s", b)
	}
}
