package agreement

import (
	"cmp"
	"fmt"
	"slices"
)

// Segment is a stretch [Start, End) of a continuum, such as the characters
// of a transcript, to which a coder assigned Value (a category, >= 0).
type Segment struct {
	Start, End int
	Value      int
}

// Continuum is one continuum of length Length (say a transcript of Length
// characters) with the segments of each coder who unitized it: Coders[i] are
// the segments of coder i, in any order. Stretches that a coder left outside
// every segment are the coder's gaps. A coder who did not code this continuum
// must be left out of Coders (an empty list means "coded, found nothing").
type Continuum struct {
	Length int
	Coders [][]Segment
}

// OverlapError reports two segments of one coder that overlap, which uα
// cannot score: it needs each coder's segments to partition the continuum.
type OverlapError struct {
	Continuum, Coder int
	A, B             Segment
}

func (e *OverlapError) Error() string {
	return fmt.Sprintf("agreement: continuum %d, coder %d: segments [%d,%d) value %d and [%d,%d) value %d overlap",
		e.Continuum, e.Coder, e.A.Start, e.A.End, e.A.Value, e.B.Start, e.B.End, e.B.Value)
}

// UAlpha returns Krippendorff's uα for unitized continua, with the segments'
// values as categories and the gaps between segments as one more category φ
// (Krippendorff, Mathet, Bouvry & Widlöcher 2016, "On the reliability of
// unitizing textual continua: Further developments", Quality & Quantity
// 50(6), eqs. 1-5; Krippendorff 2019, Content Analysis, 4th ed., section
// 12.6). Each coder's segments and gaps partition the continuum into sections
// s of length ℓ_s and value v_s. With m coders of a continuum,
//
//	ℓ_ck = (1/(m-1)) Σ_i Σ_{j≠i} Σ_{g of i, v=c} Σ_{h of j, v=k} |s_ig ∩ s_jh|,
//
// summed over the continua (pooled), is the observed coincidence matrix;
// ℓ_c. its margins and ℓ.. = Σ m L. A segment cannot be paired with itself,
// a gap only character by character, so with T_c = Σ ℓ_s² over the segments
// of value c, T_φ = Σ ℓ_s over the gaps and T = Σ_c T_c,
//
//	e_ck = ℓ.. (ℓ_c. ℓ_.k - [c=k] T_c) / (ℓ..² - T),
//	uα = 1 - (ℓ.. - Σ_c ℓ_cc) / (ℓ.. - Σ_c e_cc).
//
// The coincidences are computed by one sweep over the sorted section
// boundaries, in time proportional to the number of segments, not to L.
// Overlapping segments of one coder give an *OverlapError; continua with
// fewer than two coders are skipped; ErrNotEnoughData is returned when no
// continuum has two coders or the expected disagreement is zero.
func UAlpha(cs []Continuum) (float64, error) {
	c, err := coincide(cs, false)
	if err != nil {
		return 0, err
	}
	var do, de float64
	do, de = c.total, c.total
	for v := range c.k {
		do -= c.obs[v*c.k+v]
		de -= c.expected(v, v)
	}
	return ratio(do, de)
}

// BinaryUAlpha returns Krippendorff's |uα: the reliability of telling
// relevant matter (any segment, whatever its value) from irrelevant matter
// (the gaps), computed from the coincidences of UAlpha collapsed into
// segment vs. gap (Krippendorff et al. 2016, "On the reliability of
// unitizing textual continua: Further developments", Quality & Quantity
// 50(6), eq. 6; Krippendorff 2019, Content Analysis, 4th ed., section 12.6):
//
//	|uα = 1 - (ℓ_φ. - ℓ_φφ) / (e_φ. - e_φφ).
//
// Segments of one coder that overlap are merged into one (their union); the
// segments otherwise keep their identity, as in UAlpha. For a single value
// (one theme vs. not) |uα equals uα.
func BinaryUAlpha(cs []Continuum) (float64, error) {
	c, err := coincide(cs, true)
	if err != nil {
		return 0, err
	}
	var rowObs, rowExp float64
	for v := range c.k {
		rowObs += c.obs[v]
		rowExp += c.expected(0, v)
	}
	return ratio(rowObs-c.obs[0], rowExp-c.expected(0, 0))
}

