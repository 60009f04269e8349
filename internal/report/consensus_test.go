package report

import (
	"math"
	"strings"
	"testing"

	"github.com/tandemqda/tandem/internal/agreement"
	"github.com/tandemqda/tandem/internal/tandem"
)

// handExample is a small project computed by hand below.
//
// Transcript t1: 60 characters in six turns of ten, u1=[0,10) u2=[10,20)
// u3=[20,30) u4=[30,40) u5=[40,50) u6=[50,60). Coders A and B submitted it.
//
//	theme T:  A [0,20) [22,25)    B [30,40) [50,60)    consensus [0,15) [30,40)
//	theme S:  A [40,50)           B -                  consensus -
//
// Transcript t2: one turn u7=[0,10); only A submitted it.
//
//	theme T:  A [0,10)            consensus [0,10)
//
// Transcript t3 has no consensus set: it is left out whatever the coders did.
//
// Units (minimum overlap 1): T applied by A on u1 u2 u3 u7; by B on u4 u6;
// by the consensus on u1 u2 u4 u7. S applied by A on u5 only.
//
// A vs consensus, T, over u1..u7 (7 units): both a=3 (u1 u2 u7), A only b=1
// (u3), consensus only c=1 (u4), neither d=2 (u5 u6).
// p_o = 5/7; p(A yes)=4/7, p(cons yes)=4/7; p_e = (4/7)² + (3/7)² = 25/49;
// kappa = (35/49 - 25/49) / (24/49) = 10/24 = 5/12.
// Characters: A = [0,20)+[22,25) in t1 = 23, + 10 in t2 = 33; consensus =
// [0,15)+[30,40) = 25, + 10 = 35; both = [0,15) = 15, + 10 = 25.
// precision 25/33, recall 25/35 = 5/7, F1 = 50/68 = 25/34.
//
// B vs consensus, T, over u1..u6 (B did not submit t2): a=1 (u4), b=1 (u6),
// c=2 (u1 u2), d=2 (u3 u5). p_o = 3/6 = 1/2; p(B yes)=2/6, p(cons yes)=3/6;
// p_e = (1/3)(1/2) + (2/3)(1/2) = 1/2; kappa = 0.
// Characters: B 20, consensus 25 (t1 only), both [30,40) = 10: precision
// 10/20 = 1/2, recall 10/25 = 2/5, F1 = 20/45 = 4/9.
//
// A vs consensus, S: a=0, b=1 (u5), c=0, d=6. p_o = 6/7; p(A yes)=1/7,
// p(cons yes)=0; p_e = 0 + (6/7)(1) = 6/7; kappa = 0. Characters: A 10,
// consensus 0, both 0: precision 0, recall undefined, F1 0.
//
// B vs consensus, S: all six units neither: p_o = 1, p_e = 1, kappa
// undefined; no characters: precision, recall and F1 undefined.
//
// With minimum overlap 5, A's [22,25) (3 characters of u3) no longer counts
// and the consensus's [10,15) (5 of u2) still does: A vs consensus on T is
// a=3, b=0, c=1, d=3; p_o = 6/7; p(A yes)=3/7, p(cons yes)=4/7;
// p_e = (3/7)(4/7) + (4/7)(3/7) = 24/49; kappa = (42/49 - 24/49)/(25/49) =
// 18/25. Characters do not depend on units: unchanged.
func handExample() (*tandem.Codebook, []Coder, []Transcript) {
	cb := &tandem.Codebook{}
	cb.Add("d", tandem.LevelDomain, "", tandem.NodeText{Name: "D"}, tandem.StatusActive, nil)
	cb.Add("c", tandem.LevelCategory, "d", tandem.NodeText{Name: "C"}, tandem.StatusActive, nil)
	cb.Add("T", tandem.LevelTheme, "c", tandem.NodeText{Name: "T"}, tandem.StatusActive, nil)
	cb.Add("S", tandem.LevelTheme, "c", tandem.NodeText{Name: "S"}, tandem.StatusActive, nil)
	coders := []Coder{{"A", "Ann", tandem.ResearcherPeer}, {"B", "Bo", tandem.ResearcherAcademic}}
	set := func(coder string, ex ...tandem.Excerpt) *tandem.CodingSet {
		return &tandem.CodingSet{CoderID: coder, Status: tandem.CodingSubmitted, Excerpts: ex}
	}
	ex := func(s, e int, th string) tandem.Excerpt {
		return tandem.Excerpt{Start: s, End: e, Themes: []string{th}}
	}
	var turns []tandem.Turn
	for i := range 6 {
		turns = append(turns, tandem.Turn{Start: 10 * i, End: 10*i + 10})
	}
	t1 := Transcript{ID: "t1", Title: "One", Text: []rune(strings.Repeat("x", 60)), Turns: turns, Sets: []*tandem.CodingSet{
		set("A", ex(0, 20, "T"), ex(22, 25, "T"), ex(40, 50, "S")),
		set("B", ex(30, 40, "T"), ex(50, 60, "T")),
		set(tandem.ConsensusCoder, ex(0, 15, "T"), ex(30, 40, "T")),
	}}
	t2 := Transcript{ID: "t2", Title: "Two", Text: []rune(strings.Repeat("y", 10)), Sets: []*tandem.CodingSet{
		set("A", ex(0, 10, "T")),
		set(tandem.ConsensusCoder, ex(0, 10, "T")),
	}}
	t3 := Transcript{ID: "t3", Title: "Three", Text: []rune(strings.Repeat("z", 10)), Sets: []*tandem.CodingSet{
		set("A", ex(0, 10, "T")), set("B", ex(0, 5, "S")),
	}}
	return cb, coders, []Transcript{t1, t2, t3}
}

