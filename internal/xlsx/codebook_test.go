package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/templates"
)

func rlcExport(t *testing.T) (CodebookExport, map[string]string) {
	t.Helper()
	cb := &tandem.Codebook{Version: 3}
	if err := templates.ByID("rlc").Apply(cb, uuid.NewString, nil); err != nil {
		t.Fatal(err)
	}
	// Text that Excel or LibreOffice might take for a formula.
	tricky := map[string]string{"Judgment-free": "=1+1", "Flexible": "+SUM(A1:A9)", "Relaxed/open": "-2+3", "Leadership": "@cmd|' /C calc'!A0"}
	for _, n := range cb.Nodes {
		if v, ok := tricky[n.Name]; ok {
			cb.Node(n.ID).Brief = v
		}
	}
	return CodebookExport{
		ProjectName: "RLC study", Codebook: cb, ExportedAt: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), TandemVersion: "test",
		Versions: []tandem.CodebookVersion{{Version: 3, At: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), ActorName: "Dana", Summary: "edited the theme \"Flexible\""}},
	}, tricky
}

func TestCodebookWorkbook(t *testing.T) {
	x, tricky := rlcExport(t)
	var buf bytes.Buffer
	if err := WriteCodebook(&buf, x); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Codebook,Versions,About" {
		t.Fatalf("sheets %s", got)
	}
	rows, err := f.GetRows("Codebook")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 19 || strings.Join(rows[0], "|") != strings.Join(CodebookColumns, "|") {
		t.Fatalf("%d rows; header %v", len(rows), rows[0])
	}
	if rows[1][0] != "RLC Attributes" || rows[1][1] != "" || rows[2][1] != "Atmosphere" || rows[3][2] != "Judgment-free" || rows[3][0] != "RLC Attributes" {
		t.Fatalf("tree rows: %v / %v / %v", rows[1], rows[2], rows[3])
	}
	for r, want := range map[int]uint8{2: 0, 3: 1, 4: 2} {
		if got, _ := f.GetRowOutlineLevel("Codebook", r); got != want {
			t.Errorf("row %d outline level %d, want %d", r, got, want)
		}
	}
	// Every tricky text stays text: no formula, the same characters.
	for r := 2; r <= len(rows); r++ {
		cell, _ := excelize.CoordinatesToCellName(5, r)
		if formula, _ := f.GetCellFormula("Codebook", cell); formula != "" {
			t.Errorf("%s is a formula: %q", cell, formula)
		}
	}
	found := 0
	for _, row := range rows[1:] {
		if len(row) > 4 {
			for name, v := range tricky {
				if row[2] == name {
					found++
					if row[4] != v {
						t.Errorf("brief of %s = %q, want %q", name, row[4], v)
					}
				}
			}
		}
	}
	if found != len(tricky) {
		t.Fatalf("found %d tricky rows", found)
	}
	// The colour cell is filled with the theme's colour.
	style, _ := f.GetCellStyle("Codebook", "K4")
	s, _ := f.GetStyle(style)
	if colour, _ := f.GetCellValue("Codebook", "K4"); colour == "" || s.Fill.Pattern != 1 || len(s.Fill.Color) == 0 || !strings.EqualFold(strings.TrimPrefix(s.Fill.Color[0], "#"), strings.TrimPrefix(colour, "#")) {
		t.Errorf("colour cell K4 = %q with fill %+v", colour, s.Fill)
	}
	panes, _ := f.GetPanes("Codebook")
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v", panes)
	}
	names := f.GetDefinedName()
	filtered := false
	for _, n := range names {
		filtered = filtered || (n.Name == "_xlnm._FilterDatabase" && strings.Contains(n.RefersTo, "Codebook"))
	}
	if !filtered {
		t.Errorf("no autofilter: %+v", names)
	}
	vs, _ := f.GetRows("Versions")
	about, _ := f.GetRows("About")
	if len(vs) != 2 || vs[1][0] != "3" || vs[1][2] != "Dana" || about[0][1] != "RLC study" || about[1][1] != "3" {
		t.Fatalf("versions %v; about %v", vs, about)
	}
}

