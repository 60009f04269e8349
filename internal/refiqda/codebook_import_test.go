package refiqda

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tandemqda/tandem/internal/tandem"
)

// importFile imports a file of testdata.
func importFile(t *testing.T, name string) *tandem.CodebookImport {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	im, err := ImportCodebook(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return im
}

// fill adds an import to a new codebook, as an import into an empty one
// does, and fails when anything does not fit.
func fill(t *testing.T, im *tandem.CodebookImport) *tandem.Codebook {
	t.Helper()
	if len(im.Refused) > 0 {
		t.Fatalf("refused: %+v", im.Refused)
	}
	cb := &tandem.Codebook{}
	for _, n := range im.Nodes {
		if _, err := cb.Add(n.ID, n.Level, n.ParentID, n.NodeText, n.Status, nil); err != nil {
			t.Fatalf("%s %q does not fit a codebook: %v", n.Level, n.Name, err)
		}
	}
	return cb
}

// notesWith counts the notes that hold every one of parts.
func notesWith(notes []string, parts ...string) int {
	n := 0
	for _, note := range notes {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(note, p)
		}
		if all {
			n++
		}
	}
	return n
}

// 1. Names up to 255 characters; a path name Tandem builds is shortened to
// fit, dropping middle levels, and its full path is in the notes.
func TestImportLongNames(t *testing.T) {
	im := importFile(t, "maxqda-long-names.qdc")
	cb := fill(t, im)
	var long, deepest *tandem.Node
	for i := range cb.Nodes {
		n := &cb.Nodes[i]
		if strings.HasPrefix(n.Name, "Experiences of being listened to") {
			long = n
		}
		if strings.HasSuffix(n.Name, "Chain level 10, thirty letters") {
			deepest = n
		}
	}
	if long == nil || len([]rune(long.Name)) != 119 {
		t.Fatalf("the name of 119 characters: %+v", long)
	}
	if deepest == nil {
		t.Fatal("the deepest code of the chain is missing")
	}
	full := make([]string, 0, 8)
	for i := 3; i <= 10; i++ {
		full = append(full, fmt.Sprintf("Chain level %02d, thirty letters", i))
	}
	want := "Chain level 03, thirty letters / … / " + strings.Join(full[2:], " / ")
	if deepest.Name != want || len([]rune(deepest.Name)) > tandem.MaxNodeName {
		t.Errorf("the deepest code became %q (%d characters), want %q", deepest.Name, len([]rune(deepest.Name)), want)
	}
	if notesWith(im.Notes, "shortened to fit 255 characters", "Its full path: "+strings.Join(full, " / ")+".") != 1 {
		t.Errorf("no note with the full path:\n%s", strings.Join(im.Notes, "\n"))
	}
}

// 2. A file without colours (or descriptions) imported again proposes no
// change: a field missing from the file is "no change".
func TestReimportWithoutColoursChangesNothing(t *testing.T) {
	cb := fill(t, importFile(t, "nvivo-no-colours.qdc"))
	for i := range cb.Nodes { // the lead colours and describes the themes
		if n := &cb.Nodes[i]; n.Level == tandem.LevelTheme {
			n.Colour, n.Full = tandem.ThemeColour(i), "Written in Tandem."
		}
	}
	again := importFile(t, "nvivo-no-colours.qdc")
	items := cb.PlanImport(again)
	if len(items) != len(cb.Nodes) {
		t.Fatalf("%d items for %d nodes", len(items), len(cb.Nodes))
	}
	for _, it := range items {
		if it.Action != tandem.ImportSame {
			t.Errorf("%s %q: %s %v, want nothing to do", it.Node.Level, it.Node.Name, it.Action, it.Changed)
		}
	}
	// A description the file does give is still compared.
	for i := range cb.Nodes {
		if n := &cb.Nodes[i]; n.Name == "Greeted by name" {
			n.Brief = "Changed in Tandem."
		}
	}
	changed := 0
	for _, it := range cb.PlanImport(again) {
		if it.Action == tandem.ImportChange {
			changed++
			if it.Node.Name != "Greeted by name" || fmt.Sprint(it.Changed) != "[brief]" {
				t.Errorf("change %q %v", it.Node.Name, it.Changed)
			}
		}
	}
	if changed != 1 {
		t.Errorf("%d changes, want the one brief definition", changed)
	}
}

