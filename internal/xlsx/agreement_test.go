package xlsx

import (
	"archive/zip"
	"bytes"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/report"
	"github.com/tandemqda/tandem/internal/tandem"
)

// Formula-like names from users: they must stay text.
const (
	trickyTheme  = `=HYPERLINK("http://x","y")`
	trickyCoder  = "+SUM(A1:A9)"
	trickyTitle  = "@cmd|' /C calc'!A0"
	trickyDomain = "-2+3"
)

// agreementProject is a small hand-made project: two domains, three
// categories, five themes; two peer and two academic coders; two
// transcripts of six and three turns.
//
//   - "Belonging": everyone applies it to turns 0-2 of "One", P2 to turn 3
//     too; in "Two" P1 and A1 apply it to turn 0.
//   - trickyTheme: everyone applies it to turn 4, A2 to turn 5 too.
//   - "Unused": nobody applies it (alpha undefined).
//   - "Voice": peers apply it to turns 0-2, academics to turns 3-5: each
//     group agrees with itself, not with the other (a split).
//   - "Proposed later": proposed, not in the report.
func agreementProject(t *testing.T) (*report.Report, map[string]string) {
	t.Helper()
	cb := &tandem.Codebook{Version: 2}
	ids := map[string]string{}
	add := func(id string, level tandem.Level, parent, name string, status tandem.NodeStatus) {
		if _, err := cb.Add(id, level, parent, tandem.NodeText{Name: name}, status, nil); err != nil {
			t.Fatalf("add %s: %v", name, err)
		}
		ids[name] = id
	}
	add("d1", tandem.LevelDomain, "", trickyDomain, tandem.StatusActive)
	add("c1", tandem.LevelCategory, "d1", "Atmosphere", tandem.StatusActive)
	add("t1", tandem.LevelTheme, "c1", "Belonging", tandem.StatusActive)
	add("t2", tandem.LevelTheme, "c1", trickyTheme, tandem.StatusActive)
	add("c2", tandem.LevelCategory, "d1", "Empty category", tandem.StatusActive)
	add("t3", tandem.LevelTheme, "c2", "Unused", tandem.StatusActive)
	add("d2", tandem.LevelDomain, "", "Outcomes", tandem.StatusActive)
	add("c3", tandem.LevelCategory, "d2", "Power", tandem.StatusActive)
	add("t4", tandem.LevelTheme, "c3", "Voice", tandem.StatusActive)

	coders := []report.Coder{{ID: "P1", Name: "Jordan", Type: tandem.ResearcherPeer}, {ID: "P2", Name: trickyCoder, Type: tandem.ResearcherPeer},
		{ID: "A1", Name: "Dr Morgan", Type: tandem.ResearcherAcademic}, {ID: "A2", Name: "Dr Lee", Type: tandem.ResearcherAcademic}}

	// transcript builds a transcript of n turns of "turn i\n"; apply[coder]
	// lists, per theme, the turns the coder applied it to.
	transcript := func(id, title string, n int, apply map[string]map[string][]int) report.Transcript {
		var text []rune
		var turns []tandem.Turn
		for i := range n {
			start := len(text)
			text = append(text, []rune("turn "+strconv.Itoa(i))...)
			turns = append(turns, tandem.Turn{Start: start, End: len(text)})
			text = append(text, '\n')
		}
		tr := report.Transcript{ID: id, Title: title, Text: text, Turns: turns}
		for _, c := range coders {
			themes, ok := apply[c.ID]
			if !ok {
				continue // not submitted
			}
			set := &tandem.CodingSet{TranscriptID: id, CoderID: c.ID, Status: tandem.CodingStatus("submitted")}
			for theme, us := range themes {
				for _, u := range us {
					set.Excerpts = append(set.Excerpts, tandem.Excerpt{Start: turns[u].Start, End: turns[u].End, Themes: []string{theme}})
				}
			}
			tr.Sets = append(tr.Sets, set)
		}
		return tr
	}
	one := transcript("tr1", "One", 6, map[string]map[string][]int{
		"P1": {"t1": {0, 1, 2}, "t2": {4}, "t4": {0, 1, 2}},
		"P2": {"t1": {0, 1, 2, 3}, "t2": {4}, "t4": {0, 1, 2}},
		"A1": {"t1": {0, 1, 2}, "t2": {4}, "t4": {3, 4, 5}},
		"A2": {"t1": {0, 1, 2}, "t2": {4, 5}, "t4": {3, 4, 5}},
	})
	two := transcript("tr2", trickyTitle, 3, map[string]map[string][]int{
		"P1": {"t1": {0}},
		"A1": {"t1": {0}},
	})
	r := report.Build(cb, coders, []report.Transcript{one, two}, report.Options{Unit: report.UnitTurn, MinOverlap: 2, Draws: 500, Seed: 7})
	return r, ids
}

