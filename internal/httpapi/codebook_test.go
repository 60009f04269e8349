package httpapi_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// nodeID returns the id of the node named name in a codebook answer.
func nodeID(t testing.TB, cb map[string]any, name string) string {
	t.Helper()
	for _, n := range cb["nodes"].([]any) {
		if n := n.(map[string]any); n["name"] == name {
			return n["id"].(string)
		}
	}
	t.Fatalf("no node %q in %v", name, cb["nodes"])
	return ""
}

func TestCodebookFromTemplateEditMoveMergeAndVersions(t *testing.T) {
	e := newEnv(t)
	lead := e.setupAdmin()
	pid := e.project(lead, "RLC")
	base := "/api/v1/projects/" + pid + "/codebook"

	cb := e.must(e.get(base, lead.token), 200).json()
	if cb["version"] != float64(0) || len(cb["nodes"].([]any)) != 0 {
		t.Fatalf("new codebook = %v", cb)
	}
	tpls := e.must(e.get(base+"/templates", lead.token), 200).list()
	if len(tpls) != 2 || tpls[0]["id"] != "rlc" {
		t.Fatalf("templates = %v", tpls)
	}
	cb = e.must(e.post(base+"/template", lead.token, map[string]any{"version": 0, "template": "rlc"}), 200).json()
	nodes := cb["nodes"].([]any)
	if cb["version"] != float64(1) || len(nodes) != 18 || nodes[0].(map[string]any)["name"] != "RLC Attributes" || nodes[1].(map[string]any)["name"] != "Atmosphere" || nodes[2].(map[string]any)["name"] != "Judgment-free" {
		t.Fatalf("from template: version %v, %d nodes, first %v", cb["version"], len(nodes), nodes[:3])
	}
	if r := e.post(base+"/template", lead.token, map[string]any{"version": 1, "template": "chime"}); r.status != 409 || r.code() != "codebook_not_empty" {
		t.Fatalf("second template: %d %s", r.status, r.body)
	}

	flexible := nodeID(t, cb, "Flexible")
	cb = e.must(e.patch(base+"/nodes/"+flexible, lead.token, map[string]any{"version": 1, "brief": "=HYPERLINK(\"x\") members choose when to come"}), 200).json()
	if cb["version"] != float64(2) {
		t.Fatalf("edit: %v", cb["version"])
	}
	// A stale version is refused with the current codebook, and changes nothing.
	r := e.patch(base+"/nodes/"+flexible, lead.token, map[string]any{"version": 1, "brief": "stale"})
	if r.status != 409 || r.code() != "version_conflict" || r.json()["error"].(map[string]any)["details"].(map[string]any)["current"].(map[string]any)["version"] != float64(2) {
		t.Fatalf("stale edit: %d %s", r.status, r.body)
	}

	// Invariants answer with their codes.
	opportunities := nodeID(t, cb, "Opportunities")
	rlcAttributes := nodeID(t, cb, "RLC Attributes")
	for name, tc := range map[string]struct {
		r      *resp
		status int
		code   string
	}{
		"theme under a domain": {e.post(base+"/nodes", lead.token, map[string]any{"version": 2, "level": "theme", "parentId": rlcAttributes, "name": "X"}), 400, "wrong_level"},
		"duplicate name":       {e.post(base+"/nodes", lead.token, map[string]any{"version": 2, "level": "theme", "parentId": opportunities, "name": "LEADERSHIP"}), 409, "duplicate_name"},
		"domain under a theme": {e.post(base+"/nodes/"+rlcAttributes+"/move", lead.token, map[string]any{"version": 2, "parentId": nodeID(t, cb, "Increased self-esteem")}), 400, "wrong_level"},
		"under its own child":  {e.post(base+"/nodes/"+rlcAttributes+"/move", lead.token, map[string]any{"version": 2, "parentId": flexible}), 400, "cycle"},
		"dark colour":          {e.patch(base+"/nodes/"+flexible, lead.token, map[string]any{"version": 2, "colour": "#202020"}), 400, "invalid_input"},
		"no version":           {e.patch(base+"/nodes/"+flexible, lead.token, map[string]any{"brief": "x"}), 400, "invalid_input"},
		"unknown node":         {e.patch(base+"/nodes/nope", lead.token, map[string]any{"version": 2, "brief": "x"}), 404, "not_found"},
		"merge a category":     {e.post(base+"/nodes/"+opportunities+"/merge", lead.token, map[string]any{"version": 2, "into": nodeID(t, cb, "Atmosphere")}), 400, "wrong_level"},
	} {
		if tc.r.status != tc.status || tc.r.code() != tc.code {
			t.Errorf("%s: %d %s, want %d %s", name, tc.r.status, tc.r.body, tc.status, tc.code)
		}
	}

	// Add, move to another category, merge, archive.
	cb = e.must(e.post(base+"/nodes", lead.token, map[string]any{"version": 2, "level": "theme", "parentId": opportunities, "name": "Volunteering", "colour": "#B5E3A1"}), 200).json()
	vol := nodeID(t, cb, "Volunteering")
	cb = e.must(e.post(base+"/nodes/"+vol+"/move", lead.token, map[string]any{"version": 3, "parentId": nodeID(t, cb, "Interpersonal"), "index": 0}), 200).json()
	jobs := nodeID(t, cb, "Holding jobs and other positions of responsibility")
	cb = e.must(e.post(base+"/nodes/"+vol+"/merge", lead.token, map[string]any{"version": 4, "into": jobs}), 200).json()
	cb = e.must(e.patch(base+"/nodes/"+nodeID(t, cb, "Relaxed/open"), lead.token, map[string]any{"version": 5, "status": "archived"}), 200).json()
	for _, n := range cb["nodes"].([]any) {
		n := n.(map[string]any)
		if n["name"] == "Volunteering" && (n["mergedInto"] != jobs || n["status"] != "archived") {
			t.Fatalf("merged theme = %v", n)
		}
		if n["name"] == "Relaxed/open" && n["status"] != "archived" {
			t.Fatalf("archived theme = %v", n)
		}
	}

	// History: newest first, with what changed; any past version can be read.
	vs := e.must(e.get(base+"/versions", lead.token), 200).list()
	if len(vs) != 6 || vs[0]["version"] != float64(6) || !strings.Contains(vs[0]["summary"].(string), "archived the theme \"Relaxed/open\"") || vs[5]["version"] != float64(1) {
		t.Fatalf("versions = %v", vs)
	}
	edit := vs[4]
	if edit["before"].([]any)[0].(map[string]any)["brief"] == edit["after"].([]any)[0].(map[string]any)["brief"] {
		t.Fatalf("version 2 does not show before and after: %v", edit)
	}
	v3 := e.must(e.get(base+"/versions/3", lead.token), 200).json()
	names := fmt.Sprint(v3["nodes"])
	if !strings.Contains(names, "Volunteering") || len(v3["nodes"].([]any)) != 19 {
		t.Fatalf("version 3 = %d nodes", len(v3["nodes"].([]any)))
	}
	if r := e.get(base+"/versions/99", lead.token); r.status != 404 {
		t.Fatalf("missing version: %d", r.status)
	}
}

