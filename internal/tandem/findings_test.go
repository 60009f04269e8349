package tandem

import (
	"strings"
	"testing"
)

func TestSeesConsensusFigures(t *testing.T) {
	lead := &Member{UserID: "L", Role: RoleLead}
	coder := &Member{UserID: "C", Role: RoleCoder}
	viewer := &Member{UserID: "V", Role: RoleViewer}
	for _, tc := range []struct {
		m     *Member
		phase Phase
		coder string
		want  bool
	}{
		{lead, PhaseReconciling, "C", true},
		{lead, PhaseLocked, "X", true},
		{lead, PhaseIndependent, "X", true},
		{coder, PhaseLocked, "C", true},
		{coder, PhaseReconciling, "C", false}, // the consensus may still change
		{coder, PhaseRevealed, "C", false},
		{coder, PhaseLocked, "X", false}, // another coder's figures
		{viewer, PhaseLocked, "V", false},
		{viewer, PhaseLocked, "C", false},
	} {
		info := &TranscriptInfo{Phase: tc.phase}
		if got := info.SeesConsensusFigures(tc.m, tc.coder); got != tc.want {
			t.Errorf("%s %s on %s, %s's figures: %v, want %v", tc.m.Role, tc.m.UserID, tc.phase, tc.coder, got, tc.want)
		}
	}
}

func TestExemplarPick(t *testing.T) {
	x := func(id, theme, excerpt string, example bool) Exemplar {
		return Exemplar{ID: id, ThemeID: theme, TranscriptID: "t1", ExcerptID: excerpt, CodebookExample: example}
	}
	for _, tc := range []struct {
		name   string
		have   []Exemplar
		pick   Exemplar
		code   Code // "" when allowed
		stored string
		count  int
	}{
		{"first quote", nil, x("a", "T", "e1", false), "", "a", 1},
		{"first example", nil, x("a", "T", "e1", true), "", "a", 1},
		{"second quote of a theme", []Exemplar{x("a", "T", "e1", true)}, x("b", "T", "e2", false), "", "b", 2},
		{"same excerpt, other theme", []Exemplar{x("a", "T", "e1", true)}, x("b", "U", "e1", true), "", "b", 2},
		{"a second example", []Exemplar{x("a", "T", "e1", true)}, x("b", "T", "e2", true), CodeExampleTaken, "", 1},
		{"the same quote again", []Exemplar{x("a", "T", "e1", false)}, x("b", "T", "e1", false), CodeConflict, "", 1},
		{"the example again", []Exemplar{x("a", "T", "e1", true)}, x("b", "T", "e1", true), CodeConflict, "", 1},
		{"mark a picked quote", []Exemplar{x("a", "T", "e1", false)}, x("b", "T", "e1", true), "", "a", 1},
	} {
		s := &ExemplarSet{Exemplars: tc.have}
		got, err := s.Pick(tc.pick)
		if codeOrNone(err) != tc.code || len(s.Exemplars) != tc.count {
			t.Errorf("%s: error %v, %d exemplars; want code %q, %d", tc.name, err, len(s.Exemplars), tc.code, tc.count)
			continue
		}
		if err == nil && (got.ID != tc.stored || got.CodebookExample != tc.pick.CodebookExample || s.Exemplar(tc.stored) == nil) {
			t.Errorf("%s: stored %+v, want id %s", tc.name, got, tc.stored)
		}
	}
	full := &ExemplarSet{Exemplars: make([]Exemplar, MaxExemplars)}
	if _, err := full.Pick(x("z", "T", "e9", false)); CodeOf(err) != CodeConflict || !strings.Contains(err.Error(), "Remove some") {
		t.Errorf("past the limit: %v", err)
	}
}

func TestExemplarRemove(t *testing.T) {
	s := &ExemplarSet{Exemplars: []Exemplar{{ID: "a", TranscriptID: "t1"}, {ID: "b", TranscriptID: "t2"}, {ID: "c", TranscriptID: "t1"}}}
	if x, err := s.Remove("b"); err != nil || x.ID != "b" || len(s.Exemplars) != 2 {
		t.Fatalf("remove b: %v %+v", err, s.Exemplars)
	}
	if _, err := s.Remove("b"); CodeOf(err) != CodeNotFound {
		t.Errorf("remove b again: %v", err)
	}
	if !s.RemoveTranscript("t1") || len(s.Exemplars) != 0 || s.RemoveTranscript("t1") {
		t.Errorf("remove t1: %+v", s.Exemplars)
	}
}

