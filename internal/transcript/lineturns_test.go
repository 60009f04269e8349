package transcript

import (
	"slices"
	"testing"

	"github.com/tandemqda/tandem/internal/tandem"
)

func TestLineTurns(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []tandem.Turn
	}{
		{"", nil},
		{" \n\t\n", nil},
		{"One.", []tandem.Turn{{Start: 0, End: 4}}},
		{"  Café 😊 \n\nNext line\n", []tandem.Turn{{Start: 2, End: 8}, {Start: 11, End: 20}}},
	} {
		if got := LineTurns(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("LineTurns(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
