// Package report computes a project's agreement report from its coding:
// which coders applied which themes to which units of each transcript, and
// the reliability statistics of package agreement over them.
package report

import (
	"cmp"
	"errors"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/tandemqda/tandem/internal/agreement"
	"github.com/tandemqda/tandem/internal/tandem"
)

// Coder is a coder of the report.
type Coder struct {
	ID   string                `json:"id"`
	Name string                `json:"name"`
	Type tandem.ResearcherType `json:"researcherType"`
}

// Transcript is one transcript's text, turns and submitted coding sets.
type Transcript struct {
	ID, Title string
	Text      []rune
	Turns     []tandem.Turn
	Sets      []*tandem.CodingSet
}

// Options are the parameters of a report.
type Options struct {
	Unit string `json:"unit"`
	// MinOverlap is how many characters of a unit an excerpt must cover to
	// count for it (at most the unit's length); 1 when 0.
	MinOverlap int `json:"minOverlap"`
	// Draws is the number of bootstrap samples for alpha's interval (0: no
	// interval); Seed makes them repeat.
	Draws int    `json:"draws"`
	Seed  uint64 `json:"seed"`
}

// Limits of a report's options.
const (
	MaxMinOverlap = 10000
	MaxDraws      = 10000
)

// Validate checks the options a person chose.
func (o Options) Validate() error {
	switch {
	case o.Unit != UnitTurn && o.Unit != UnitParagraph && o.Unit != UnitSentence:
		return tandem.Invalid("unit", "The unit is turn, paragraph or sentence.")
	case o.MinOverlap < 1 || o.MinOverlap > MaxMinOverlap:
		return tandem.Invalid("overlap", "The minimum overlap is from 1 to 10,000 characters.")
	case o.Draws < 0 || o.Draws > MaxDraws:
		return tandem.Invalid("draws", "Bootstrap draws are from 0 (no interval) to 10,000.")
	}
	return nil
}

// Figure is a statistic: its value at full float64 precision (never
// rounded, so that it can be reproduced from the data; the UI and the
// workbook round it for display), or nil with the reason it is undefined.
type Figure struct {
	Value *float64 `json:"value"`
	Note  string   `json:"note,omitempty"`
}

func figure(v float64, err error) Figure {
	if err != nil {
		note := "not enough data"
		switch {
		case errors.Is(err, agreement.ErrNotEnoughData):
			note = "not enough data: " + strings.TrimPrefix(err.Error(), agreement.ErrNotEnoughData.Error()+": ")
		case errors.As(err, new(*agreement.OverlapError)):
			note = "a coder's excerpts of different themes overlap here"
		}
		return Figure{Note: note}
	}
	return Figure{Value: &v}
}

// Row is the unit-based and span-based statistics of one theme, or of a
// category or domain taken as "any theme below it".
type Row struct {
	NodeID     string       `json:"nodeId"`
	Name       string       `json:"name"`
	Level      tandem.Level `json:"level"`
	ParentID   string       `json:"parentId"`
	Units      int          `json:"units"`
	Coders     int          `json:"coders"`
	Prevalence Figure       `json:"prevalence"`
	Percent    Figure       `json:"percentAgreement"`
	CohenMean  Figure       `json:"cohenKappaMean"`
	Fleiss     Figure       `json:"fleissKappa"`
	Alpha      Figure       `json:"alpha"`
	AlphaLow   *float64     `json:"alphaLow,omitempty"`
	AlphaHigh  *float64     `json:"alphaHigh,omitempty"`
	AC1        Figure       `json:"gwetAC1"`
	// ScottPiMean is Scott's pi, mean over the pairs of coders where it is
	// defined; BrennanPrediger takes chance as two equally likely values
	// (applied or not). Researchers and reviewers ask for both.
	ScottPiMean     Figure `json:"scottPiMean"`
	BrennanPrediger Figure `json:"brennanPrediger"`
	Reading         string `json:"reading"`
	// BinaryUAlpha is |uα over the characters, pooled over transcripts.
	BinaryUAlpha Figure `json:"binaryUAlpha"`
	// Categories only: alpha with the category's themes as the values of
	// one nominal variable, the units left out of it because a coder applied
	// two of its themes there, and uα with the themes as values.
	NominalAlpha *Figure `json:"nominalAlpha,omitempty"`
	MultiTheme   int     `json:"multiThemeUnits,omitempty"`
	UAlpha       *Figure `json:"uAlpha,omitempty"`
}

