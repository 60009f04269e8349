package report

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/tandemqda/tandem/internal/agreement"
	"github.com/tandemqda/tandem/internal/tandem"
)

func TestUnits(t *testing.T) {
	text := []rune("Int: Hello there. How are you?\nFine!\n\nP1: Good. Really good")
	turns := []tandem.Turn{{Start: 5, End: 38}, {Start: 42, End: len(text)}}
	show := func(spans []Span) []string {
		var out []string
		for _, s := range spans {
			out = append(out, string(text[s.Start:s.End]))
		}
		return out
	}
	for kind, want := range map[string][]string{
		UnitTurn:      {"Hello there. How are you?\nFine!\n\n", "Good. Really good"},
		UnitParagraph: {"Hello there. How are you?", "Fine!", "Good. Really good"},
		UnitSentence:  {"Hello there.", "How are you?", "Fine!", "Good.", "Really good"},
	} {
		if got := show(Units(text, turns, kind)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %q, want %q", kind, got, want)
		}
	}
	if got := Units([]rune("no turns"), nil, UnitTurn); len(got) != 1 || got[0] != (Span{0, 8}) {
		t.Errorf("no turns: %v", got)
	}
}

// sample: three turns; coders A (peer) and B (academic) submitted, C (peer)
// did not. A applied T to [0,4) and [5,7); B to [1,3) and to U on [10,14).
func sample() (*tandem.Codebook, []Coder, []Transcript) {
	cb := &tandem.Codebook{}
	cb.Add("d", tandem.LevelDomain, "", tandem.NodeText{Name: "D"}, tandem.StatusActive, nil)
	cb.Add("c", tandem.LevelCategory, "d", tandem.NodeText{Name: "C"}, tandem.StatusActive, nil)
	cb.Add("T", tandem.LevelTheme, "c", tandem.NodeText{Name: "T"}, tandem.StatusActive, nil)
	cb.Add("U", tandem.LevelTheme, "c", tandem.NodeText{Name: "U"}, tandem.StatusActive, nil)
	coders := []Coder{{"A", "Ann", tandem.ResearcherPeer}, {"B", "Bo", tandem.ResearcherAcademic}, {"C", "Cy", tandem.ResearcherPeer}}
	ex := func(s, e int, th ...string) tandem.Excerpt { return tandem.Excerpt{Start: s, End: e, Themes: th} }
	t := Transcript{ID: "t1", Title: "One", Text: []rune("aaaa\nbbbb\ncccc"),
		Turns: []tandem.Turn{{Start: 0, End: 4}, {Start: 5, End: 9}, {Start: 10, End: 14}},
		Sets: []*tandem.CodingSet{
			{CoderID: "A", Excerpts: []tandem.Excerpt{ex(0, 4, "T"), ex(5, 7, "T")}},
			{CoderID: "B", Excerpts: []tandem.Excerpt{ex(1, 3, "T"), ex(10, 14, "U")}},
		}}
	return cb, coders, []Transcript{t}
}

func TestLayout(t *testing.T) {
	cb, coders, ts := sample()
	M := agreement.Missing
	for overlap, want := range map[int][][]int{
		1: {{1, 1, M}, {1, 0, M}, {0, 0, M}},
		3: {{1, 0, M}, {0, 0, M}, {0, 0, M}}, // B's [1,3) covers 2 of 4: too little
		9: {{1, 0, M}, {0, 0, M}, {0, 0, M}}, // capped at the unit's length: A's [0,4) is the whole unit
	} {
		d := layout(cb, coders, ts, Options{Unit: UnitTurn, MinOverlap: overlap})
		if got := d.matrix(d.present([]string{"T"}), 0, len(d.units)).Values; !reflect.DeepEqual(got, want) {
			t.Errorf("overlap %d: %v, want %v", overlap, got, want)
		}
	}
}

