//go:build unix

package xlsx

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/tandem"
)

// requireLibreOfficeEnv makes a missing LibreOffice a failure instead of a
// skip; `make test` sets it (scripts/deps.sh installs libreoffice-calc-nogui).
const requireLibreOfficeEnv = "TANDEM_REQUIRE_LIBREOFFICE"

// libreOffice returns the soffice binary, or skips the test when there is
// none (fails instead when TANDEM_REQUIRE_LIBREOFFICE=1).
func libreOffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv(requireLibreOfficeEnv) == "1" {
		t.Fatalf("LibreOffice (soffice) is not installed and %s=1; run `make deps` (Debian: apt-get install --no-install-recommends libreoffice-calc-nogui)", requireLibreOfficeEnv)
	}
	t.Skipf("LibreOffice (soffice) is not installed: skipping the LibreOffice check (install libreoffice-calc-nogui or run `make deps`; set %s=1 to make this a failure)", requireLibreOfficeEnv)
	return ""
}

// csvFilter is LibreOffice's CSV export filter: comma-separated, '"'-quoted,
// UTF-8, values (not formulas, not "as shown"), exporting sheet `sheet`
// (1-based; -1: every sheet to its own file, LibreOffice 7.2 and later).
func csvFilter(sheet int) string {
	return "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false," + strconv.Itoa(sheet)
}

// runLibreOffice converts the workbook at path to CSV with the filter for
// sheet, in a fresh output directory, and returns that directory. Each call
// uses its own LibreOffice profile, so parallel tests do not clash. args
// go before the file (such as an --infilter).
func runLibreOffice(t *testing.T, path string, sheet int, args ...string) string {
	t.Helper()
	soffice := libreOffice(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	profile := url.URL{Scheme: "file", Path: filepath.Join(dir, "profile")}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, append(append([]string{"-env:UserInstallation=" + profile.String(), "--headless", "--norestore",
		"--convert-to", csvFilter(sheet), "--outdir", out}, args...), path)...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	// soffice starts soffice.bin as a child: on timeout kill the whole group.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	output, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("LibreOffice did not convert %s within %v: %s", path, time.Since(start).Round(time.Second), output)
	}
	if err != nil {
		t.Fatalf("LibreOffice could not convert %s: %v\n%s", path, err, output)
	}
	// soffice exits 0 even when it cannot load the file: look for the output.
	if files, _ := filepath.Glob(filepath.Join(out, "*.csv")); len(files) == 0 {
		t.Fatalf("LibreOffice wrote no CSV for %s:\n%s", path, output)
	}
	t.Logf("LibreOffice converted %s (sheet %d) in %v", filepath.Base(path), sheet, time.Since(start).Round(time.Millisecond))
	return out
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		files, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*"))
		t.Fatalf("LibreOffice wrote no %s (it wrote %q): %v", filepath.Base(path), files, err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("LibreOffice's CSV %s: %v", filepath.Base(path), err)
	}
	return rows
}

// convertWithLibreOffice opens the workbook at path in LibreOffice (headless)
// and returns the rows of one sheet (1-based) as LibreOffice computes them:
// a formula would come back evaluated. Trailing empty cells are dropped.
func convertWithLibreOffice(t *testing.T, path string, sheet int) [][]string {
	t.Helper()
	out := runLibreOffice(t, path, sheet)
	// LibreOffice names the file after the workbook and, for one chosen
	// sheet, the sheet too ("codebook-Versions.csv"): take the only file.
	files, _ := filepath.Glob(filepath.Join(out, "*.csv"))
	if len(files) != 1 {
		t.Fatalf("LibreOffice wrote %d CSV files for sheet %d, want 1: %q", len(files), sheet, files)
	}
	return trimRows(readCSV(t, files[0]))
}

// convertAllWithLibreOffice is convertWithLibreOffice for every sheet at
// once (one LibreOffice start), by sheet name.
func convertAllWithLibreOffice(t *testing.T, path string, sheets ...string) map[string][][]string {
	t.Helper()
	out := runLibreOffice(t, path, -1)
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	got := map[string][][]string{}
	for _, s := range sheets {
		got[s] = trimRows(readCSV(t, filepath.Join(out, base+"-"+s+".csv")))
	}
	if files, _ := filepath.Glob(filepath.Join(out, "*.csv")); len(files) != len(sheets) {
		t.Errorf("LibreOffice wrote %d CSV files, want %d (one a sheet): %v", len(files), len(sheets), files)
	}
	return got
}

// trimRows drops the empty cells at the end of each row (LibreOffice pads
// every row to the sheet's used width) and the empty rows at the end.
func trimRows(rows [][]string) [][]string {
	for i, r := range rows {
		n := len(r)
		for n > 0 && r[n-1] == "" {
			n--
		}
		rows[i] = r[:n]
	}
	n := len(rows)
	for n > 0 && len(rows[n-1]) == 0 {
		n--
	}
	return rows[:n]
}