// GroupRow compares peer and academic coders on one theme.
type GroupRow struct {
	NodeID         string `json:"nodeId"`
	Name           string `json:"name"`
	WithinPeer     Figure `json:"withinPeer"`
	WithinAcademic Figure `json:"withinAcademic"`
	Across         Figure `json:"across"`
	// Split: agreement within a group is at least tentative, across the
	// groups it is not, and the gap is .2 or more.
	Split bool `json:"split"`
}

// TranscriptRow is the headline of one transcript.
type TranscriptRow struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Units      int    `json:"units"`
	Coders     int    `json:"coders"`
	MeanAlpha  Figure `json:"meanAlpha"`
	Themes     int    `json:"themesWithAlpha"`
	Reading    string `json:"reading"`
	MeanUAlpha Figure `json:"meanBinaryUAlpha"`
}

// Report is the agreement report.
type Report struct {
	Options Options `json:"options"`
	Coders  []Coder `json:"coders"`
	// Units counts the units of every transcript chosen; the figures are
	// computed over ComparedUnits of them, in ComparedTranscripts
	// transcripts: those with submitted coding from at least two coders.
	Units               int             `json:"units"`
	ComparedTranscripts int             `json:"comparedTranscripts"`
	ComparedUnits       int             `json:"comparedUnits"`
	Themes              []Row           `json:"themes"`
	Categories          []Row           `json:"categories"`
	Domains             []Row           `json:"domains"`
	CoderMatrix         [][]Figure      `json:"coderMatrix"` // mean alpha across themes, by coder pair
	Groups              []GroupRow      `json:"groups"`
	Transcripts         []TranscriptRow `json:"transcripts"`
}

// data is the coding laid out for the statistics: for each unit and coder,
// whether the coder submitted the unit's transcript, and the themes they
// applied to it.
type data struct {
	units   []Span
	first   []int // transcript -> its first unit; first[len(ts)] = len(units)
	coded   [][]bool
	applied map[string][]bool // theme -> unit*coders+coder

	spans  map[string][][][]agreement.Segment
	coders []Coder
	index  map[string]int
	ts     []Transcript
}

// layout reads the transcripts into data.
func layout(cb *tandem.Codebook, coders []Coder, ts []Transcript, opt Options) *data {
	d := &data{applied: map[string][]bool{}, spans: map[string][][][]agreement.Segment{}, coders: coders, index: map[string]int{}, ts: ts}
	for i, c := range coders {
		d.index[c.ID] = i
	}
	n := len(coders)
	units := make([][]Span, len(ts))
	for ti, t := range ts {
		d.first = append(d.first, len(d.units))
		units[ti] = Units(t.Text, t.Turns, opt.Unit)
		coded := make([]bool, n)
		for _, s := range t.Sets {
			if ci, ok := d.index[s.CoderID]; ok {
				coded[ci] = true
			}
		}
		for range units[ti] {
			d.coded = append(d.coded, coded)
		}
		d.units = append(d.units, units[ti]...)
	}
	d.first = append(d.first, len(d.units))
	minOverlap := max(opt.MinOverlap, 1)
	for ti, t := range ts {
		first, units := d.first[ti], units[ti]
		for _, s := range t.Sets {
			ci, ok := d.index[s.CoderID]
			if !ok {
				continue
			}
			for i := range s.Excerpts {
				e := &s.Excerpts[i]
				themes := cb.ExcerptThemes(e)
				for _, th := range themes {
					sp := d.spans[th]
					if sp == nil {
						sp = make([][][]agreement.Segment, len(ts))
						d.spans[th] = sp
					}
					if sp[ti] == nil {
						sp[ti] = make([][]agreement.Segment, n)
					}
					sp[ti][ci] = append(sp[ti][ci], agreement.Segment{Start: e.Start, End: e.End})
				}
				// The units the excerpt covers enough of.
				u := sort.Search(len(units), func(i int) bool { return units[i].End > e.Start })
				for ; u < len(units) && units[u].Start < e.End; u++ {
					if !Covers(e.Start, e.End, units[u], minOverlap) {
						continue
					}
					for _, th := range themes {
						a := d.applied[th]
						if a == nil {
							a = make([]bool, len(d.units)*n)
							d.applied[th] = a
						}
						a[(first+u)*n+ci] = true
					}
				}
			}
		}
	}
	return d
}