func TestBuild(t *testing.T) {
	cb, coders, ts := sample()
	r := Build(cb, coders, ts, Options{Draws: 200, Seed: 1})
	if len(r.Themes) != 2 || len(r.Categories) != 1 || len(r.Domains) != 1 || r.Units != 3 {
		t.Fatalf("report shape: %+v", r)
	}
	// T's matrix is {1,1}, {1,0}, {0,0} (C missing): the statistics are
	// those of package agreement on it.
	m := agreement.Matrix{Categories: 2, Values: [][]int{{1, 1, -1}, {1, 0, -1}, {0, 0, -1}}}
	alpha, _ := agreement.KrippendorffAlpha(m)
	row := r.Themes[0]
	if row.Name != "T" || row.Units != 3 || row.Coders != 2 || row.Alpha.Value == nil {
		t.Fatalf("T: %+v (alpha %v), want alpha %v", row, row.Alpha, alpha)
	}
	if row.Reading != agreement.Interpret(alpha, nil).String() || row.AlphaLow == nil || *row.AlphaLow > *row.AlphaHigh {
		t.Fatalf("T reading %q, interval %v-%v", row.Reading, row.AlphaLow, row.AlphaHigh)
	}
	// By hand: A and B agree on 2 units of 3 (p_o = 2/3); pooled, half
	// their values are 1, so Scott's chance agreement is 1/2, and two
	// equally likely values give Brennan-Prediger's 1/2 too: both are 1/3.
	for name, f := range map[string]Figure{"Scott's pi": row.ScottPiMean, "Brennan-Prediger": row.BrennanPrediger} {
		if f.Value == nil || math.Abs(*f.Value-1.0/3) > 1e-12 {
			t.Errorf("T's %s = %+v, want 1/3", name, f)
		}
	}
	// U: only B applied it, once; the category row sees T or U.
	if r.Themes[1].Alpha.Value == nil || r.Categories[0].NominalAlpha == nil || r.Categories[0].UAlpha == nil {
		t.Fatalf("U %+v, category %+v", r.Themes[1], r.Categories[0])
	}
	// Two coders: the matrix is 3 x 3 with C undefined; one peer with data
	// and one academic: no within-group alpha, an across-group one.
	if len(r.CoderMatrix) != 3 || r.CoderMatrix[0][1].Value == nil || r.CoderMatrix[0][2].Value != nil || *r.CoderMatrix[0][0].Value != 1 {
		t.Fatalf("coder matrix %+v", r.CoderMatrix)
	}
	if g := r.Groups[0]; g.WithinPeer.Value != nil || g.WithinAcademic.Value != nil || g.Across.Value == nil {
		t.Fatalf("groups %+v", g)
	}
	if tr := r.Transcripts[0]; tr.Units != 3 || tr.Coders != 2 || tr.MeanAlpha.Value == nil {
		t.Fatalf("transcript %+v", tr)
	}
	// Nothing coded: every figure says why, none is NaN.
	empty := Build(cb, coders, []Transcript{{ID: "t2", Title: "Two", Text: []rune("x"), Sets: nil}}, Options{})
	if f := empty.Themes[0].Alpha; f.Value != nil || f.Note == "" || empty.Themes[0].Reading != "not enough data" {
		t.Fatalf("empty: %+v", empty.Themes[0])
	}
	for _, f := range []Figure{empty.Themes[0].ScottPiMean, empty.Themes[0].BrennanPrediger} {
		if f.Value != nil || f.Note == "" {
			t.Fatalf("empty: Scott's pi or Brennan-Prediger %+v", f)
		}
	}
}