func TestAgainstConsensusByHand(t *testing.T) {
	type want struct {
		units, coder, cons, both int
		percent, kappa           float64 // NaN: undefined
		cChars, kChars, bChars   int
		precision, recall, f1    float64
	}
	nan := math.NaN()
	for _, tc := range []struct {
		overlap int
		coder   string
		theme   string
		want    want
	}{
		{1, "A", "T", want{7, 4, 4, 3, 5.0 / 7, 5.0 / 12, 33, 35, 25, 25.0 / 33, 5.0 / 7, 25.0 / 34}},
		{1, "B", "T", want{6, 2, 3, 1, 1.0 / 2, 0, 20, 25, 10, 1.0 / 2, 2.0 / 5, 4.0 / 9}},
		{1, "A", "S", want{7, 1, 0, 0, 6.0 / 7, 0, 10, 0, 0, 0, nan, 0}},
		{1, "B", "S", want{6, 0, 0, 0, 1, nan, 0, 0, 0, nan, nan, nan}},
		{5, "A", "T", want{7, 3, 4, 3, 6.0 / 7, 18.0 / 25, 33, 35, 25, 25.0 / 33, 5.0 / 7, 25.0 / 34}},
	} {
		cb, coders, ts := handExample()
		r := AgainstConsensus(cb, coders, ts, Options{Unit: UnitTurn, MinOverlap: tc.overlap})
		if r.Transcripts != 2 {
			t.Fatalf("transcripts with a consensus: %d, want 2", r.Transcripts)
		}
		var row *ConsensusRow
		for _, c := range r.Coders {
			for i := range c.Themes {
				if c.ID == tc.coder && c.Themes[i].NodeID == tc.theme {
					row = &c.Themes[i]
				}
			}
		}
		if row == nil {
			t.Fatalf("%s on %s: no row in %+v", tc.coder, tc.theme, r)
		}
		w := tc.want
		name := tc.coder + " on " + tc.theme
		if row.Units != w.units || row.CoderApplied != w.coder || row.ConsensusApplied != w.cons || row.BothApplied != w.both {
			t.Errorf("%s (overlap %d): units %d, coder %d, consensus %d, both %d; want %d %d %d %d", name, tc.overlap,
				row.Units, row.CoderApplied, row.ConsensusApplied, row.BothApplied, w.units, w.coder, w.cons, w.both)
		}
		if row.CoderChars != w.cChars || row.ConsensusChars != w.kChars || row.BothChars != w.bChars {
			t.Errorf("%s: characters %d %d %d, want %d %d %d", name, row.CoderChars, row.ConsensusChars, row.BothChars, w.cChars, w.kChars, w.bChars)
		}
		for _, f := range []struct {
			what string
			got  Figure
			want float64
		}{{"percent", row.Percent, w.percent}, {"kappa", row.Kappa, w.kappa}, {"precision", row.Precision, w.precision},
			{"recall", row.Recall, w.recall}, {"F1", row.F1, w.f1}} {
			checkFigure(t, name+" "+f.what, f.got, f.want)
		}
	}
}

