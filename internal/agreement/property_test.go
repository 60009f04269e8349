package agreement

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// randomMatrix returns units x coders values in [0, k) with about a fifth
// missing.
func randomMatrix(r *rand.Rand, units, coders, k int) Matrix {
	m := Matrix{Categories: k, Values: make([][]int, units)}
	for u := range m.Values {
		m.Values[u] = make([]int, coders)
		for c := range coders {
			m.Values[u][c] = r.IntN(k)
			if r.IntN(5) == 0 {
				m.Values[u][c] = Missing
			}
		}
	}
	return m
}

var multiCoder = map[string]stat{
	"percent": PercentAgreement,
	"fleiss":  FleissKappa,
	"alpha":   KrippendorffAlpha,
	"ac1":     GwetAC1,
	"bp":      BrennanPrediger,
}

var twoCoder = map[string]stat{"cohen": cohen01, "scott": scott01}

func same(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestPerfectAgreement(t *testing.T) {
	m := Matrix{Categories: 3, Values: [][]int{{0, 0, 0}, {1, 1, M}, {2, 2, 2}, {M, 1, 1}, {0, M, M}}}
	for name, f := range multiCoder {
		if got, err := f(m); err != nil || !same(got, 1) {
			t.Errorf("%s = %v, %v; want 1", name, got, err)
		}
	}
	for name, f := range twoCoder {
		if got, err := f(m.Select(0, 1)); err != nil || !same(got, 1) {
			t.Errorf("%s = %v, %v; want 1", name, got, err)
		}
	}
	if got, err := KrippendorffAlphaBinary(Matrix{Categories: 2, Values: [][]int{{0, 0}, {1, 1}}}); err != nil || got != 1 {
		t.Errorf("binary alpha = %v, %v; want 1", got, err)
	}
}

// TestInvariance checks that permuting coders or units, relabelling the
// categories and adding an all-missing unit leave every statistic as it was.
func TestInvariance(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 50 {
		m := randomMatrix(r, 2+r.IntN(30), 2+r.IntN(5), 2+r.IntN(4))
		coders := r.Perm(m.Coders())
		units := r.Perm(len(m.Values))
		relabel := r.Perm(m.Categories)
		variants := map[string]Matrix{
			"coders": m.Select(coders...),
			"units":  {Categories: m.Categories},
			"labels": {Categories: m.Categories},
			"empty":  {Categories: m.Categories, Values: append(append([][]int{}, m.Values...), make([]int, m.Coders()))},
		}
		for _, u := range units {
			v := variants["units"]
			v.Values = append(v.Values, m.Values[u])
			variants["units"] = v
		}
		for _, row := range m.Values {
			out := make([]int, len(row))
			for c, x := range row {
				out[c] = Missing
				if x != Missing {
					out[c] = relabel[x]
				}
			}
			v := variants["labels"]
			v.Values = append(v.Values, out)
			variants["labels"] = v
		}
		empty := variants["empty"].Values[len(m.Values)]
		for c := range empty {
			empty[c] = Missing
		}
		check := func(name string, f stat, a, b Matrix, what string) {
			x, errx := f(a)
			y, erry := f(b)
			if (errx == nil) != (erry == nil) || (errx == nil && !same(x, y)) {
				t.Errorf("trial %d: %s changed by %s: %v, %v -> %v, %v", trial, name, what, x, errx, y, erry)
			}
		}
		for what, v := range variants {
			for name, f := range multiCoder {
				check(name, f, m, v, what)
			}
		}
		p := m.Select(0, 1)
		for name, f := range twoCoder {
			check(name, f, p, variants["units"].Select(0, 1), "units")
			check(name, f, p, variants["labels"].Select(0, 1), "labels")
		}
		// Alpha and Scott's pi are symmetric in the two coders; Cohen's
		// kappa too (p_e is a product of the margins).
		for name, f := range twoCoder {
			check(name, f, p, m.Select(1, 0), "swapping two coders")
		}
	}
}

// TestIdenticalCoders: two coders who agree everywhere, with some variation,
// have alpha (and the kappas) of 1.
func TestIdenticalCoders(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		m := randomMatrix(r, 5+r.IntN(20), 1, 2+r.IntN(3))
		for u, row := range m.Values {
			m.Values[u] = []int{row[0], row[0]}
		}
		m.Values = append(m.Values, []int{0, 0}, []int{1, 1})
		for name, f := range map[string]stat{"alpha": KrippendorffAlpha, "cohen": cohen01, "scott": scott01, "fleiss": FleissKappa} {
			if got, err := f(m); err != nil || !same(got, 1) {
				t.Errorf("%s = %v, %v; want 1", name, got, err)
			}
		}
	}
}

