package report

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tandemqda/tandem/internal/tandem"
)

// benchData is 100 transcripts of 100 turns, 8 coders, 40 themes and about
// 100,000 excerpts, the size the issue sets for the agreement report.
func benchData() (*tandem.Codebook, []Coder, []Transcript, int) {
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
	return cb, coders, ts, excerpts
}

// BenchmarkBuild: the agreement report of benchData.
func BenchmarkBuild(b *testing.B) {
	cb, coders, ts, excerpts := benchData()
	for _, draws := range []int{0, 1000} {
		b.Run(fmt.Sprintf("draws=%d", draws), func(b *testing.B) {
			b.ReportMetric(float64(excerpts), "excerpts")
			for b.Loop() {
				Build(cb, coders, ts, Options{Unit: UnitTurn, Draws: draws, Seed: 1})
			}
		})
	}
}

// BenchmarkAgainstConsensus: each of the 8 coders of benchData against a
// consensus (a copy of coder 0's coding) on every transcript.
func BenchmarkAgainstConsensus(b *testing.B) {
	cb, coders, ts, excerpts := benchData()
	for i := range ts {
		cons := *ts[i].Sets[0]
		cons.CoderID = tandem.ConsensusCoder
		ts[i].Sets = append(ts[i].Sets, &cons)
	}
	b.ReportMetric(float64(excerpts), "excerpts")
	for b.Loop() {
		AgainstConsensus(cb, coders, ts, Options{Unit: UnitTurn, MinOverlap: 1})
	}
}

// BenchmarkBuildFindings: the findings of 100 transcripts whose consensus
// has 1,000 excerpts each.
func BenchmarkBuildFindings(b *testing.B) {
	cb, _, ts, _ := benchData()
	var cts []ConsensusTranscript
	for i, t := range ts {
		cons := &tandem.CodingSet{CoderID: tandem.ConsensusCoder}
		for _, s := range t.Sets {
			cons.Excerpts = append(cons.Excerpts, s.Excerpts...)
		}
		cts = append(cts, ConsensusTranscript{ID: t.ID, Title: t.Title, Participant: fmt.Sprintf("P%d", i%40), Consensus: cons})
	}
	for b.Loop() {
		BuildFindings(cb, cts, nil)
	}
}