// present is, for each unit and coder (flat, unit-major), whether the coder
// applied any of the themes to the unit.
func (d *data) present(themes []string) []bool {
	if len(themes) == 1 {
		if a := d.applied[themes[0]]; a != nil {
			return a
		}
	}
	out := make([]bool, len(d.units)*len(d.coders))
	for _, th := range themes {
		for i, v := range d.applied[th] {
			out[i] = out[i] || v
		}
	}
	return out
}

// matrix is the binary units x coders matrix of present over the units
// [from, to).
func (d *data) matrix(present []bool, from, to int) agreement.Matrix {
	n := len(d.coders)
	m := agreement.Matrix{Categories: 2, Values: make([][]int, 0, to-from)}
	cells := make([]int, (to-from)*n)
	for u := from; u < to; u++ {
		row := cells[(u-from)*n : (u-from+1)*n : (u-from+1)*n]
		for c := range n {
			switch {
			case !d.coded[u][c]:
				row[c] = agreement.Missing
			case present[u*n+c]:
				row[c] = 1
			}
		}
		m.Values = append(m.Values, row)
	}
	return m
}

// continua are the span data of "any of themes" on the transcripts [from,
// to): each coder who submitted a transcript, with their segments carrying
// one of the themes.
func (d *data) continua(themes []string, value func(theme string) int, from, to int) []agreement.Continuum {
	out := make([]agreement.Continuum, 0, to-from)
	for ti := from; ti < to; ti++ {
		t := d.ts[ti]
		c := agreement.Continuum{Length: len(t.Text)}
		for ci := range d.coders {
			if len(d.coded) == 0 || !d.submitted(ti, ci) {
				continue
			}
			segs := []agreement.Segment{}
			for _, th := range themes {
				if sp := d.spans[th]; sp != nil && sp[ti] != nil {
					for _, s := range sp[ti][ci] {
						s.Value = value(th)
						segs = append(segs, s)
					}
				}
			}
			c.Coders = append(c.Coders, segs)
		}
		out = append(out, c)
	}
	return out
}

// compared counts the transcripts, and their units, that the figures are
// computed over: those where at least two coders submitted coding.
func (d *data) compared() (transcripts, units int) {
	for ti := range d.ts {
		from, to := d.first[ti], d.first[ti+1]
		if from == to {
			continue
		}
		coders := 0
		for _, coded := range d.coded[from] {
			if coded {
				coders++
			}
		}
		if coders >= 2 {
			transcripts++
			units += to - from
		}
	}
	return transcripts, units
}

// submitted reports whether the coder submitted transcript ti.
func (d *data) submitted(ti, coder int) bool {
	for _, s := range d.ts[ti].Sets {
		if s.CoderID == d.coders[coder].ID {
			return true
		}
	}
	return false
}

