package xlsx

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/tandem"
)

// setCell writes one cell of a sheet: its value, typed, and its style.
//   - A string is text (never a formula), as exports write text
//     (cellText); "" leaves the cell empty.
//   - A float64 is a number with every digit of the float64 (see number); NaN
//     and infinities leave the cell empty.
//   - Whole numbers are numbers; a time.Time is an Excel date (its style
//     gives it a date format).
//   - nil leaves the cell empty (with its style, if any).
//
// A value may come wrapped in an excelize.Cell with its style.
func setCell(f *excelize.File, sheet, ref string, v any) error {
	style := 0
	if c, ok := v.(excelize.Cell); ok {
		style, v = c.StyleID, c.Value
	}
	var err error
	switch v := v.(type) {
	case nil:
	case string:
		if v = cellText(v); v != "" {
			err = f.SetCellStr(sheet, ref, v)
		}
	case float64:
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			err = f.SetCellFloat(sheet, ref, v, decimals(v), 64)
		}
	case int:
		err = f.SetCellInt(sheet, ref, int64(v))
	case int64:
		err = f.SetCellInt(sheet, ref, v)
	case uint64:
		err = f.SetCellUint(sheet, ref, v)
	case time.Time:
		err = f.SetCellValue(sheet, ref, v)
	default:
		err = f.SetCellValue(sheet, ref, v)
	}
	if err != nil || style == 0 {
		return err
	}
	return f.SetCellStyle(sheet, ref, ref, style)
}

// decimals is how many decimals the shortest form of v that reads back as
// exactly v has. Written with them, a number keeps every digit of its
// float64: excelize's automatic precision would cut it to 15 significant
// digits (0.19999999999999998 became 0.199999999999999), and the workbook
// would no longer hold the figure the API reports.
func decimals(v float64) int {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// setRow writes the cells of one row from column 1.
func setRow(f *excelize.File, sheet string, row int, cells []any) error {
	for i, c := range cells {
		ref, err := excelize.CoordinatesToCellName(i+1, row)
		if err != nil {
			return err
		}
		if err := setCell(f, sheet, ref, c); err != nil {
			return err
		}
	}
	return nil
}

// maxCellChars is the most an Excel cell holds, in UTF-16 code units.
const maxCellChars = 32767

// cutMark ends a text cut to fit a cell.
const cutMark = " [… cut: longer than an Excel cell holds]"

// cellText is text as a cell holds it: as exports write text
// (tandem.ExportText), and cut at a character boundary with cutMark when it
// is longer than a cell holds (Excel would refuse the file; excelize would
// cut it without a word).
func cellText(s string) string {
	s = tandem.ExportText(s)
	if len(s) <= maxCellChars { // bytes >= UTF-16 units
		return s
	}
	limit, units := maxCellChars-len(cutMark), 0
	for i, r := range s {
		if units += utf16.RuneLen(r); units > limit {
			return s[:i] + cutMark
		}
	}
	return s
}
