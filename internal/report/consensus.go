package report

import (
	"slices"

	"github.com/tandemqda/tandem/internal/agreement"
	"github.com/tandemqda/tandem/internal/tandem"
)

// Each coder against the consensus: how closely a coder's submitted coding
// matches the consensus the lead reconciled, theme by theme, so that a lead
// sees who needs support with which theme.
//
// Unit-based, the figures are those of two coders (the coder and the
// consensus) over the units both coded: percent agreement and Cohen's
// kappa, with the counts behind them.
//
// Span-based, the consensus is a reference, not a peer: the figures are
// those of a coder marked against an answer key, over characters. Of the
// characters the coder gave the theme, the share the consensus also gave it
// (precision: "how much of what you coded was kept"); of the consensus's
// characters, the share the coder gave it (recall: "how much of the
// consensus you found"); and F1, their harmonic mean, which is also the
// Dice coefficient and the positive specific agreement of the two. These
// read as plain percentages and say which way a coder differs (codes too
// much, or misses passages); unitized alpha of two would give one number,
// harder to read and silent on the direction.

// ConsensusReport is every coder against the consensus, pooled over the
// transcripts that have a consensus set.
type ConsensusReport struct {
	Options Options `json:"options"`
	// Transcripts counts the transcripts with a consensus set.
	Transcripts int              `json:"transcripts"`
	Coders      []CoderConsensus `json:"coders"`
}

// CoderConsensus is one coder against the consensus.
type CoderConsensus struct {
	Coder
	// Transcripts counts the transcripts with a consensus set that the coder
	// submitted; Units their units.
	Transcripts int `json:"transcripts"`
	Units       int `json:"units"`
	// MeanKappa is the mean of the themes' kappas, where defined.
	MeanKappa Figure         `json:"meanKappa"`
	Themes    []ConsensusRow `json:"themes"`
}

// ConsensusRow is one coder against the consensus on one theme.
type ConsensusRow struct {
	NodeID   string `json:"nodeId"`
	Name     string `json:"name"`
	ParentID string `json:"parentId"`
	// Units compared; on how many the coder applied the theme, the consensus
	// did, and both did.
	Units            int    `json:"units"`
	CoderApplied     int    `json:"coderApplied"`
	ConsensusApplied int    `json:"consensusApplied"`
	BothApplied      int    `json:"bothApplied"`
	Percent          Figure `json:"percentAgreement"`
	Kappa            Figure `json:"cohenKappa"`
	// Characters the coder gave the theme, the consensus did, and both did.
	CoderChars     int    `json:"coderChars"`
	ConsensusChars int    `json:"consensusChars"`
	BothChars      int    `json:"bothChars"`
	Precision      Figure `json:"precision"`
	Recall         Figure `json:"recall"`
	F1             Figure `json:"f1"`
}

