package tandem

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestReconcileSettings(t *testing.T) {
	if got := (ReconcileSettings{}).OrDefault(); got != (ReconcileSettings{Unit: RuleTurn, MinOverlap: 1, Seed: SeedNone}) {
		t.Errorf("defaults: %+v", got)
	}
	for _, tc := range []struct {
		s     ReconcileSettings
		field string // "" valid
	}{
		{ReconcileSettings{RuleTurn, 1, SeedNone}, ""},
		{ReconcileSettings{RuleSpan, 10000, SeedMajority}, ""},
		{ReconcileSettings{RuleSentence, 5, SeedNone}, ""},
		{ReconcileSettings{"word", 1, SeedNone}, "unit"},
		{ReconcileSettings{RuleTurn, 0, SeedNone}, "minOverlap"},
		{ReconcileSettings{RuleTurn, 10001, SeedNone}, "minOverlap"},
		{ReconcileSettings{RuleTurn, 1, "vote"}, "seed"},
	} {
		if got := FieldOf(tc.s.Validate()); got != tc.field || (tc.field == "") != (tc.s.Validate() == nil) {
			t.Errorf("%+v: %v, want field %q", tc.s, tc.s.Validate(), tc.field)
		}
	}
}

func TestDecisionInputCheck(t *testing.T) {
	cb := &Codebook{}
	cb.Add("d", LevelDomain, "", NodeText{Name: "D"}, StatusActive, nil)
	cb.Add("c", LevelCategory, "d", NodeText{Name: "C"}, StatusActive, nil)
	cb.Add("T", LevelTheme, "c", NodeText{Name: "T"}, StatusActive, nil)
	cb.Add("U", LevelTheme, "c", NodeText{Name: "U"}, StatusActive, nil)
	cb.Add("P", LevelTheme, "c", NodeText{Name: "P"}, StatusProposed, nil)
	n := func(i int) *int { return &i }
	for _, tc := range []struct {
		name  string
		in    DecisionInput
		code  Code
		field string
		theme string
	}{
		{"accept without a rationale", DecisionInput{ItemID: "i", Action: ActionAccept}, "", "", ""},
		{"defer without a rationale", DecisionInput{ItemID: "i", Action: ActionDefer}, "", "", ""},
		{"reject without a rationale", DecisionInput{ItemID: "i", Action: ActionReject}, CodeInvalidInput, "rationale", ""},
		{"reject with one", DecisionInput{ItemID: "i", Action: ActionReject, Rationale: "Not about peers."}, "", "", ""},
		{"adjust without a rationale", DecisionInput{ItemID: "i", Action: ActionAdjust, NewStart: n(1), NewEnd: n(5)}, CodeInvalidInput, "rationale", ""},
		{"adjust without bounds", DecisionInput{ItemID: "i", Action: ActionAdjust, Rationale: "r"}, CodeInvalidInput, "start", ""},
		{"adjust past the text", DecisionInput{ItemID: "i", Action: ActionAdjust, Rationale: "r", NewStart: n(1), NewEnd: n(99)}, CodeInvalidInput, "end", ""},
		{"adjust backwards", DecisionInput{ItemID: "i", Action: ActionAdjust, Rationale: "r", NewStart: n(5), NewEnd: n(2)}, CodeInvalidInput, "end", ""},
		{"adjust", DecisionInput{ItemID: "i", Action: ActionAdjust, Rationale: "r", NewStart: n(2), NewEnd: n(5)}, "", "", ""},
		{"theme without a rationale", DecisionInput{ItemID: "i", Action: ActionTheme, NewTheme: "U"}, CodeInvalidInput, "rationale", ""},
		{"theme without a theme", DecisionInput{ItemID: "i", Action: ActionTheme, Rationale: "r"}, CodeInvalidInput, "theme", ""},
		{"the same theme", DecisionInput{ItemID: "i", Action: ActionTheme, Rationale: "r", NewTheme: "T"}, CodeInvalidInput, "theme", ""},
		{"a proposed theme", DecisionInput{ItemID: "i", Action: ActionTheme, Rationale: "r", NewTheme: "P"}, CodeThemeNotUsable, "themes", ""},
		{"a category", DecisionInput{ItemID: "i", Action: ActionTheme, Rationale: "r", NewTheme: "c"}, CodeThemeNotUsable, "themes", ""},
		{"another theme", DecisionInput{ItemID: "i", Action: ActionTheme, Rationale: "r", NewTheme: "U"}, "", "", "U"},
		{"no action", DecisionInput{ItemID: "i", Action: "approve"}, CodeInvalidInput, "action", ""},
		{"no item", DecisionInput{Action: ActionAccept}, CodeInvalidInput, "itemId", ""},
	} {
		theme, err := tc.in.Check(20, cb, "T")
		if tc.code == "" && err != nil || tc.code != "" && (CodeOf(err) != tc.code || FieldOf(err) != tc.field) || theme != tc.theme {
			t.Errorf("%s: %q %v, want %q %s %s", tc.name, theme, err, tc.theme, tc.code, tc.field)
		}
	}
}