func TestExemplarFrom(t *testing.T) {
	cb := &Codebook{}
	cb.Add("d", LevelDomain, "", NodeText{Name: "D"}, StatusActive, nil)
	cb.Add("c", LevelCategory, "d", NodeText{Name: "C"}, StatusActive, nil)
	cb.Add("T", LevelTheme, "c", NodeText{Name: "Belonging"}, StatusActive, nil)
	cb.Add("U", LevelTheme, "c", NodeText{Name: "Hope"}, StatusActive, nil)
	cb.Add("old", LevelTheme, "c", NodeText{Name: "Old"}, StatusActive, nil)
	cb.Merge("old", "T")
	text := []rune("Int: And then?\nP1: I felt at home there. 😊 Really.")
	ex := func(s, e int, th ...string) *Excerpt { return &Excerpt{ID: "e", Start: s, End: e, Themes: th} }
	long := []rune(strings.Repeat("a", MaxExemplarChars+1))
	for _, tc := range []struct {
		name    string
		theme   string
		e       *Excerpt
		text    []rune
		code    Code
		message string
		quote   string
	}{
		{"a quote", "T", ex(19, 42, "T"), text, "", "", "I felt at home there. 😊"},
		{"spaces trimmed", "T", ex(18, 42, "T", "U"), text, "", "", "I felt at home there. 😊"},
		{"a merged theme counts as its target", "T", ex(19, 40, "old"), text, "", "", "I felt at home there."},
		{"another theme", "U", ex(19, 40, "T"), text, CodeInvalidInput, `theme "Hope"`, ""},
		{"unknown theme", "nope", ex(19, 40, "T"), text, CodeNotFound, "no such theme", ""},
		{"a category", "c", ex(19, 40, "T"), text, CodeNotFound, "no such theme", ""},
		{"a merged theme", "old", ex(19, 40, "old"), text, CodeNotFound, "no such theme", ""},
		{"past the text", "T", ex(19, 400, "T"), text, CodeTextChanged, "Reload", ""},
		{"too long", "T", ex(0, MaxExemplarChars+1, "T"), long, CodeInvalidInput, "too long", ""},
	} {
		x, err := ExemplarFrom(cb, tc.theme, "t1", tc.e, tc.text)
		if codeOrNone(err) != tc.code || err != nil && !strings.Contains(err.Error(), tc.message) {
			t.Errorf("%s: %v, want %q with %q", tc.name, err, tc.code, tc.message)
			continue
		}
		if err == nil && (x.Text != tc.quote || x.ThemeID != tc.theme || x.TranscriptID != "t1" || x.ExcerptID != "e" || x.Start != tc.e.Start) {
			t.Errorf("%s: %+v, want quote %q", tc.name, x, tc.quote)
		}
	}
}

// codeOrNone is the error's code, or "" for no error.
func codeOrNone(err error) Code {
	if err == nil {
		return ""
	}
	return CodeOf(err)
}

func TestInFindings(t *testing.T) {
	lead := &Member{UserID: "L", Role: RoleLead}
	coder := &Member{UserID: "C", Role: RoleCoder}
	viewer := &Member{UserID: "V", Role: RoleViewer}
	for _, tc := range []struct {
		m        *Member
		phase    Phase
		assigned []string
		shared   bool
		want     bool
	}{
		{lead, PhaseReconciling, nil, false, true},
		{lead, PhaseRevealed, nil, false, true},
		{coder, PhaseLocked, []string{"C"}, false, true},
		{coder, PhaseLocked, nil, true, true},
		{coder, PhaseLocked, []string{"X"}, false, false}, // not theirs to read
		{coder, PhaseReconciling, []string{"C"}, false, false},
		{viewer, PhaseLocked, nil, false, true},
		{viewer, PhaseReconciling, nil, true, false},
	} {
		info := &TranscriptInfo{Phase: tc.phase, AssignedCoders: tc.assigned}
		if got := info.InFindings(tc.m, tc.shared); got != tc.want {
			t.Errorf("%s on %s (assigned %v, shared %v): %v, want %v", tc.m.Role, tc.phase, tc.assigned, tc.shared, got, tc.want)
		}
	}
}