func TestCodebookProposals(t *testing.T) {
	e := newEnv(t)
	lead := e.setupAdmin()
	pid := e.project(lead, "RLC")
	peer := e.join(pid, lead, "coder", "peer@example.org", "peer")
	viewer := e.join(pid, lead, "viewer", "v@example.org", "academic")
	base := "/api/v1/projects/" + pid + "/codebook"
	cb := e.must(e.post(base+"/template", lead.token, map[string]any{"version": 0, "template": "rlc"}), 200).json()
	intra := nodeID(t, cb, "Intrapersonal")

	// A peer proposes a theme and new wording; everyone sees them.
	cb = e.must(e.post(base+"/proposals", peer.token, map[string]any{"kind": "add", "level": "theme", "parentId": intra, "name": "Feeling safe", "plainLanguage": "Feeling safe to be yourself.", "reason": "It came up in every interview."}), 201).json()
	e.must(e.post(base+"/proposals", peer.token, map[string]any{"kind": "edit", "nodeId": nodeID(t, cb, "Flexible"), "plainLanguage": "Come when you can, no pressure."}), 201)
	e.must(e.post(base+"/proposals", peer.token, map[string]any{"kind": "add", "level": "theme", "parentId": intra, "name": "Not needed"}), 201)
	seen := e.must(e.get(base, viewer.token), 200).json()
	props := seen["proposals"].([]any)
	if len(props) != 3 || seen["version"] != float64(1) {
		t.Fatalf("proposals seen by a viewer: %v (version %v)", props, seen["version"])
	}
	for _, n := range seen["nodes"].([]any) {
		if n := n.(map[string]any); n["name"] == "Feeling safe" && (n["status"] != "proposed" || n["proposedByType"] != "peer") {
			t.Fatalf("proposed node = %v", n)
		}
	}
	if r := e.post(base+"/proposals", viewer.token, map[string]any{"kind": "add", "level": "theme", "parentId": intra, "name": "Y"}); r.status != 403 {
		t.Fatalf("viewer proposing: %d", r.status)
	}
	for name, body := range map[string]map[string]any{
		"bad kind":        {"kind": "delete", "nodeId": intra},
		"edit no change":  {"kind": "edit", "nodeId": intra},
		"duplicate add":   {"kind": "add", "level": "theme", "parentId": intra, "name": "Feeling Safe"},
		"theme at domain": {"kind": "add", "level": "theme", "parentId": "", "name": "Z"},
	} {
		if r := e.post(base+"/proposals", peer.token, body); r.status < 400 || r.status >= 500 {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}

	// The lead accepts two and declines one with a reason.
	byName := map[string]string{}
	for _, p := range props {
		p := p.(map[string]any)
		byName[p["text"].(map[string]any)["name"].(string)+"/"+p["kind"].(string)] = p["id"].(string)
	}
	if r := e.post(base+"/proposals/"+byName["Feeling safe/add"]+"/accept", peer.token, map[string]any{"version": 1}); r.status != 403 {
		t.Fatalf("coder accepting: %d", r.status)
	}
	e.must(e.post(base+"/proposals/"+byName["Feeling safe/add"]+"/accept", lead.token, map[string]any{"version": 1}), 200)
	e.must(e.post(base+"/proposals/"+byName["Flexible/edit"]+"/accept", lead.token, map[string]any{"version": 2}), 200)
	if r := e.post(base+"/proposals/"+byName["Not needed/add"]+"/decline", lead.token, map[string]any{"reason": " "}); r.status != 400 {
		t.Fatalf("decline without a reason: %d", r.status)
	}
	cb = e.must(e.post(base+"/proposals/"+byName["Not needed/add"]+"/decline", lead.token, map[string]any{"reason": "Covered by Increased self-esteem."}), 200).json()
	if r := e.post(base+"/proposals/"+byName["Not needed/add"]+"/accept", lead.token, map[string]any{"version": 3}); r.status != 409 {
		t.Fatalf("accepting a declined proposal: %d %s", r.status, r.body)
	}
	if cb["version"] != float64(3) {
		t.Fatalf("version after two acceptances = %v", cb["version"])
	}
	var flexible, safe map[string]any
	for _, n := range cb["nodes"].([]any) {
		n := n.(map[string]any)
		switch n["name"] {
		case "Flexible":
			flexible = n
		case "Feeling safe":
			safe = n
		case "Not needed":
			t.Fatal("a declined proposed theme is still in the tree")
		}
	}
	if safe["status"] != "active" || flexible["plainLanguage"] != "Come when you can, no pressure." {
		t.Fatalf("after acceptance: %v / %v", safe, flexible)
	}
	for _, p := range cb["proposals"].([]any) {
		p := p.(map[string]any)
		if p["id"] == byName["Not needed/add"] && (p["state"] != "declined" || p["decision"] != "Covered by Increased self-esteem.") {
			t.Fatalf("declined proposal = %v", p)
		}
	}
}

func TestCodebookQDCExportAndImport(t *testing.T) {
	e := newEnv(t)
	lead := e.setupAdmin()
	src := e.project(lead, "Source study")
	e.must(e.post("/api/v1/projects/"+src+"/codebook/template", lead.token, map[string]any{"version": 0, "template": "chime"}), 200)
	viewer := e.join(src, lead, "viewer", "v@example.org", "academic")

	r := e.must(e.get("/api/v1/projects/"+src+"/exports/codebook.qdc", viewer.token), 200)
	if !strings.HasPrefix(r.header.Get("Content-Type"), "application/xml") || !strings.Contains(r.header.Get("Content-Disposition"), "Source%20study%20codebook.qdc") || !strings.Contains(string(r.body), "urn:QDA-XML:codebook:1.0") {
		t.Fatalf("export: %v\n%.300s", r.header, r.body)
	}
	qdc := upload{"chime.qdc", r.body}

	// Preview into an empty codebook, then apply: the same tree, one version.
	dst := e.project(lead, "New study")
	base := "/api/v1/projects/" + dst + "/codebook"
	prev := e.must(e.multipart(base+"/imports", lead.token, "file", []upload{qdc}, nil), 200).json()
	if len(prev["items"].([]any)) != 20 || prev["format"] != "qdc" || prev["asProposals"] != false || len(prev["notes"].([]any)) != 0 ||
		prev["counts"].(map[string]any)["add"] != float64(20) || len(prev["refused"].([]any)) != 0 {
		t.Fatalf("preview: %v", prev)
	}
	if cb := e.must(e.get(base, lead.token), 200).json(); len(cb["nodes"].([]any)) != 0 {
		t.Fatal("a preview changed the codebook")
	}
	cb := e.must(e.multipart(base+"/imports?apply=true", lead.token, "file", []upload{qdc}, map[string]string{"version": "0"}), 200).json()
	if cb["version"] != float64(1) || len(cb["nodes"].([]any)) != 20 {
		t.Fatalf("applied: version %v, %d nodes", cb["version"], len(cb["nodes"].([]any)))
	}
	// Into a codebook with entries, the file is matched entry by entry: new
	// entries and different wording become proposals; the rest is left alone.
	domain := nodeID(t, cb, "Personal recovery processes")
	e.must(e.patch(base+"/nodes/"+domain, lead.token, map[string]any{"version": 1, "name": "Recovery (ours)"}), 200)
	srcCB := e.must(e.get("/api/v1/projects/"+src+"/codebook", lead.token), 200).json()
	e.must(e.post("/api/v1/projects/"+src+"/codebook/nodes", lead.token, map[string]any{"version": 1, "level": "theme",
		"parentId": nodeID(t, srcCB, "Hope and optimism"), "name": "Dreams", "brief": "Hopes named aloud."}), 200)
	qdc2 := upload{"chime2.qdc", e.must(e.get("/api/v1/projects/"+src+"/exports/codebook.qdc", lead.token), 200).body}
	prev = e.must(e.multipart(base+"/imports", lead.token, "file", []upload{qdc2}, nil), 200).json()
	counts := prev["counts"].(map[string]any)
	if prev["asProposals"] != true || counts["add"] != float64(1) || counts["change"] != float64(1) || counts["same"] != float64(19) {
		t.Fatalf("preview into a codebook with entries: %v", counts)
	}
	for _, it := range prev["items"].([]any) {
		it := it.(map[string]any)
		if it["action"] == "change" && (it["targetId"] != domain || fmt.Sprint(it["changed"]) != "[name]") {
			t.Fatalf("change item = %v", it)
		}
	}
	cb = e.must(e.multipart(base+"/imports?apply=true", lead.token, "file", []upload{qdc2}, map[string]string{"version": "2"}), 200).json()
	if cb["version"] != float64(2) || len(cb["nodes"].([]any)) != 21 || len(cb["proposals"].([]any)) != 2 {
		t.Fatalf("as proposals: version %v, %d nodes, %d proposals", cb["version"], len(cb["nodes"].([]any)), len(cb["proposals"].([]any)))
	}
	if r := e.multipart(base+"/imports?apply=true", lead.token, "file", []upload{qdc2}, map[string]string{"version": "1"}); r.status != 409 || r.code() != "version_conflict" {
		t.Fatalf("stale import: %d %s", r.status, r.body)
	}
	// Bad files change nothing.
	for name, f := range map[string]upload{
		"not a codebook": {"x.qdc", []byte("<Project/>")},
		"binary":         {"x.qdc", []byte{0, 1, 2}},
		"entities":       {"x.qdc", []byte(`<!DOCTYPE x [<!ENTITY a "b">]><CodeBook/>`)},
		"old excel":      {"x.xls", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest")},
		"corrupt zip":    {"x.xlsx", []byte("PK\x03\x04 not really a zip")},
		"empty":          {"x.xlsx", nil},
	} {
		if r := e.multipart(base+"/imports?apply=true", lead.token, "file", []upload{f}, map[string]string{"version": "2"}); r.status != 400 || r.code() != "invalid_input" {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	if r := e.multipart(base+"/imports", lead.token, "other", []upload{qdc}, nil); r.status != 400 {
		t.Errorf("no file: %d", r.status)
	}
	if got := e.must(e.get(base, lead.token), 200).json(); len(got["nodes"].([]any)) != 21 {
		t.Fatal("a refused import changed the codebook")
	}
	// An empty codebook has nothing to export.
	if r := e.get("/api/v1/projects/"+e.project(lead, "Empty")+"/exports/codebook.qdc", lead.token); r.status != 400 {
		t.Fatalf("export of an empty codebook: %d", r.status)
	}
}

func TestCodebookWorkbookDownload(t *testing.T) {
	e := newEnv(t)
	lead := e.setupAdmin()
	pid := e.project(lead, "RLC / study")
	cb := e.must(e.post("/api/v1/projects/"+pid+"/codebook/template", lead.token, map[string]any{"version": 0, "template": "rlc"}), 200).json()
	e.must(e.patch("/api/v1/projects/"+pid+"/codebook/nodes/"+nodeID(t, cb, "Flexible"), lead.token, map[string]any{"version": 1, "brief": "=2+2"}), 200)
	viewer := e.join(pid, lead, "viewer", "v@example.org", "peer")
	r := e.must(e.get("/api/v1/projects/"+pid+"/exports/codebook.xlsx", viewer.token), 200)
	if !strings.Contains(r.header.Get("Content-Type"), "spreadsheetml") || !strings.Contains(r.header.Get("Content-Disposition"), "RLC%20_%20study%20codebook.xlsx") {
		t.Fatalf("headers %v", r.header)
	}
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Codebook")
	versions, _ := f.GetRows("Versions")
	if len(rows) != 19 || len(versions) != 3 || !strings.Contains(versions[1][3], "Flexible") {
		t.Fatalf("%d codebook rows, versions %v", len(rows), versions)
	}
}

func TestCodebookWorkbookImport(t *testing.T) {
	e := newEnv(t)
	lead := e.setupAdmin()
	src := e.project(lead, "Source")
	cb := e.must(e.post("/api/v1/projects/"+src+"/codebook/template", lead.token, map[string]any{"version": 0, "template": "rlc"}), 200).json()
	e.must(e.patch("/api/v1/projects/"+src+"/codebook/nodes/"+nodeID(t, cb, "Flexible"), lead.token, map[string]any{"version": 1, "brief": "=2+2", "whenToUse": "Line 1\nLine 2"}), 200)
	e.must(e.patch("/api/v1/projects/"+src+"/codebook/nodes/"+nodeID(t, cb, "Leadership"), lead.token, map[string]any{"version": 2, "status": "archived"}), 200)
	book := upload{"codebook.xlsx", e.must(e.get("/api/v1/projects/"+src+"/exports/codebook.xlsx", lead.token), 200).body}

	// Excel -> Tandem: the same tree, ids and wording.
	dst := e.project(lead, "Copy")
	base := "/api/v1/projects/" + dst + "/codebook"
	prev := e.must(e.multipart(base+"/imports", lead.token, "file", []upload{book}, nil), 200).json()
	if prev["format"] != "xlsx" || prev["counts"].(map[string]any)["add"] != float64(18) || len(prev["refused"].([]any)) != 0 {
		t.Fatalf("preview %v", prev)
	}
	got := e.must(e.multipart(base+"/imports?apply=true", lead.token, "file", []upload{book}, map[string]string{"version": "0"}), 200).json()
	want := e.must(e.get("/api/v1/projects/"+src+"/codebook", lead.token), 200).json()
	strip := func(cb map[string]any) []any {
		var out []any
		for _, n := range cb["nodes"].([]any) {
			n := n.(map[string]any)
			delete(n, "proposedBy")
			delete(n, "proposedByName")
			delete(n, "proposedByType")
			out = append(out, n)
		}
		return out
	}
	if a, b := fmt.Sprint(strip(got)), fmt.Sprint(strip(want)); a != b {
		t.Fatalf("imported tree differs:\n%s\n%s", a, b)
	}

	// A sheet with refused rows is previewed with their numbers and never applied.
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Code", "Description"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"Place > Feel > Calm", "Calm."})
	f.SetSheetRow("Sheet1", "A3", &[]any{"Place >  > Busy", "Busy."})
	var buf bytes.Buffer
	f.Write(&buf)
	sheet := upload{"codes.xlsx", buf.Bytes()}
	empty := "/api/v1/projects/" + e.project(lead, "Empty") + "/codebook"
	prev = e.must(e.multipart(empty+"/imports", lead.token, "file", []upload{sheet}, nil), 200).json()
	refused := prev["refused"].([]any)
	if len(refused) != 1 || refused[0].(map[string]any)["row"] != float64(3) {
		t.Fatalf("preview refused %v", refused)
	}
	r := e.multipart(empty+"/imports?apply=true", lead.token, "file", []upload{sheet}, map[string]string{"version": "0"})
	if r.status != 422 || r.code() != "import_refused" || !strings.Contains(string(r.body), `"row":3`) {
		t.Fatalf("apply with refused rows: %d %s", r.status, r.body)
	}
	if cb := e.must(e.get(empty, lead.token), 200).json(); len(cb["nodes"].([]any)) != 0 || cb["version"] != float64(0) {
		t.Fatal("a refused import changed the codebook")
	}
	// Into a codebook with entries, new entries become proposals; a theme
	// under a proposed category waits for it, and declining the domain
	// declines what was proposed under it.
	f.RemoveRow("Sheet1", 3)
	buf.Reset()
	f.Write(&buf)
	cb = e.must(e.multipart(base+"/imports?apply=true", lead.token, "file", []upload{{"codes.xlsx", buf.Bytes()}}, map[string]string{"version": "1"}), 200).json()
	props := map[string]string{}
	for _, p := range cb["proposals"].([]any) {
		p := p.(map[string]any)
		props[p["text"].(map[string]any)["name"].(string)] = p["id"].(string)
	}
	if len(props) != 3 {
		t.Fatalf("proposals %v", props)
	}
	if r := e.post(base+"/proposals/"+props["Calm"]+"/accept", lead.token, map[string]any{"version": 1}); r.status != 409 || r.code() != "proposed_parent" {
		t.Fatalf("accepting a theme under a proposed category: %d %s", r.status, r.body)
	}
	cb = e.must(e.post(base+"/proposals/"+props["Place"]+"/decline", lead.token, map[string]any{"reason": "Not in this study."}), 200).json()
	if len(cb["nodes"].([]any)) != 18 {
		t.Fatalf("%d nodes after declining the domain", len(cb["nodes"].([]any)))
	}
	for _, p := range cb["proposals"].([]any) {
		if p := p.(map[string]any); p["state"] != "declined" || p["decision"] != "Not in this study." {
			t.Fatalf("proposal after declining its domain: %v", p)
		}
	}
	// A coder cannot import.
	coder := e.join(dst, lead, "coder", "c@example.org", "peer")
	if r := e.multipart(base+"/imports", coder.token, "file", []upload{book}, nil); r.status != 403 {
		t.Fatalf("coder import: %d", r.status)
	}
}
