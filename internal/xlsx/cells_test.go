package xlsx

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestNumbersKeepEveryDigit: a figure read back from the workbook is the
// float64 that was written, to the last bit (excelize on its own cuts to 15
// significant digits).
func TestNumbersKeepEveryDigit(t *testing.T) {
	values := []float64{0.19999999999999998, 1.0 / 3, -0.07407407407407396, 0.9444444444444444, 1e-20, -1e-7, 123456.78901234567,
		0, 1, -1, 0.5, 0.667, 0.8, math.Nextafter(0.8, 0), math.Nextafter(0.667, 1), 20161}
	f := excelize.NewFile()
	defer f.Close()
	for i, v := range values {
		if err := setCell(f, "Sheet1", "A"+strconv.Itoa(i+1), v); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	for i, v := range values {
		raw, _ := g.GetCellValue("Sheet1", "A"+strconv.Itoa(i+1), excelize.Options{RawCellValue: true})
		if got, err := strconv.ParseFloat(raw, 64); err != nil || got != v {
			t.Errorf("%v was stored as %q", v, raw)
		}
	}
}

// TestExportsNeverShowReplacementCharacters: text stored before input was
// checked may hold control characters; the workbooks drop them (and make
// Word's manual line break a line break) instead of showing "�".
func TestExportsNeverShowReplacementCharacters(t *testing.T) {
	x, _ := rlcExport(t)
	n := &x.Codebook.Nodes[len(x.Codebook.Nodes)-1]
	n.Name, n.Brief = "Hope\x07ful", "First line\vsecond line\x00"
	x.ProjectName = "RLC\x1b study"
	var buf bytes.Buffer
	if err := WriteCodebook(&buf, x); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	found := 0
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for _, row := range rows {
			for _, v := range row {
				if strings.ContainsRune(v, '\uFFFD') || strings.IndexFunc(v, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' }) >= 0 {
					t.Errorf("%s: %q", sheet, v)
				}
				if v == "Hopeful" || v == "First line\nsecond line" || v == "RLC study" {
					found++
				}
			}
		}
	}
	if found < 3 {
		t.Errorf("found %d of the 3 cleaned texts", found)
	}
	// The agreement workbook too.
	ax, _ := agreementExport(t)
	ax.ProjectName = "RLC\x1b study"
	ax.Report.Coders[0].Name = "Jor\x08dan"
	g, err := excelize.OpenReader(bytes.NewReader(writeAgreementBytes(t, ax)))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	for _, sheet := range g.GetSheetList() {
		rows, _ := g.GetRows(sheet)
		for _, row := range rows {
			for _, v := range row {
				if strings.ContainsRune(v, '\uFFFD') || strings.ContainsAny(v, "\x1b\x08") {
					t.Errorf("%s: %q", sheet, v)
				}
			}
		}
	}
	if cells := findCells(g, SheetAbout, "Jordan"); len(cells) == 0 {
		t.Error("the coder's name lost more than the control character")
	}
}

// checkDate checks that a cell is an Excel date (a number with a date
// format) holding the time, to the second.
func checkDate(t *testing.T, f *excelize.File, sheet, cell string, want time.Time, format string) {
	t.Helper()
	raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Errorf("%s!%s = %q: not a date serial number", sheet, cell, raw)
		return
	}
	if d, err := excelize.ExcelDateToTime(v, false); err != nil || !d.Round(time.Second).Equal(want.UTC()) {
		t.Errorf("%s!%s = %v (%v), want %v", sheet, cell, d, err, want.UTC())
	}
	style, _ := f.GetCellStyle(sheet, cell)
	if s, _ := f.GetStyle(style); s == nil || s.CustomNumFmt == nil || *s.CustomNumFmt != format {
		t.Errorf("%s!%s has number format %+v, want %q", sheet, cell, s, format)
	}
	if shown, _ := f.GetCellValue(sheet, cell); shown != want.UTC().Format(strings.NewReplacer("yyyy", "2006", "mm-dd", "01-02", "hh", "15", ":mm", ":04", ":ss", ":05").Replace(format)) {
		t.Errorf("%s!%s is shown as %q", sheet, cell, shown)
	}
}

// checkNumber checks that a cell holds the number (not text).
func checkNumber(t *testing.T, f *excelize.File, sheet, cell string, want float64) {
	t.Helper()
	typ, _ := f.GetCellType(sheet, cell)
	raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if v, err := strconv.ParseFloat(raw, 64); err != nil || v != want || (typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) {
		t.Errorf("%s!%s = %q of type %v, want the number %v", sheet, cell, raw, typ, want)
	}
}

// checkNoEmptyStrings checks that no cell of the sheet is an empty string:
// a cell without a value is empty.
func checkNoEmptyStrings(t *testing.T, f *excelize.File, sheet string) {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			if v != "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeUnset {
				t.Errorf("%s!%s is an empty string (type %v), want an empty cell", sheet, cell, typ)
			}
		}
	}
}