// TestFiguresAreFullPrecision: every figure is the float64 that package
// agreement computes, not rounded, so that a researcher can reproduce it
// from the data to the last digit (rounding is for display only).
func TestFiguresAreFullPrecision(t *testing.T) {
	cb, coders, ts := sample()
	r := Build(cb, coders, ts, Options{Draws: 200, Seed: 1})
	m := agreement.Matrix{Categories: 2, Values: [][]int{{1, 1, -1}, {1, 0, -1}, {0, 0, -1}}}
	alpha, _ := agreement.KrippendorffAlpha(m)
	fleiss, _ := agreement.FleissKappa(m)
	ac1, _ := agreement.GwetAC1(m)
	pi, _ := agreement.ScottPi(m, 0, 1) // one pair of coders: the mean is its pi
	bp, _ := agreement.BrennanPrediger(m)
	iv, err := agreement.BootstrapAlpha(m, 200, 1)
	if err != nil {
		t.Fatal(err)
	}
	row := r.Themes[0]
	for _, c := range []struct {
		name      string
		got       *float64
		want      float64
		moreThan4 bool // the value has digits beyond the fourth decimal
	}{
		{"alpha", row.Alpha.Value, alpha, true},
		{"Fleiss' kappa", row.Fleiss.Value, fleiss, true},
		{"Gwet's AC1", row.AC1.Value, ac1, true},
		{"Scott's pi", row.ScottPiMean.Value, pi, true},
		{"Brennan-Prediger", row.BrennanPrediger.Value, bp, true},
		{"95% CI low", row.AlphaLow, iv.Lo, false},
		{"95% CI high", row.AlphaHigh, iv.Hi, false},
	} {
		if c.got == nil || *c.got != c.want {
			t.Errorf("%s = %v, want exactly %v", c.name, c.got, c.want)
			continue
		}
		if c.moreThan4 && *c.got == math.Round(*c.got*1e4)/1e4 {
			t.Errorf("%s = %v: the test needs a value with more than four decimals", c.name, *c.got)
		}
	}
	// The JSON carries every digit.
	b, err := json.Marshal(row.Alpha)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"value":` + strconv.FormatFloat(alpha, 'g', -1, 64) + `}`; string(b) != want {
		t.Errorf("alpha in JSON: %s, want %s", b, want)
	}
}

// TestComparedCounts: the report says how many transcripts and units the
// figures are computed over (two or more coders submitted), apart from all
// the transcripts chosen.
func TestComparedCounts(t *testing.T) {
	cb, coders, ts := sample() // t1: three turns, A and B submitted
	ex := func(s, e int, th ...string) tandem.Excerpt { return tandem.Excerpt{Start: s, End: e, Themes: th} }
	one := Transcript{ID: "t2", Title: "Only Ann", Text: []rune("aa\nbb"), Turns: []tandem.Turn{{Start: 0, End: 2}, {Start: 3, End: 5}},
		Sets: []*tandem.CodingSet{{CoderID: "A", Excerpts: []tandem.Excerpt{ex(0, 2, "T")}}}}
	none := Transcript{ID: "t3", Title: "Nobody", Text: []rune("cc\ndd\nee"), Turns: []tandem.Turn{{Start: 0, End: 2}, {Start: 3, End: 5}, {Start: 6, End: 8}}}
	three := Transcript{ID: "t4", Title: "Three", Text: []rune("x\ny"), Turns: []tandem.Turn{{Start: 0, End: 1}, {Start: 2, End: 3}},
		Sets: []*tandem.CodingSet{{CoderID: "A"}, {CoderID: "B"}, {CoderID: "C"}}}
	for _, c := range []struct {
		name                      string
		ts                        []Transcript
		units, transcripts, compU int
	}{
		{"two coders", ts, 3, 1, 3},
		{"plus one coder alone and one nobody coded", append(slices.Clone(ts), one, none), 8, 1, 3},
		{"plus three coders", append(slices.Clone(ts), one, none, three), 10, 2, 5},
		{"nobody compared", []Transcript{one, none}, 5, 0, 0},
	} {
		r := Build(cb, coders, c.ts, Options{})
		if r.Units != c.units || r.ComparedTranscripts != c.transcripts || r.ComparedUnits != c.compU {
			t.Errorf("%s: units %d, compared %d transcripts and %d units; want %d, %d and %d",
				c.name, r.Units, r.ComparedTranscripts, r.ComparedUnits, c.units, c.transcripts, c.compU)
		}
		// Every theme's figures use exactly the compared units.
		for _, row := range r.Themes {
			if row.Units != r.ComparedUnits {
				t.Errorf("%s: theme %s over %d units, the report says %d", c.name, row.Name, row.Units, r.ComparedUnits)
			}
		}
	}
}

func TestDisagreements(t *testing.T) {
	cb, coders, ts := sample()
	units, spans := Disagreements(cb, coders, ts[0], "T", Options{Unit: UnitTurn})
	if len(units) != 1 || units[0].Text != "bbbb" || !reflect.DeepEqual(units[0].Applied, []string{"A"}) || !reflect.DeepEqual(units[0].NotApplied, []string{"B"}) {
		t.Fatalf("units %+v", units)
	}
	// A covers [0,4) and [5,7); B [1,3): they differ on [0,1), [3,4), [5,7).
	var got []string
	for _, s := range spans {
		got = append(got, fmt.Sprintf("%d-%d %v", s.Start, s.End, s.Applied))
	}
	if want := []string{"0-1 [A]", "3-4 [A]", "5-7 [A]"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("spans %v, want %v", got, want)
	}
}

func TestOptionsValidate(t *testing.T) {
	ok := Options{Unit: UnitTurn, MinOverlap: 1, Draws: 1000}
	for _, c := range []struct {
		change func(o *Options)
		field  string // "" when valid
	}{
		{func(o *Options) {}, ""},
		{func(o *Options) { o.Unit = UnitParagraph }, ""},
		{func(o *Options) { o.Unit = UnitSentence; o.MinOverlap = MaxMinOverlap; o.Draws = 0 }, ""},
		{func(o *Options) { o.Unit = "word" }, "unit"},
		{func(o *Options) { o.MinOverlap = 0 }, "overlap"},
		{func(o *Options) { o.MinOverlap = MaxMinOverlap + 1 }, "overlap"},
		{func(o *Options) { o.Draws = -1 }, "draws"},
		{func(o *Options) { o.Draws = MaxDraws + 1 }, "draws"},
	} {
		o := ok
		c.change(&o)
		err := o.Validate()
		if c.field == "" && err != nil || c.field != "" && tandem.FieldOf(err) != c.field {
			t.Errorf("%+v: %v, want an error on %q", o, err, c.field)
		}
	}
}
