package agreement

import (
	"errors"
	"math"
	"testing"
)

// seg builds a segment from 1-based inclusive positions, as printed in
// Krippendorff's figures.
func seg(first, last, value int) Segment { return Segment{Start: first - 1, End: last, Value: value} }

// fig1211 is the example of Krippendorff (2019), Content Analysis: An
// Introduction to Its Methodology, 4th ed., figure 12.11 (p. 340): observers
// Alex, Paul and Suzan unitize a continuum of length 60 with values 1-7.
// Published: uα = .510 and |uα = .413 (computed here: 0.50998 and 0.41360). The positions are those transcribed
// from the figure in the quallmer R package's tests (tests/testthat/
// test-alpha_u.R), which reproduce the published values; the book itself was
// not available to check the transcription.
var fig1211 = []Continuum{{Length: 60, Coders: [][]Segment{
	{seg(1, 7, 1), seg(8, 13, 2), seg(31, 32, 5), seg(33, 37, 6), seg(38, 44, 6), seg(45, 60, 7)}, // Alex
	{seg(1, 7, 1), seg(8, 13, 3), seg(14, 21, 5), seg(33, 44, 6)},                                 // Paul
	{seg(1, 7, 1), seg(8, 13, 4), seg(14, 21, 5), seg(33, 37, 6), seg(38, 41, 6), seg(42, 44, 6)}, // Suzan
}}}

// handCase: two coders, L = 10, A codes [0,4) and B codes [2,6), one value c.
// Sections: A = c[0,4) φ[4,10); B = φ[0,2) c[2,6) φ[6,10).
// Elementary intervals (ordered pairs A→B and B→A, m-1 = 1):
//
//	[0,2) c/φ: ℓ_cφ += 2, ℓ_φc += 2     [2,4) c/c: ℓ_cc += 4
//	[4,6) φ/c: ℓ_cφ += 2, ℓ_φc += 2     [6,10) φ/φ: ℓ_φφ += 8
//
// ℓ_cc = 4, ℓ_cφ = ℓ_φc = 4, ℓ_φφ = 8, ℓ.. = 20, ℓ_c. = 8, ℓ_φ. = 12.
// T_c = 4² + 4² = 32, T_φ = 6 + 2 + 4 = 12, ℓ..² - T = 400 - 44 = 356.
// e_cc = 20(64 - 32)/356 = 640/356, e_φφ = 20(144 - 12)/356 = 2640/356.
// D_o = 20 - 12 = 8, D_e = 20 - 3280/356 = 3840/356,
// uα = 1 - 8·356/3840 = 1 - 89/120 = 31/120 = 0.258333.
// |uα: ℓ_φ. - ℓ_φφ = 4, e_φ. = 20(12·20 - 12)/356 = 4560/356,
// e_φ. - e_φφ = 1920/356, |uα = 1 - 4·356/1920 = 31/120 as well.
var handCase = []Continuum{{Length: 10, Coders: [][]Segment{
	{{Start: 0, End: 4, Value: 0}},
	{{Start: 2, End: 6, Value: 0}},
}}}

func TestUnitized(t *testing.T) {
	tests := []struct {
		name string
		f    func([]Continuum) (float64, error)
		cs   []Continuum
		want float64
		tol  float64
	}{
		{"fig 12.11 uα", UAlpha, fig1211, 0.510, 5e-4},
		// Computed |uα = 0.41360; the book prints .413 (its intermediate
		// values are rounded), hence the wider tolerance.
		{"fig 12.11 |uα", BinaryUAlpha, fig1211, 0.413, 1e-3},
		{"hand uα", UAlpha, handCase, 31.0 / 120, 1e-12},
		{"hand |uα", BinaryUAlpha, handCase, 31.0 / 120, 1e-12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.f(tt.cs)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tt.want) > tt.tol {
				t.Errorf("got %.6f, want %.6f ± %g", got, tt.want, tt.tol)
			}
		})
	}
}

func TestUnitizedErrors(t *testing.T) {
	overlap := []Continuum{{Length: 10, Coders: [][]Segment{
		{{0, 5, 0}, {3, 8, 1}},
		{{0, 5, 0}},
	}}}
	var oe *OverlapError
	if _, err := UAlpha(overlap); !errors.As(err, &oe) || oe.Coder != 0 {
		t.Errorf("UAlpha with overlap: %v, want *OverlapError for coder 0", err)
	}
	// |uα merges the overlap into [0,8): same as giving [0,8) directly.
	merged := []Continuum{{Length: 10, Coders: [][]Segment{{{0, 8, 0}}, {{0, 5, 0}}}}}
	a, err1 := BinaryUAlpha(overlap)
	b, err2 := BinaryUAlpha(merged)
	if err1 != nil || err2 != nil || a != b {
		t.Errorf("|uα with overlap = %v, %v; merged = %v, %v", a, err1, b, err2)
	}
	for name, cs := range map[string][]Continuum{
		"none":                nil,
		"one coder":           {{Length: 10, Coders: [][]Segment{{{0, 5, 0}}}}},
		"all gaps":            {{Length: 10, Coders: [][]Segment{{}, {}}}},
		"one segment for all": {{Length: 10, Coders: [][]Segment{{{0, 10, 0}}, {{0, 10, 0}}}}},
	} {
		if _, err := UAlpha(cs); !errors.Is(err, ErrNotEnoughData) {
			t.Errorf("UAlpha %s: %v, want ErrNotEnoughData", name, err)
		}
		if _, err := BinaryUAlpha(cs); !errors.Is(err, ErrNotEnoughData) {
			t.Errorf("BinaryUAlpha %s: %v, want ErrNotEnoughData", name, err)
		}
	}
	for name, s := range map[string]Segment{
		"past end":       {5, 11, 0},
		"negative start": {-1, 3, 0},
		"empty":          {3, 3, 0},
		"negative value": {1, 3, -1},
	} {
		cs := []Continuum{{Length: 10, Coders: [][]Segment{{s}, {{0, 5, 0}}}}}
		if _, err := UAlpha(cs); !errors.Is(err, ErrInvalid) {
			t.Errorf("UAlpha %s: %v, want ErrInvalid", name, err)
		}
		if _, err := BinaryUAlpha(cs); !errors.Is(err, ErrInvalid) {
			t.Errorf("BinaryUAlpha %s: %v, want ErrInvalid", name, err)
		}
	}
}
