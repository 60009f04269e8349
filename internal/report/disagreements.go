package report

import (
	"slices"

	"github.com/tandemqda/tandem/internal/agreement"
	"github.com/tandemqda/tandem/internal/tandem"
)

// UnitDisagreement is a unit where some coders applied a theme and others
// did not.
type UnitDisagreement struct {
	Span
	Text       string   `json:"text"`
	Applied    []string `json:"applied"`
	NotApplied []string `json:"notApplied"`
}

// SpanDisagreement is a stretch of text some coders covered with excerpts of
// a theme and others did not.
type SpanDisagreement struct {
	Span
	Text       string   `json:"text"`
	Applied    []string `json:"applied"`
	NotApplied []string `json:"notApplied"`
}

// Disagreements lists where the coders who submitted t differ on the theme:
// by unit, and by stretch of characters.
func Disagreements(cb *tandem.Codebook, coders []Coder, t Transcript, theme string, opt Options) ([]UnitDisagreement, []SpanDisagreement) {
	d := layout(cb, coders, []Transcript{t}, opt)
	units := []UnitDisagreement{}
	for u, span := range d.units {
		var yes, no []string
		for c := range d.coders {
			switch {
			case !d.coded[u][c]:
			case d.applied[theme] != nil && d.applied[theme][u*len(d.coders)+c]:
				yes = append(yes, d.coders[c].ID)
			default:
				no = append(no, d.coders[c].ID)
			}
		}
		if len(yes) > 0 && len(no) > 0 {
			units = append(units, UnitDisagreement{Span: span, Text: string(t.Text[span.Start:span.End]), Applied: yes, NotApplied: no})
		}
	}
	// Spans: cut the text at every excerpt boundary and compare coverage.
	var coded []int
	for c := range d.coders {
		if d.submitted(0, c) {
			coded = append(coded, c)
		}
	}
	var cuts []int
	var segs [][]agreement.Segment
	if sp := d.spans[theme]; sp != nil && sp[0] != nil {
		segs = sp[0]
	}
	for _, c := range coded {
		if c < len(segs) {
			for _, s := range segs[c] {
				cuts = append(cuts, s.Start, s.End)
			}
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	covers := func(c, at int) bool {
		if c >= len(segs) {
			return false
		}
		for _, s := range segs[c] {
			if s.Start <= at && at < s.End {
				return true
			}
		}
		return false
	}
	spans := []SpanDisagreement{}
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		var yes, no []string
		for _, c := range coded {
			if covers(c, a) {
				yes = append(yes, d.coders[c].ID)
			} else {
				no = append(no, d.coders[c].ID)
			}
		}
		if len(yes) == 0 || len(no) == 0 {
			continue
		}
		if n := len(spans); n > 0 && spans[n-1].End == a && slices.Equal(spans[n-1].Applied, yes) {
			spans[n-1].End = b
			spans[n-1].Text = string(t.Text[spans[n-1].Start:b])
			continue
		}
		spans = append(spans, SpanDisagreement{Span: Span{a, b}, Text: string(t.Text[a:b]), Applied: yes, NotApplied: no})
	}
	return units, spans
}
