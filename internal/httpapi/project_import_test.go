package httpapi_test

import (
	"os"
	"strings"
	"testing"
)

// Any signed-in user may import a project, and leads the project it makes;
// a preview makes nothing; others cannot see the new project; a file that
// is not a project is refused with a plain message.
func TestImportProjectRoute(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	coder := e.join(pid, admin, "coder", "coder@example.org", "peer")
	data, err := os.ReadFile("../refiqda/testdata/nvivo12-windows-two-sources.qdpx")
	if err != nil {
		t.Fatal(err)
	}
	qdpx := []upload{{"study.qdpx", data}}

	pre := e.must(e.multipart("/api/v1/projects/import?preview=true", coder.token, "file", qdpx, nil), 200).json()
	if pre["sources"] != float64(2) || pre["selections"] != float64(303) || pre["convention"] != "utf16" || pre["project"] != nil {
		t.Fatalf("preview %v", pre)
	}
	if list := e.must(e.get("/api/v1/projects", coder.token), 200).body; strings.Count(string(list), `"myRole"`) != 1 {
		t.Fatalf("the preview made a project: %s", list)
	}
	made := e.must(e.multipart("/api/v1/projects/import", coder.token, "file", qdpx, nil), 201).json()
	p := made["project"].(map[string]any)
	if p["myRole"] != "lead" || made["excerpts"].(float64) < 300 {
		t.Fatalf("import %v", made)
	}
	newID := p["id"].(string)
	e.must(e.get("/api/v1/projects/"+newID+"/transcripts", coder.token), 200)
	if r := e.get("/api/v1/projects/"+newID, admin.token); r.status != 404 {
		t.Errorf("a non-member sees the imported project: %d", r.status)
	}
	if r := e.multipart("/api/v1/projects/import", "", "file", qdpx, nil); r.status != 401 {
		t.Errorf("an import without signing in: %d", r.status)
	}
	bad := e.multipart("/api/v1/projects/import?preview=true", coder.token, "file", []upload{{"x.qde", []byte("<html/>")}}, nil)
	if bad.status != 400 || !strings.Contains(string(bad.body), "not a REFI-QDA project") {
		t.Errorf("a file that is not a project: %d %s", bad.status, bad.body)
	}
	if r := e.post("/api/v1/projects/import", coder.token, map[string]string{}); r.status != 415 {
		t.Errorf("an import without a file: %d %s", r.status, r.body)
	}
}
