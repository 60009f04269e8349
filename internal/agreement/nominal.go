package agreement

// This file holds the statistics for nominal values of predefined units.
//
// Notation used in the doc comments: n_uk is the number of coders who gave
// unit u the value k, r_u = Σ_k n_uk the number of values of unit u, q the
// number of categories (Matrix.Categories). "Pairable" units are those with
// r_u >= 2.

// PercentAgreement returns the pairwise percent agreement: over the pairable
// units, the mean share of agreeing pairs of coders,
//
//	p_a = (1/N) Σ_u Σ_k n_uk (n_uk - 1) / (r_u (r_u - 1)),
//
// N being the number of pairable units. For two coders it is the share of
// units on which they agree. With missing values it is Gwet's p_a (Gwet
// 2014, Handbook of Inter-Rater Reliability, 4th ed., ch. 2).
func PercentAgreement(m Matrix) (float64, error) {
	t, err := m.count()
	if err != nil {
		return 0, err
	}
	pa, _, err := t.agreement()
	return pa, err
}

// agreement returns p_a (see PercentAgreement) and the per-category means
// π_k = (1/N1) Σ_u n_uk / r_u over the N1 units with at least one value, as
// used by Fleiss' kappa and Gwet's AC1 (Gwet 2014, ch. 2 and 4).
func (t table) agreement() (pa float64, pi []float64, err error) {
	pi = make([]float64, t.k)
	var pairable, rated int
	for u := range t.units() {
		r := t.r[u]
		if r == 0 {
			continue
		}
		rated++
		row := t.row(u)
		for k, n := range row {
			pi[k] += float64(n) / float64(r)
		}
		if r < 2 {
			continue
		}
		pairable++
		var agree int
		for _, n := range row {
			agree += n * (n - 1)
		}
		pa += float64(agree) / float64(r*(r-1))
	}
	if pairable == 0 {
		return 0, nil, notEnough("no unit has values from two coders")
	}
	for k := range pi {
		pi[k] /= float64(rated)
	}
	return pa / float64(pairable), pi, nil
}

// chanceCorrected returns (pa - pe) / (1 - pe), or ErrNotEnoughData when the
// expected agreement pe is 1.
func chanceCorrected(pa, pe float64) (float64, error) {
	if pe >= 1-1e-12 {
		return 0, notEnough("no variation in the values (expected agreement is 1)")
	}
	return clamp((pa - pe) / (1 - pe)), nil
}

// clamp keeps rounding noise from pushing a coefficient past 1.
func clamp(x float64) float64 {
	if x > 1 {
		return 1
	}
	return x
}

// pair returns the q x q contingency table of coders a and b over the units
// both coded: p[x*q+y] is the share of those units given x by coder a and y
// by coder b.
func pair(m Matrix, a, b int) (p []float64, q int, err error) {
	if m.Categories < 1 {
		return nil, 0, invalid("Categories is %d, want at least 1", m.Categories)
	}
	if a < 0 || b < 0 || a >= m.Coders() || b >= m.Coders() || a == b {
		return nil, 0, invalid("coders %d and %d: want two different coders in [0, %d)", a, b, m.Coders())
	}
	q = m.Categories
	p = make([]float64, q*q)
	var n int
	for u, row := range m.Values {
		if len(row) != m.Coders() {
			return nil, 0, invalid("unit %d has %d values, want %d", u, len(row), m.Coders())
		}
		x, y := row[a], row[b]
		if x == Missing || y == Missing {
			continue
		}
		if x < 0 || x >= q || y < 0 || y >= q {
			return nil, 0, invalid("unit %d: value outside [0, %d)", u, q)
		}
		p[x*q+y]++
		n++
	}
	if n == 0 {
		return nil, 0, notEnough("the two coders share no coded unit")
	}
	for i := range p {
		p[i] /= float64(n)
	}
	return p, q, nil
}

// CohenKappa returns Cohen's kappa for coders a and b of m over the units
// both coded:
//
//	κ = (p_o - p_e) / (1 - p_e),  p_o = Σ_k p_kk,  p_e = Σ_k p_k. p_.k,
//
// p_xy being the share of units given x by coder a and y by coder b (Cohen
// 1960, "A coefficient of agreement for nominal scales",
// Educational and Psychological Measurement 20(1)).
func CohenKappa(m Matrix, a, b int) (float64, error) {
	p, q, err := pair(m, a, b)
	if err != nil {
		return 0, err
	}
	row, col := margins(p, q)
	var po, pe float64
	for k := range q {
		po += p[k*q+k]
		pe += row[k] * col[k]
	}
	return chanceCorrected(po, pe)
}

