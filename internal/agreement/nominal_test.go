package agreement

import (
	"errors"
	"math"
	"testing"
)

const M = Missing

// fromCounts builds a matrix from a units-by-categories table of counts,
// giving each unit's values to the first coders in category order; the
// statistics for many coders depend only on these counts.
func fromCounts(counts [][]int) Matrix {
	coders := 0
	for _, row := range counts {
		n := 0
		for _, c := range row {
			n += c
		}
		coders = max(coders, n)
	}
	m := Matrix{Categories: len(counts[0])}
	for _, row := range counts {
		vals := make([]int, 0, coders)
		for k, c := range row {
			for range c {
				vals = append(vals, k)
			}
		}
		for len(vals) < coders {
			vals = append(vals, Missing)
		}
		m.Values = append(m.Values, vals)
	}
	return m
}

// fromTable builds a two-coder matrix from a q x q contingency table:
// table[a][b] units were given a by the first coder and b by the second.
func fromTable(table [][]int) Matrix {
	m := Matrix{Categories: len(table)}
	for a, row := range table {
		for b, n := range row {
			for range n {
				m.Values = append(m.Values, []int{a, b})
			}
		}
	}
	return m
}

// transpose turns coders-by-units rows (as printed in Krippendorff 2011)
// into a units-by-coders Matrix.
func transpose(categories int, rows [][]int) Matrix {
	m := Matrix{Categories: categories}
	for u := range rows[0] {
		vals := make([]int, len(rows))
		for c := range rows {
			vals[c] = rows[c][u]
		}
		m.Values = append(m.Values, vals)
	}
	return m
}

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
// section C, "Nominal data, any number of observers, missing data":
// observers A-D, units 1-12, values 1-5 (here 0-4). Published: α = 0.743.
// The same data are Gwet's cac.raw4raters (Gwet 2014, Handbook of
// Inter-Rater Reliability; values printed in the irrCAC package README by
// K. Gwet): p_a = 0.8181818, AC1 = 0.77544, Fleiss' kappa = 0.76117,
// Brennan-Prediger = 0.77273, Krippendorff's alpha = 0.74342.
var krippendorff2011C = transpose(5, [][]int{
	{0, 1, 2, 2, 1, 0, 3, 0, 1, M, M, M}, // A
	{0, 1, 2, 2, 1, 1, 3, 0, 1, 4, M, 2}, // B
	{M, 2, 2, 2, 1, 2, 3, 1, 1, 4, 0, M}, // C
	{0, 1, 2, 2, 1, 3, 3, 0, 1, 4, 0, M}, // D
})

// Krippendorff (2011), section A, "Binary data, two observers, no missing
// data": ten units. Published: α = 0.095.
var krippendorff2011A = transpose(2, [][]int{
	{0, 1, 0, 0, 0, 0, 0, 0, 1, 0}, // Observer A
	{1, 1, 1, 0, 0, 1, 0, 0, 0, 0}, // Observer B
})

// The widely reproduced Fleiss' kappa example (Wikipedia, "Fleiss' kappa",
// worked example): 10 subjects, 14 raters, 5 categories, counts per subject
// and category. Published: P̄ = 0.378, P̄_e = 0.213, κ = 0.210.
var fleiss14 = fromCounts([][]int{
	{0, 0, 0, 0, 14},
	{0, 2, 6, 4, 2},
	{0, 0, 3, 5, 6},
	{0, 3, 9, 2, 0},
	{2, 2, 8, 1, 1},
	{7, 7, 0, 0, 0},
	{3, 2, 6, 3, 0},
	{2, 5, 3, 2, 2},
	{6, 5, 2, 1, 0},
	{0, 2, 2, 3, 7},
})

// Gwet's distrib.6raters (Gwet 2014, Handbook of Inter-Rater Reliability;
// irrCAC README): 15 psychiatric patients, 6 raters, 5 diagnoses. Published:
// AC1 = 0.4448007 (p_a = 0.5511111, p_e = 0.1914815), Fleiss' kappa =
// 0.4139265, Krippendorff's alpha = 0.4204384, Brennan-Prediger = 0.4388889.
var gwet6raters = fromCounts([][]int{
	{0, 0, 0, 6, 0},
	{0, 3, 0, 0, 3},
	{0, 1, 4, 0, 1},
	{0, 0, 0, 0, 6},
	{0, 3, 0, 3, 0},
	{2, 0, 4, 0, 0},
	{0, 0, 4, 0, 2},
	{2, 0, 3, 1, 0},
	{2, 0, 0, 4, 0},
	{0, 0, 0, 0, 6},
	{1, 0, 0, 5, 0},
	{1, 1, 0, 4, 0},
	{0, 3, 3, 0, 0},
	{1, 0, 0, 5, 0},
	{0, 2, 0, 3, 1},
})

