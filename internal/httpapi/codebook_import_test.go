package httpapi_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// refiFile is a hand-written REFI-QDA file of the refiqda tests.
func refiFile(t *testing.T, name string) upload {
	t.Helper()
	b, err := os.ReadFile("../refiqda/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return upload{name, b}
}

// TestCodebookImportOfRealFiles: files as other tools write them preview
// and import, and say plainly what they hold and what was left out.
func TestCodebookImportOfRealFiles(t *testing.T) {
	e := newEnv(t)
	lead := e.setupAdmin()
	pid := e.project(lead, "Study")
	base := "/api/v1/projects/" + pid + "/codebook"

	// A file without colours, imported and then imported again, proposes
	// nothing, though the lead coloured a theme in between.
	plain := refiFile(t, "nvivo-no-colours.qdc")
	cb := e.must(e.multipart(base+"/imports?apply=true", lead.token, "file", []upload{plain}, map[string]string{"version": "0"}), 200).json()
	e.must(e.patch(base+"/nodes/"+nodeID(t, cb, "Greeted by name"), lead.token, map[string]any{"version": 1, "colour": "#AADDFF"}), 200)
	prev := e.must(e.multipart(base+"/imports", lead.token, "file", []upload{plain}, nil), 200).json()
	if c := prev["counts"].(map[string]any); c["add"] != float64(0) || c["change"] != float64(0) || c["same"] != float64(len(cb["nodes"].([]any))) {
		t.Fatalf("the same file again: %v", c)
	}
	if r := e.multipart(base+"/imports?apply=true", lead.token, "file", []upload{plain}, map[string]string{"version": "2"}); r.status != 400 || !strings.Contains(r.message(), "nothing to import") {
		t.Fatalf("the same file applied again: %d %s", r.status, r.body)
	}

	// A project over 20 MB whose project.qde is small: only that is read.
	qde := refiFile(t, "bare-project.qde")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, size := range map[string]int{"project.qde": 0, "sources/interview1.m4a": 25 << 20} {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if size == 0 {
			w.Write(qde.data)
		} else {
			w.Write(make([]byte, size))
		}
	}
	zw.Close()
	empty := "/api/v1/projects/" + e.project(lead, "Empty") + "/codebook/imports"
	prev = e.must(e.multipart(empty, lead.token, "file", []upload{{"study.qdpx", buf.Bytes()}}, nil), 200).json()
	if prev["format"] != "qdpx" || len(prev["items"].([]any)) != 3 || fmt.Sprint(prev["skipped"]) != "[sources/interview1.m4a, 25 MB: not needed for the codebook.]" {
		t.Fatalf("a large project: %v %v", prev["format"], prev["skipped"])
	}

	// A bare project.qde is a project file; UTF-16 is read; code groups
	// are reported.
	for name, want := range map[string]string{"bare-project.qde": "qde", "utf-16.qdc": "qdc", "atlas-groups.qdc": "qdc"} {
		prev = e.must(e.multipart(empty, lead.token, "file", []upload{refiFile(t, name)}, nil), 200).json()
		if prev["format"] != want {
			t.Errorf("%s: format %v, want %s", name, prev["format"], want)
		}
		if name == "atlas-groups.qdc" && !strings.Contains(fmt.Sprint(prev["skipped"]), `The code group "People around me" (2 codes) was left out`) {
			t.Errorf("code groups: %v", prev["skipped"])
		}
	}

	// Files that cannot be read say why.
	var noCodebook bytes.Buffer
	zw = zip.NewWriter(&noCodebook)
	w, _ := zw.Create("project.qde")
	w.Write([]byte(`<Project xmlns="urn:QDA-XML:project:1.0"><Sources/></Project>`))
	zw.Close()
	for name, tc := range map[string]struct {
		file upload
		says string
	}{
		"a project without codebook": {upload{"p.qdpx", noCodebook.Bytes()}, "This project file has no codebook in it"},
		"a .qdc over 20 MB":          {upload{"big.qdc", append([]byte("<CodeBook>"), make([]byte, 21<<20)...)}, "too large for a codebook (at most 20 MB)"},
	} {
		if r := e.multipart(empty, lead.token, "file", []upload{tc.file}, nil); r.status != 400 || !strings.Contains(r.message(), tc.says) {
			t.Errorf("%s: %d %s, want %q", name, r.status, r.body, tc.says)
		}
	}
}

// TestCodebookQDCExportOfArchivedThemes: archived themes are in the .qdc
// only when asked for, not codable and with a note.
func TestCodebookQDCExportOfArchivedThemes(t *testing.T) {
	e := newEnv(t)
	lead := e.setupAdmin()
	pid := e.project(lead, "Study")
	base := "/api/v1/projects/" + pid
	cb := e.must(e.multipart(base+"/codebook/imports?apply=true", lead.token, "file", []upload{refiFile(t, "nvivo-no-colours.qdc")}, map[string]string{"version": "0"}), 200).json()
	e.must(e.patch(base+"/codebook/nodes/"+nodeID(t, cb, "First visit"), lead.token, map[string]any{"version": 1, "status": "archived"}), 200)
	coder := e.join(pid, lead, "coder", "c@example.org", "peer")
	for query, want := range map[string]bool{"": false, "?archived=false": false, "?archived=true": true} {
		doc := string(e.must(e.get(base+"/exports/codebook.qdc"+query, coder.token), 200).body)
		if got := strings.Contains(doc, `name="First visit" isCodable="false"`) && strings.Contains(doc, "Archived in Tandem"); got != want || !strings.Contains(doc, `name="Greeted by name" isCodable="true"`) {
			t.Errorf("export%s: archived theme there %v, want %v:\n%s", query, got, want, doc)
		}
	}
}