func TestAgainstConsensusCoders(t *testing.T) {
	cb, coders, ts := handExample()
	r := AgainstConsensus(cb, coders, ts, Options{MinOverlap: 1})
	a, b := r.Coders[0], r.Coders[1]
	if a.ID != "A" || a.Transcripts != 2 || a.Units != 7 || b.ID != "B" || b.Transcripts != 1 || b.Units != 6 {
		t.Fatalf("coders: %+v", r.Coders)
	}
	// A's kappas are 5/12 (T) and 0 (S); B's only defined one is 0 (T).
	checkFigure(t, "A mean kappa", a.MeanKappa, (5.0/12+0)/2)
	checkFigure(t, "B mean kappa", b.MeanKappa, 0)
	if r.Options.Unit != UnitTurn {
		t.Errorf("unit %q, want the default turn", r.Options.Unit)
	}
	if got := AgainstConsensus(cb, coders, ts[2:], Options{MinOverlap: 1}); got.Transcripts != 0 || got.Coders[0].Themes[0].Kappa.Value != nil {
		t.Errorf("no consensus anywhere: %+v", got)
	}
}

// TestAgainstConsensusPublished checks kappa on the worked example of
// Wikipedia's "Cohen's kappa" article (section "Simple example"): 50
// proposals read by A and B, both yes 20, A yes B no 5, A no B yes 10, both
// no 15: p_o = .7, p_e = .5, kappa = .4. Here B is the consensus, and each
// proposal a turn of one character.
func TestAgainstConsensusPublished(t *testing.T) {
	cb, _, _ := handExample()
	var turns []tandem.Turn
	coder := &tandem.CodingSet{CoderID: "A"}
	cons := &tandem.CodingSet{CoderID: tandem.ConsensusCoder}
	for i := range 50 {
		turns = append(turns, tandem.Turn{Start: 2 * i, End: 2*i + 1})
		e := tandem.Excerpt{Start: 2 * i, End: 2*i + 1, Themes: []string{"T"}}
		if i < 25 { // A yes: 20 with B yes, 5 with B no
			coder.Excerpts = append(coder.Excerpts, e)
		}
		if i < 20 || i >= 25 && i < 35 { // B yes: 20 with A yes, 10 with A no
			cons.Excerpts = append(cons.Excerpts, e)
		}
	}
	ts := []Transcript{{ID: "t", Text: []rune(strings.Repeat("x\n", 50)), Turns: turns, Sets: []*tandem.CodingSet{coder, cons}}}
	r := AgainstConsensus(cb, []Coder{{ID: "A"}}, ts, Options{Unit: UnitTurn, MinOverlap: 1})
	row := r.Coders[0].Themes[0]
	checkFigure(t, "percent", row.Percent, 0.7)
	checkFigure(t, "kappa", row.Kappa, 0.4)
}

func TestCover(t *testing.T) {
	for _, tc := range []struct {
		a, b       [][2]int
		la, lb, ab int
	}{
		{nil, nil, 0, 0, 0},
		{[][2]int{{0, 10}, {5, 15}}, [][2]int{{12, 20}}, 15, 8, 3},
		{[][2]int{{20, 30}, {0, 5}}, [][2]int{{3, 25}}, 15, 22, 7},
		{[][2]int{{0, 5}, {5, 10}}, [][2]int{{10, 12}}, 10, 2, 0},
	} {
		seg := func(xs [][2]int) []agreement.Segment {
			var out []agreement.Segment
			for _, x := range xs {
				out = append(out, agreement.Segment{Start: x[0], End: x[1]})
			}
			return out
		}
		a, b := cover(seg(tc.a)), cover(seg(tc.b))
		if length(a) != tc.la || length(b) != tc.lb || common(a, b) != tc.ab || common(b, a) != tc.ab {
			t.Errorf("%v %v: %d %d %d, want %d %d %d", tc.a, tc.b, length(a), length(b), common(a, b), tc.la, tc.lb, tc.ab)
		}
	}
}

// checkFigure checks a figure against a hand-computed value (NaN: undefined).
func checkFigure(t *testing.T, what string, got Figure, want float64) {
	t.Helper()
	switch {
	case math.IsNaN(want) && got.Value != nil:
		t.Errorf("%s: %v, want undefined", what, *got.Value)
	case math.IsNaN(want) && got.Note == "":
		t.Errorf("%s: undefined without a reason", what)
	case !math.IsNaN(want) && got.Value == nil:
		t.Errorf("%s: undefined (%s), want %v", what, got.Note, want)
	case !math.IsNaN(want) && math.Abs(*got.Value-want) > 1e-12:
		t.Errorf("%s: %v, want %v", what, *got.Value, want)
	}
}
