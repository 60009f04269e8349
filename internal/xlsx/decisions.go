package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/tandem"
)

// DecisionsExport is everything the decisions workbook shows: the
// decisions log as GET /projects/:pid/decisions gives it, with the codebook
// and the transcripts to name their themes and transcripts.
type DecisionsExport struct {
	ProjectName string
	Codebook    *tandem.Codebook
	Transcripts *tandem.TranscriptIndex
	Decisions   []tandem.Decision
	// Filters says in words what the log was narrowed to ("" for all).
	Filters       string
	ExportedAt    time.Time
	TandemVersion string
}

// DecisionColumns are the columns of the "Decisions" sheet, in order.
var DecisionColumns = []string{"Transcript", "Participant", "Domain", "Category", "Theme", "Text", "Start", "End", "Action",
	"Other theme", "Adjusted start", "Adjusted end", "Rationale", "Lead", "Decided (UTC)", "Applied by", "Not applied by",
	"Peer/academic split", "Superseded"}

var decisionWidths = []float64{24, 14, 20, 20, 24, 60, 8, 8, 20, 28, 10, 10, 50, 18, 18, 34, 34, 12, 11}

// DecisionsNote is the start of the note the "Decisions" sheet holds
// instead of rows when no decision matches.
const DecisionsNote = "No decisions match these choices"

// sidesWords names the coders on one side of a decision with their
// researcher types: "Ana (peer researcher), Ben (academic researcher)".
func sidesWords(sides []tandem.DecisionSide) string {
	names := make([]string, len(sides))
	for i, s := range sides {
		switch s.ResearcherType {
		case tandem.ResearcherPeer:
			names[i] = s.Name + " (peer researcher)"
		case tandem.ResearcherAcademic:
			names[i] = s.Name + " (academic researcher)"
		case "":
			names[i] = s.Name
		default:
			names[i] = s.Name + " (" + string(s.ResearcherType) + ")"
		}
	}
	return strings.Join(names, ", ")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// DecisionCells are one decision's cells, in the order of DecisionColumns.
func DecisionCells(x *DecisionsExport, d *tandem.Decision) []any {
	title, participant := "(a deleted transcript)", ""
	if info := x.Transcripts.Transcript(d.TranscriptID); info != nil {
		title, participant = info.Title, info.Participant
	}
	dom, cat, theme := tandem.ThemePath(x.Codebook, d.Theme)
	var other, adjStart, adjEnd any
	switch d.Action {
	case tandem.ActionTheme:
		od, oc, ot := tandem.ThemePath(x.Codebook, d.NewTheme)
		parts := []string{}
		for _, p := range []string{od, oc, ot} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		other = strings.Join(parts, " / ")
	case tandem.ActionAdjust:
		adjStart, adjEnd = d.ConsensusStart, d.ConsensusEnd
	}
	lead := d.LeadName
	if d.LeadID == "" || lead == "" {
		lead = tandem.MajorityRule
	}
	return []any{title, participant, dom, cat, theme, d.Text, d.Start, d.End, d.Action.Words(), other, adjStart, adjEnd,
		d.Rationale, lead, d.At.UTC(), sidesWords(d.Applied), sidesWords(d.NotApplied), yesNo(d.Split), yesNo(d.Superseded)}
}

// WriteDecisions writes the decisions workbook: sheets "Decisions" (one
// row per decision of the log, oldest first; a note instead when none
// matches) and "About" (project, date, filters, counts).
func WriteDecisions(w io.Writer, x DecisionsExport) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Decisions"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("decisions workbook: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("decisions workbook styles: %w", err)
	}
	for i := range x.Decisions {
		cells := DecisionCells(&x, &x.Decisions[i])
		for _, c := range []int{5, 12} { // the text and the rationale wrap
			cells[c] = excelize.Cell{StyleID: st.text, Value: cells[c]}
		}
		cells[14] = excelize.Cell{StyleID: st.date, Value: cells[14]}
		if err := setRow(f, sheet, i+2, cells); err != nil {
			return fmt.Errorf("decisions sheet: %w", err)
		}
	}
	if len(x.Decisions) == 0 {
		note := DecisionsNote + " (" + filtersWords(x.Filters) + "). Change the choices and download again."
		if err := setRow(f, sheet, 2, []any{excelize.Cell{StyleID: st.category, Value: note}}); err != nil {
			return fmt.Errorf("decisions sheet: %w", err)
		}
	}
	if err := header(f, st, sheet, DecisionColumns, decisionWidths, len(x.Decisions)+1); err != nil {
		return fmt.Errorf("decisions sheet: %w", err)
	}
	if err := writeDecisionsAbout(f, st, x); err != nil {
		return fmt.Errorf("about sheet: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write decisions workbook: %w", err)
	}
	return nil
}

func filtersWords(s string) string {
	if s == "" {
		return "every decision"
	}
	return s
}

func writeDecisionsAbout(f *excelize.File, st *styles, x DecisionsExport) error {
	const sheet = "About"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	splits := 0
	for _, d := range x.Decisions {
		if d.Split {
			splits++
		}
	}
	rows := [][2]any{
		{"Project", x.ProjectName},
		{"Exported (UTC)", excelize.Cell{StyleID: st.aboutDate, Value: x.ExportedAt.UTC()}},
		{"Tandem version", x.TandemVersion},
		{"Filters", filtersWords(x.Filters)},
		{"Decisions", excelize.Cell{StyleID: st.aboutCount, Value: len(x.Decisions)}},
		{"Peer/academic splits", excelize.Cell{StyleID: st.aboutCount, Value: splits}},
		{"How to read it", "One row per decision a lead took on a disagreement, oldest first. A later decision on the same item supersedes " +
			"the earlier one; both stay, the earlier marked as superseded. A split is an item where only peer researchers applied the theme " +
			"and only academics did not, or the other way round. Start and end count characters from the start of the transcript."},
	}
	return writeAboutRows(f, st, sheet, rows, 24)
}