func TestCodebookWorkbookOpensInLibreOffice(t *testing.T) {
	libreOffice(t)
	t.Parallel()
	x, _ := rlcExport(t)
	cb := x.Codebook
	// Text a spreadsheet might take for a formula must stay text.
	tricky := map[string]string{"Judgment-free": "=SUM(A1)", "Flexible": "+1", "Relaxed/open": "-x", "Leadership": "@foo"}
	var flexible string
	for _, n := range cb.Nodes {
		if v, ok := tricky[n.Name]; ok {
			cb.Node(n.ID).Brief = v
			cb.Node(n.ID).Example = "=1+1"
		}
		if n.Name == "Flexible" {
			flexible = n.ID
		}
	}
	alpha := 0.81
	x.Usage = map[string]Usage{flexible: {Excerpts: 12, Transcripts: 4, Coders: 2, Alpha: &alpha}}
	path := filepath.Join(t.TempDir(), "codebook.xlsx")
	var buf bytes.Buffer
	if err := WriteCodebook(&buf, x); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	sheets := convertAllWithLibreOffice(t, path, "Codebook", "Versions", "About")
	// The one-sheet form gives the same rows as the all-sheets form.
	rows := convertWithLibreOffice(t, path, 1)
	if got, want := rowsText(rows), rowsText(sheets["Codebook"]); got != want {
		t.Errorf("sheet 1 alone:\n%s\nall sheets:\n%s", got, want)
	}

	// The expected rows: the tree, depth first, skipping merged themes.
	want := [][]string{CodebookColumns}
	var walk func(parent string, path []string)
	walk = func(parent string, path []string) {
		for _, n := range cb.Children(parent) {
			if n.MergedInto != "" {
				continue
			}
			names := append(append([]string{}, path...), n.Name)
			row := make([]string, 3, len(CodebookColumns))
			copy(row, names)
			row = append(row, n.ID, n.Brief, n.Full, n.WhenToUse, n.WhenNotToUse, n.Example, n.PlainLanguage, n.Colour,
				string(n.Status), n.ProposedByName)
			switch {
			case n.ID == flexible:
				row = append(row, "12", "4", "2", "0.81")
			case n.Level == tandem.LevelTheme: // unused, with usage known
				row = append(row, "0", "0", "0")
			}
			want = append(want, row)
			walk(n.ID, names)
		}
	}
	walk("", nil)
	want = trimRows(want)
	if len(want) != 19 {
		t.Fatalf("the RLC template gave %d rows, want 19", len(want))
	}
	if got, exp := rowsText(rows), rowsText(want); got != exp {
		t.Errorf("Codebook sheet in LibreOffice:\n%s\nwant:\n%s", got, exp)
	}
	found := 0
	for _, r := range rows {
		if len(r) > 8 {
			if v, ok := tricky[r[2]]; ok {
				found++
				if r[4] != v || r[8] != "=1+1" {
					t.Errorf("%s: brief %q, example %q; want %q and %q verbatim", r[2], r[4], r[8], v, "=1+1")
				}
			}
		}
	}
	if found != len(tricky) {
		t.Errorf("found %d of the %d themes with formula-like text", found, len(tricky))
	}

	// The time of a version is a date (LibreOffice writes it out whole).
	if want := [][]string{
		{"Version", "When (UTC)", "Who", "What changed"},
		{"3", "2026-11-23 10:00:00", "Dana", `edited the theme "Flexible"`},
	}; !sameRows(sheets["Versions"], want) {
		t.Errorf("Versions sheet in LibreOffice:\n%s\nwant:\n%s", rowsText(sheets["Versions"]), rowsText(want))
	}
	about := sheets["About"]
	if len(about) != 6 {
		t.Fatalf("About sheet has %d rows: %v", len(about), about)
	}
	for i, kv := range [][2]string{{"Project", "RLC study"}, {"Codebook version", "3"}, {"Exported (UTC)", "2026-11-24 09:00:00"}, {"Tandem version", "test"}} {
		if len(about[i]) != 2 || about[i][0] != kv[0] || about[i][1] != kv[1] {
			t.Errorf("About row %d = %q, want %q", i+1, about[i], kv)
		}
	}
}

// sameRows reports whether LibreOffice's rows (lo) hold the same values as
// want: the same text, or the same number. LibreOffice writes numbers with
// 15 significant digits and percentages with "%" (want has every digit of
// the float64, as a proportion), and dates as "2006-01-02 15:04:05" (want
// may have the Excel serial number instead).
func sameRows(lo, want [][]string) bool {
	if len(lo) != len(want) {
		return false
	}
	for i := range lo {
		if len(lo[i]) != len(want[i]) {
			return false
		}
		for j := range lo[i] {
			if !sameValue(lo[i][j], want[i][j]) {
				return false
			}
		}
	}
	return true
}