// ScottPi returns Scott's pi for coders a and b of m over the units both
// coded:
//
//	π = (p_o - p_e) / (1 - p_e),  p_e = Σ_k ((p_k. + p_.k) / 2)²,
//
// chance agreement being computed from the pooled distribution of both
// coders' values (Scott 1955, "Reliability of content analysis: The case of
// nominal scale coding", Public Opinion Quarterly 19(3)).
func ScottPi(m Matrix, a, b int) (float64, error) {
	p, q, err := pair(m, a, b)
	if err != nil {
		return 0, err
	}
	row, col := margins(p, q)
	var po, pe float64
	for k := range q {
		po += p[k*q+k]
		mean := (row[k] + col[k]) / 2
		pe += mean * mean
	}
	return chanceCorrected(po, pe)
}

func margins(p []float64, q int) (row, col []float64) {
	row, col = make([]float64, q), make([]float64, q)
	for a := range q {
		for b := range q {
			row[a] += p[a*q+b]
			col[b] += p[a*q+b]
		}
	}
	return row, col
}

// FleissKappa returns Fleiss' kappa for any number of coders:
//
//	κ = (P̄ - P̄_e) / (1 - P̄_e),  P̄_e = Σ_k π_k²,
//
// P̄ being the percent agreement p_a (see PercentAgreement) and π_k the mean
// share of value k per unit (Fleiss 1971, "Measuring nominal scale agreement
// among many raters", Psychological Bulletin 76(5)). With missing values π_k
// is averaged over the units with at least one value and P̄ over the pairable
// units, as in Gwet (2014, Handbook of Inter-Rater Reliability, ch. 4); with
// complete data this is Fleiss' original coefficient.
func FleissKappa(m Matrix) (float64, error) {
	t, err := m.count()
	if err != nil {
		return 0, err
	}
	pa, pi, err := t.agreement()
	if err != nil {
		return 0, err
	}
	var pe float64
	for _, p := range pi {
		pe += p * p
	}
	return chanceCorrected(pa, pe)
}

// FleissKappaCategory returns Fleiss' kappa for category k against all
// others:
//
//	κ_k = 1 - [(1/N) Σ_u n_uk (r_u - n_uk) / (r_u (r_u - 1))] / (π_k (1 - π_k)),
//
// which for r_u = r coders on every unit is Fleiss' (1971, "Measuring nominal
// scale agreement among many raters", Psychological Bulletin 76(5))
// κ_k = 1 - Σ_u n_uk (r - n_uk) / (N r (r - 1) π_k (1 - π_k)). The overall
// kappa is the mean of the κ_k weighted by π_k (1 - π_k). It is undefined
// (ErrNotEnoughData) when no value, or every value, is k.
func FleissKappaCategory(m Matrix, k int) (float64, error) {
	t, err := m.count()
	if err != nil {
		return 0, err
	}
	if k < 0 || k >= t.k {
		return 0, invalid("category %d outside [0, %d)", k, t.k)
	}
	_, pi, err := t.agreement()
	if err != nil {
		return 0, err
	}
	var dis float64
	var pairable int
	for u := range t.units() {
		r := t.r[u]
		if r < 2 {
			continue
		}
		pairable++
		n := t.row(u)[k]
		dis += float64(n*(r-n)) / float64(r*(r-1))
	}
	v := pi[k] * (1 - pi[k])
	if v <= 1e-12 {
		return 0, notEnough("no variation in this category")
	}
	return clamp(1 - dis/float64(pairable)/v), nil
}

// GwetAC1 returns Gwet's first-order agreement coefficient for any number of
// coders:
//
//	AC1 = (p_a - p_e) / (1 - p_e),  p_e = (1/(q-1)) Σ_k π_k (1 - π_k),
//
// p_a and π_k as for FleissKappa and q = m.Categories (Gwet 2008, "Computing
// inter-rater reliability and its variance in the presence of high
// agreement", British Journal of Mathematical and Statistical Psychology
// 61(1); Gwet 2014, Handbook of Inter-Rater Reliability, 4th ed.). Unlike
// kappa it stays defined when every value is the same.
func GwetAC1(m Matrix) (float64, error) {
	t, err := m.count()
	if err != nil {
		return 0, err
	}
	if t.k < 2 {
		return 0, notEnough("fewer than two categories")
	}
	pa, pi, err := t.agreement()
	if err != nil {
		return 0, err
	}
	var pe float64
	for _, p := range pi {
		pe += p * (1 - p)
	}
	return chanceCorrected(pa, pe/float64(t.k-1))
}

