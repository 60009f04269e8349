// Interview text made up from a fixed vocabulary, the same for every seed.

package main

import (
	"math/rand"
	"strings"
)

var vocabulary = strings.Fields(`about after again always another answer around asked because before being better
between bit both bring brother building called came care change child children church city class come coming
community couple course day days different doctor doing done down during each early end enough even every
everyone family father feel felt few find first food friend friends from gave getting give going good group
hard having health help helped here home hospital house housing idea important job just keep kind knew know
last later learn least left life like little live lived living long look looking lot made make many maybe mean
meeting money month months more morning most mother moved much need needed never next night nothing now often
okay old once only open other others own paid part people person place point money program put quite really
reason remember rent right room said same saw school see seemed service services shelter since sister small
social some someone something sometimes start started staff still stop street support sure talk talking team
tell than thing things think thought through time times today together told took town trust tried trying two
understand until used very wanted way week weeks well went what when where while whole work worked worker
working world year years young`)

func words(rng *rand.Rand, n int) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(vocabulary[rng.Intn(len(vocabulary))])
	}
	return sb.String()
}

// interview is a deterministic interview of about n words in turns
// "Interviewer: ..." / "P1: ...", one paragraph per turn.
func interview(seed int64, n int) []byte {
	rng := rand.New(rand.NewSource(seed))
	var sb strings.Builder
	total := 0
	for turn := 0; total < n; turn++ {
		speaker, size := "Interviewer", 8+rng.Intn(30)
		if turn%2 == 1 {
			speaker, size = "P1", 40+rng.Intn(160)
		}
		size = min(size, n-total)
		sb.WriteString(speaker)
		sb.WriteString(":")
		for left := size; left > 0; {
			k := min(left, 6+rng.Intn(14))
			s := words(rng, k)
			sb.WriteByte(' ')
			sb.WriteString(strings.ToUpper(s[:1]) + s[1:] + ".")
			left -= k
		}
		sb.WriteString("\n\n")
		total += size
	}
	return []byte(sb.String())
}
