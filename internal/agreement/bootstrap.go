package agreement

import (
	"math"
	"math/rand/v2"
	"slices"
)

// DefaultDraws is the number of bootstrap samples recommended for
// BootstrapAlpha.
const DefaultDraws = 1000

// Interval is a confidence interval for a coefficient. Draws is the number of
// bootstrap samples on which the coefficient was defined and which the
// interval is taken from.
type Interval struct {
	Lo, Hi float64
	Draws  int
}

// BootstrapAlpha returns a 95% percentile bootstrap confidence interval for
// Krippendorff's nominal alpha (KrippendorffAlpha). It draws draws samples
// of the pairable units with replacement, each as many units as m has
// pairable units, computes alpha on each, and returns the 2.5th and 97.5th
// percentiles of the defined values, interpolated linearly between order
// statistics (Efron & Tibshirani 1993, An Introduction to the Bootstrap,
// ch. 13). Samples without variation, where alpha is undefined, are left
// out and not counted in Interval.Draws. The samples come from a PCG
// generator seeded with seed, so the same data, draws and seed give the same
// interval. Resampling units keeps each unit's values together; this is not
// the algorithm of Hayes & Krippendorff (2007), which resamples pairs of
// values.
//
// Units are grouped by their counts of values, and a sample's number of
// units of each group is drawn from the multinomial distribution directly
// (see binomial), so a draw costs a few random numbers per group, not one
// per unit.
func BootstrapAlpha(m Matrix, draws int, seed uint64) (Interval, error) {
	if draws < 1 {
		return Interval{}, invalid("draws is %d, want at least 1", draws)
	}
	t, err := m.count()
	if err != nil {
		return Interval{}, err
	}
	if _, err := t.alpha(); err != nil {
		return Interval{}, err
	}
	// Group the pairable units by their counts: kinds[x] are the counts of
	// kind x, unit[i] the kind of the i-th pairable unit.
	var unit []int32
	var kinds [][]int
	index := map[string]int32{}
	key := make([]byte, 0, 8*t.k)
	for u := range t.units() {
		if t.r[u] < 2 {
			continue
		}
		row := t.row(u)
		key = key[:0]
		for _, n := range row {
			key = append(key, byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
		}
		x, ok := index[string(key)]
		if !ok {
			x = int32(len(kinds))
			index[string(key)] = x
			kinds = append(kinds, row)
		}
		unit = append(unit, x)
	}
	// Per kind: its share of the observed disagreement and of n_c.
	dis := make([]float64, len(kinds))
	for x, row := range kinds {
		var r, sq int
		for _, n := range row {
			r += n
			sq += n * n
		}
		dis[x] = float64(r*r-sq) / float64(r-1)
	}

	// A bootstrap sample draws len(unit) units with replacement; only how
	// many of each kind it holds matters, and those counts follow the
	// multinomial distribution with the kinds' shares, drawn exactly as a
	// chain of binomials (the count of a kind among the units not yet given
	// to an earlier kind). This costs a few random numbers per kind instead
	// of one per unit.
	share := make([]int, len(kinds))
	for _, x := range unit {
		share[x]++
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	freq := make([]int, len(kinds))
	nc := make([]float64, t.k)
	alphas := make([]float64, 0, draws)
	n := len(unit)
	for range draws {
		left, rest := n, n // units still to place; units of the kinds not yet drawn
		for x := range kinds {
			if x == len(kinds)-1 {
				freq[x] = left
				break
			}
			freq[x] = binomial(rng, left, float64(share[x])/float64(rest))
			left -= freq[x]
			rest -= share[x]
		}
		clear(nc)
		var do float64
		for x, f := range freq {
			if f == 0 {
				continue
			}
			do += float64(f) * dis[x]
			for c, v := range kinds[x] {
				nc[c] += float64(f * v)
			}
		}
		if a, err := alphaFrom(do, nc); err == nil {
			alphas = append(alphas, a)
		}
	}
	if len(alphas) == 0 {
		return Interval{}, notEnough("alpha is undefined in every bootstrap sample")
	}
	slices.Sort(alphas)
	return Interval{Lo: quantile(alphas, 0.025), Hi: quantile(alphas, 0.975), Draws: len(alphas)}, nil
}

// quantile returns the p-quantile of sorted xs, interpolating linearly
// between the order statistics at (len(xs)-1)·p (Hyndman & Fan 1996,
// "Sample quantiles in statistical packages", The American Statistician
// 50(4), definition 7).
func quantile(xs []float64, p float64) float64 {
	h := float64(len(xs)-1) * p
	i := int(h)
	if i+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[i] + (h-float64(i))*(xs[i+1]-xs[i])
}

// binomial draws from the binomial distribution of n trials with success
// probability p, exactly: while n is large it halves the problem with the
// median order statistic of n uniforms, a Beta(a, b) variate, and finishes
// with at most 10 Bernoulli trials (Knuth, The Art of Computer Programming,
// vol. 2, 3rd ed., section 3.4.1, "Binomial distribution"; the Beta variate
// as X/(X+Y) of two Gamma variates).
func binomial(r *rand.Rand, n int, p float64) int {
	switch {
	case n <= 0 || p <= 0:
		return 0
	case p >= 1:
		return n
	}
	x := 0
	for n > 10 {
		a := 1 + n/2
		b := 1 + n - a
		g := gamma(r, float64(a))
		beta := g / (g + gamma(r, float64(b)))
		if beta >= p {
			n, p = a-1, p/beta
		} else {
			x += a
			n, p = b-1, (p-beta)/(1-beta)
		}
	}
	for range n {
		if r.Float64() < p {
			x++
		}
	}
	return x
}

// gamma draws from the Gamma(shape, 1) distribution for shape >= 1
// (Marsaglia & Tsang 2000, "A simple method for generating gamma
// variables", ACM Transactions on Mathematical Software 26(3)).
func gamma(r *rand.Rand, shape float64) float64 {
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		z := r.NormFloat64()
		v := 1 + c*z
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if u < 1-0.0331*z*z*z*z || math.Log(u) < 0.5*z*z+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}