// Gwet's cont3x3abstractors (Gwet 2014, Handbook of Inter-Rater Reliability;
// irrCAC README): two abstractors, 100 pregnancies, 3 categories (ectopic,
// AIU, NIU). Published: Cohen's kappa = 0.7964094, Scott's pi = 0.7962397,
// AC1 = 0.8493305, Brennan-Prediger = 0.835, Krippendorff's alpha =
// 0.7972585, percent agreement = 0.89.
var gwetAbstractors = fromTable([][]int{
	{13, 0, 0},
	{0, 20, 7},
	{0, 4, 56},
})

// The common textbook 2x2 table for Cohen's kappa (Wikipedia, "Cohen's
// kappa", simple example): 50 proposals, 20 yes/yes, 5 yes/no, 10 no/yes,
// 15 no/no. Published: p_o = 0.70, p_e = 0.50, κ = 0.40.
var cohen2x2 = fromTable([][]int{
	{20, 5},
	{10, 15},
})

type stat func(Matrix) (float64, error)

// cohen01 and scott01 are the two-coder statistics for coders 0 and 1.
func cohen01(m Matrix) (float64, error) { return CohenKappa(m, 0, 1) }
func scott01(m Matrix) (float64, error) { return ScottPi(m, 0, 1) }

func TestPublishedExamples(t *testing.T) {
	tests := []struct {
		name string
		f    stat
		m    Matrix
		want float64
		tol  float64
	}{
		{"Krippendorff 2011 C alpha", KrippendorffAlpha, krippendorff2011C, 0.743, 5e-4},
		{"Krippendorff 2011 C alpha (irrCAC)", KrippendorffAlpha, krippendorff2011C, 0.74342, 5e-6},
		{"Krippendorff 2011 C percent (irrCAC)", PercentAgreement, krippendorff2011C, 0.8181818, 5e-8},
		{"Krippendorff 2011 C AC1 (irrCAC)", GwetAC1, krippendorff2011C, 0.77544, 5e-6},
		{"Krippendorff 2011 C Fleiss (irrCAC)", FleissKappa, krippendorff2011C, 0.76117, 5e-6},
		{"Krippendorff 2011 C BP (irrCAC)", BrennanPrediger, krippendorff2011C, 0.77273, 5e-6},
		{"Krippendorff 2011 A alpha", KrippendorffAlpha, krippendorff2011A, 0.095, 5e-4},
		{"Krippendorff 2011 A binary alpha", KrippendorffAlphaBinary, krippendorff2011A, 0.095, 5e-4},
		{"Fleiss 14 raters kappa", FleissKappa, fleiss14, 0.210, 5e-4},
		{"Fleiss 14 raters P-bar", PercentAgreement, fleiss14, 0.378, 5e-4},
		{"Gwet 6 raters AC1", GwetAC1, gwet6raters, 0.4448007, 5e-8},
		{"Gwet 6 raters p_a", PercentAgreement, gwet6raters, 0.5511111, 5e-8},
		{"Gwet 6 raters Fleiss", FleissKappa, gwet6raters, 0.4139265, 5e-8},
		{"Gwet 6 raters alpha", KrippendorffAlpha, gwet6raters, 0.4204384, 5e-8},
		{"Gwet 6 raters BP", BrennanPrediger, gwet6raters, 0.4388889, 5e-8},
		{"Gwet abstractors Cohen", cohen01, gwetAbstractors, 0.7964094, 5e-8},
		{"Gwet abstractors Scott", scott01, gwetAbstractors, 0.7962397, 5e-8},
		{"Gwet abstractors AC1", GwetAC1, gwetAbstractors, 0.8493305, 5e-8},
		{"Gwet abstractors BP", BrennanPrediger, gwetAbstractors, 0.835, 5e-8},
		{"Gwet abstractors alpha", KrippendorffAlpha, gwetAbstractors, 0.7972585, 5e-8},
		{"Gwet abstractors percent", PercentAgreement, gwetAbstractors, 0.89, 5e-8},
		{"Cohen 2x2 kappa", cohen01, cohen2x2, 0.40, 1e-12},
		{"Cohen 2x2 p_o", PercentAgreement, cohen2x2, 0.70, 1e-12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.f(tt.m)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tt.want) > tt.tol {
				t.Errorf("got %.7f, want %.7f ± %g", got, tt.want, tt.tol)
			}
		})
	}
}

