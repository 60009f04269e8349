package report

import (
	"math"

	"github.com/tandemqda/tandem/internal/agreement"
	"github.com/tandemqda/tandem/internal/tandem"
)

// pairs computes the coder x coder matrix of mean alpha across themes and
// the peer vs academic comparison of each theme.
func (d *data) pairs(themes []*tandem.Node) ([][]Figure, []GroupRow) {
	n := len(d.coders)
	var peers, academics []int
	for i, c := range d.coders {
		switch c.Type {
		case tandem.ResearcherPeer:
			peers = append(peers, i)
		case tandem.ResearcherAcademic:
			academics = append(academics, i)
		}
	}
	// alphas[a*n+b] is the theme's alpha of coders a < b (NaN: undefined).
	type result struct {
		alphas []float64
		group  GroupRow
	}
	results := parallel(themes, func(th *tandem.Node) result {
		m := d.matrix(d.present([]string{th.ID}), 0, len(d.units))
		alphas := make([]float64, n*n)
		for i := range alphas {
			alphas[i] = math.NaN()
		}
		if pairs, err := agreement.PairwiseAlpha(m); err == nil {
			for _, p := range pairs {
				if p.Err == nil {
					alphas[p.A*n+p.B] = p.Alpha
				}
			}
		}
		g := GroupRow{NodeID: th.ID, Name: th.Name, WithinPeer: groupAlpha(m, peers), WithinAcademic: groupAlpha(m, academics)}
		var across []float64
		for _, p := range peers {
			for _, a := range academics {
				if v := alphas[min(p, a)*n+max(p, a)]; !math.IsNaN(v) {
					across = append(across, v)
				}
			}
		}
		g.Across = Figure{Note: "not enough data: no peer and academic pair with variation"}
		if len(across) > 0 {
			g.Across = figure(mean(across), nil)
		}
		within := math.Inf(-1)
		for _, f := range []Figure{g.WithinPeer, g.WithinAcademic} {
			if f.Value != nil {
				within = max(within, *f.Value)
			}
		}
		g.Split = g.Across.Value != nil && within >= 0.667 && *g.Across.Value < 0.667 && within-*g.Across.Value >= 0.2
		return result{alphas, g}
	})
	groups := make([]GroupRow, len(results))
	matrix := make([][]Figure, n)
	for a := range n {
		matrix[a] = make([]Figure, n)
	}
	for a := range n {
		for b := a; b < n; b++ {
			if a == b {
				matrix[a][b] = figure(1, nil)
				continue
			}
			var vs []float64
			for _, r := range results {
				if v := r.alphas[a*n+b]; !math.IsNaN(v) {
					vs = append(vs, v)
				}
			}
			f := Figure{Note: "not enough data"}
			if len(vs) > 0 {
				f = figure(mean(vs), nil)
			}
			matrix[a][b], matrix[b][a] = f, f
		}
	}
	for i, r := range results {
		groups[i] = r.group
	}
	return matrix, groups
}

func groupAlpha(m agreement.Matrix, coders []int) Figure {
	if len(coders) < 2 {
		return Figure{Note: "not enough data: fewer than two coders in the group"}
	}
	return figure(agreement.KrippendorffAlpha(m.Select(coders...)))
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
