package agreement

import (
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
// Units are grouped by their counts of values before resampling, so the
// cost is one 64-bit random number per two pairable units and draw.
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

	rng := rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)
	freq := make([]int, len(kinds))
	nc := make([]float64, t.k)
	alphas := make([]float64, 0, draws)
	n := uint64(len(unit))
	for range draws {
		clear(freq)
		// Two unit indices per 64 random bits, each the high half of a
		// 32-bit random number times n (Lemire 2019, "Fast random integer
		// generation in an interval", ACM TOMACS 29(1), without the
		// rejection step: an index is off uniform by at most n/2³²).
		for i := uint64(0); i < n; i += 2 {
			x := rng.Uint64()
			freq[unit[(x&0xffffffff)*n>>32]]++
			if i+1 < n {
				freq[unit[(x>>32)*n>>32]]++
			}
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