// TestFleissCategories checks the per-category kappas of the 14-rater
// example. No published source for them was found; they are computed by hand
// from Fleiss' (1971) formula κ_j = 1 - Σ_i n_ij (14 - n_ij) / (10·14·13 p_j q_j)
// with the column sums 20, 28, 39, 21, 32 of the table:
//
//	j  Σ_i n_ij(14-n_ij)  p_j     κ_j
//	1  178                20/140  1 - 178/(1820·0.12245) = 0.2013
//	2  268                28/140  1 - 268/(1820·0.16000) = 0.0797
//	3  303                39/140  1 - 303/(1820·0.20097) = 0.1716
//	4  225                21/140  1 - 225/(1820·0.12750) = 0.0304
//	5  158                32/140  1 - 158/(1820·0.17633) = 0.5077
//
// (Wikipedia prints p_4 = 0.171 and p_5 = 0.207, which do not match its own
// table; its P̄_e = 0.213 does: Σ p_j² = 4170/19600 = 0.2128.) Fleiss (1971)
// shows the overall kappa is the mean of the κ_j weighted by p_j q_j, which
// is checked too.
func TestFleissCategories(t *testing.T) {
	want := []float64{0.2013, 0.0797, 0.1716, 0.0304, 0.5077}
	pj := []float64{20.0 / 140, 28.0 / 140, 39.0 / 140, 21.0 / 140, 32.0 / 140}
	var num, den float64
	for j := range want {
		got, err := FleissKappaCategory(fleiss14, j)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-want[j]) > 5e-4 {
			t.Errorf("κ_%d = %.4f, want %.4f", j+1, got, want[j])
		}
		w := pj[j] * (1 - pj[j])
		num += w * got
		den += w
	}
	overall, _ := FleissKappa(fleiss14)
	if math.Abs(num/den-overall) > 1e-12 {
		t.Errorf("weighted mean of κ_j = %.6f, overall κ = %.6f", num/den, overall)
	}
}