func TestIsSplit(t *testing.T) {
	peer := DecisionSide{ResearcherType: ResearcherPeer}
	acad := DecisionSide{ResearcherType: ResearcherAcademic}
	other := DecisionSide{ResearcherType: ResearcherOther}
	for _, tc := range []struct {
		name        string
		applied, no []DecisionSide
		want        bool
	}{
		{"peers applied, academics did not", []DecisionSide{peer, peer}, []DecisionSide{acad}, true},
		{"academics applied, peers did not", []DecisionSide{acad}, []DecisionSide{peer}, true},
		{"mixed side", []DecisionSide{peer, acad}, []DecisionSide{acad}, false},
		{"peers on both sides", []DecisionSide{peer}, []DecisionSide{peer}, false},
		{"an other", []DecisionSide{peer}, []DecisionSide{other}, false},
		{"nobody against", []DecisionSide{peer}, nil, false},
	} {
		if got := IsSplit(tc.applied, tc.no); got != tc.want {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}

func TestApplyDecision(t *testing.T) {
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	d := func(rev int, action DecisionAction, start, end int) *Decision {
		return &Decision{ID: DecisionID("t", "i", rev), TranscriptID: "t", ItemID: "i", Theme: "T", Action: action, ConsensusStart: start, ConsensusEnd: end}
	}
	other := Excerpt{ID: SeedExcerptID("t", "j"), Start: 0, End: 3, Themes: []string{"U"}}
	set := &CodingSet{Excerpts: []Excerpt{other, {ID: SeedExcerptID("t", "i"), Start: 1, End: 4, Themes: []string{"T"}}}}
	ids := func() []string {
		var out []string
		for _, e := range set.Excerpts {
			out = append(out, fmt.Sprintf("%s %d-%d %v", e.ID, e.Start, e.End, e.Themes))
		}
		return out
	}
	steps := []struct {
		d       *Decision
		changed bool
		want    []string
	}{
		{d(0, ActionAccept, 2, 6), true, []string{"t:j:seed 0-3 [U]", "t:i:0 2-6 [T]"}},
		{d(0, ActionAccept, 2, 6), false, []string{"t:j:seed 0-3 [U]", "t:i:0 2-6 [T]"}}, // again: a no-op (roll forward)
		{d(1, ActionDefer, 0, 0), false, []string{"t:j:seed 0-3 [U]", "t:i:0 2-6 [T]"}},
		{d(2, ActionAdjust, 3, 5), true, []string{"t:j:seed 0-3 [U]", "t:i:2 3-5 [T]"}},
		{&Decision{ID: DecisionID("t", "i", 3), TranscriptID: "t", ItemID: "i", Theme: "T", NewTheme: "U", Action: ActionTheme, ConsensusStart: 2, ConsensusEnd: 6}, true,
			[]string{"t:j:seed 0-3 [U]", "t:i:3 2-6 [U]"}},
		{d(4, ActionReject, 0, 0), true, []string{"t:j:seed 0-3 [U]"}},
		{d(4, ActionReject, 0, 0), false, []string{"t:j:seed 0-3 [U]"}},
	}
	for i, st := range steps {
		if got := set.ApplyDecision(st.d, now); got != st.changed || !slices.Equal(ids(), st.want) {
			t.Errorf("step %d (%s): changed %v, set %q; want %v, %q", i, st.d.Action, got, ids(), st.changed, st.want)
		}
	}
}

func TestCheckSettingsChange(t *testing.T) {
	turn := ReconcileSettings{Unit: RuleTurn, MinOverlap: 1, Seed: SeedNone}
	for _, tc := range []struct {
		name        string
		next        ReconcileSettings
		reconciling int
		want        string // "" allowed
	}{
		{"another unit, nothing reconciling", ReconcileSettings{RuleSpan, 5, SeedNone}, 0, ""},
		{"another unit while reconciling", ReconcileSettings{RuleSpan, 1, SeedNone}, 1, "1 transcript is being reconciled or locked under the current rule. Move it back to revealed before you change what counts as an item."},
		{"another overlap while reconciling", ReconcileSettings{RuleTurn, 4, SeedNone}, 3, "3 transcripts are being reconciled or locked under the current rule. Move them back to revealed before you change what counts as an item."},
		{"only the seed rule", ReconcileSettings{RuleTurn, 1, SeedMajority}, 2, ""},
	} {
		err := CheckSettingsChange(turn, tc.next, tc.reconciling)
		if tc.want == "" && err != nil || tc.want != "" && (CodeOf(err) != CodePhaseNotAllowed || MessageOf(err) != tc.want) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	// Never chosen is the same as the defaults.
	if err := CheckSettingsChange(ReconcileSettings{}, turn, 1); err != nil {
		t.Errorf("defaults written out: %v", err)
	}
}

func TestDecisionActionWords(t *testing.T) {
	for _, c := range []struct {
		action DecisionAction
		want   string
	}{
		{ActionAccept, "Accepted"},
		{ActionReject, "Rejected"},
		{ActionAdjust, "Accepted with other bounds"},
		{ActionTheme, "Given another theme"},
		{ActionDefer, "Deferred"},
		{"other", "other"},
	} {
		if got := c.action.Words(); got != c.want {
			t.Errorf("%s: %q, want %q", c.action, got, c.want)
		}
	}
}

func TestParseMinOverlap(t *testing.T) {
	for _, c := range []struct {
		q    string
		want int
		ok   bool
	}{
		{"", 1, true},
		{"1", 1, true},
		{"25", 25, true},
		{"10000", 10000, true},
		{"0", 0, false},
		{"-3", 0, false},
		{"10001", 0, false},
		{"x", 0, false},
		{"2.5", 0, false},
		{" 4", 0, false},
		{"1e3", 0, false},
	} {
		got, err := ParseMinOverlap(c.q)
		if c.ok != (err == nil) || got != c.want {
			t.Errorf("ParseMinOverlap(%q) = %d, %v; want %d, ok %v", c.q, got, err, c.want, c.ok)
		}
		if err != nil && (CodeOf(err) != CodeInvalidInput || !strings.Contains(MessageOf(err), "whole number of characters, from 1 to 10,000")) {
			t.Errorf("ParseMinOverlap(%q): %v, want a plain invalid_input", c.q, err)
		}
	}
}
