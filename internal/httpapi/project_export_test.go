package httpapi_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// qdpx unpacks a project file: its entries by name, in order.
func qdpx(t *testing.T, data []byte) ([]string, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	var names []string
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, f.Name)
		files[f.Name] = b
	}
	return names, files
}

// TestProjectExport downloads a coded and reconciled project as a lead: a
// .qdpx with the transcript's text and project.qde holding every coder's
// and the consensus's excerpts with their memos, the same bytes twice, and
// a line in the audit log.
func TestProjectExport(t *testing.T) {
	xe := newExcerptEnv(t)
	path := "/api/v1/projects/" + xe.pid + "/exports/project.qdpx"
	r := xe.must(xe.get(path, xe.lead.token), 200)
	if ct, cd := r.header.Get("Content-Type"), r.header.Get("Content-Disposition"); ct != "application/zip" || !strings.Contains(cd, "RLC%20study%20project.qdpx") {
		t.Errorf("Content-Type %q, Content-Disposition %q", ct, cd)
	}
	names, files := qdpx(t, r.body)
	if len(names) != 2 || !strings.HasPrefix(names[0], "sources/") || names[1] != "project.qde" {
		t.Fatalf("entries %v", names)
	}
	if string(files[names[0]]) != string(xe.text) {
		t.Errorf("the source's text is not the transcript's")
	}
	// Valid against the REFI-QDA schema (kept beside the exporter).
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatal("xmllint is needed to check project.qde against the REFI-QDA schema; `make test` installs it (Debian package libxml2-utils)")
	}
	f := filepath.Join(t.TempDir(), "project.qde")
	if err := os.WriteFile(f, files["project.qde"], 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", "../refiqda/testdata/Project.xsd", f).CombinedOutput(); err != nil {
		t.Errorf("xmllint: %v\n%s", err, out)
	}
	var doc struct {
		Users []struct {
			Name string `xml:"name,attr"`
		} `xml:"Users>User"`
		Selections []struct {
			Start int `xml:"startPosition,attr"`
			End   int `xml:"endPosition,attr"`
		} `xml:"Sources>TextSource>PlainTextSelection"`
		Notes []string `xml:"Notes>Note>PlainTextContent"`
	}
	if err := xml.Unmarshal(files["project.qde"], &doc); err != nil {
		t.Fatal(err)
	}
	var users []string
	for _, u := range doc.Users {
		users = append(users, u.Name)
	}
	if want := []string{"Ada Admin", "Name of peer@example.org", "Name of academic@example.org", "Consensus"}; !slices.Equal(users, want) {
		t.Errorf("users %q, want %q", users, want)
	}
	var cut []string
	for _, s := range doc.Selections {
		cut = append(cut, string(xe.text[s.Start:s.End]))
	}
	slices.Sort(cut)
	want := []string{"I did the facilitator training.", "I did the facilitator training. Now I co-lead a café group on Tuesdays.", "It felt relaxed, though. Nobody judged me.", "Nobody judged me.", "Nobody judged me."}
	if !slices.Equal(cut, want) {
		t.Errorf("selections cut %q, want %q", cut, want)
	}
	slices.Sort(doc.Notes)
	if want := []string{"=felt safe", "@check wording", "Both coders."}; !slices.Equal(doc.Notes, want) {
		t.Errorf("memos %q, want %q", doc.Notes, want)
	}
	if again := xe.must(xe.get(path, xe.lead.token), 200); !bytes.Equal(again.body, r.body) {
		t.Error("two exports of the same project differ")
	}

	audit := xe.must(xe.get("/api/v1/projects/"+xe.pid+"/audit", xe.lead.token), 200).json()["entries"].([]any)
	var summaries []string
	for _, e := range audit {
		if e := e.(map[string]any); e["action"] == "project.exported" {
			summaries = append(summaries, e["summary"].(string))
		}
	}
	if len(summaries) != 2 || summaries[0] != "Ada Admin exported the whole project as a REFI-QDA project file (.qdpx): 1 transcript, 5 excerpts, 3 memos." {
		t.Errorf("audit entries %q", summaries)
	}
}
