package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tandemqda/tandem/internal/tandem"
)

// applyImport adds what an import read to an empty codebook, as the server
// does.
func applyImport(t *testing.T, im *tandem.CodebookImport) *tandem.Codebook {
	t.Helper()
	cb := &tandem.Codebook{}
	for _, n := range im.Nodes {
		if _, err := cb.Add(n.ID, n.Level, n.ParentID, n.NodeText, n.Status, nil); err != nil {
			t.Fatalf("add %q: %v", n.Name, err)
		}
	}
	return cb
}

func TestWorkbookRoundTrip(t *testing.T) {
	x, tricky := rlcExport(t)
	cb := x.Codebook
	for _, n := range cb.Nodes {
		switch n.Name {
		case "Trainings and workshops":
			cb.SetStatus(n.ID, tandem.StatusArchived)
		case "Meeting peers":
			cb.Edit(n.ID, tandem.NodeText{Name: n.Name, Colour: n.Colour, Brief: "Meeting others", Full: "Line one.\nLine two, with “quotes” and ünïcödé.",
				WhenToUse: "When…", WhenNotToUse: "Not when…", Example: "“I met people like me.”", PlainLanguage: "Making friends who get it."})
		}
	}
	var first bytes.Buffer
	if err := WriteCodebook(&first, x); err != nil {
		t.Fatal(err)
	}
	im, err := ReadCodebook(first.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Refused) != 0 || len(im.Notes) != 0 || !reflect.DeepEqual(im.Fields, tandem.AllTextFields) {
		t.Fatalf("refused %v, notes %v, fields %v", im.Refused, im.Notes, im.Fields)
	}
	back := applyImport(t, im)
	type shape struct {
		ID, Parent string
		Level      tandem.Level
		Text       tandem.NodeText
		Status     tandem.NodeStatus
		Order      int
	}
	shapes := func(cb *tandem.Codebook) map[string]shape {
		out := map[string]shape{}
		for _, n := range cb.Nodes {
			out[n.ID] = shape{n.ID, n.ParentID, n.Level, n.NodeText, n.Status, n.Order}
		}
		return out
	}
	if got, want := shapes(back), shapes(cb); !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip changed the tree:\n got %v\nwant %v", got, want)
	}
	for _, n := range back.Nodes {
		if v, ok := tricky[n.Name]; ok && n.Brief != v {
			t.Errorf("%s: brief %q, want %q", n.Name, n.Brief, v)
		}
	}
	// Excel -> Tandem -> Excel: the Codebook sheet is the same.
	x.Codebook = back
	var second bytes.Buffer
	if err := WriteCodebook(&second, x); err != nil {
		t.Fatal(err)
	}
	if a, b := sheetRows(t, first.Bytes(), "Codebook"), sheetRows(t, second.Bytes(), "Codebook"); !reflect.DeepEqual(a, b) {
		t.Fatalf("second export differs:\n%v\n%v", a, b)
	}
}