// BrennanPrediger returns the Brennan-Prediger coefficient, chance agreement
// being that of q equally likely categories:
//
//	κ_BP = (p_a - 1/q) / (1 - 1/q),
//
// p_a as for PercentAgreement and q = m.Categories (Brennan & Prediger 1981,
// "Coefficient kappa: Some uses, misuses, and alternatives", Educational and
// Psychological Measurement 41(3)).
func BrennanPrediger(m Matrix) (float64, error) {
	t, err := m.count()
	if err != nil {
		return 0, err
	}
	if t.k < 2 {
		return 0, notEnough("fewer than two categories")
	}
	pa, _, err := t.agreement()
	if err != nil {
		return 0, err
	}
	return chanceCorrected(pa, 1/float64(t.k))
}

// Prevalence returns the share of the values in m that are k, over all
// non-missing cells; next to kappa it shows whether a low kappa comes from a
// rare category.
func Prevalence(m Matrix, k int) (float64, error) {
	t, err := m.count()
	if err != nil {
		return 0, err
	}
	if k < 0 || k >= t.k {
		return 0, invalid("category %d outside [0, %d)", k, t.k)
	}
	var n, all int
	for u := range t.units() {
		n += t.row(u)[k]
		all += t.r[u]
	}
	if all == 0 {
		return 0, notEnough("no values")
	}
	return float64(n) / float64(all), nil
}

// KrippendorffAlpha returns Krippendorff's alpha for nominal data, any number
// of coders and missing values, in its coincidence-matrix form:
//
//	o_ck = Σ_u n_uc (n_uk - [c=k]) / (r_u - 1)   (pairable units only),
//	n_c = Σ_k o_ck,  n = Σ_c n_c,
//	α = 1 - D_o / D_e = 1 - (n - 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k
//
// (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability",
// University of Pennsylvania, Annenberg School for Communication, Departmental
// Papers 43, section C). It is undefined (ErrNotEnoughData) without pairable
// values or when all pairable values are the same.
func KrippendorffAlpha(m Matrix) (float64, error) {
	t, err := m.count()
	if err != nil {
		return 0, err
	}
	return t.alpha()
}

// KrippendorffAlphaBinary returns Krippendorff's alpha for binary data
// (m.Categories must be 2) in its two-value form:
//
//	α = 1 - (n - 1) o_01 / (n_0 n_1)
//
// with o_01, n_0, n_1 and n as for KrippendorffAlpha (Krippendorff 2011,
// "Computing Krippendorff's Alpha-Reliability", section A). It equals
// KrippendorffAlpha for two categories.
func KrippendorffAlphaBinary(m Matrix) (float64, error) {
	if m.Categories != 2 {
		return 0, invalid("Categories is %d, want 2", m.Categories)
	}
	t, err := m.count()
	if err != nil {
		return 0, err
	}
	var o01, n0, n1 float64
	for u := range t.units() {
		r := t.r[u]
		if r < 2 {
			continue
		}
		row := t.row(u)
		o01 += float64(row[0]*row[1]) / float64(r-1)
		n0 += float64(row[0])
		n1 += float64(row[1])
	}
	if n0+n1 == 0 {
		return 0, notEnough("no unit has values from two coders")
	}
	if n0 == 0 || n1 == 0 {
		return 0, notEnough("no variation in the values")
	}
	return clamp(1 - (n0+n1-1)*o01/(n0*n1)), nil
}

// alpha computes nominal alpha from the counts, using
// Σ_{c≠k} o_ck = Σ_u (r_u² - Σ_k n_uk²) / (r_u - 1) and
// Σ_{c≠k} n_c n_k = n² - Σ_c n_c².
func (t table) alpha() (float64, error) {
	nc := make([]float64, t.k)
	var do float64
	for u := range t.units() {
		r := t.r[u]
		if r < 2 {
			continue
		}
		var sq int
		for k, n := range t.row(u) {
			sq += n * n
			nc[k] += float64(n)
		}
		do += float64(r*r-sq) / float64(r-1)
	}
	return alphaFrom(do, nc)
}

