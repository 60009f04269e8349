package agreement

import (
	"math/rand/v2"
	"testing"
)

// The benchmark project of issue 6: 100 transcripts of 120,000 characters,
// 100 turns each, 8 coders, 40 themes in 8 categories of 5, each coder
// marking about 125 spans per transcript.
const (
	benchTranscripts = 100
	benchLength      = 120_000
	benchTurns       = 100
	benchCoders      = 8
	benchThemes      = 40
	benchPerCategory = 5
	benchSpans       = 125
)

type benchProject struct {
	themes     []Matrix      // per theme: units (turns) x coders, 0 absent, 1 present
	categories []Matrix      // per category: value = theme within category, or 5 for none
	spans      [][]Continuum // per theme: one continuum per transcript, value 0
	catSpans   [][]Continuum // per category: values = theme within category
}

// newBenchProject simulates coders who find 90% of 125 "true" spans per
// transcript, with boundaries off by up to 20 characters and the theme
// swapped for another of its category 10% of the time; a coder has not
// submitted 5% of the transcripts (missing).
func newBenchProject() *benchProject {
	r := rand.New(rand.NewPCG(2024, 6))
	p := &benchProject{
		themes:     make([]Matrix, benchThemes),
		categories: make([]Matrix, benchThemes/benchPerCategory),
		spans:      make([][]Continuum, benchThemes),
		catSpans:   make([][]Continuum, benchThemes/benchPerCategory),
	}
	units := benchTranscripts * benchTurns
	for th := range p.themes {
		p.themes[th] = Matrix{Categories: 2, Values: make([][]int, units)}
	}
	for c := range p.categories {
		p.categories[c] = Matrix{Categories: benchPerCategory + 1, Values: make([][]int, units)}
	}
	for u := range units {
		for th := range p.themes {
			p.themes[th].Values[u] = make([]int, benchCoders)
		}
		for c := range p.categories {
			row := make([]int, benchCoders)
			for i := range row {
				row[i] = benchPerCategory
			}
			p.categories[c].Values[u] = row
		}
	}
	slot := benchLength / benchSpans
	turn := benchLength / benchTurns
	for tr := range benchTranscripts {
		submitted := make([]bool, benchCoders)
		for i := range submitted {
			submitted[i] = r.IntN(20) != 0
		}
		byTheme := make([][][]Segment, benchThemes)
		for th := range byTheme {
			byTheme[th] = make([][]Segment, benchCoders)
		}
		byCat := make([][][]Segment, len(p.categories))
		for c := range byCat {
			byCat[c] = make([][]Segment, benchCoders)
		}
		for s := range benchSpans {
			theme := r.IntN(benchThemes)
			length := 100 + r.IntN(400)
			start := s*slot + 40 + r.IntN(slot-length-80)
			for i := range benchCoders {
				if !submitted[i] || r.IntN(10) == 0 {
					continue
				}
				th := theme
				if r.IntN(10) == 0 {
					th = theme/benchPerCategory*benchPerCategory + r.IntN(benchPerCategory)
				}
				seg := Segment{Start: start + r.IntN(41) - 20, End: start + length + r.IntN(41) - 20}
				byTheme[th][i] = append(byTheme[th][i], seg)
				cat := th / benchPerCategory
				byCat[cat][i] = append(byCat[cat][i], Segment{seg.Start, seg.End, th % benchPerCategory})
				for u := seg.Start / turn; u <= (seg.End-1)/turn; u++ {
					unit := tr*benchTurns + u
					p.themes[th].Values[unit][i] = 1
					p.categories[cat].Values[unit][i] = th % benchPerCategory
				}
			}
		}
		for i, ok := range submitted {
			if ok {
				continue
			}
			for u := range benchTurns {
				for th := range p.themes {
					p.themes[th].Values[tr*benchTurns+u][i] = Missing
				}
				for c := range p.categories {
					p.categories[c].Values[tr*benchTurns+u][i] = Missing
				}
			}
		}
		keep := func(all [][]Segment) Continuum {
			c := Continuum{Length: benchLength}
			for i, ok := range submitted {
				if ok {
					c.Coders = append(c.Coders, all[i])
				}
			}
			return c
		}
		for th := range p.spans {
			p.spans[th] = append(p.spans[th], keep(byTheme[th]))
		}
		for c := range p.catSpans {
			p.catSpans[c] = append(p.catSpans[c], keep(byCat[c]))
		}
	}
	return p
}

// report computes what the agreement report needs from internal/agreement,
// with bootstrap draws per theme when draws > 0.
func (p *benchProject) report(b *testing.B, draws int) {
	must := mustFunc(b)
	for th, m := range p.themes {
		must(PercentAgreement(m))
		must(KrippendorffAlpha(m))
		must(FleissKappa(m))
		must(GwetAC1(m))
		must(BrennanPrediger(m))
		must(Prevalence(m, 1))
		pairs, err := PairwiseCohenKappa(m)
		if err != nil || len(pairs) != benchCoders*(benchCoders-1)/2 {
			b.Fatal(err)
		}
		if draws > 0 {
			if _, err := BootstrapAlpha(m, draws, uint64(th)); err != nil {
				b.Fatal(err)
			}
		}
		must(BinaryUAlpha(p.spans[th]))
	}
	for c, m := range p.categories {
		must(KrippendorffAlpha(m))
		must(UAlpha(p.catSpans[c]))
		must(BinaryUAlpha(p.catSpans[c]))
	}
}

func mustFunc(b *testing.B) func(float64, error) {
	return func(_ float64, err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReport is the agreement report of issue 6 for 100 transcripts x
// 100 turns x 8 coders x 40 themes: per theme percent agreement, alpha,
// Fleiss' kappa, AC1, Brennan-Prediger, prevalence, the 28 pairwise Cohen's
// kappas and |uα over the characters of the 100 transcripts; per category
// alpha, uα and |uα. Without bootstrap intervals.
func BenchmarkReport(b *testing.B) {
	p := newBenchProject()
	b.ResetTimer()
	for b.Loop() {
		p.report(b, 0)
	}
}

// BenchmarkReportWithCI adds a 1,000-draw bootstrap interval for each
// theme's alpha.
func BenchmarkReportWithCI(b *testing.B) {
	p := newBenchProject()
	b.ResetTimer()
	for b.Loop() {
		p.report(b, DefaultDraws)
	}
}

// BenchmarkUnitized is the span part alone: |uα per theme and uα, |uα per
// category over 100 transcripts of 120,000 characters.
func BenchmarkUnitized(b *testing.B) {
	p := newBenchProject()
	must := mustFunc(b)
	b.ResetTimer()
	for b.Loop() {
		for th := range p.spans {
			must(BinaryUAlpha(p.spans[th]))
		}
		for c := range p.catSpans {
			must(UAlpha(p.catSpans[c]))
			must(BinaryUAlpha(p.catSpans[c]))
		}
	}
}

// BenchmarkBootstrapAlpha is one theme's 1,000-draw interval over 10,000
// units.
func BenchmarkBootstrapAlpha(b *testing.B) {
	m := newBenchProject().themes[0]
	b.ResetTimer()
	for b.Loop() {
		if _, err := BootstrapAlpha(m, DefaultDraws, 1); err != nil {
			b.Fatal(err)
		}
	}
}