// Build computes the report. Coders are those to compare (their sets in ts
// are the submitted ones); ts the transcripts.
func Build(cb *tandem.Codebook, coders []Coder, ts []Transcript, opt Options) *Report {
	if opt.Unit == "" {
		opt.Unit = UnitTurn
	}
	d := layout(cb, coders, ts, opt)
	r := &Report{Options: opt, Coders: coders, Units: len(d.units), Themes: []Row{}, Categories: []Row{}, Domains: []Row{},
		Groups: []GroupRow{}, Transcripts: []TranscriptRow{}}
	r.ComparedTranscripts, r.ComparedUnits = d.compared()
	if r.Coders == nil {
		r.Coders = []Coder{}
	}
	themes, categories, domains, below := tree(cb)
	r.Themes = parallel(themes, func(n *tandem.Node) Row { return d.row(n, []string{n.ID}, opt, false) })
	r.Categories = parallel(categories, func(n *tandem.Node) Row { return d.row(n, below[n.ID], opt, true) })
	r.Domains = parallel(domains, func(n *tandem.Node) Row { return d.row(n, below[n.ID], opt, false) })
	r.CoderMatrix, r.Groups = d.pairs(themes)
	r.Transcripts = d.transcripts(themes)
	return r
}

// tree walks the codebook in order: its domains, their categories, and
// their themes in use (not merged away, not only proposed), with the themes
// below each domain and category.
func tree(cb *tandem.Codebook) (themes, categories, domains []*tandem.Node, below map[string][]string) {
	below = map[string][]string{}
	for _, dom := range cb.Children("") {
		domains = append(domains, dom)
		for _, cat := range cb.Children(dom.ID) {
			categories = append(categories, cat)
			for _, th := range cb.Children(cat.ID) {
				if th.MergedInto != "" || th.Status == tandem.StatusProposed {
					continue
				}
				themes = append(themes, th)
				below[cat.ID] = append(below[cat.ID], th.ID)
				below[dom.ID] = append(below[dom.ID], th.ID)
			}
		}
	}
	return themes, categories, domains, below
}