func alphaFrom(do float64, nc []float64) (float64, error) {
	var n, sq float64
	for _, c := range nc {
		n += c
		sq += c * c
	}
	if n == 0 {
		return 0, notEnough("no unit has values from two coders")
	}
	de := n*n - sq
	if de <= 0 {
		return 0, notEnough("no variation in the values")
	}
	return clamp(1 - (n-1)*do/de), nil
}

// PairKappa is Cohen's kappa of coders A and B; Err is non-nil (wrapping
// ErrNotEnoughData) where it is undefined.
type PairKappa struct {
	A, B  int
	Kappa float64
	Err   error
}

// PairwiseCohenKappa returns CohenKappa for every pair of coders a < b of m,
// in the order (0,1), (0,2), ..., (1,2), ..., computed in one pass over the
// units.
func PairwiseCohenKappa(m Matrix) ([]PairKappa, error) {
	if _, err := m.count(); err != nil {
		return nil, err
	}
	c, q := m.Coders(), m.Categories
	npairs := c * (c - 1) / 2
	tables := pairTables(m)
	out := make([]PairKappa, 0, npairs)
	p := 0
	for a := range c {
		for b := a + 1; b < c; b++ {
			t := tables[p*q*q : (p+1)*q*q]
			p++
			pk := PairKappa{A: a, B: b}
			var n int
			for _, v := range t {
				n += v
			}
			if n == 0 {
				pk.Err = notEnough("the two coders share no coded unit")
				out = append(out, pk)
				continue
			}
			row, col := make([]float64, q), make([]float64, q)
			var po, pe float64
			for x := range q {
				for y := range q {
					share := float64(t[x*q+y]) / float64(n)
					row[x] += share
					col[y] += share
					if x == y {
						po += share
					}
				}
			}
			for k := range q {
				pe += row[k] * col[k]
			}
			pk.Kappa, pk.Err = chanceCorrected(po, pe)
			out = append(out, pk)
		}
	}
	return out, nil
}

// PairAlpha is Krippendorff's alpha of coders A and B alone; Err is non-nil
// (wrapping ErrNotEnoughData) where it is undefined.
type PairAlpha struct {
	A, B  int
	Alpha float64
	Err   error
}

// PairwiseAlpha returns KrippendorffAlpha(m.Select(a, b)) for every pair of
// coders a < b of m, in the order of PairwiseCohenKappa, computed in one
// pass over the units. With two coders every pairable unit has r_u = 2, so
// a unit with values x and y adds 1 to o_xy and 1 to o_yx (Krippendorff
// 2011, section C), and
//
//	α = 1 - (n - 1) Σ_{c≠k} o_ck / (n² - Σ_c n_c²).
func PairwiseAlpha(m Matrix) ([]PairAlpha, error) {
	if _, err := m.count(); err != nil {
		return nil, err
	}
	c, q := m.Coders(), m.Categories
	npairs := c * (c - 1) / 2
	tables := pairTables(m)
	out := make([]PairAlpha, 0, npairs)
	nc := make([]float64, q)
	p := 0
	for a := range c {
		for b := a + 1; b < c; b++ {
			t := tables[p*q*q : (p+1)*q*q]
			p++
			clear(nc)
			var do float64
			for x := range q {
				for y := range q {
					v := float64(t[x*q+y])
					nc[x] += v
					nc[y] += v
					if x != y {
						do += 2 * v // o_xy and o_yx
					}
				}
			}
			pa := PairAlpha{A: a, B: b}
			pa.Alpha, pa.Err = alphaFrom(do, nc)
			out = append(out, pa)
		}
	}
	return out, nil
}

// pairTables counts, for every pair of coders a < b in the order of
// PairwiseCohenKappa, the units by (value of a, value of b): pair p's table
// is tables[p*q*q : (p+1)*q*q], q = m.Categories.
func pairTables(m Matrix) []int {
	c, q := m.Coders(), m.Categories
	tables := make([]int, c*(c-1)/2*q*q)
	for _, row := range m.Values {
		p := 0
		for a := range c {
			x := row[a]
			for b := a + 1; b < c; b++ {
				if y := row[b]; x != Missing && y != Missing {
					tables[p*q*q+x*q+y]++
				}
				p++
			}
		}
	}
	return tables
}