func agreementExport(t *testing.T) (AgreementExport, map[string]string) {
	t.Helper()
	r, ids := agreementProject(t)
	return AgreementExport{ProjectName: "RLC study", Report: r, ExportedAt: time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC), TandemVersion: "test"}, ids
}

func writeAgreementBytes(t *testing.T, x AgreementExport) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteAgreement(&buf, x); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// themeRow finds the report's row of a theme.
func themeRow(t *testing.T, r *report.Report, name string) report.Row {
	t.Helper()
	for _, row := range r.Themes {
		if row.Name == name {
			return row
		}
	}
	t.Fatalf("no theme %q in the report", name)
	return report.Row{}
}

func col(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %q", name, header)
	return -1
}

func TestAgreementWorkbook(t *testing.T) {
	x, _ := agreementExport(t)
	r := x.Report
	data := writeAgreementBytes(t, x)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := strings.Join(f.GetSheetList(), ","), strings.Join(AgreementSheets, ","); got != want {
		t.Fatalf("sheets %s, want %s", got, want)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d, want the Themes sheet", f.GetActiveSheetIndex())
	}
	for sheet, header := range map[string][]string{SheetThemes: AgreementThemeColumns, SheetCategories: AgreementCategoryColumns,
		SheetGroups: AgreementGroupColumns, SheetTranscripts: AgreementTranscriptColumns, SheetChart: ChartColumns} {
		rows, err := f.GetRows(sheet)
		if err != nil || len(rows) == 0 {
			t.Fatalf("%s: %v", sheet, err)
		}
		if got, want := strings.Join(rows[0], "|"), strings.Join(header, "|"); got != want {
			t.Errorf("%s header %s, want %s", sheet, got, want)
		}
		panes, _ := f.GetPanes(sheet)
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header not frozen: %+v", sheet, panes)
		}
	}

	// Themes: one row per theme of the report, with its path.
	rows, _ := f.GetRows(SheetThemes)
	if len(rows) != 1+len(r.Themes) || len(r.Themes) != 4 {
		t.Fatalf("%d theme rows for %d themes", len(rows)-1, len(r.Themes))
	}
	h := rows[0]
	alphaCol, notesCol, readingCol := col(t, h, "Krippendorff's alpha"), col(t, h, "Notes"), col(t, h, "Reading")
	byTheme := map[string]int{} // theme -> row number (1-based)
	for i, row := range rows[1:] {
		byTheme[row[2]] = i + 2
	}
	if got := rows[byTheme["Belonging"]-1][:3]; strings.Join(got, "|") != trickyDomain+"|Atmosphere|Belonging" {
		t.Errorf("Belonging's path %q", got)
	}
	if got := rows[byTheme["Voice"]-1][:3]; strings.Join(got, "|") != "Outcomes|Power|Voice" {
		t.Errorf("Voice's path %q", got)
	}
	// A theme's alpha is the report's, as a number with the 0.000 format.
	belonging := themeRow(t, r, "Belonging")
	if belonging.Alpha.Value == nil || belonging.AlphaLow == nil {
		t.Fatalf("Belonging has no alpha or interval: %+v", belonging)
	}
	cell, _ := excelize.CoordinatesToCellName(alphaCol+1, byTheme["Belonging"])
	raw, _ := f.GetCellValue(SheetThemes, cell, excelize.Options{RawCellValue: true})
	if v, err := strconv.ParseFloat(raw, 64); err != nil || v != *belonging.Alpha.Value {
		t.Errorf("Belonging's alpha %s = %q, want %v", cell, raw, *belonging.Alpha.Value)
	}
	if typ, _ := f.GetCellType(SheetThemes, cell); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("alpha cell %s has type %v", cell, typ)
	}
	if shown, _ := f.GetCellValue(SheetThemes, cell); shown != strconv.FormatFloat(*belonging.Alpha.Value, 'f', 3, 64) {
		t.Errorf("alpha shown as %q", shown)
	}
	styleID, _ := f.GetCellStyle(SheetThemes, cell)
	if s, _ := f.GetStyle(styleID); s.CustomNumFmt == nil || *s.CustomNumFmt != "0.000" {
		t.Errorf("alpha cell's number format %+v", s)
	}
	// The reading is the word, on its colour.
	for _, name := range []string{"Belonging", "Unused"} {
		row := themeRow(t, r, name)
		cell, _ := excelize.CoordinatesToCellName(readingCol+1, byTheme[name])
		v, _ := f.GetCellValue(SheetThemes, cell)
		styleID, _ := f.GetCellStyle(SheetThemes, cell)
		s, _ := f.GetStyle(styleID)
		want := readingColours[row.Reading][0]
		if v != row.Reading || s.Fill.Pattern != 1 || len(s.Fill.Color) == 0 || !strings.EqualFold(strings.TrimPrefix(s.Fill.Color[0], "#"), strings.TrimPrefix(want, "#")) {
			t.Errorf("%s's reading %s = %q with fill %+v; want %q on %s", name, cell, v, s.Fill, row.Reading, want)
		}
	}
	// An undefined alpha: an empty cell, the reason in Notes.
	unused := themeRow(t, r, "Unused")
	if unused.Alpha.Value != nil || unused.Reading != "not enough data" || unused.Alpha.Note == "" {
		t.Fatalf("Unused: %+v", unused)
	}
	cell, _ = excelize.CoordinatesToCellName(alphaCol+1, byTheme["Unused"])
	if v, _ := f.GetCellValue(SheetThemes, cell); v != "" {
		t.Errorf("undefined alpha %s = %q, want empty", cell, v)
	}
	if ur := rows[byTheme["Unused"]-1]; len(ur) <= notesCol || !strings.Contains(ur[notesCol], "Krippendorff's alpha") || !strings.Contains(ur[notesCol], unused.Alpha.Note) {
		t.Errorf("Unused's notes %q, want the alpha's note %q", ur, unused.Alpha.Note)
	}
	// Numeric columns hold numbers or nothing: never NaN, never text.
	for sheet, cols := range map[string][2]int{SheetThemes: {3, 13}, SheetCategories: {3, 16}, SheetGroups: {3, 5}, SheetTranscripts: {1, 4}} {
		rows, _ := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		for i, row := range rows[1:] {
			for c := cols[0]; c <= cols[1] && c < len(row); c++ {
				if row[c] == "" {
					continue
				}
				if v, err := strconv.ParseFloat(row[c], 64); err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
					t.Errorf("%s row %d column %q = %q: not a number", sheet, i+2, rows[0][c], row[c])
				}
			}
		}
	}
	// Text from users stays text.
	for _, at := range []struct{ sheet, want string }{{SheetThemes, trickyTheme}, {SheetThemes, trickyDomain}, {SheetCoderMatrix, trickyCoder},
		{SheetTranscripts, trickyTitle}, {SheetAbout, trickyCoder}, {SheetChart, trickyTheme}, {SheetGroups, trickyTheme}} {
		cells := findCells(f, at.sheet, at.want)
		if len(cells) == 0 {
			t.Errorf("%s: %q not found as a value", at.sheet, at.want)
		}
		for _, c := range cells {
			if formula, _ := f.GetCellFormula(at.sheet, c); formula != "" {
				t.Errorf("%s!%s is a formula: %q", at.sheet, c, formula)
			}
		}
	}

	// Categories and domains: each domain, then its categories.
	cats, _ := f.GetRows(SheetCategories)
	var levels []string
	for _, row := range cats[1:] {
		levels = append(levels, row[0]+":"+row[1]+"/"+row[2])
	}
	if got, want := strings.Join(levels, ","), "domain:"+trickyDomain+"/,category:"+trickyDomain+"/Atmosphere,category:"+trickyDomain+"/Empty category,domain:Outcomes/,category:Outcomes/Power"; got != want {
		t.Errorf("categories sheet rows %s, want %s", got, want)
	}
	ch := cats[0]
	atmosphere := r.Categories[0]
	if atmosphere.Name != "Atmosphere" || atmosphere.NominalAlpha == nil || atmosphere.NominalAlpha.Value == nil {
		t.Fatalf("Atmosphere: %+v", atmosphere)
	}
	nominalCell, _ := excelize.CoordinatesToCellName(col(t, ch, "Nominal alpha (themes as values)")+1, 3)
	if raw, _ := f.GetCellValue(SheetCategories, nominalCell, excelize.Options{RawCellValue: true}); raw != strconv.FormatFloat(*atmosphere.NominalAlpha.Value, 'f', -1, 64) {
		t.Errorf("Atmosphere's nominal alpha %q, want %v", raw, *atmosphere.NominalAlpha.Value)
	}
	if multi := cats[2][col(t, ch, "Units with two themes")]; multi != strconv.Itoa(atmosphere.MultiTheme) {
		t.Errorf("Atmosphere's units with two themes %q, want %d", multi, atmosphere.MultiTheme)
	}
	if d := cats[1]; len(d) > col(t, ch, "Units with two themes") && d[col(t, ch, "Units with two themes")] != "" {
		t.Errorf("a domain row has category figures: %q", d)
	}

	// Coder matrix: names on both axes, the report's values, a colour scale.
	matrix, _ := f.GetRows(SheetCoderMatrix, excelize.Options{RawCellValue: true})
	if got := strings.Join(matrix[0], "|"); got != "Coder|Jordan|"+trickyCoder+"|Dr Morgan|Dr Lee" {
		t.Errorf("coder matrix header %s", got)
	}
	for a := range 4 {
		if matrix[a+1][0] != r.Coders[a].Name {
			t.Errorf("coder matrix row %d is %q", a+2, matrix[a+1][0])
		}
		for b := range 4 {
			want := ""
			if v := r.CoderMatrix[a][b].Value; v != nil {
				want = strconv.FormatFloat(*v, 'f', -1, 64)
			}
			got := ""
			if b+1 < len(matrix[a+1]) {
				got = matrix[a+1][b+1]
			}
			if got != want {
				t.Errorf("coder matrix [%d][%d] = %q, want %q", a, b, got, want)
			}
		}
	}
	formats, err := f.GetConditionalFormats(SheetCoderMatrix)
	if err != nil || len(formats["B2:E5"]) != 1 || formats["B2:E5"][0].Type != "3_color_scale" {
		t.Errorf("coder matrix conditional formats %+v (%v)", formats, err)
	}

	// Peer vs academic: Voice is split, Belonging is not.
	groups, _ := f.GetRows(SheetGroups)
	split := map[string]string{}
	for _, row := range groups[1:] {
		split[row[2]] = row[col(t, groups[0], "Split")]
	}
	if split["Voice"] != "yes" || split["Belonging"] != "no" || len(split) != len(r.Groups) {
		t.Errorf("splits %v; report %+v", split, r.Groups)
	}

	// Per transcript: sorted by title as in the report.
	trs, _ := f.GetRows(SheetTranscripts)
	if len(trs) != 3 || trs[1][0] != r.Transcripts[0].Title || trs[2][0] != r.Transcripts[1].Title || trs[1][1] != strconv.Itoa(r.Transcripts[0].Units) {
		t.Errorf("per transcript rows %q", trs)
	}

	// Chart: the themes with alpha, contiguous; the others listed below.
	chartRows, _ := f.GetRows(SheetChart)
	var charted []string
	for _, row := range chartRows[1:] {
		if len(row) == 0 {
			break
		}
		charted = append(charted, row[0])
	}
	if got := strings.Join(charted, "|"); got != "Belonging|"+trickyTheme+"|Voice" {
		t.Errorf("charted themes %s", got)
	}
	if last := chartRows[len(chartRows)-1]; last[0] != "Unused" || last[1] != unused.Alpha.Note {
		t.Errorf("the theme left out of the chart: %q", last)
	}
	// excelize writes the chart part in the default namespace (no "c:").
	chartXML := html.UnescapeString(zipEntry(t, data, "xl/charts/chart1.xml"))
	for _, want := range []string{`<barDir val="bar">`, `<varyColors val="0">`, "<cat><strRef><f>'Chart'!$A$2:$A$4</f>",
		"<title><tx><rich>", "Krippendorff's alpha per theme", "<a:t>Theme</a:t>", "<a:t>Krippendorff's alpha (.667 tentative, .800 reliable)</a:t>"} {
		if !strings.Contains(chartXML, want) {
			t.Errorf("chart1.xml has no %s", want)
		}
	}
	series := 0
	for _, reading := range chartReadings {
		c, _ := excelize.ColumnNumberToName(4 + indexOf(chartReadings, reading))
		used := false
		for _, row := range r.Themes {
			used = used || (row.Alpha.Value != nil && row.Reading == reading)
		}
		has := strings.Contains(chartXML, "<val><numRef><f>'Chart'!$"+c+"$2:$"+c+"$4</f>")
		if has != used {
			t.Errorf("series of %s (column %s) in chart: %v, used: %v", reading, c, has, used)
		}
		if used {
			series++
		}
	}
	if series == 0 || strings.Count(chartXML, "<ser>") != series {
		t.Errorf("%d series in the chart, want %d", strings.Count(chartXML, "<ser>"), series)
	}
	if drawing := zipEntry(t, data, "xl/worksheets/_rels/sheet6.xml.rels"); !strings.Contains(drawing, "../drawings/drawing1.xml") {
		t.Errorf("the Chart sheet has no drawing: %s", drawing)
	}
	// The stream writer writes a sheet's XML when it flushes: the drawing and
	// the autofilters must be in it.
	if sheet := zipEntry(t, data, "xl/worksheets/sheet6.xml"); !strings.Contains(sheet, "<drawing ") {
		t.Error("the Chart sheet's XML does not place its drawing")
	}
	for i, ref := range map[int]string{1: "$A$1:$P$5", 2: "$A$1:$S$6", 4: "$A$1:$H$5", 5: "$A$1:$H$3"} {
		if sheet := zipEntry(t, data, "xl/worksheets/sheet"+strconv.Itoa(i)+".xml"); !strings.Contains(sheet, `<autoFilter ref="`+ref+`"`) {
			t.Errorf("sheet%d.xml has no autofilter on %s", i, ref)
		}
	}

	// About: the parameters; numbers are numbers, the date an Excel date.
	about, _ := f.GetRows(SheetAbout)
	kv, at := map[string]string{}, map[string]string{}
	for i, row := range about {
		if len(row) == 2 {
			kv[row[0]] = row[1]
			at[row[0]], _ = excelize.CoordinatesToCellName(2, i+1)
		}
	}
	for k, want := range map[string]string{"Project": "RLC study", "Exported (UTC)": "2026-11-24 09:30:00", "Tandem version": "test",
		"Jordan": "peer", trickyCoder: "peer", "Dr Lee": "academic"} {
		if kv[k] != want {
			t.Errorf("About %q = %q, want %q", k, kv[k], want)
		}
	}
	for k, want := range map[string]float64{"Transcripts compared": 2, "Units compared": 9, "Transcripts chosen": 2, "Units in them": 9,
		"Bootstrap draws": 500, "Bootstrap seed": 7, "Minimum overlap (characters)": 2, "Coders": 4, "Peer coders": 2, "Academic coders": 2} {
		if at[k] == "" {
			t.Errorf("About has no %q", k)
			continue
		}
		checkNumber(t, f, SheetAbout, at[k], want)
	}
	checkDate(t, f, SheetAbout, at["Exported (UTC)"], x.ExportedAt, "yyyy-mm-dd hh:mm:ss")
	for k, want := range map[string]string{"Unit": "turn", "What is compared": "at least two coders", "Readings": ".800", "Which coding counts": "submitted"} {
		if !strings.Contains(kv[k], want) {
			t.Errorf("About %q = %q, want it to mention %q", k, kv[k], want)
		}
	}
	for _, sheet := range AgreementSheets {
		checkNoEmptyStrings(t, f, sheet)
	}
}

