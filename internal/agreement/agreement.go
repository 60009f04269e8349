// Package agreement computes inter-coder reliability statistics: percent
// agreement, Cohen's kappa, Scott's pi, Fleiss' kappa, Krippendorff's alpha,
// Gwet's AC1 and the Brennan-Prediger coefficient for units coded by several
// coders, bootstrapped confidence intervals for alpha, and Krippendorff's
// unitized alpha family (uα and |uα) for segments of a continuum such as the
// characters of a transcript.
//
// The functions are pure: they read their arguments and return numbers. A
// statistic that is undefined for the data (fewer than two coders, no pairable
// values, no variation) is reported as an error wrapping ErrNotEnoughData,
// never as NaN.
package agreement

import (
	"errors"
	"fmt"
	"sort"
)

// Missing marks a cell of a Matrix for which the coder gave no value.
const Missing = -1

// ErrNotEnoughData is wrapped by the error of a statistic that is undefined
// for the data given: fewer than two coders, no unit with two values, or no
// variation in the values (expected disagreement of zero).
var ErrNotEnoughData = errors.New("agreement: not enough data")

// ErrInvalid is wrapped by the error returned for malformed input, such as a
// value outside [0, Categories) or rows of different lengths.
var ErrInvalid = errors.New("agreement: invalid data")

func notEnough(reason string) error { return fmt.Errorf("%w: %s", ErrNotEnoughData, reason) }

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Matrix holds reliability data in units-by-coders form: Values[u][c] is
// the value coder c assigned to unit u, an integer in [0, Categories), or
// Missing when the coder did not code the unit. Every row has one cell per
// coder.
//
// Categories is the number of values that could be assigned, used or not;
// it matters to the Brennan-Prediger coefficient and Gwet's AC1, whose chance
// agreement depends on it.
type Matrix struct {
	Categories int
	Values     [][]int
}

// Coders returns the number of coders (columns) of m.
func (m Matrix) Coders() int {
	if len(m.Values) == 0 {
		return 0
	}
	return len(m.Values[0])
}

// Select returns the matrix restricted to the given coders (columns), in the
// given order, for pairwise or within-group statistics. Indices out of range
// give an all-missing column.
func (m Matrix) Select(coders ...int) Matrix {
	out := Matrix{Categories: m.Categories, Values: make([][]int, len(m.Values))}
	cells := make([]int, len(m.Values)*len(coders))
	for u, row := range m.Values {
		r := cells[u*len(coders) : (u+1)*len(coders) : (u+1)*len(coders)]
		for i, c := range coders {
			r[i] = Missing
			if c >= 0 && c < len(row) {
				r[i] = row[c]
			}
		}
		out.Values[u] = r
	}
	return out
}

// MatrixFromLabels builds a Matrix from string values in units-by-coders
// form, the empty string meaning missing. The returned labels are the
// distinct values in sorted order; value i of the matrix stands for labels[i].
func MatrixFromLabels(rows [][]string) (Matrix, []string) {
	seen := map[string]bool{}
	for _, row := range rows {
		for _, s := range row {
			if s != "" {
				seen[s] = true
			}
		}
	}
	labels := make([]string, 0, len(seen))
	for s := range seen {
		labels = append(labels, s)
	}
	sort.Strings(labels)
	index := make(map[string]int, len(labels))
	for i, s := range labels {
		index[s] = i
	}
	m := Matrix{Categories: len(labels), Values: make([][]int, len(rows))}
	for u, row := range rows {
		m.Values[u] = make([]int, len(row))
		for c, s := range row {
			m.Values[u][c] = Missing
			if s != "" {
				m.Values[u][c] = index[s]
			}
		}
	}
	return m, labels
}

// table is a matrix reduced to counts: n[u*k+c] is the number of coders who
// gave unit u the value c, r[u] the number of values of unit u.
type table struct {
	k int
	n []int
	r []int
}

func (t table) units() int { return len(t.r) }

func (t table) row(u int) []int { return t.n[u*t.k : (u+1)*t.k] }

// count validates m and reduces it to a table.
func (m Matrix) count() (table, error) {
	if m.Categories < 1 {
		return table{}, invalid("Categories is %d, want at least 1", m.Categories)
	}
	coders := m.Coders()
	t := table{k: m.Categories, n: make([]int, len(m.Values)*m.Categories), r: make([]int, len(m.Values))}
	for u, row := range m.Values {
		if len(row) != coders {
			return table{}, invalid("unit %d has %d values, want %d", u, len(row), coders)
		}
		cnt := t.row(u)
		for c, v := range row {
			if v == Missing {
				continue
			}
			if v < 0 || v >= m.Categories {
				return table{}, invalid("unit %d coder %d: value %d outside [0, %d)", u, c, v, m.Categories)
			}
			cnt[v]++
			t.r[u]++
		}
	}
	return t, nil
}

// Reading is the conventional interpretation of an alpha value.
type Reading int

// The readings of Interpret.
const (
	NotEnoughData Reading = iota // the statistic is undefined for the data
	NotReliable                  // alpha < .667
	Tentative                    // .667 <= alpha < .800
	Reliable                     // alpha >= .800
)

// String returns the reading in words.
func (r Reading) String() string {
	switch r {
	case NotReliable:
		return "not reliable"
	case Tentative:
		return "tentative"
	case Reliable:
		return "reliable"
	}
	return "not enough data"
}

// Interpret gives the usual reading of a reliability coefficient: data are
// reliable for alpha >= .800, acceptable for tentative conclusions for
// .667 <= alpha < .800, and not reliable below (Krippendorff 2019, Content
// Analysis: An Introduction to Its Methodology, 4th ed., ch. 12, on standards
// for data reliability).
// Its arguments are those returned by the statistics, so that
// Interpret(KrippendorffAlpha(m)) works; a non-nil err gives NotEnoughData.
func Interpret(alpha float64, err error) Reading {
	switch {
	case err != nil:
		return NotEnoughData
	case alpha >= 0.800:
		return Reliable
	case alpha >= 0.667:
		return Tentative
	}
	return NotReliable
}