func sheetRows(t *testing.T, data []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// workbook writes rows to a one-sheet workbook.
func workbook(t testing.TB, sheet string, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if sheet != "Sheet1" {
		f.SetSheetName("Sheet1", sheet)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadCodeColumnSheet(t *testing.T) {
	long := strings.Repeat("x", 5001)
	var chain []string // ten levels of 30 characters, below RLC > Deep
	for i := 1; i <= 10; i++ {
		chain = append(chain, fmt.Sprintf("Chain level %02d, thirty letters", i))
	}
	data := workbook(t, "Codes", [][]any{
		{"Code system exported from MAXQDA"},
		{"Code", "Memo", "Color"},
		{"RLC > Atmosphere > Calm", "Feeling calm.", "F4C542"}, // 3
		{"RLC > Atmosphere", "The feel of the place."},         // 4: describes a parent made by row 3
		{"rlc > atmosphere > CALM", "again"},                   // 5: duplicate
		{"RLC >  > Calm"},                                      // 6: empty level
		{"", "a memo without a code"},                          // 7
		{"RLC > Deep > A > B", "deeper"},                       // 8: four levels
		{"RLC > Atmosphere > " + strings.Repeat("n", 256)},     // 9: long name
		{"RLC > Atmosphere > Long memo", long},                 // 10
		{},                                                     // 11: empty row, skipped
		{"Solo", "a domain alone"},                             // 12
		{"RLC > Atmosphere > Dark", "", "#101010"},             // 13: too dark, replaced
		{"RLC > Atmosphere > =HYPERLINK(\"x\")", "=1+1"},       // 14: formula-like text stays text
		{"RLC > Atmosphere > Not a colour", "", "red"},         // 15
		{"RLC > Deep > " + strings.Join(chain, " > ")},         // 16: a path name too long, shortened
	})
	im, err := ReadCodebook(data)
	if err != nil {
		t.Fatal(err)
	}
	var refused []string
	for _, r := range im.Refused {
		refused = append(refused, fmt.Sprintf("%d %s", r.Row, r.Reason))
	}
	wantRows := []int{5, 6, 7, 9, 10, 15}
	if len(im.Refused) != len(wantRows) {
		t.Fatalf("refused:\n%s", strings.Join(refused, "\n"))
	}
	for i, r := range im.Refused {
		if r.Row != wantRows[i] || r.Where != fmt.Sprintf("row %d", r.Row) || r.Reason == "" {
			t.Errorf("refusal %d = %+v, want row %d", i, r, wantRows[i])
		}
	}
	for i, want := range []string{"already on row 3", "empty level", "no code name", "Name: The name can be at most 255 characters; this one has 256.", "Full definition: The full definition can be at most 5,000 characters", "Colour:"} {
		if !strings.Contains(refused[i], want) {
			t.Errorf("refusal %q does not say %q", refused[i], want)
		}
	}
	if !reflect.DeepEqual(im.Fields, []string{"name", "colour", "full"}) {
		t.Errorf("fields %v", im.Fields)
	}
	cb := applyImport(t, im)
	var paths []string
	var walk func(parent, prefix string)
	walk = func(parent, prefix string) {
		for _, n := range cb.Children(parent) {
			paths = append(paths, prefix+n.Name+" ["+n.Full+"]")
			walk(n.ID, prefix+n.Name+" > ")
		}
	}
	walk("", "")
	want := []string{
		"RLC []", "RLC > Atmosphere [The feel of the place.]", "RLC > Atmosphere > Calm [Feeling calm.]", "RLC > Atmosphere > Dark []",
		"RLC > Atmosphere > =HYPERLINK(\"x\") [=1+1]", "RLC > Deep []", "RLC > Deep > A / B [deeper]",
		"RLC > Deep > " + chain[0] + " / … / " + strings.Join(chain[4:], " / ") + " []", "Solo [a domain alone]",
	}
	if !reflect.DeepEqual(paths, want) {
		t.Fatalf("tree:\n%s", strings.Join(paths, "\n"))
	}
	notes := strings.Join(im.Notes, "\n")
	if !strings.Contains(notes, "Row 8 was more than three levels deep") || !strings.Contains(notes, "Row 13: the colour #101010 is too dark") ||
		!strings.Contains(notes, "Row 16 was more than three levels deep; it became the theme \""+chain[0]+" / …") || !strings.Contains(notes, "Its full path: "+strings.Join(chain, " / ")+".") {
		t.Fatalf("notes: %s", notes)
	}
	for _, n := range cb.Nodes {
		if n.Name == "Calm" && n.Colour != "#F4C542" {
			t.Errorf("colour %q", n.Colour)
		}
	}
}

func TestReadDomainCategoryThemeColumns(t *testing.T) {
	id := "6F9619FF-8B86-D011-B42D-00C04FC964FF"
	im, err := ReadCodebook(workbook(t, "Sheet1", [][]any{
		{"Theme", "Category", "Domain", "ID", "Brief definition", "Status"},
		{"Calm", "Atmosphere", "RLC", "{" + id + "}", "Feeling calm.", "archived"},
		{"", "Atmosphere", "", "", "", ""},              // a category without its domain
		{"Busy", "Atmosphere", "RLC", id, "", "active"}, // the same id again
		{"Odd", "Atmosphere", "RLC", "", "", "maybe"},
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Refused) != 3 || im.Refused[0].Row != 3 || im.Refused[1].Row != 4 || im.Refused[2].Row != 5 ||
		!strings.Contains(im.Refused[0].Reason, "Domain is empty") || !strings.Contains(im.Refused[1].Reason, "same as on row 2") || !strings.Contains(im.Refused[2].Reason, "Status") {
		t.Fatalf("refused %+v", im.Refused)
	}
	cb := applyImport(t, im)
	calm := cb.Node(strings.ToLower(id))
	if calm == nil || calm.Name != "Calm" || calm.Status != tandem.StatusArchived || calm.Brief != "Feeling calm." {
		t.Fatalf("nodes %+v", cb.Nodes)
	}
}

func TestReadCodebookBadFiles(t *testing.T) {
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	good := workbook(t, "Sheet1", [][]any{{"Code"}, {"A > B > C"}})
	zr, _ := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	for _, f := range zr.File {
		w, _ := zw.Create(f.Name)
		r, _ := f.Open()
		io.Copy(w, r)
		r.Close()
	}
	w, _ := zw.Create("xl/media/bomb.xml")
	zeros := make([]byte, 1<<20)
	for range maxUnzippedBytes>>20 + 1 {
		w.Write(zeros)
	}
	zw.Close()

	rows := func(n int) []byte {
		r := [][]any{{"Code", "Description"}}
		for i := range n {
			r = append(r, []any{fmt.Sprintf("Domain %d > Category > Theme", i%50), "d"})
		}
		return workbook(t, "Sheet1", r)
	}
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"not a workbook":        {[]byte("hello"), "cannot be read as an Excel workbook"},
		"corrupt zip":           {append([]byte("PK\x03\x04"), bytes.Repeat([]byte{7}, 100)...), "cannot be read as an Excel workbook"},
		"zip bomb":              {bomb.Bytes(), "too large when unpacked"},
		"no header":             {workbook(t, "Sheet1", [][]any{{"Name", "Notes"}, {"A", "b"}}), "no header row Tandem knows"},
		"header only":           {workbook(t, "Sheet1", [][]any{{"Code"}}), "no codes"},
		"more than 10,000 rows": {rows(tandem.MaxImportCodes + 1), "more than 10000 rows"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadCodebook(tc.data)
			if tandem.CodeOf(err) != tandem.CodeInvalidInput || tandem.FieldOf(err) != "file" || !strings.Contains(tandem.MessageOf(err), tc.want) {
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
	// 10,000 rows are fine: 50 domains with one category, duplicates refused.
	im, err := ReadCodebook(rows(tandem.MaxImportCodes))
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Nodes) != 150 || len(im.Refused) != maxRefusedListed+1 || !strings.Contains(im.Refused[maxRefusedListed].Reason, "8950 more rows") {
		t.Fatalf("%d nodes, %d refused, last %+v", len(im.Nodes), len(im.Refused), im.Refused[len(im.Refused)-1])
	}
}

// FuzzReadCodebook: whatever the cells of a sheet hold, reading it does not
// panic, refusals name a row, and what it reads can be added to an empty
// codebook in order. (The cells are fuzzed rather than the zip's bytes: a
// damaged zip never gets past excelize, and fuzzing through deflate finds
// nothing.)
func FuzzReadCodebook(f *testing.F) {
	f.Add("Code", "Memo", "A > B > C", "m", "A > B", "", "a > b > c > d", "#F4C542")
	f.Add("Domain", "Category", "D", "C", "", "T", "{6F9619FF-8B86-D011-B42D-00C04FC964FF}", "archived")
	f.Add("Theme", "ID", "T", "6f9619ff-8b86-d011-b42d-00c04fc964ff", "U", "6f9619ff-8b86-d011-b42d-00c04fc964ff", "", "")
	f.Fuzz(func(t *testing.T, h1, h2, a1, a2, b1, b2, c1, c2 string) {
		data := workbook(t, "Sheet1", [][]any{{h1, h2, "Domain", "Category"}, {a1, a2, a1, a2}, {b1, b2, b2, b1}, {c1, c2, c2, c1}})
		im, err := ReadCodebook(data)
		if err != nil {
			if tandem.CodeOf(err) != tandem.CodeInvalidInput {
				t.Fatalf("error without a code: %v", err)
			}
			return
		}
		for _, r := range im.Refused {
			if r.Row < 2 || r.Row > 4 || r.Reason == "" {
				t.Fatalf("refusal %+v", r)
			}
		}
		cb := &tandem.Codebook{}
		for _, n := range im.Nodes {
			if _, err := cb.Add(n.ID, n.Level, n.ParentID, n.NodeText, n.Status, nil); err != nil {
				t.Fatalf("add %q: %v", n.Name, err)
			}
		}
	})
}
