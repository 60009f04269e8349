package xlsx

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/tandemqda/tandem/internal/tandem"
)

// byteOrderMark starts a UTF-8 file that Excel and Word should read as
// UTF-8 (without it, Excel reads a CSV file in the computer's old code page).
const byteOrderMark = "\ufeff"

// WriteExcerptsCSV writes excerpt rows as a CSV file with the workbook's
// columns (ExcerptColumns): UTF-8 with a byte order mark, RFC 4180 (comma,
// double quotes, CRLF line ends; line breaks inside a value stay inside its
// quotes). Text that a spreadsheet would read as a formula gets a leading
// apostrophe (see csvText); numbers are plain digits. With no rows it
// writes the header only, so that R and Excel still read the columns.
func WriteExcerptsCSV(w io.Writer, rows iter.Seq2[tandem.ExcerptRow, error]) (tandem.ExcerptCounts, error) {
	var counts tandem.ExcerptCounts
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString(byteOrderMark); err != nil {
		return counts, fmt.Errorf("write excerpts CSV: %w", err)
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(ExcerptColumns); err != nil {
		return counts, fmt.Errorf("write excerpts CSV: %w", err)
	}
	record := make([]string, len(ExcerptColumns))
	for r, err := range rows {
		if err != nil {
			return counts, err
		}
		counts.Add(&r)
		for i, v := range ExcerptCells(&r) {
			switch v := v.(type) {
			case string:
				record[i] = csvText(v)
			case int:
				record[i] = strconv.Itoa(v)
			default:
				record[i] = ""
			}
		}
		if err := cw.Write(record); err != nil {
			return counts, fmt.Errorf("write excerpts CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return counts, fmt.Errorf("write excerpts CSV: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return counts, fmt.Errorf("write excerpts CSV: %w", err)
	}
	return counts, nil
}

// csvText is text as a CSV value: as exports write text (tandem.ExportText),
// and, when it starts with a character that makes Excel, LibreOffice or
// Google Sheets read a value as a formula (= + - @, a tab or a carriage
// return), with an apostrophe in front, as OWASP advises against CSV
// injection: the value then shows as text, with the apostrophe.
func csvText(s string) string {
	s = tandem.ExportText(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