func sameValue(lo, want string) bool {
	if lo == want {
		return true
	}
	w, err := strconv.ParseFloat(want, 64)
	if err != nil {
		return false
	}
	if at, err := time.Parse("2006-01-02 15:04:05", lo); err == nil {
		d, err := excelize.ExcelDateToTime(w, false)
		return err == nil && d.Round(time.Second).Equal(at)
	}
	scale := 1.0
	if p, ok := strings.CutSuffix(lo, "%"); ok {
		lo, scale = p, 100
	}
	v, err := strconv.ParseFloat(lo, 64)
	return err == nil && math.Abs(v-w*scale) <= 1e-13*max(1, math.Abs(v))
}

// rowsText shows rows one a line, cells separated by " | ", for diffs.
func rowsText(rows [][]string) string {
	var b strings.Builder
	for i, r := range rows {
		b.WriteString(strconv.Itoa(i+1) + ": " + strings.Join(r, " | ") + "\n")
	}
	return b.String()
}

func TestAgreementWorkbookOpensInLibreOffice(t *testing.T) {
	soffice := libreOffice(t)
	t.Parallel()
	x, _ := agreementExport(t)
	r := x.Report
	dir := t.TempDir()
	path := filepath.Join(dir, "agreement.xlsx")
	data := writeAgreementBytes(t, x)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sheets := convertAllWithLibreOffice(t, path, AgreementSheets...)

	// Themes: one row per theme with the report's numbers, as numbers
	// (LibreOffice's CSV has the values, not the 0.000 display, to 15
	// significant digits; proportions as percentages); an undefined figure
	// is an empty cell.
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	paths := map[string][2]string{"Belonging": {trickyDomain, "Atmosphere"}, trickyTheme: {trickyDomain, "Atmosphere"},
		"Unused": {trickyDomain, "Empty category"}, "Voice": {"Outcomes", "Power"}}
	notes := col(t, AgreementThemeColumns, "Notes") // checked apart: the last column
	want := [][]string{AgreementThemeColumns[:notes]}
	for _, row := range r.Themes {
		p := paths[row.Name]
		want = append(want, []string{p[0], p[1], row.Name, strconv.Itoa(row.Units), strconv.Itoa(row.Coders), num(row.Prevalence.Value),
			num(row.Percent.Value), num(row.CohenMean.Value), num(row.Fleiss.Value), num(row.Alpha.Value), num(row.AlphaLow), num(row.AlphaHigh),
			num(row.AC1.Value), num(row.BinaryUAlpha.Value), row.Reading})
	}
	themes := sheets[SheetThemes]
	got := make([][]string, len(themes))
	for i, row := range themes {
		got[i] = row[:min(len(row), notes)]
		if i > 0 && r.Themes[i-1].Alpha.Value == nil && (len(row) <= notes || !strings.Contains(row[notes], r.Themes[i-1].Alpha.Note)) {
			t.Errorf("theme %s: no alpha and notes %q", r.Themes[i-1].Name, row)
		}
	}
	if !sameRows(got, trimRows(want)) {
		t.Errorf("Themes sheet in LibreOffice:\n%s\nwant:\n%s", rowsText(got), rowsText(trimRows(want)))
	}

	// Every sheet reads in LibreOffice as excelize reads it: the same text
	// (formula-like names stay text) and the same numbers.
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, s := range AgreementSheets {
		rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if !sameRows(sheets[s], trimRows(rows)) {
			t.Errorf("%s in LibreOffice:\n%s\nin excelize:\n%s", s, rowsText(sheets[s]), rowsText(trimRows(rows)))
		}
	}
	if m := sheets[SheetCoderMatrix]; len(m) < 2 || m[0][2] != trickyCoder || m[2][0] != trickyCoder {
		t.Errorf("coder matrix in LibreOffice: %q", m)
	}

	// The chart: LibreOffice keeps it when it saves the workbook as ODS, as
	// a bar chart over the contiguous range of the themes with alpha.
	out := filepath.Join(dir, "ods")
	profile := url.URL{Scheme: "file", Path: filepath.Join(dir, "profile-ods")}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation="+profile.String(), "--headless", "--norestore",
		"--convert-to", "ods", "--outdir", out, path)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	if output, err := cmd.CombinedOutput(); err != nil || ctx.Err() != nil {
		t.Fatalf("LibreOffice could not convert %s to ODS: %v\n%s", path, err, output)
	}
	ods, err := os.ReadFile(filepath.Join(out, "agreement.ods"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no ODS: %v", err)
	}
	chart := zipEntry(t, ods, "Object 1/content.xml")
	for _, w := range []string{`chart:class="chart:bar"`, `<chart:categories table:cell-range-address="Chart.A2:Chart.A4"/>`,
		"Krippendorff&apos;s alpha per theme", "<text:p>Theme</text:p>"} {
		if !strings.Contains(chart, w) {
			t.Errorf("LibreOffice's chart has no %s", w)
		}
	}
	if n := strings.Count(chart, "<chart:series "); n != 3 {
		t.Errorf("LibreOffice's chart has %d series, want 3 (one a reading)", n)
	}
}