// parallel maps f over items on every CPU, keeping the order.
func parallel[T, R any](items []T, f func(T) R) []R {
	out := make([]R, len(items))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = f(items[i])
			}
		}()
	}
	for i := range items {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// row computes the statistics of "any of themes applied" for node n.
func (d *data) row(n *tandem.Node, themes []string, opt Options, category bool) Row {
	m := d.matrix(d.present(themes), 0, len(d.units))
	row := Row{NodeID: n.ID, Name: n.Name, Level: n.Level, ParentID: n.ParentID, Units: pairable(m), Coders: codersWithValues(m)}
	row.Prevalence = figure(agreement.Prevalence(m, 1))
	row.Percent = figure(agreement.PercentAgreement(m))
	row.CohenMean = meanKappa(m)
	row.Fleiss = figure(agreement.FleissKappa(m))
	alpha, err := agreement.KrippendorffAlpha(m)
	row.Alpha = figure(alpha, err)
	row.Reading = agreement.Interpret(alpha, err).String()
	if err == nil && opt.Draws > 0 {
		if iv, err := agreement.BootstrapAlpha(m, opt.Draws, opt.Seed); err == nil {
			row.AlphaLow, row.AlphaHigh = &iv.Lo, &iv.Hi
		}
	}
	row.AC1 = figure(agreement.GwetAC1(m))
	row.ScottPiMean = meanScottPi(m)
	row.BrennanPrediger = figure(agreement.BrennanPrediger(m))
	row.BinaryUAlpha = figure(agreement.BinaryUAlpha(d.continua(themes, func(string) int { return 0 }, 0, len(d.ts))))
	if category {
		nominal, multi := d.nominal(themes)
		f := figure(agreement.KrippendorffAlpha(nominal))
		row.NominalAlpha, row.MultiTheme = &f, multi
		value := map[string]int{}
		for i, th := range themes {
			value[th] = i
		}
		u := figure(agreement.UAlpha(d.continua(themes, func(th string) int { return value[th] }, 0, len(d.ts))))
		row.UAlpha = &u
	}
	return row
}

// nominal is the matrix with a category's themes as values (0: none, i+1:
// themes[i]); a unit where a coder applied two of them is missing for that
// coder and counted.
func (d *data) nominal(themes []string) (agreement.Matrix, int) {
	m := agreement.Matrix{Categories: len(themes) + 1}
	multi := 0
	for u := range d.units {
		row := make([]int, len(d.coders))
		many := false
		for c := range d.coders {
			if !d.coded[u][c] {
				row[c] = agreement.Missing
				continue
			}
			v := 0
			for i, th := range themes {
				if a := d.applied[th]; a != nil && a[u*len(d.coders)+c] {
					if v != 0 {
						v, many = agreement.Missing, true
						break
					}
					v = i + 1
				}
			}
			row[c] = v
		}
		if many {
			multi++
		}
		m.Values = append(m.Values, row)
	}
	return m, multi
}

func pairable(m agreement.Matrix) int {
	n := 0
	for _, row := range m.Values {
		k := 0
		for _, v := range row {
			if v != agreement.Missing {
				k++
			}
		}
		if k >= 2 {
			n++
		}
	}
	return n
}

func codersWithValues(m agreement.Matrix) int {
	n := 0
	for c := range m.Coders() {
		for _, row := range m.Values {
			if row[c] != agreement.Missing {
				n++
				break
			}
		}
	}
	return n
}

// meanKappa is the mean of Cohen's kappa over the pairs where it is defined.
func meanKappa(m agreement.Matrix) Figure {
	pairs, err := agreement.PairwiseCohenKappa(m)
	if err != nil {
		return figure(0, err)
	}
	var sum float64
	var n int
	for _, p := range pairs {
		if p.Err == nil {
			sum += p.Kappa
			n++
		}
	}
	return meanFigure(sum, n)
}

// meanScottPi is the mean of Scott's pi over the pairs where it is defined.
func meanScottPi(m agreement.Matrix) Figure {
	var sum float64
	var n int
	for a := range m.Coders() {
		for b := a + 1; b < m.Coders(); b++ {
			if pi, err := agreement.ScottPi(m, a, b); err == nil {
				sum += pi
				n++
			}
		}
	}
	return meanFigure(sum, n)
}

// meanFigure is the mean of n pairs' figures that sum to sum.
func meanFigure(sum float64, n int) Figure {
	if n == 0 {
		return Figure{Note: "not enough data: no pair of coders with variation"}
	}
	return figure(sum/float64(n), nil)
}

// transcripts gives each transcript's mean alpha and |uα across themes.
func (d *data) transcripts(themes []*tandem.Node) []TranscriptRow {
	idx := make([]int, len(d.ts))
	for i := range idx {
		idx[i] = i
	}
	out := parallel(idx, func(ti int) TranscriptRow {
		t := d.ts[ti]
		from, to := d.first[ti], d.first[ti+1]
		row := TranscriptRow{ID: t.ID, Title: t.Title, Coders: len(t.Sets), Units: to - from}
		var alphas, ualphas []float64
		for _, th := range themes {
			if v, err := agreement.KrippendorffAlpha(d.matrix(d.present([]string{th.ID}), from, to)); err == nil {
				alphas = append(alphas, v)
			}
			if v, err := agreement.BinaryUAlpha(d.continua([]string{th.ID}, func(string) int { return 0 }, ti, ti+1)); err == nil {
				ualphas = append(ualphas, v)
			}
		}
		row.Themes = len(alphas)
		row.MeanAlpha, row.MeanUAlpha = Figure{Note: "not enough data"}, Figure{Note: "not enough data"}
		row.Reading = agreement.NotEnoughData.String()
		if len(alphas) > 0 {
			row.MeanAlpha = figure(mean(alphas), nil)
			row.Reading = agreement.Interpret(mean(alphas), nil).String()
		}
		if len(ualphas) > 0 {
			row.MeanUAlpha = figure(mean(ualphas), nil)
		}
		return row
	})
	slices.SortStableFunc(out, func(a, b TranscriptRow) int { return cmp.Compare(a.Title, b.Title) })
	return out
}
