package xlsx

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/tandemqda/tandem/internal/tandem"
)

// quote is what the text report keeps of a row until its theme is written.
type quote struct {
	text, memo, source string
}

// WriteExcerptsText writes the excerpts as a plain-text report to paste into
// a draft: grouped by domain, category and theme in the codebook's order,
// each quote with its transcript, participant, speaker and turn, whose
// coding it is and its memo. UTF-8 with a byte order mark and CRLF line
// ends, so that Word and Notepad open it as it is. Grouping by theme needs
// every row before the first theme is written: the report keeps what it
// prints of each row (not the rows) in memory.
func WriteExcerptsText(w io.Writer, cb *tandem.Codebook, x ExcerptsExport) (tandem.ExcerptCounts, error) {
	var counts tandem.ExcerptCounts
	byTheme := map[string][]quote{}
	var unknown []string // themes no longer in the codebook, in the order met
	for r, err := range x.Rows {
		if err != nil {
			return counts, err
		}
		counts.Add(&r)
		if cb.Node(r.ThemeID) == nil && byTheme[r.ThemeID] == nil {
			unknown = append(unknown, r.ThemeID)
		}
		byTheme[r.ThemeID] = append(byTheme[r.ThemeID], quote{text: reportText(r.Text), memo: reportText(r.Memo), source: quoteSource(&r)})
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	p := &textReport{w: bw}
	p.line(byteOrderMark + "Excerpts by theme: " + reportText(x.ProjectName))
	sets, themes, transcripts := x.Filter.Describe()
	p.line(fmt.Sprintf("Exported %s UTC with Tandem %s.", x.ExportedAt.UTC().Format("2 January 2006, 15:04"), x.TandemVersion))
	p.line(fmt.Sprintf("Coding: %s. Themes: %s. Transcripts: %s.", sets, themes, transcripts))
	if counts.Rows == 0 {
		p.line("")
		p.line(ExcerptsNote + ". Change the choices on the Exports page and download again.")
		return counts, p.flush()
	}
	p.line(fmt.Sprintf("%s from %s. An excerpt with two themes is quoted under each.",
		tandem.Plural(counts.Excerpts, "excerpt", "excerpts"), tandem.Plural(counts.Transcripts, "transcript", "transcripts")))
	var walk func(parent string)
	walk = func(parent string) {
		for _, n := range cb.Children(parent) {
			if n.MergedInto != "" || !hasQuotes(cb, n.ID, byTheme) {
				continue
			}
			switch n.Level {
			case tandem.LevelDomain:
				p.heading(strings.ToUpper(reportText(n.Name)), '=')
			case tandem.LevelCategory:
				p.heading(reportText(n.Name), '-')
			default:
				p.theme(reportText(n.Name), byTheme[n.ID])
			}
			walk(n.ID)
		}
	}
	walk("")
	if len(unknown) > 0 {
		p.heading("OTHER THEMES", '=')
		for _, id := range unknown {
			p.theme("A theme no longer in the codebook", byTheme[id])
		}
	}
	return counts, p.flush()
}

func hasQuotes(cb *tandem.Codebook, id string, byTheme map[string][]quote) bool {
	for sub := range cb.Subtree(id) {
		if len(byTheme[sub]) > 0 {
			return true
		}
	}
	return false
}

// quoteSource says where a quote comes from: "Interview 1, participant
// P01, Participant, turn 2 (consensus)".
func quoteSource(r *tandem.ExcerptRow) string {
	parts := []string{reportText(r.Transcript)}
	if r.Participant != "" {
		parts = append(parts, "participant "+reportText(r.Participant))
	}
	switch {
	case r.Turn == 0:
	case r.LastTurn > r.Turn && r.Speaker != "":
		parts = append(parts, fmt.Sprintf("turns %d\u2013%d, starting with %s", r.Turn, r.LastTurn, reportText(r.Speaker)))
	case r.LastTurn > r.Turn:
		parts = append(parts, fmt.Sprintf("turns %d\u2013%d", r.Turn, r.LastTurn))
	case r.Speaker != "":
		parts = append(parts, fmt.Sprintf("%s, turn %d", reportText(r.Speaker), r.Turn))
	default:
		parts = append(parts, fmt.Sprintf("turn %d", r.Turn))
	}
	who := "consensus"
	if !r.Consensus() {
		who = "coded by " + reportText(r.Coder)
		if r.ResearcherType != "" {
			who += ", " + reportText(r.ResearcherType)
		}
	}
	return strings.Join(parts, ", ") + " (" + who + ")"
}

// reportText is text as the report writes it: as exports write text, with
// the spaces at either end taken off.
func reportText(s string) string {
	return strings.TrimFunc(tandem.ExportText(s), unicode.IsSpace)
}

// textReport writes the lines of the report, CRLF-ended; it keeps the
// first error.
type textReport struct {
	w   *bufio.Writer
	err error
}

func (p *textReport) line(s string) {
	if p.err == nil {
		_, p.err = p.w.WriteString(s + "\r\n")
	}
}

func (p *textReport) heading(s string, underline rune) {
	p.line("")
	p.line("")
	p.line(s)
	p.line(strings.Repeat(string(underline), max(3, len([]rune(s)))))
}

func (p *textReport) theme(name string, quotes []quote) {
	p.line("")
	p.line(fmt.Sprintf("%s (%s)", name, tandem.Plural(len(quotes), "quote", "quotes")))
	for _, q := range quotes {
		p.line("")
		lines := strings.Split(q.text, "\n")
		for i, l := range lines {
			if i == 0 {
				l = "\u201c" + l
			}
			if i == len(lines)-1 {
				l += "\u201d"
			}
			p.line("    " + l)
		}
		p.line("    \u2014 " + q.source)
		if q.memo != "" {
			p.line("    Memo: " + strings.ReplaceAll(q.memo, "\n", "\r\n          "))
		}
	}
}

func (p *textReport) flush() error {
	if p.err == nil {
		p.err = p.w.Flush()
	}
	if p.err != nil {
		return fmt.Errorf("write excerpts report: %w", p.err)
	}
	return nil
}
