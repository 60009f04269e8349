package tandem

import "testing"

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
