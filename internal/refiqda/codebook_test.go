package refiqda

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemqda/tandem/internal/tandem"
)

// rlc is the codebook of the RLC template, read from its file (package
// templates reads it with ImportCodebook too, and cannot be imported here).
func rlc(t *testing.T) *tandem.Codebook {
	t.Helper()
	data, err := os.ReadFile("../templates/codebooks/rlc.qdc")
	if err != nil {
		t.Fatal(err)
	}
	im, err := ImportCodebook(data)
	if err != nil || len(im.Notes) > 0 || len(im.Refused) > 0 {
		t.Fatalf("the RLC template: %v %v %v", err, im.Notes, im.Refused)
	}
	cb := &tandem.Codebook{}
	for _, n := range im.Nodes {
		if _, err := cb.Add(n.ID, n.Level, n.ParentID, n.NodeText, n.Status, nil); err != nil {
			t.Fatal(err)
		}
	}
	// Text that must stay text, and a definition with every field.
	n := cb.Children(cb.Children(cb.Children("")[0].ID)[0].ID)[0]
	n.Brief = "=1+1 is not a formula <b>&amp; not markup</b>"
	n.Full = "Line one.\nLine two."
	return cb
}

// validate runs xmllint against the REFI-QDA codebook schema.
func validate(t *testing.T, doc []byte) {
	t.Helper()
	validateAgainst(t, doc, "testdata/Codebook.xsd")
}

