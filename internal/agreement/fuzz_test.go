package agreement

import (
	"errors"
	"math"
	"testing"
)

// FuzzStatistics reads arbitrary bytes as a matrix (first byte: coders,
// second: categories, then one cell per byte, 255 meaning missing) and, from
// the same bytes, continua of segments. No statistic may panic or return NaN;
// alpha, AC1, Brennan-Prediger, Cohen's kappa, Scott's pi and uα must lie in
// [-1, 1], percent agreement in [0, 1], unless the error says there is not
// enough data.
func FuzzStatistics(f *testing.F) {
	f.Add([]byte{4, 5, 0, 1, 2, 2, 1, 0, 3, 0, 1, 255})
	f.Add([]byte{2, 2, 0, 1, 0, 0, 1, 1, 1, 0})
	f.Add([]byte{3, 1, 0, 0, 0, 255, 255, 255})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		m := Matrix{Categories: 2}
		if len(data) >= 2 {
			coders := 1 + int(data[0])%8
			m.Categories = 1 + int(data[1])%6
			cells := data[2:]
			for len(cells) >= coders {
				row := make([]int, coders)
				for c := range row {
					row[c] = Missing
					if cells[c] != 255 {
						row[c] = int(cells[c]) % m.Categories
					}
				}
				m.Values = append(m.Values, row)
				cells = cells[coders:]
			}
		}
		inRange := func(name string, x float64, err error, lo float64) {
			if err != nil {
				if !errors.Is(err, ErrNotEnoughData) && !errors.Is(err, ErrInvalid) {
					t.Errorf("%s: unexpected error %v", name, err)
				}
				return
			}
			if math.IsNaN(x) || x < lo-1e-9 || x > 1+1e-9 {
				t.Errorf("%s = %v outside [%v, 1]", name, x, lo)
			}
		}
		x, err := KrippendorffAlpha(m)
		inRange("alpha", x, err, -1)
		x, err = GwetAC1(m)
		inRange("AC1", x, err, -1)
		x, err = BrennanPrediger(m)
		inRange("BP", x, err, -1)
		x, err = PercentAgreement(m)
		inRange("percent", x, err, 0)
		x, err = CohenKappa(m, 0, 1)
		inRange("cohen", x, err, -1)
		x, err = ScottPi(m, 0, 1)
		inRange("scott", x, err, -1)
		// Fleiss' kappa with missing values (Gwet's generalization) has no
		// lower bound of -1; it must still be a number.
		x, err = FleissKappa(m)
		inRange("fleiss", x, err, math.Inf(-1))
		for k := range m.Categories {
			x, err = FleissKappaCategory(m, k)
			inRange("fleiss category", x, err, math.Inf(-1))
		}
		if m.Categories == 2 {
			x, err = KrippendorffAlphaBinary(m)
			inRange("binary alpha", x, err, -1)
		}
		if len(m.Values) > 0 && len(m.Values) < 50 {
			iv, err := BootstrapAlpha(m, 20, 1)
			inRange("bootstrap lo", iv.Lo, err, -1)
			inRange("bootstrap hi", iv.Hi, err, -1)
		}

		// Continua: each group of three bytes is a segment (start, length,
		// value) of the coder given by the start byte's low bits.
		c := Continuum{Length: 64, Coders: make([][]Segment, 1+m.Coders()%4)}
		for i := 2; i+2 < len(data); i += 3 {
			start := int(data[i]) % 64
			s := Segment{Start: start, End: min(64, start+1+int(data[i+1])%20), Value: int(data[i+2]) % 3}
			coder := int(data[i]>>6) % len(c.Coders)
			c.Coders[coder] = append(c.Coders[coder], s)
		}
		x, err = BinaryUAlpha([]Continuum{c})
		inRange("|uα", x, err, -1)
		x, err = UAlpha([]Continuum{c})
		var oe *OverlapError
		if !errors.As(err, &oe) {
			inRange("uα", x, err, -1)
		}
	})
}
