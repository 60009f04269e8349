package tandem

import "testing"

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