// validateAgainst runs xmllint on doc against the REFI-QDA schema at xsd;
// a missing xmllint fails the test (`make test` installs it).
func validateAgainst(t *testing.T, doc []byte, xsd string) {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatal("xmllint is needed to validate against the REFI-QDA schema; `make test` installs it (Debian package libxml2-utils)")
	}
	f := filepath.Join(t.TempDir(), filepath.Base(xsd)+".xml")
	if err := os.WriteFile(f, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", xsd, f).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}

func TestExportValidatesAndRoundTrips(t *testing.T) {
	cb := rlc(t)
	doc, err := ExportCodebook(cb, "Tandem test", ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, doc)
	if !strings.Contains(string(doc), `xmlns="urn:QDA-XML:codebook:1.0"`) || !strings.Contains(string(doc), `isCodable="false"`) {
		t.Fatalf("export:\n%s", doc[:400])
	}
	im, err := ImportCodebook(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Notes) != 0 {
		t.Fatalf("notes on our own file: %v", im.Notes)
	}
	want := map[string]tandem.Node{}
	for _, n := range cb.Nodes {
		want[n.ID] = n
	}
	if len(im.Nodes) != len(cb.Nodes) {
		t.Fatalf("%d nodes back, want %d", len(im.Nodes), len(cb.Nodes))
	}
	for _, got := range im.Nodes {
		w := want[got.ID]
		if got.Level != w.Level || got.ParentID != w.ParentID || got.NodeText != w.NodeText {
			t.Errorf("node %s:\n got %+v\nwant %+v", got.ID, got, w)
		}
	}
	// Importing into a codebook gives the same tree in the same order.
	again := &tandem.Codebook{}
	for _, n := range im.Nodes {
		if _, err := again.Add(n.ID, n.Level, n.ParentID, n.NodeText, n.Status, nil); err != nil {
			t.Fatal(err)
		}
	}
	doc2, err := ExportCodebook(again, "Tandem test", ExportOptions{})
	if err != nil || string(doc2) != string(doc) {
		t.Fatalf("second export differs: %v", err)
	}
}

func TestImportVariants(t *testing.T) {
	const g = "0123abcd-0000-4000-8000-00000000000%d"
	src := `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1:0" origin="Some tool">
 <Codes>
  <Code guid="{` + strings.ToUpper(fmt.Sprintf(g, 1)) + `}" name="Alone" isCodable="true" color="#000"/>
  <Code guid="` + fmt.Sprintf(g, 2) + `" name="Two levels" isCodable="true">
   <Description>Parent description
with two lines</Description>
   <Code guid="` + fmt.Sprintf(g, 3) + `" name="Leaf" isCodable="true" color="#F4C542"/>
  </Code>
  <Code guid="` + fmt.Sprintf(g, 4) + `" name="Deep" isCodable="false">
   <Code guid="` + fmt.Sprintf(g, 5) + `" name="Cat" isCodable="false">
    <Code guid="` + fmt.Sprintf(g, 6) + `" name="Theme" isCodable="true">
     <Code guid="` + fmt.Sprintf(g, 7) + `" name="Sub" isCodable="true"/>
    </Code>
   </Code>
   <Code guid="` + fmt.Sprintf(g, 8) + `" name="Loose" isCodable="true"/>
  </Code>
 </Codes>
</CodeBook>`
	im, err := ImportCodebook([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]tandem.Node{}
	for _, n := range im.Nodes {
		byName[n.Name+"/"+string(n.Level)] = n
	}
	for key, parent := range map[string]string{
		"Alone/theme": "Imported: other themes/category", "Two levels/category": "Imported/domain", "Leaf/theme": "Two levels/category",
		"Deep/domain": "", "Cat/category": "Deep/domain", "Theme/theme": "Cat/category", "Theme / Sub/theme": "Cat/category",
		"Loose/theme": "Deep: other themes/category", "Imported: other themes/category": "Imported/domain", "Deep: other themes/category": "Deep/domain",
	} {
		n, ok := byName[key]
		if !ok {
			t.Errorf("no %s in %v", key, im.Nodes)
			continue
		}
		if parent == "" {
			if n.ParentID != "" {
				t.Errorf("%s has a parent", key)
			}
			continue
		}
		p, ok := byName[parent]
		if !ok || n.ParentID != p.ID {
			t.Errorf("%s is not under %s", key, parent)
		}
	}
	if id := byName["Alone/theme"].ID; id != fmt.Sprintf(g, 1) {
		t.Errorf("braced upper-case GUID read as %q", id)
	}
	if c := byName["Alone/theme"].Colour; c == "#000000" || c == "" {
		t.Errorf("a black theme colour was kept: %q", c)
	}
	if n := byName["Two levels/category"]; n.Brief != "Parent description" || n.Full != "Parent description\nwith two lines" {
		t.Errorf("description: %+v", n.NodeText)
	}
	notes := strings.Join(im.Notes, "\n")
	for _, want := range []string{`"Alone" had no parent`, `"Two levels" had only one level`, `"Sub" was more than three levels deep`, `"Loose" sat directly under "Deep"`, "too dark"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	// Names stay unique among siblings.
	cb := &tandem.Codebook{}
	for _, n := range im.Nodes {
		if _, err := cb.Add(n.ID, n.Level, n.ParentID, n.NodeText, n.Status, nil); err != nil {
			t.Fatalf("the import does not fit a codebook: %v (%+v)", err, n)
		}
	}
}

func TestImportNVivoProject(t *testing.T) {
	zr, err := zip.OpenReader("testdata/nvivo12-windows-two-sources.qdpx")
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var qde []byte
	for _, f := range zr.File {
		if f.Name == "project.qde" {
			rc, _ := f.Open()
			qde, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	im, err := ImportCodebook(qde)
	if err != nil {
		t.Fatal(err)
	}
	count := map[tandem.Level]int{}
	for _, n := range im.Nodes {
		count[n.Level]++
	}
	if count[tandem.LevelTheme] < 100 || count[tandem.LevelCategory] < 5 || len(im.Notes) == 0 {
		t.Fatalf("NVivo codebook: %v, %d notes", count, len(im.Notes))
	}
	cb := &tandem.Codebook{}
	for _, n := range im.Nodes {
		if _, err := cb.Add(n.ID, n.Level, n.ParentID, n.NodeText, n.Status, nil); err != nil {
			t.Fatalf("the NVivo import does not fit a codebook: %v (%q)", err, n.Name)
		}
	}
	doc, err := ExportCodebook(cb, "Tandem test", ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, doc)

	// The same file again proposes no change (it has no colours; Tandem
	// gave the themes theirs), and every code of the file that could be
	// applied to text and became a domain or category has its line.
	for i := range cb.Nodes {
		if n := &cb.Nodes[i]; n.Level == tandem.LevelTheme && n.Colour == "" {
			n.Colour = tandem.ThemeColour(i)
		}
	}
	changes := 0
	for _, it := range cb.PlanImport(im) {
		if it.Action != tandem.ImportSame {
			changes++
		}
	}
	// A code with codes below it, at the top or one level down, becomes a
	// domain or a category.
	parsed, err := parse(qde)
	if err != nil {
		t.Fatal(err)
	}
	codableParents := 0
	for _, r := range parsed.codes {
		for _, c := range append([]*code{r}, r.children...) {
			if c.codable && len(c.children) > 0 {
				codableParents++
			}
		}
	}
	lines := notesWith(im.Notes, "could be applied to text in the file; in Tandem it is a")
	t.Logf("NVivo 12 sample: %d nodes, %d notes, %d codes that became a domain or category, %d lines about them; %d changes on a second import",
		len(im.Nodes), len(im.Notes), codableParents, lines, changes)
	if changes != 0 || lines != codableParents || codableParents == 0 {
		t.Errorf("%d changes on a second import (want 0); %d lines for %d codes that can no longer be applied to text", changes, lines, codableParents)
	}
}

func TestImportRefusesBadFiles(t *testing.T) {
	many := strings.Repeat(`<Code guid="0123abcd-0000-4000-8000-000000000001" name="x" isCodable="true"/>`, 10001)
	deep := strings.Repeat(`<Code guid="0123abcd-0000-4000-8000-000000000001" name="x" isCodable="true">`, 70) + strings.Repeat(`</Code>`, 70)
	for name, tc := range map[string]struct{ src, says string }{
		"not xml":       {"PK\x03\x04 binary", "damaged"},
		"empty":         {"", "No codes"},
		"entity bomb":   {`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><CodeBook><Codes><Code guid="0123abcd-0000-4000-8000-000000000001" name="&lol2;" isCodable="true"/></Codes></CodeBook>`, "document type declaration"},
		"no guid":       {`<CodeBook><Codes><Code name="x" isCodable="true"/></Codes></CodeBook>`, "no valid GUID"},
		"no name":       {`<CodeBook><Codes><Code guid="0123abcd-0000-4000-8000-000000000001" name=" " isCodable="true"/></Codes></CodeBook>`, "has no name"},
		"too many":      {`<CodeBook><Codes>` + many + `</Codes></CodeBook>`, "more than 10000 codes"},
		"too deep":      {`<CodeBook><Codes>` + deep + `</Codes></CodeBook>`, "levels deep"},
		"unclosed":      {`<CodeBook><Codes><Code guid="0123abcd-0000-4000-8000-000000000001" name="x" isCodable="true">`, "damaged"},
		"no codebook":   {`<Project><Sources/></Project>`, "This project file has no codebook in it"},
		"undefined ent": {`<CodeBook><Codes><Code guid="0123abcd-0000-4000-8000-000000000001" name="&x;" isCodable="true"/></Codes></CodeBook>`, "damaged"},
	} {
		_, err := ImportCodebook([]byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.says) || tandem.CodeOf(err) != tandem.CodeInvalidInput {
			t.Errorf("%s: %v, want an error saying %q", name, err, tc.says)
		}
	}
}

// TestExportNeverShowsReplacementCharacters: text stored before input was
// checked may hold control characters; the export drops them (Word's manual
// line break becomes a line break) instead of writing "�".
func TestExportNeverShowsReplacementCharacters(t *testing.T) {
	cb := rlc(t)
	for i := range cb.Nodes {
		if n := &cb.Nodes[i]; n.Name == "Flexible" {
			n.Name, n.Brief = "Flex\x07ible", "Come\vwhen you can\x00"
		}
	}
	doc, err := ExportCodebook(cb, "Tandem test", ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, doc)
	if strings.ContainsRune(string(doc), '\uFFFD') || !strings.Contains(string(doc), `name="Flexible"`) {
		t.Fatalf("export:\n%s", doc)
	}
	im, err := ImportCodebook(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range im.Nodes {
		if n.Name == "Flexible" && n.Brief != "Come\nwhen you can" {
			t.Errorf("brief back as %q", n.Brief)
		}
	}
}

// qdpxOf is a REFI-QDA project zip with these parts; a part whose name ends
// in "!" is marked as encrypted (the mark is dropped from its name).
func qdpxOf(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range parts {
		h := &zip.FileHeader{Name: strings.TrimSuffix(name, "!"), Method: zip.Deflate}
		if strings.HasSuffix(name, "!") {
			h.Flags |= 0x1
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportProjectCodebookOpensTheZipWithLimits(t *testing.T) {
	nvivo, err := os.ReadFile("testdata/nvivo12-windows-two-sources.qdpx")
	if err != nil {
		t.Fatal(err)
	}
	qde := `<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>` +
		`<Code guid="11111111-1111-1111-1111-111111111111" name="Domain" isCodable="false">` +
		`<Code guid="22222222-2222-2222-2222-222222222222" name="Category" isCodable="false">` +
		`<Code guid="33333333-3333-3333-3333-333333333333" name="Theme" isCodable="true"/></Code></Code></Codes></CodeBook></Project>`
	many := map[string]string{"project.qde": qde}
	for i := range projectZip.MaxParts {
		many[fmt.Sprintf("Sources/%d.txt", i)] = ""
	}
	for name, tc := range map[string]struct {
		data      []byte
		isProject bool
		says      string // "" for a codebook read
	}{
		"NVivo project":      {nvivo, true, ""},
		"small project":      {qdpxOf(t, map[string]string{"project.qde": qde, "Sources/a.txt": "hello"}), true, ""},
		"named as ATLAS.ti":  {qdpxOf(t, map[string]string{"Peer study.qde": qde, "sources/a.txt": "hello"}), true, ""},
		"two documents":      {qdpxOf(t, map[string]string{"a.qde": qde, "b.qde": qde}), false, "has no project.qde"},
		"not a zip":          {[]byte("PK\x03\x04 and then nothing"), false, "damaged: it cannot be unpacked"},
		"a zip without qde":  {qdpxOf(t, map[string]string{"xl/workbook.xml": "<x/>"}), false, "has no project.qde"},
		"encrypted qde":      {qdpxOf(t, map[string]string{"project.qde!": qde}), true, "protected with a password"},
		"qde over the limit": {qdpxOf(t, map[string]string{"project.qde": qde + strings.Repeat(" ", MaxImportBytes)}), true, "larger than 20 MB"},
		"too many files":     {qdpxOf(t, many), true, "more than Tandem opens"},
		"cut short":          {nvivo[:len(nvivo)-100], false, "damaged"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := IsProject(tc.data); got != tc.isProject {
				t.Errorf("IsProject = %v, want %v", got, tc.isProject)
			}
			im, err := ImportProjectCodebook(tc.data)
			if tc.says == "" {
				if err != nil || len(im.Nodes) == 0 {
					t.Fatalf("import: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(tandem.MessageOf(err), tc.says) {
				t.Fatalf("import: %v, want a message with %q", err, tc.says)
			}
		})
	}
}
