package tandem

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// applyEdits replaces each edit's span of text with its replacement.
func applyEdits(text []rune, edits []TextEdit, with []string) []rune {
	var out []rune
	last := 0
	for i, e := range edits {
		out = append(out, text[last:e.Start]...)
		out = append(out, []rune(with[i])...)
		last = e.End
	}
	return append(out, text[last:]...)
}

func TestMapSpan(t *testing.T) {
	// "I met Maria at Harbour Lights." with Maria -> [NAME] (5 -> 6) and
	// Harbour Lights -> [PLACE] (14 -> 7).
	edits := []TextEdit{{Start: 6, End: 11, Len: 6}, {Start: 15, End: 29, Len: 7}}
	tests := []struct {
		name             string
		start, end       int
		wantStart, wantE int
	}{
		{"before every edit", 0, 5, 0, 5},
		{"ends where a name starts", 2, 6, 2, 6},
		{"holds a name", 2, 14, 2, 15},
		{"is only the name", 6, 11, 6, 12},
		{"starts inside a name", 8, 14, 6, 15},
		{"ends inside a name", 2, 8, 2, 12},
		{"inside a name", 7, 9, 6, 12},
		{"between the names", 11, 15, 12, 16},
		{"holds both names", 0, 30, 0, 24},
		{"after every edit", 29, 30, 23, 24},
		{"starts right after a name", 11, 14, 12, 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, e := MapSpan(tt.start, tt.end, edits)
			if s != tt.wantStart || e != tt.wantE {
				t.Errorf("MapSpan(%d, %d) = [%d, %d), want [%d, %d)", tt.start, tt.end, s, e, tt.wantStart, tt.wantE)
			}
		})
	}
	text := []rune("I met Maria at Harbour Lights.")
	after := string(applyEdits(text, edits, []string{"[NAME]", "[PLACE]"}))
	if after != "I met [NAME] at [PLACE]." {
		t.Fatalf("the example's edits give %q", after)
	}
}

// TestMapSpanProperty: for random texts, replacements and excerpts, the text
// under each excerpt after a redaction is its text before with the same
// replacements applied (a replacement it only partly covered taken whole).
func TestMapSpanProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("ab cdé👍\nxyz")
	for round := 0; round < 3000; round++ {
		text := make([]rune, 1+r.IntN(60))
		for i := range text {
			text[i] = alphabet[r.IntN(len(alphabet))]
		}
		var edits []TextEdit
		var with []string
		for p := r.IntN(4); p < len(text); {
			end := p + 1 + r.IntN(5)
			if end > len(text) {
				break
			}
			w := strings.Repeat("N", 1+r.IntN(8))
			edits = append(edits, TextEdit{Start: p, End: end, Len: len(w)})
			with = append(with, w)
			p = end + r.IntN(8)
		}
		after := applyEdits(text, edits, with)
		for k := 0; k < 10; k++ {
			start := r.IntN(len(text))
			end := start + 1 + r.IntN(len(text)-start)
			// The words the excerpt covers, grown to whole replacements.
			from, to := start, end
			var inside []TextEdit
			var insideWith []string
			for i, e := range edits {
				if e.End > start && e.Start < end {
					from, to = min(from, e.Start), max(to, e.End)
					inside = append(inside, TextEdit{Start: e.Start, End: e.End, Len: e.Len})
					insideWith = append(insideWith, with[i])
				}
			}
			for i := range inside {
				inside[i].Start -= from
				inside[i].End -= from
			}
			want := string(applyEdits(slices.Clone(text[from:to]), inside, insideWith))
			s, e := MapSpan(start, end, edits)
			if s < 0 || e > len(after) || s >= e {
				t.Fatalf("text %q, edits %v: [%d, %d) -> [%d, %d) is not a span of %d characters", string(text), edits, start, end, s, e, len(after))
			}
			if got := string(after[s:e]); got != want {
				t.Fatalf("text %q, edits %v: [%d, %d) %q -> [%d, %d) %q, want %q",
					string(text), edits, start, end, string(text[start:end]), s, e, got, want)
			}
		}
	}
}

func TestFollowText(t *testing.T) {
	changes := []TextChange{
		{From: 3, To: 4, Edits: []TextEdit{{Start: 0, End: 5, Len: 6}}},   // +1
		{From: 4, To: 5, Edits: []TextEdit{{Start: 0, End: 6, Len: 4}}},   // -2
		{From: 7, To: 8, Edits: []TextEdit{{Start: 20, End: 21, Len: 3}}}, // +2 after
	}
	tests := []struct {
		name        string
		textVersion int64
		want        int // start of an excerpt at 10
		moved       bool
	}{
		{"made before any redaction", 0, 9, true},
		{"made on version 4", 4, 8, true},
		{"made on version 5", 5, 10, true},
		{"already moved", 8, 10, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := &CodingSet{TextVersion: tt.textVersion, Excerpts: []Excerpt{{ID: "a", Start: 10, End: 12}}}
			moved := set.FollowText(changes, 8)
			if moved != tt.moved || set.Excerpts[0].Start != tt.want || set.TextVersion != 8 && tt.moved {
				t.Errorf("FollowText: moved %v, start %d, text version %d; want %v, %d", moved, set.Excerpts[0].Start, set.TextVersion, tt.moved, tt.want)
			}
			if set.FollowText(changes, 8) {
				t.Error("a second FollowText moved the excerpts again")
			}
		})
	}
}
