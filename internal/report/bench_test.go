package report

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tandemqda/tandem/internal/tandem"
)

// BenchmarkBuild: 100 transcripts of 100 turns, 8 coders, 40 themes and
// about 100,000 excerpts, the size the issue sets for the agreement report.
func BenchmarkBuild(b *testing.B) {
	cb := &tandem.Codebook{}
	cb.Add("d", tandem.LevelDomain, "", tandem.NodeText{Name: "D"}, tandem.StatusActive, nil)
	var themes []string
	for c := range 8 {
		cid := fmt.Sprintf("c%d", c)
		cb.Add(cid, tandem.LevelCategory, "d", tandem.NodeText{Name: cid}, tandem.StatusActive, nil)
		for t := range 5 {
			id := fmt.Sprintf("t%d-%d", c, t)
			cb.Add(id, tandem.LevelTheme, cid, tandem.NodeText{Name: id}, tandem.StatusActive, nil)
			themes = append(themes, id)
		}
	}
	var coders []Coder
	for i := range 8 {
		typ := tandem.ResearcherPeer
		if i%2 == 1 {
			typ = tandem.ResearcherAcademic
		}
		coders = append(coders, Coder{ID: fmt.Sprintf("coder%d", i), Name: fmt.Sprintf("Coder %d", i), Type: typ})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	turn := strings.Repeat("word ", 240) // 1,200 characters a turn
	var ts []Transcript
	excerpts := 0
	for ti := range 100 {
		t := Transcript{ID: fmt.Sprintf("tr%d", ti), Title: fmt.Sprintf("Transcript %03d", ti)}
		var text strings.Builder
		for u := range 100 {
			start := len([]rune(text.String()))
			text.WriteString(turn)
			t.Turns = append(t.Turns, tandem.Turn{Start: start, End: start + len(turn)})
			_ = u
		}
		t.Text = []rune(text.String())
		for _, c := range coders {
			set := &tandem.CodingSet{CoderID: c.ID, TranscriptID: t.ID}
			for range 125 {
				u := rng.IntN(100)
				start := u*len(turn) + rng.IntN(600)
				e := tandem.Excerpt{Start: start, End: start + 50 + rng.IntN(500), Themes: []string{themes[rng.IntN(len(themes))]}}
				set.Excerpts = append(set.Excerpts, e)
				excerpts++
			}
			t.Sets = append(t.Sets, set)
		}
		ts = append(ts, t)
	}
	for _, draws := range []int{0, 1000} {
		b.Run(fmt.Sprintf("draws=%d", draws), func(b *testing.B) {
			b.ReportMetric(float64(excerpts), "excerpts")
			for b.Loop() {
				Build(cb, coders, ts, Options{Unit: UnitTurn, Draws: draws, Seed: 1})
			}
		})
	}
}