func ratio(do, de float64) (float64, error) {
	if de <= 1e-9 {
		return 0, notEnough("no variation in the segmentation")
	}
	return clamp(1 - do/de), nil
}

// coincidences are the pooled ℓ_ck, their margins and the T terms of UAlpha.
// Index 0 is the gap φ, index v+1 the value v.
type coincidences struct {
	k      int
	obs    []float64 // ℓ_ck, k x k
	margin []float64 // ℓ_c.
	t      []float64 // T_c
	tsum   float64   // T
	total  float64   // ℓ..
}

func (c *coincidences) expected(a, b int) float64 {
	num := c.margin[a] * c.margin[b]
	if a == b {
		num -= c.t[a]
	}
	return c.total * num / (c.total*c.total - c.tsum)
}

// section is a piece of one coder's partition of a continuum; value 0 is a
// gap.
type section struct{ end, value int }

func coincide(cs []Continuum, binary bool) (*coincidences, error) {
	k := 2
	if !binary {
		for ci, c := range cs {
			for i, segs := range c.Coders {
				for _, s := range segs {
					if s.Value < 0 {
						return nil, invalid("continuum %d coder %d: negative value %d", ci, i, s.Value)
					}
					k = max(k, s.Value+2)
				}
			}
		}
	}
	res := &coincidences{k: k, obs: make([]float64, k*k), margin: make([]float64, k), t: make([]float64, k)}
	var parts [][]section // each coder's sections, reused across continua
	var cur, vals []int
	var sorted []Segment
	used := 0
	for ci, c := range cs {
		m := len(c.Coders)
		if m < 2 || c.Length <= 0 {
			continue
		}
		used++
		// Build each coder's partition of [0, Length) into sections.
		for len(parts) < m {
			parts = append(parts, nil)
		}
		for i, segs := range c.Coders {
			sorted = append(sorted[:0], segs...)
			slices.SortFunc(sorted, func(a, b Segment) int {
				return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
			})
			for _, s := range sorted {
				if s.Start < 0 || s.End > c.Length || s.Start >= s.End {
					return nil, invalid("continuum %d coder %d: segment [%d,%d) outside [0,%d) or empty", ci, i, s.Start, s.End, c.Length)
				}
				if s.Value < 0 {
					return nil, invalid("continuum %d coder %d: negative value %d", ci, i, s.Value)
				}
			}
			p := parts[i][:0]
			pos := 0
			for j := 0; j < len(sorted); j++ {
				s := sorted[j]
				v := s.Value + 1
				if binary {
					v = 1
					for j+1 < len(sorted) && sorted[j+1].Start < s.End {
						s.End = max(s.End, sorted[j+1].End)
						j++
					}
				} else if s.Start < pos {
					return nil, &OverlapError{Continuum: ci, Coder: i, A: sorted[j-1], B: s}
				}
				if s.Start > pos {
					p = append(p, section{end: s.Start, value: 0})
					res.t[0] += float64(s.Start - pos)
				}
				p = append(p, section{end: s.End, value: v})
				l := float64(s.End - s.Start)
				res.t[v] += l * l
				pos = s.End
			}
			if pos < c.Length {
				p = append(p, section{end: c.Length, value: 0})
				res.t[0] += float64(c.Length - pos)
			}
			parts[i] = p
		}
		// Sweep the elementary intervals between consecutive boundaries of
		// all coders; in each, every coder has one value.
		cur = slices.Grow(cur[:0], m)[:m]
		clear(cur)
		vals = slices.Grow(vals[:0], m)[:m]
		w := 1 / float64(m-1)
		for pos := 0; pos < c.Length; {
			next := c.Length
			for i, p := range parts[:m] {
				vals[i] = p[cur[i]].value
				next = min(next, p[cur[i]].end)
			}
			d := float64(next-pos) * w
			for i, a := range vals {
				row := res.obs[a*k:]
				for j, b := range vals {
					if i != j {
						row[b] += d
					}
				}
			}
			for i, p := range parts[:m] {
				if p[cur[i]].end == next {
					cur[i]++
				}
			}
			pos = next
		}
		res.total += float64(m * c.Length)
	}
	if used == 0 {
		return nil, notEnough("no continuum has two coders")
	}
	for a := range k {
		for b := range k {
			res.margin[a] += res.obs[a*k+b]
		}
		res.tsum += res.t[a]
	}
	return res, nil
}