// AgainstConsensus compares each coder with the consensus. Each transcript
// of ts holds the coders' submitted sets and, when it has one, the
// consensus set (coder tandem.ConsensusCoder); transcripts without one are
// left out.
func AgainstConsensus(cb *tandem.Codebook, coders []Coder, ts []Transcript, opt Options) *ConsensusReport {
	if opt.Unit == "" {
		opt.Unit = UnitTurn
	}
	var with []Transcript
	for _, t := range ts {
		if slices.ContainsFunc(t.Sets, func(s *tandem.CodingSet) bool { return s.CoderID == tandem.ConsensusCoder }) {
			with = append(with, t)
		}
	}
	all := append(slices.Clone(coders), Coder{ID: tandem.ConsensusCoder, Name: "Consensus"})
	d := layout(cb, all, with, opt)
	k := len(coders) // the consensus's column
	themes, _, _, _ := tree(cb)
	r := &ConsensusReport{Options: opt, Transcripts: len(with), Coders: []CoderConsensus{}}
	// rows[t][c] is coder c on theme t: each theme's matrix is laid out once
	// for every coder.
	rows := parallel(themes, func(th *tandem.Node) []ConsensusRow {
		m := d.matrix(d.present([]string{th.ID}), 0, len(d.units))
		out := make([]ConsensusRow, len(coders))
		for ci := range coders {
			out[ci] = d.againstConsensus(th, m.Select(ci, k), ci, k)
		}
		return out
	})
	for ci, c := range coders {
		cc := CoderConsensus{Coder: c, Themes: []ConsensusRow{}}
		for ti := range with {
			if d.submitted(ti, ci) {
				cc.Transcripts++
				cc.Units += d.first[ti+1] - d.first[ti]
			}
		}
		var kappas []float64
		for t := range themes {
			row := rows[t][ci]
			if row.Kappa.Value != nil {
				kappas = append(kappas, *row.Kappa.Value)
			}
			cc.Themes = append(cc.Themes, row)
		}
		cc.MeanKappa = Figure{Note: "not enough data: no theme with a kappa"}
		if len(kappas) > 0 {
			cc.MeanKappa = figure(mean(kappas), nil)
		}
		r.Coders = append(r.Coders, cc)
	}
	return r
}

// againstConsensus compares coder ci with the consensus (column k) on one
// theme; m is the theme's matrix of the two.
func (d *data) againstConsensus(th *tandem.Node, m agreement.Matrix, ci, k int) ConsensusRow {
	row := ConsensusRow{NodeID: th.ID, Name: th.Name, ParentID: th.ParentID}
	for _, v := range m.Values {
		if v[0] == agreement.Missing || v[1] == agreement.Missing {
			continue
		}
		row.Units++
		row.CoderApplied += v[0]
		row.ConsensusApplied += v[1]
		row.BothApplied += v[0] * v[1]
	}
	row.Percent = figure(agreement.PercentAgreement(m))
	row.Kappa = figure(agreement.CohenKappa(m, 0, 1))
	for ti := range d.ts {
		if !d.submitted(ti, ci) {
			continue
		}
		var mine, theirs []agreement.Segment
		if sp := d.spans[th.ID]; sp != nil && sp[ti] != nil {
			mine, theirs = sp[ti][ci], sp[ti][k]
		}
		a, b := cover(mine), cover(theirs)
		row.CoderChars += length(a)
		row.ConsensusChars += length(b)
		row.BothChars += common(a, b)
	}
	row.Precision = share(row.BothChars, row.CoderChars, "the coder did not code this theme")
	row.Recall = share(row.BothChars, row.ConsensusChars, "the consensus does not have this theme")
	row.F1 = share(2*row.BothChars, row.CoderChars+row.ConsensusChars, "neither the coder nor the consensus has this theme")
	return row
}

// share is part/whole, undefined (with why) when whole is 0.
func share(part, whole int, why string) Figure {
	if whole == 0 {
		return Figure{Note: "not enough data: " + why}
	}
	return figure(float64(part)/float64(whole), nil)
}

// cover merges segments into their sorted, disjoint union.
func cover(segs []agreement.Segment) []agreement.Segment {
	s := slices.Clone(segs)
	slices.SortFunc(s, func(a, b agreement.Segment) int { return a.Start - b.Start })
	var out []agreement.Segment
	for _, x := range s {
		if x.End <= x.Start {
			continue
		}
		if n := len(out); n > 0 && x.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, x.End)
			continue
		}
		out = append(out, agreement.Segment{Start: x.Start, End: x.End})
	}
	return out
}

// length is the number of characters of a cover.
func length(c []agreement.Segment) int {
	n := 0
	for _, s := range c {
		n += s.End - s.Start
	}
	return n
}

// common is the number of characters two covers share.
func common(a, b []agreement.Segment) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		n += max(0, min(a[i].End, b[j].End)-max(a[i].Start, b[j].Start))
		if a[i].End < b[j].End {
			i++
		} else {
			j++
		}
	}
	return n
}