// 3. Names Tandem makes for its containers repeat no other name: a file
// with its own "Imported" tree and flat codes fits.
func TestImportMadeNamesNeverCollide(t *testing.T) {
	im := importFile(t, "own-imported-tree.qdc")
	cb := fill(t, im)
	made := map[string]bool{}
	for _, n := range cb.Nodes {
		if !strings.HasPrefix(n.ID, "2b000000-") {
			made[n.Name] = true
		}
	}
	want := map[string]bool{"Imported (2)": true, "Imported: other themes (2)": true, "Imported (2): other themes": true}
	if fmt.Sprint(made) != fmt.Sprint(want) {
		t.Errorf("made containers %v, want %v", made, want)
	}
	// Re-importing the file into the codebook it made finds everything.
	for _, it := range cb.PlanImport(importFile(t, "own-imported-tree.qdc")) {
		if it.Action != tandem.ImportSame {
			t.Errorf("again: %s %q %s", it.Node.Level, it.Node.Name, it.Action)
		}
	}
}

// 4. Every code whose codability changes has a line in the report.
func TestImportReportsEveryCodabilityChange(t *testing.T) {
	im := importFile(t, "codable-parents.qdc")
	fill(t, im)
	for name, level := range map[string]string{"Domain A": "domain", "Category A1": "category", "Category A2": "category", "Two levels": "category"} {
		if notesWith(im.Notes, fmt.Sprintf("%q could be applied to text in the file; in Tandem it is a %s", name, level)) != 1 {
			t.Errorf("no line for %q becoming a %s:\n%s", name, level, strings.Join(im.Notes, "\n"))
		}
	}
	if notesWith(im.Notes, `"Theme A2a" could not be applied to text in the file; in Tandem it is a theme`) != 1 {
		t.Errorf("no line for the theme that now can be applied:\n%s", strings.Join(im.Notes, "\n"))
	}
	if n := notesWith(im.Notes, "applied to text"); n != 5 {
		t.Errorf("%d lines about applying to text, want 5", n)
	}
}

// 5. Code groups are reported; colours with an opacity or in rgb() are
// read; other encodings are decoded; a project file says what it lacks.
func TestImportATLASGroupsColoursAndEncodings(t *testing.T) {
	im := importFile(t, "atlas-groups.qdc")
	colours := map[string]string{}
	for _, n := range im.Nodes {
		colours[n.Name] = n.Colour
	}
	for name, want := range map[string]string{"Family": "#F4C542", "Friends": "#AADDFF", "Work": "#AABBCC", "Sky": ""} {
		if colours[name] != want {
			t.Errorf("colour of %s: %q, want %q", name, colours[name], want)
		}
	}
	if notesWith(im.Notes, `The colour of "Sky" (sky blue) is not one Tandem reads`) != 1 {
		t.Errorf("notes: %v", im.Notes)
	}
	skipped := strings.Join(im.Skipped, "\n")
	for _, want := range []string{`The code group "People around me" (2 codes) was left out`, `The code group "Daily life" (1 code) was left out`} {
		if !strings.Contains(skipped, want) {
			t.Errorf("skipped lacks %q:\n%s", want, skipped)
		}
	}
	if len(im.Nodes) != 6 { // four themes, the domain and category they go in
		t.Errorf("%d nodes: a set's members were read as codes?", len(im.Nodes))
	}

	for _, file := range []string{"windows-1252.qdc", "utf-16.qdc"} {
		data, _ := os.ReadFile("testdata/" + file)
		if !IsXML(data) {
			t.Errorf("%s is not known as XML", file)
		}
		if got := importFile(t, file).Nodes[2].Name; got != "Santé – bien-être" {
			t.Errorf("%s: name %q", file, got)
		}
	}
	_, err := ImportCodebook([]byte(`<?xml version="1.0" encoding="x-klingon"?><CodeBook/>`))
	if msg := tandem.MessageOf(err); !strings.Contains(msg, `character encoding "x-klingon"`) {
		t.Errorf("unknown encoding: %q", msg)
	}

	project, _ := os.ReadFile("testdata/bare-project.qde")
	if !IsProjectDocument(project) || IsProjectDocument([]byte(`<CodeBook/>`)) {
		t.Error("a bare project.qde is not known as a project document")
	}
	empty := qdpxOf(t, map[string]string{"project.qde": `<Project xmlns="urn:QDA-XML:project:1.0"><Sources/></Project>`})
	if _, err := ImportProjectCodebook(empty); !strings.Contains(tandem.MessageOf(err), "This project file has no codebook in it") {
		t.Errorf("a project without codebook: %v", err)
	}
}

// 6. A project over 20 MB whose project.qde is small imports; the report
// names the parts left out.
func TestImportLargeProjectReadsOnlyItsDocument(t *testing.T) {
	qde, err := os.ReadFile("testdata/bare-project.qde")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []struct {
		name string
		size int
	}{{"project.qde", 0}, {"sources/interview1.m4a", 25 << 20}, {"sources/notes.txt", 300}} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if p.size == 0 {
			w.Write(qde)
		} else {
			w.Write(make([]byte, p.size))
		}
	}
	zw.Close()
	if buf.Len() <= MaxImportBytes {
		t.Fatalf("the project is only %d bytes", buf.Len())
	}
	im, err := ImportProjectCodebook(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Nodes) != 3 || fmt.Sprint(im.Skipped) != "[sources/interview1.m4a, 25 MB: not needed for the codebook. sources/notes.txt, 300 bytes: not needed for the codebook.]" {
		t.Errorf("%d nodes, skipped %q", len(im.Nodes), im.Skipped)
	}
}