func TestCodebookWorkbookUsageColumns(t *testing.T) {
	x, _ := rlcExport(t)
	alpha := 0.81
	var theme string
	for _, n := range x.Codebook.Nodes {
		if n.Name == "Flexible" {
			theme = n.ID
		}
	}
	x.Usage = map[string]Usage{theme: {Excerpts: 12, Transcripts: 4, Coders: 2, Alpha: &alpha}}
	var buf bytes.Buffer
	if err := WriteCodebook(&buf, x); err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenReader(&buf)
	defer f.Close()
	raw, _ := f.GetRows("Codebook", excelize.Options{RawCellValue: true})
	shown, _ := f.GetRows("Codebook")
	for i, r := range raw {
		if len(r) > 2 && r[2] == "Flexible" {
			// Numbers, alpha with every digit, shown with three decimals.
			if strings.Join(r[13:], ",") != "12,4,2,0.81" || strings.Join(shown[i][13:], ",") != "12,4,2,0.810" {
				t.Fatalf("usage columns %v, shown %v", r[13:], shown[i][13:])
			}
			for c := 14; c <= 17; c++ {
				cell, _ := excelize.CoordinatesToCellName(c, i+1)
				if typ, _ := f.GetCellType("Codebook", cell); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
					t.Errorf("usage cell %s has type %v, want a number", cell, typ)
				}
			}
			return
		}
	}
	t.Fatal("no Flexible row")
}

// TestCodebookWorkbookTypes: dates are Excel dates, numbers numbers, and a
// cell with nothing to say is empty, not an empty string.
func TestCodebookWorkbookTypes(t *testing.T) {
	x, _ := rlcExport(t)
	var buf bytes.Buffer
	if err := WriteCodebook(&buf, x); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	checkDate(t, f, "Versions", "B2", x.Versions[0].At, "yyyy-mm-dd hh:mm")
	checkDate(t, f, "About", "B3", x.ExportedAt, "yyyy-mm-dd hh:mm:ss")
	checkNumber(t, f, "Versions", "A2", 3)
	checkNumber(t, f, "About", "B2", float64(x.Codebook.Version))
	for _, sheet := range f.GetSheetList() {
		checkNoEmptyStrings(t, f, sheet)
	}
	// The category column of a domain row is empty.
	if typ, _ := f.GetCellType("Codebook", "B2"); typ != excelize.CellTypeUnset {
		t.Errorf("Codebook!B2 (a domain's category) has type %v, want an empty cell", typ)
	}
}

// BenchmarkCodebookWorkbook writes a codebook of 2,000 themes.
func BenchmarkCodebookWorkbook(b *testing.B) {
	cb := &tandem.Codebook{}
	for d := range 10 {
		dom, _ := cb.Add(uuid.NewString(), tandem.LevelDomain, "", tandem.NodeText{Name: "Domain " + string(rune('A'+d))}, tandem.StatusActive, nil)
		for c := range 10 {
			cat, _ := cb.Add(uuid.NewString(), tandem.LevelCategory, dom.ID, tandem.NodeText{Name: "Category " + string(rune('A'+c))}, tandem.StatusActive, nil)
			for th := range 20 {
				cb.Add(uuid.NewString(), tandem.LevelTheme, cat.ID, tandem.NodeText{Name: "Theme " + string(rune('A'+th)), Colour: tandem.ThemeColour(th), Brief: strings.Repeat("a brief definition ", 5)}, tandem.StatusActive, nil)
			}
		}
	}
	for range b.N {
		var buf bytes.Buffer
		if err := WriteCodebook(&buf, CodebookExport{ProjectName: "Big", Codebook: cb, ExportedAt: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCodebookWorkbookHasFilter: the filter is in the sheet itself, not only
// as a defined name (the stream writer drops what is set after Flush).
func TestCodebookWorkbookHasFilter(t *testing.T) {
	x, _ := rlcExport(t)
	var buf bytes.Buffer
	if err := WriteCodebook(&buf, x); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			r.Close()
			if !strings.Contains(string(b), "<autoFilter ref=\"$A$1:$Q$19\"") {
				t.Fatalf("no autoFilter in the Codebook sheet: %.300s", b[len(b)-300:])
			}
			return
		}
	}
	t.Fatal("no sheet1.xml")
}