// TestHandComputed checks small cases worked out by hand.
func TestHandComputed(t *testing.T) {
	// Two coders, 4 units: (0,0) (0,1) (1,1) (1,1).
	// p_o = 3/4; margins coder 1: 1/2,1/2; coder 2: 1/4,3/4.
	// Cohen: p_e = 1/2·1/4 + 1/2·3/4 = 1/2, κ = (3/4-1/2)/(1/2) = 0.5.
	// Scott: pooled 3/8, 5/8, p_e = 9/64+25/64 = 34/64, π = (48/64-34/64)/(30/64) = 14/30.
	// AC1: p_e = 2·(3/8)(5/8)/1 = 30/64, AC1 = (48-30)/(64-30) = 18/34.
	// BP: (3/4-1/2)/(1/2) = 0.5.
	// Alpha: o_01 = 1 (unit 2, both orders /(2-1)), n_0 = 3, n_1 = 5, n = 8,
	//   α = 1 - 7·1/(3·5) = 8/15.
	m := Matrix{Categories: 2, Values: [][]int{{0, 0}, {0, 1}, {1, 1}, {1, 1}}}
	tests := []struct {
		name string
		f    stat
		want float64
	}{
		{"cohen", cohen01, 0.5},
		{"scott", scott01, 14.0 / 30},
		{"ac1", GwetAC1, 18.0 / 34},
		{"bp", BrennanPrediger, 0.5},
		{"alpha", KrippendorffAlpha, 8.0 / 15},
		{"binary alpha", KrippendorffAlphaBinary, 8.0 / 15},
		{"fleiss=scott for two coders", FleissKappa, 14.0 / 30},
	}
	for _, tt := range tests {
		got, err := tt.f(m)
		if err != nil || math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
	if p, _ := Prevalence(m, 1); p != 5.0/8 {
		t.Errorf("prevalence = %v, want 5/8", p)
	}
}

func TestNotEnoughData(t *testing.T) {
	tests := []struct {
		name string
		f    stat
		m    Matrix
	}{
		{"alpha no variation", KrippendorffAlpha, Matrix{Categories: 2, Values: [][]int{{1, 1}, {1, 1}}}},
		{"alpha one coder", KrippendorffAlpha, Matrix{Categories: 2, Values: [][]int{{0}, {1}}}},
		{"alpha no pairable unit", KrippendorffAlpha, Matrix{Categories: 2, Values: [][]int{{0, M}, {M, 1}}}},
		{"alpha empty", KrippendorffAlpha, Matrix{Categories: 2}},
		{"binary no variation", KrippendorffAlphaBinary, Matrix{Categories: 2, Values: [][]int{{0, 0}}}},
		{"cohen no variation", cohen01, Matrix{Categories: 2, Values: [][]int{{0, 0}, {0, 0}}}},
		{"cohen no shared unit", cohen01, Matrix{Categories: 2, Values: [][]int{{0, M}, {M, 0}}}},
		{"scott no variation", scott01, Matrix{Categories: 3, Values: [][]int{{2, 2}}}},
		{"fleiss no variation", FleissKappa, Matrix{Categories: 2, Values: [][]int{{0, 0, 0}}}},
		{"percent one coder", PercentAgreement, Matrix{Categories: 2, Values: [][]int{{0}}}},
		{"ac1 one category", GwetAC1, Matrix{Categories: 1, Values: [][]int{{0, 0}}}},
		{"bp one category", BrennanPrediger, Matrix{Categories: 1, Values: [][]int{{0, 0}}}},
	}
	for _, tt := range tests {
		got, err := tt.f(tt.m)
		if !errors.Is(err, ErrNotEnoughData) {
			t.Errorf("%s = %v, %v; want ErrNotEnoughData", tt.name, got, err)
		}
	}
	if _, err := FleissKappaCategory(fleiss14.Select(0, 1), 4); err != nil {
		t.Errorf("category 4 of two coders: %v", err)
	}
	if _, err := FleissKappaCategory(Matrix{Categories: 2, Values: [][]int{{0, 0}}}, 1); !errors.Is(err, ErrNotEnoughData) {
		t.Errorf("unused category: %v, want ErrNotEnoughData", err)
	}
	// AC1 stays defined without variation: p_a = 1, p_e = 0.
	if got, err := GwetAC1(Matrix{Categories: 2, Values: [][]int{{1, 1}, {1, 1}}}); err != nil || got != 1 {
		t.Errorf("AC1 without variation = %v, %v; want 1", got, err)
	}
}

func TestInvalid(t *testing.T) {
	for name, m := range map[string]Matrix{
		"value too large": {Categories: 2, Values: [][]int{{0, 2}}},
		"negative value":  {Categories: 2, Values: [][]int{{0, -2}}},
		"ragged":          {Categories: 2, Values: [][]int{{0, 1}, {0}}},
		"no categories":   {Categories: 0, Values: [][]int{{M, M}}},
	} {
		if _, err := KrippendorffAlpha(m); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	for _, ab := range [][2]int{{0, 0}, {0, 4}, {-1, 1}} {
		if _, err := CohenKappa(krippendorff2011C, ab[0], ab[1]); !errors.Is(err, ErrInvalid) {
			t.Errorf("Cohen with coders %v: %v, want ErrInvalid", ab, err)
		}
	}
	if _, err := KrippendorffAlphaBinary(krippendorff2011C); !errors.Is(err, ErrInvalid) {
		t.Errorf("binary alpha with 5 categories: %v, want ErrInvalid", err)
	}
}

func TestMatrixFromLabels(t *testing.T) {
	m, labels := MatrixFromLabels([][]string{{"b", "a"}, {"c", ""}, {"a", "a"}})
	if len(labels) != 3 || labels[0] != "a" || labels[2] != "c" {
		t.Fatalf("labels = %v", labels)
	}
	want := [][]int{{1, 0}, {2, M}, {0, 0}}
	for u := range want {
		for c := range want[u] {
			if m.Values[u][c] != want[u][c] {
				t.Fatalf("values = %v, want %v", m.Values, want)
			}
		}
	}
	// Alpha on the labels equals alpha on the codes of Krippendorff (2011) C.
	rows := make([][]string, len(krippendorff2011C.Values))
	for u, row := range krippendorff2011C.Values {
		for _, v := range row {
			s := ""
			if v != M {
				s = string(rune('p' + v))
			}
			rows[u] = append(rows[u], s)
		}
	}
	lm, _ := MatrixFromLabels(rows)
	a, _ := KrippendorffAlpha(lm)
	b, _ := KrippendorffAlpha(krippendorff2011C)
	if a != b {
		t.Errorf("alpha from labels %v, from codes %v", a, b)
	}
}

func TestInterpret(t *testing.T) {
	tests := []struct {
		alpha float64
		err   error
		want  Reading
	}{
		{1, nil, Reliable},
		{0.800, nil, Reliable},
		{0.7999, nil, Tentative},
		{0.667, nil, Tentative},
		{0.6669, nil, NotReliable},
		{-0.5, nil, NotReliable},
		{0, ErrNotEnoughData, NotEnoughData},
	}
	for _, tt := range tests {
		if got := Interpret(tt.alpha, tt.err); got != tt.want {
			t.Errorf("Interpret(%v, %v) = %v, want %v", tt.alpha, tt.err, got, tt.want)
		}
	}
	if got := Interpret(KrippendorffAlpha(krippendorff2011C)); got != Tentative {
		t.Errorf("Krippendorff 2011 C reads %v, want tentative", got)
	}
	if Reliable.String() != "reliable" || NotEnoughData.String() != "not enough data" {
		t.Error("Reading.String")
	}
}