// 7. The export holds accepted active themes; archived ones only when
// asked for, not codable, with a note; repeated names made unique and the
// Tandem name kept, so that the file comes back as it was.
func TestExportOnlyAcceptedThemesWithUniqueNames(t *testing.T) {
	cb := &tandem.Codebook{}
	add := func(id string, level tandem.Level, parent, name string, status tandem.NodeStatus) {
		t.Helper()
		if _, err := cb.Add(id, level, parent, tandem.NodeText{Name: name, Brief: name + " in brief"}, status, nil); err != nil {
			t.Fatal(err)
		}
	}
	const g = "7a000000-0000-4000-8000-0000000000%02d"
	id := func(i int) string { return fmt.Sprintf(g, i) }
	add(id(1), tandem.LevelDomain, "", "Life", tandem.StatusActive)
	add(id(2), tandem.LevelCategory, id(1), "Family", tandem.StatusActive)
	add(id(3), tandem.LevelTheme, id(2), "Safety", tandem.StatusActive)
	add(id(4), tandem.LevelCategory, id(1), "Work", tandem.StatusActive)
	add(id(5), tandem.LevelTheme, id(4), "Safety", tandem.StatusActive)
	add(id(6), tandem.LevelTheme, id(4), "Proposed idea", tandem.StatusProposed)
	add(id(7), tandem.LevelTheme, id(4), "Old theme", tandem.StatusActive)
	add(id(8), tandem.LevelCategory, id(1), "Old category", tandem.StatusActive)
	add(id(9), tandem.LevelTheme, id(8), "Gone", tandem.StatusActive)
	for _, archived := range []string{id(7), id(8), id(9)} {
		if err := cb.SetStatus(archived, tandem.StatusArchived); err != nil {
			t.Fatal(err)
		}
	}

	doc, err := ExportCodebook(cb, "Tandem test", ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, doc)
	s := string(doc)
	for _, gone := range []string{"Proposed idea", "Old theme", "Old category", "Gone"} {
		if strings.Contains(s, gone) {
			t.Errorf("the export holds %q:\n%s", gone, s)
		}
	}
	for _, want := range []string{`name="Safety (Family)"`, `name="Safety (Work)"`, "Name in Tandem: “Safety”; another code in this file has the same name."} {
		if !strings.Contains(s, want) {
			t.Errorf("the export lacks %s:\n%s", want, s)
		}
	}
	im, err := ImportCodebook(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range cb.PlanImport(im) {
		if it.Action != tandem.ImportSame {
			t.Errorf("back from the export: %s %q %s %v", it.Node.Level, it.Node.Name, it.Action, it.Changed)
		}
	}

	doc, err = ExportCodebook(cb, "Tandem test", ExportOptions{Archived: true})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, doc)
	s = string(doc)
	for _, want := range []string{`name="Old theme" isCodable="false"`, `name="Old category" isCodable="false"`, `name="Gone" isCodable="false"`, archivedLine} {
		if !strings.Contains(s, want) {
			t.Errorf("the export with archived themes lacks %s:\n%s", want, s)
		}
	}
	if strings.Contains(s, "Proposed idea") {
		t.Error("a proposed theme is in the export")
	}
	im, err = ImportCodebook(doc)
	if err != nil {
		t.Fatal(err)
	}
	if notesWith(im.Notes, `"Old theme" was archived in Tandem`) != 1 {
		t.Errorf("notes: %v", im.Notes)
	}
}