// TestAgreementsOfTwoCoders cross-checks the formulas against each other on
// random complete two-coder data: Fleiss' kappa equals Scott's pi, the
// binary and nominal alphas agree, and alpha = 1 - (2N-1)/(2N)·(1-π)
// (Krippendorff 2011, section B: alpha corrects pi for sample size).
func TestAgreementsOfTwoCoders(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 100 {
		n := 3 + r.IntN(40)
		m := Matrix{Categories: 2, Values: make([][]int, n)}
		for u := range m.Values {
			m.Values[u] = []int{r.IntN(2), r.IntN(2)}
		}
		pi, err := ScottPi(m, 0, 1)
		if err != nil {
			continue
		}
		fk, _ := FleissKappa(m)
		a, _ := KrippendorffAlpha(m)
		b, _ := KrippendorffAlphaBinary(m)
		if !same(pi, fk) || !same(a, b) {
			t.Errorf("pi %v fleiss %v alpha %v binary %v", pi, fk, a, b)
		}
		if want := 1 - float64(2*n-1)/float64(2*n)*(1-pi); !same(a, want) {
			t.Errorf("alpha %v, from pi %v", a, want)
		}
	}
}

// refUAlpha computes uα and |uα character by character, the definition of
// UAlpha without the sweep: it labels every character of every coder and
// pairs the labels position by position.
func refUAlpha(cs []Continuum, binary bool) (float64, bool) {
	obs := map[[2]int]float64{}
	t := map[int]float64{}
	var total float64
	for _, c := range cs {
		m := len(c.Coders)
		if m < 2 {
			continue
		}
		labels := make([][]int, m)
		for i, segs := range c.Coders {
			labels[i] = make([]int, c.Length)
			for _, s := range segs {
				v := s.Value + 1
				if binary {
					v = 1
				}
				for x := s.Start; x < s.End; x++ {
					labels[i][x] = v
				}
				t[v] += float64((s.End - s.Start) * (s.End - s.Start))
			}
			for x := range c.Length {
				if labels[i][x] == 0 {
					t[0]++
				}
			}
		}
		for x := range c.Length {
			for i := range m {
				for j := range m {
					if i != j {
						obs[[2]int{labels[i][x], labels[j][x]}] += 1 / float64(m-1)
					}
				}
			}
		}
		total += float64(m * c.Length)
	}
	margin := map[int]float64{}
	var tsum float64
	for ck, v := range obs {
		margin[ck[0]] += v
	}
	for _, v := range t {
		tsum += v
	}
	e := func(a, b int) float64 {
		n := margin[a] * margin[b]
		if a == b {
			n -= t[a]
		}
		return total * n / (total*total - tsum)
	}
	var do, de float64
	if binary {
		for v := range margin {
			do += obs[[2]int{0, v}]
			de += e(0, v)
		}
		do -= obs[[2]int{0, 0}]
		de -= e(0, 0)
	} else {
		do, de = total, total
		for v := range margin {
			do -= obs[[2]int{v, v}]
			de -= e(v, v)
		}
	}
	if de <= 1e-9 {
		return 0, false
	}
	return 1 - do/de, true
}

// randomContinua returns continua whose coders' segments do not overlap.
func randomContinua(r *rand.Rand, n, coders, values int) []Continuum {
	cs := make([]Continuum, n)
	for i := range cs {
		l := 20 + r.IntN(200)
		cs[i].Length = l
		cs[i].Coders = make([][]Segment, 2+r.IntN(coders-1))
		for c := range cs[i].Coders {
			for pos := r.IntN(20); pos < l; {
				end := min(l, pos+1+r.IntN(30))
				cs[i].Coders[c] = append(cs[i].Coders[c], Segment{pos, end, r.IntN(values)})
				pos = end + r.IntN(25)
			}
		}
	}
	return cs
}

func TestUnitizedAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for trial := range 200 {
		cs := randomContinua(r, 1+r.IntN(4), 5, 1+r.IntN(4))
		for _, binary := range []bool{false, true} {
			f := UAlpha
			if binary {
				f = BinaryUAlpha
			}
			got, err := f(cs)
			want, ok := refUAlpha(cs, binary)
			if ok != (err == nil) || (ok && math.Abs(got-want) > 1e-9) {
				t.Fatalf("trial %d binary %v: got %v, %v; reference %v, %v", trial, binary, got, err, want, ok)
			}
		}
	}
}

func TestUnitizedProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for range 50 {
		cs := randomContinua(r, 1+r.IntN(3), 5, 3)
		ua, err := UAlpha(cs)
		if err != nil {
			continue
		}
		// Permuting coders, reversing segment order, relabelling values and
		// permuting continua change nothing.
		perm := make([]Continuum, len(cs))
		for i, c := range cs {
			p := Continuum{Length: c.Length}
			for _, j := range r.Perm(len(c.Coders)) {
				segs := make([]Segment, len(c.Coders[j]))
				for k, s := range c.Coders[j] {
					segs[len(segs)-1-k] = Segment{s.Start, s.End, 2 - s.Value}
				}
				p.Coders = append(p.Coders, segs)
			}
			perm[len(cs)-1-i] = p
		}
		if got, err := UAlpha(perm); err != nil || math.Abs(got-ua) > 1e-9 {
			t.Errorf("permuted uα = %v, %v; want %v", got, err, ua)
		}
		// Identical coders agree perfectly.
		c := cs[0]
		twins := []Continuum{{Length: c.Length, Coders: [][]Segment{c.Coders[0], c.Coders[0]}}}
		for _, f := range []func([]Continuum) (float64, error){UAlpha, BinaryUAlpha} {
			if got, err := f(twins); err == nil && math.Abs(got-1) > 1e-9 {
				t.Errorf("identical coders: %v", got)
			} else if err != nil && len(c.Coders[0]) > 0 {
				t.Errorf("identical coders with segments: %v", err)
			}
		}
		// A continuum with one coder is skipped.
		more := append(append([]Continuum{}, cs...), Continuum{Length: 50, Coders: [][]Segment{{{0, 10, 1}}}})
		if got, _ := UAlpha(more); math.Abs(got-ua) > 1e-9 {
			t.Errorf("one-coder continuum changed uα: %v -> %v", ua, got)
		}
	}
}

func TestBootstrap(t *testing.T) {
	m := krippendorff2011C
	a, _ := KrippendorffAlpha(m)
	iv, err := BootstrapAlpha(m, DefaultDraws, 42)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := BootstrapAlpha(m, DefaultDraws, 42)
	if iv != again {
		t.Errorf("same seed gave %v and %v", iv, again)
	}
	if other, _ := BootstrapAlpha(m, DefaultDraws, 43); other == iv {
		t.Errorf("different seeds gave the same interval %v", iv)
	}
	if !(iv.Lo <= a && a <= iv.Hi) || iv.Lo < -1 || iv.Hi > 1 || iv.Draws < DefaultDraws/2 {
		t.Errorf("interval %+v does not fit alpha %v", iv, a)
	}
	// With many units the interval narrows around alpha: 2000 units of two
	// coders agreeing 90% of the time on a balanced binary variable have
	// α ≈ 0.8 with a standard error of about 0.013.
	r := rand.New(rand.NewPCG(11, 12))
	big := Matrix{Categories: 2}
	for range 2000 {
		v := r.IntN(2)
		w := v
		if r.IntN(10) == 0 {
			w = 1 - v
		}
		big.Values = append(big.Values, []int{v, w})
	}
	ab, _ := KrippendorffAlpha(big)
	ib, err := BootstrapAlpha(big, 500, 1)
	if err != nil || ib.Hi-ib.Lo > 0.08 || ib.Lo > ab || ib.Hi < ab {
		t.Errorf("large sample: alpha %v interval %+v, %v", ab, ib, err)
	}
	if _, err := BootstrapAlpha(Matrix{Categories: 2, Values: [][]int{{1, 1}}}, 10, 1); !errors.Is(err, ErrNotEnoughData) {
		t.Errorf("no variation: %v", err)
	}
	if _, err := BootstrapAlpha(m, 0, 1); !errors.Is(err, ErrInvalid) {
		t.Errorf("zero draws: %v", err)
	}
}