// TestAgreementWorkbookFullPrecision: every figure of the workbook is the
// report's float64 to the last digit, shown with the dashboard's rounding
// (three decimals; percentages with one).
func TestAgreementWorkbookFullPrecision(t *testing.T) {
	x, _ := agreementExport(t)
	r := x.Report
	f, err := excelize.OpenReader(bytes.NewReader(writeAgreementBytes(t, x)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	raw, _ := f.GetRows(SheetThemes, excelize.Options{RawCellValue: true})
	shown, _ := f.GetRows(SheetThemes)
	h := raw[0]
	longer := 0
	for i, row := range r.Themes {
		for _, c := range []struct {
			col     string
			v       *float64
			percent bool
		}{{"Prevalence", row.Prevalence.Value, true}, {"Percent agreement", row.Percent.Value, true}, {"Mean Cohen's kappa", row.CohenMean.Value, false},
			{"Fleiss' kappa", row.Fleiss.Value, false}, {"Krippendorff's alpha", row.Alpha.Value, false}, {"95% CI low", row.AlphaLow, false},
			{"95% CI high", row.AlphaHigh, false}, {"Gwet's AC1", row.AC1.Value, false}, {"|u-alpha (span)", row.BinaryUAlpha.Value, false}} {
			j := col(t, h, c.col)
			got, show := "", ""
			if j < len(raw[i+1]) {
				got, show = raw[i+1][j], shown[i+1][j]
			}
			if c.v == nil {
				if got != "" {
					t.Errorf("%s %s = %q, want empty", row.Name, c.col, got)
				}
				continue
			}
			if v, err := strconv.ParseFloat(got, 64); err != nil || v != *c.v {
				t.Errorf("%s %s = %q, want exactly %v", row.Name, c.col, got, *c.v)
			}
			if len(strconv.FormatFloat(*c.v, 'f', -1, 64)) > 17 {
				longer++ // more than 15 significant digits
			}
			want := strconv.FormatFloat(*c.v, 'f', 3, 64)
			if c.percent {
				want = strconv.FormatFloat(*c.v*100, 'f', 1, 64) + "%"
			}
			if show != want {
				t.Errorf("%s %s is shown as %q, want %q", row.Name, c.col, show, want)
			}
		}
	}
	if longer == 0 {
		t.Error("no figure has more than 15 significant digits: the test shows nothing")
	}
}

// findCells are the cells of the sheet whose value is v (SearchSheet would
// take v for a regular expression).
func findCells(f *excelize.File, sheet, v string) []string {
	rows, _ := f.GetRows(sheet)
	var out []string
	for r, row := range rows {
		for c, got := range row {
			if got == v {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				out = append(out, cell)
			}
		}
	}
	return out
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func zipEntry(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, zf := range zr.File {
		names = append(names, zf.Name)
		if zf.Name == name {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no %s in the workbook: %q", name, names)
	return ""
}

// An empty report (no coding at all) still gives every sheet, no chart and
// no NaN.
func TestAgreementWorkbookEmpty(t *testing.T) {
	cb := &tandem.Codebook{}
	cb.Add("d", tandem.LevelDomain, "", tandem.NodeText{Name: "D"}, tandem.StatusActive, nil)
	cb.Add("c", tandem.LevelCategory, "d", tandem.NodeText{Name: "C"}, tandem.StatusActive, nil)
	cb.Add("t", tandem.LevelTheme, "c", tandem.NodeText{Name: "T"}, tandem.StatusActive, nil)
	r := report.Build(cb, nil, []report.Transcript{{ID: "x", Title: "X", Text: []rune("x")}}, report.Options{})
	data := writeAgreementBytes(t, AgreementExport{ProjectName: "Empty", Report: r, ExportedAt: time.Now()})
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != strings.Join(AgreementSheets, ",") {
		t.Fatalf("sheets %s", got)
	}
	rows, _ := f.GetRows(SheetThemes)
	if len(rows) != 2 || rows[1][col(t, rows[0], "Reading")] != "not enough data" || rows[1][col(t, rows[0], "Krippendorff's alpha")] != "" {
		t.Errorf("themes %q", rows)
	}
	for _, s := range f.GetSheetList() {
		all, _ := f.GetRows(s)
		for _, row := range all {
			for _, v := range row {
				if strings.Contains(strings.ToLower(v), "nan") && !strings.Contains(v, " ") {
					t.Errorf("%s: %q", s, v)
				}
			}
		}
	}
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/") {
			t.Errorf("a chart without data: %s", zf.Name)
		}
	}
	if err := WriteAgreement(io.Discard, AgreementExport{}); err == nil {
		t.Error("no report: no error")
	}
}

// BenchmarkAgreementWorkbook writes the workbook of a report of 2,000
// themes, 20 coders and 500 transcripts (the report made up, not computed).
func BenchmarkAgreementWorkbook(b *testing.B) {
	fig := func(v float64) report.Figure { return report.Figure{Value: &v} }
	r := &report.Report{Options: report.Options{Unit: report.UnitTurn, Draws: 1000, Seed: 1}, Units: 50000}
	for c := range 20 {
		r.Coders = append(r.Coders, report.Coder{ID: strconv.Itoa(c), Name: "Coder " + strconv.Itoa(c), Type: tandem.ResearcherPeer})
	}
	r.CoderMatrix = make([][]report.Figure, 20)
	for a := range 20 {
		for bb := range 20 {
			r.CoderMatrix[a] = append(r.CoderMatrix[a], fig(float64(a+bb)/40))
		}
	}
	for d := range 10 {
		did := "d" + strconv.Itoa(d)
		r.Domains = append(r.Domains, report.Row{NodeID: did, Name: did, Level: tandem.LevelDomain, Alpha: fig(0.7), Reading: "tentative"})
		for c := range 10 {
			cid := did + "c" + strconv.Itoa(c)
			r.Categories = append(r.Categories, report.Row{NodeID: cid, Name: cid, Level: tandem.LevelCategory, ParentID: did, Alpha: fig(0.7), Reading: "tentative"})
			for th := range 20 {
				tid := cid + "t" + strconv.Itoa(th)
				a := float64(th) / 20
				r.Themes = append(r.Themes, report.Row{NodeID: tid, Name: tid, Level: tandem.LevelTheme, ParentID: cid, Units: 50000, Coders: 20,
					Alpha: fig(a), Percent: fig(0.9), Reading: "not reliable", AC1: report.Figure{Note: "not enough data: no variation"}})
				r.Groups = append(r.Groups, report.GroupRow{NodeID: tid, Name: tid, WithinPeer: fig(a), Across: fig(a / 2)})
			}
		}
	}
	for i := range 500 {
		r.Transcripts = append(r.Transcripts, report.TranscriptRow{ID: strconv.Itoa(i), Title: "Interview " + strconv.Itoa(i), Units: 100, Coders: 8, MeanAlpha: fig(0.7), Reading: "tentative"})
	}
	for range b.N {
		if err := WriteAgreement(io.Discard, AgreementExport{ProjectName: "Big", Report: r, ExportedAt: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestWrappedLines(t *testing.T) {
	for _, c := range []struct {
		text  string
		width float64
		want  int
	}{{"", 10, 1}, {"short", 10, 1}, {"two words", 5, 2}, {"a b c d e f", 3, 3}, {"averyveryverylongword", 10, 3}, {"one\ntwo", 20, 2}} {
		if got := wrappedLines(c.text, c.width); got != c.want {
			t.Errorf("wrappedLines(%q, %v) = %d, want %d", c.text, c.width, got, c.want)
		}
	}
}