// A codebook of repeated generated names, larger than a fixture: every name
// in the export is unique.
func TestExportNamesUniqueAcrossTheCodebook(t *testing.T) {
	cb := &tandem.Codebook{}
	must := func(_ *tandem.Node, err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	for d := range 3 {
		did := fmt.Sprintf("7b000000-0000-4000-8000-0000000000%d0", d)
		must(cb.Add(did, tandem.LevelDomain, "", tandem.NodeText{Name: fmt.Sprintf("Domain %d", d)}, tandem.StatusActive, nil))
		for c := range 3 {
			cid := fmt.Sprintf("7c000000-0000-4000-8000-000000000%d%d0", d, c+1)
			must(cb.Add(cid, tandem.LevelCategory, did, tandem.NodeText{Name: []string{"Imported", "Other", "Hope"}[c]}, tandem.StatusActive, nil))
			for th := range 3 {
				must(cb.Add(fmt.Sprintf("7d000000-0000-4000-8000-00000000%d%d%d0", d, c+1, th+1), tandem.LevelTheme, cid, tandem.NodeText{Name: []string{"Other", "Hope", "Care"}[th]}, tandem.StatusActive, nil))
			}
		}
	}
	doc, err := ExportCodebook(cb, "Tandem test", ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, doc)
	im, err := ImportCodebook(doc)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	count := 0
	for _, line := range strings.Split(string(doc), "\n") {
		if _, rest, ok := strings.Cut(line, ` name="`); ok {
			name, _, _ := strings.Cut(rest, `"`)
			names[strings.ToLower(name)] = true
			count++
		}
	}
	if count != 39 || len(names) != count {
		t.Errorf("%d unique names among %d codes", len(names), count)
	}
	for _, it := range cb.PlanImport(im) {
		if it.Action != tandem.ImportSame {
			t.Errorf("back: %q %s", it.Node.Name, it.Action)
		}
	}
}

// FuzzImportCodebook reads any bytes as a codebook: it never panics, a
// refusal is always a plain invalid-input message, and what it reads fits
// a codebook unless it lists why not.
func FuzzImportCodebook(f *testing.F) {
	for _, name := range []string{"maxqda-long-names.qdc", "nvivo-no-colours.qdc", "own-imported-tree.qdc", "codable-parents.qdc",
		"atlas-groups.qdc", "windows-1252.qdc", "utf-16.qdc", "bare-project.qde"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<?xml version="1.0" encoding="iso-8859-1"?><CodeBook><Codes><Code guid="0123abcd-0000-4000-8000-000000000001" name="x" isCodable="true" color="rgb(1,2,3)"/></Codes></CodeBook>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := ImportCodebook(data)
		if err != nil {
			if tandem.CodeOf(err) != tandem.CodeInvalidInput || tandem.MessageOf(err) == "" {
				t.Fatalf("not a plain refusal: %v", err)
			}
			return
		}
		if len(im.Refused) > 0 {
			return
		}
		cb := &tandem.Codebook{}
		for _, n := range im.Nodes {
			if _, err := cb.Add(n.ID, n.Level, n.ParentID, n.NodeText, n.Status, nil); err != nil {
				t.Fatalf("%s %q read without a refusal does not fit: %v", n.Level, n.Name, err)
			}
		}
	})
}

// TestImportOfManyRepeatedNamesIsQuick: made names and notes for the most
// codes a file may have take no more than a few passes over them (a
// quadratic search would take minutes).
func TestImportOfManyRepeatedNamesIsQuick(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<CodeBook><Codes><Code guid="0123abcd-0000-4000-8000-000000000000" name="D" isCodable="false">` +
		`<Code guid="0123abcd-0000-4000-8000-100000000001" name="C" isCodable="false">` +
		`<Code guid="0123abcd-0000-4000-8000-100000000002" name="T" isCodable="true">`)
	for i := 3; i < tandem.MaxImportCodes/2; i++ {
		fmt.Fprintf(&b, `<Code guid="0123abcd-0000-4000-8000-%012d" name="x" isCodable="true"/>`, i)
	}
	b.WriteString(`</Code></Code></Code>`)
	for i := tandem.MaxImportCodes / 2; i < tandem.MaxImportCodes; i++ {
		fmt.Fprintf(&b, `<Code guid="0123abcd-0000-4000-8000-%012d" name="y%d" isCodable="true"/>`, i, i)
	}
	b.WriteString(`</Codes></CodeBook>`)
	im, err := ImportCodebook([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	// Under the theme T, the x codes become themes "T / x", "T / x (2)"...
	// none refused for its made name; the y codes go in a made category.
	if len(im.Refused) != 0 || len(im.Nodes) != tandem.MaxImportCodes+2 || im.Nodes[len(im.Nodes)-1].Name != "y9999" {
		t.Fatalf("%d nodes, %d refused: %v", len(im.Nodes), len(im.Refused), im.Refused[:min(3, len(im.Refused))])
	}
}

// TestImportOfAProjectNamesAtMost20PartsLeftOut: a project of many
// interviews is not a page of file names.
func TestImportOfAProjectNamesAtMost20PartsLeftOut(t *testing.T) {
	qde, err := os.ReadFile("testdata/bare-project.qde")
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{"project.qde": string(qde)}
	for i := range 25 {
		parts[fmt.Sprintf("sources/%02d.txt", i)] = "text"
	}
	im, err := ImportProjectCodebook(qdpxOf(t, parts))
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Skipped) != 21 || im.Skipped[20] != "And 5 more files: not needed for the codebook." {
		t.Fatalf("skipped: %q", im.Skipped)
	}
}