func TestQuantile(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5}
	for _, tt := range []struct{ p, want float64 }{{0, 1}, {0.5, 3}, {0.025, 1.1}, {0.975, 4.9}, {1, 5}} {
		if got := quantile(xs, tt.p); !same(got, tt.want) {
			t.Errorf("quantile(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

func TestPairwiseCohenKappa(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for range 20 {
		m := randomMatrix(r, 1+r.IntN(30), 2+r.IntN(4), 2+r.IntN(3))
		pairs, err := PairwiseCohenKappa(m)
		if err != nil || len(pairs) != m.Coders()*(m.Coders()-1)/2 {
			t.Fatalf("%d pairs, %v", len(pairs), err)
		}
		for _, p := range pairs {
			want, werr := CohenKappa(m, p.A, p.B)
			if (werr == nil) != (p.Err == nil) || (werr == nil && !same(want, p.Kappa)) {
				t.Errorf("pair %d,%d: %v, %v; CohenKappa %v, %v", p.A, p.B, p.Kappa, p.Err, want, werr)
			}
		}
	}
}

// TestPairwiseAlpha: the one-pass pairwise alpha equals alpha of each pair
// selected on its own, and the published two-observer example.
func TestPairwiseAlpha(t *testing.T) {
	pairs, err := PairwiseAlpha(krippendorff2011A)
	if err != nil || len(pairs) != 1 || math.Abs(pairs[0].Alpha-0.095) > 5e-4 {
		t.Fatalf("Krippendorff 2011 A: %+v %v, want 0.095", pairs, err)
	}
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 200 {
		m := randomMatrix(r, 1+r.IntN(30), 2+r.IntN(5), 2+r.IntN(3))
		pairs, err := PairwiseAlpha(m)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pairs {
			want, werr := KrippendorffAlpha(m.Select(p.A, p.B))
			if (werr == nil) != (p.Err == nil) || (werr == nil && math.Abs(want-p.Alpha) > 1e-12) {
				t.Fatalf("case %d pair %d-%d: %v %v, want %v %v", i, p.A, p.B, p.Alpha, p.Err, want, werr)
			}
		}
	}
}

// TestBinomial: the sampler's mean and variance match n·p and n·p·(1-p)
// (within five standard errors over 20,000 draws), at its edges too.
func TestBinomial(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		n int
		p float64
	}{{10000, 0.3}, {10000, 0.999}, {5000, 0.001}, {37, 0.5}, {7, 0.2}, {1, 0.9}, {123456, 0.0421}} {
		const draws = 20000
		var sum, sq float64
		for range draws {
			k := binomial(r, tc.n, tc.p)
			if k < 0 || k > tc.n {
				t.Fatalf("binomial(%d, %v) = %d", tc.n, tc.p, k)
			}
			sum += float64(k)
			sq += float64(k) * float64(k)
		}
		mean, want := sum/draws, float64(tc.n)*tc.p
		variance, wantVar := sq/draws-mean*mean, float64(tc.n)*tc.p*(1-tc.p)
		if math.Abs(mean-want) > 5*math.Sqrt(wantVar/draws)+1e-9 {
			t.Errorf("binomial(%d, %v): mean %.3f, want %.3f", tc.n, tc.p, mean, want)
		}
		if math.Abs(variance-wantVar) > 0.05*wantVar+0.01 {
			t.Errorf("binomial(%d, %v): variance %.3f, want %.3f", tc.n, tc.p, variance, wantVar)
		}
	}
	if binomial(r, 10, 0) != 0 || binomial(r, 10, 1) != 10 || binomial(r, 0, 0.5) != 0 {
		t.Error("edge cases")
	}
}
