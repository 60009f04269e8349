package httpapi_test

import (
	"context"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/tandemqda/tandem/internal/tandem"
)

// projectRoutes lists every project route with the least role it needs.
var projectRoutes = []struct {
	method, path, min string
	body              any
}{
	{"GET", "/api/v1/projects/:pid", "viewer", nil},
	{"PATCH", "/api/v1/projects/:pid", "lead", map[string]any{"version": 0, "description": "changed"}},
	{"DELETE", "/api/v1/projects/:pid", "lead", map[string]any{"name": "Project"}},
	{"GET", "/api/v1/projects/:pid/members", "viewer", nil},
	{"PATCH", "/api/v1/projects/:pid/members/:uid", "viewer", map[string]string{"displayName": "New name"}},
	{"DELETE", "/api/v1/projects/:pid/members/:uid", "viewer", nil},
	{"GET", "/api/v1/projects/:pid/invitations", "lead", nil},
	{"POST", "/api/v1/projects/:pid/invitations", "lead", map[string]string{"role": "coder"}},
	{"DELETE", "/api/v1/projects/:pid/invitations/:iid", "lead", nil},
	{"GET", "/api/v1/projects/:pid/audit", "lead", nil},
	{"GET", "/api/v1/projects/:pid/identifier-names", "lead", nil},
	{"PUT", "/api/v1/projects/:pid/identifier-names", "lead", map[string]any{"names": []string{"Maria"}}},
	{"GET", "/api/v1/projects/:pid/transcripts", "viewer", nil},
	{"POST", "/api/v1/projects/:pid/transcripts", "lead", "not multipart"},
	{"GET", "/api/v1/projects/:pid/transcripts/:tid", "viewer", nil},
	{"PATCH", "/api/v1/projects/:pid/transcripts/:tid", "lead", map[string]any{"version": 0, "site": "x"}},
	{"DELETE", "/api/v1/projects/:pid/transcripts/:tid", "lead", nil},
	{"PATCH", "/api/v1/projects/:pid/transcripts/:tid/speakers", "lead", map[string]any{"version": 0, "renames": map[string]string{"Interviewer": "Int"}}},
	{"GET", "/api/v1/projects/:pid/transcripts/:tid/identifiers", "lead", nil},
	{"POST", "/api/v1/projects/:pid/transcripts/:tid/redactions", "lead", map[string]any{"version": 0, "replacements": []map[string]any{{"start": 0, "end": 3, "with": "[NAME]"}}}},
	{"GET", "/api/v1/projects/:pid/progress", "viewer", nil},
	{"GET", "/api/v1/projects/:pid/retrieval?node=:nid", "viewer", nil},
	{"GET", "/api/v1/projects/:pid/theme-counts", "viewer", nil},
	{"GET", "/api/v1/projects/:pid/agreement?draws=10", "lead", nil},
	{"GET", "/api/v1/projects/:pid/agreement/disagreements?transcript=:tid&theme=:theme", "lead", nil},
	{"GET", "/api/v1/projects/:pid/transcripts/:tid/codings", "viewer", nil},
	{"GET", "/api/v1/projects/:pid/transcripts/:tid/codings/:coder", "viewer", nil},
	{"POST", "/api/v1/projects/:pid/transcripts/:tid/codings/:coder/excerpts", "coder", map[string]any{"version": 1, "start": 2, "end": 9, "themes": []string{":theme"}}},
	{"PATCH", "/api/v1/projects/:pid/transcripts/:tid/codings/:coder/excerpts/:eid", "coder", map[string]any{"version": 1, "memo": "A memo."}},
	{"DELETE", "/api/v1/projects/:pid/transcripts/:tid/codings/:coder/excerpts/:eid?version=1", "coder", nil},
	{"POST", "/api/v1/projects/:pid/transcripts/:tid/codings/:coder/submit", "coder", map[string]any{"version": 1}},
	{"POST", "/api/v1/projects/:pid/transcripts/:tid/codings/:coder/reopen", "coder", map[string]any{"version": 1}},
	{"POST", "/api/v1/projects/:pid/transcripts/:tid/reveal", "lead", map[string]any{"revealed": true}},
	{"POST", "/api/v1/projects/:pid/transcripts/:tid/phase", "lead", map[string]any{"phase": "revealed"}},
	{"POST", "/api/v1/projects/:pid/phases", "lead", map[string]any{"action": "reveal-submitted"}},
	{"GET", "/api/v1/projects/:pid/reconcile-settings", "viewer", nil},
	{"PUT", "/api/v1/projects/:pid/reconcile-settings", "lead", map[string]any{"unit": "sentence", "minOverlap": 3, "seed": "majority"}},
	{"GET", "/api/v1/projects/:pid/transcripts/:tid/queue", "lead", nil},
	{"GET", "/api/v1/projects/:pid/queue", "lead", nil},
	{"POST", "/api/v1/projects/:pid/transcripts/:tid/decisions", "lead", map[string]any{"itemId": "x", "fingerprint": "f", "revision": 0, "action": "accept"}},
	{"GET", "/api/v1/projects/:pid/decisions?split=true", "lead", nil},
	{"GET", "/api/v1/projects/:pid/transcripts/:tid/consensus", "viewer", nil},
	{"GET", "/api/v1/projects/:pid/codebook", "viewer", nil},
	{"GET", "/api/v1/projects/:pid/codebook/templates", "viewer", nil},
	{"POST", "/api/v1/projects/:pid/codebook/template", "lead", map[string]any{"version": 1, "template": "chime"}},
	{"POST", "/api/v1/projects/:pid/codebook/nodes", "lead", map[string]any{"version": 1, "level": "domain", "name": "New domain"}},
	{"PATCH", "/api/v1/projects/:pid/codebook/nodes/:nid", "lead", map[string]any{"version": 1, "brief": "changed"}},
	{"POST", "/api/v1/projects/:pid/codebook/nodes/:nid/move", "lead", map[string]any{"version": 1, "parentId": "", "index": 0}},
	{"POST", "/api/v1/projects/:pid/codebook/nodes/:nid/merge", "lead", map[string]any{"version": 99, "into": "x"}}, // a stale version: allowed, refused with 409
	{"GET", "/api/v1/projects/:pid/codebook/versions", "viewer", nil},
	{"GET", "/api/v1/projects/:pid/codebook/versions/1", "viewer", nil},
	{"POST", "/api/v1/projects/:pid/codebook/proposals", "coder", map[string]any{"kind": "add", "level": "domain", "name": "Proposed domain"}},
	{"POST", "/api/v1/projects/:pid/codebook/proposals/:prid/accept", "lead", map[string]any{"version": 1}},
	{"POST", "/api/v1/projects/:pid/codebook/proposals/:prid/decline", "lead", map[string]any{"reason": "Not now."}},
	{"POST", "/api/v1/projects/:pid/codebook/imports", "lead", "not multipart"},
	{"GET", "/api/v1/projects/:pid/exports/codebook.qdc", "viewer", nil},
	{"GET", "/api/v1/projects/:pid/exports/codebook.xlsx", "viewer", nil},
	{"GET", "/api/v1/projects/:pid/exports/agreement.xlsx?draws=10", "lead", nil},
	{"GET", "/api/v1/projects/:pid/consensus-agreement", "coder", nil},
	{"GET", "/api/v1/projects/:pid/findings", "viewer", nil},
	{"POST", "/api/v1/projects/:pid/exemplars", "lead", map[string]any{"themeId": ":theme", "transcriptId": ":tid", "excerptId": "c2"}},
	{"DELETE", "/api/v1/projects/:pid/exemplars/:xid", "lead", nil},
	{"GET", "/api/v1/projects/:pid/exports/findings.xlsx", "lead", nil},
	{"GET", "/api/v1/projects/:pid/exports/decisions.xlsx", "lead", nil},
	{"GET", "/api/v1/projects/:pid/exports/excerpts.xlsx", "lead", nil},
	{"GET", "/api/v1/projects/:pid/exports/excerpts.csv?sets=coders", "lead", nil},
	{"GET", "/api/v1/projects/:pid/exports/excerpts.txt?themes=:theme", "lead", nil},
	{"GET", "/api/v1/projects/:pid/exports/project.qdpx", "lead", nil},
}

var rank = map[string]int{"viewer": 1, "coder": 2, "lead": 3}

func TestEveryProjectRouteChecksMembershipAndRole(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	// Accounts, made once: the outsider leads a project of their own.
	seed := e.project(admin, "Seed")
	accounts := map[string]*user{"lead": admin}
	for _, who := range []string{"coder", "viewer", "outsider"} {
		accounts[who] = e.join(seed, admin, "viewer", who+"@example.org", "peer")
	}
	for _, rt := range projectRoutes {
		for _, who := range []string{"outsider", "viewer", "coder", "lead"} {
			// A fresh project for each call, since some calls change it.
			pid := e.project(admin, "Project")
			for _, role := range []string{"coder", "viewer"} {
				tok := e.invite(admin, pid, role)
				e.must(e.post("/api/v1/invitations/"+tok+"/accept", accounts[role].token, map[string]string{"researcherType": "peer"}), 200)
			}
			inv := e.must(e.post("/api/v1/projects/"+pid+"/invitations", admin.token, map[string]string{"role": "viewer"}), 201).json()["id"].(string)
			// Share transcripts so that the coder may read them too.
			e.share(admin, pid)
			tid := results(t, e.upload(pid, admin.token, file(t, "interview.txt"))).Results[0].Transcript["id"].(string)
			// A codebook from a template, with a domain and an open proposal.
			e.must(e.post("/api/v1/projects/"+pid+"/codebook/template", admin.token, map[string]any{"version": 0, "template": "chime"}), 200)
			cb := e.must(e.post("/api/v1/projects/"+pid+"/codebook/nodes", admin.token, map[string]any{"version": 1, "level": "domain", "name": "Domain"}), 200).json()
			nid, theme := nodeID(t, cb, "Domain"), nodeID(t, cb, "Peer support")
			// The coder codes the transcript; coders and leads have an excerpt.
			tv := e.must(e.get("/api/v1/projects/"+pid+"/transcripts/"+tid, admin.token), 200).json()["version"]
			e.must(e.patch("/api/v1/projects/"+pid+"/transcripts/"+tid, admin.token, map[string]any{"version": tv, "assignedCoders": []string{accounts["coder"].id}}), 200)
			eid := "00000000-0000-4000-8000-000000000000"
			if who == "coder" || who == "lead" {
				eid = e.must(e.post("/api/v1/projects/"+pid+"/transcripts/"+tid+"/codings/me/excerpts", accounts[who].token,
					map[string]any{"version": 0, "start": 0, "end": 5, "themes": []string{theme}}), 201).json()["excerpt"].(map[string]any)["id"].(string)
			}
			consensusWithQuote(t, e, pid, tid, theme)
			cb = e.must(e.post("/api/v1/projects/"+pid+"/codebook/proposals", admin.token, map[string]any{"kind": "edit", "nodeId": nid, "brief": "Proposed"}), 201).json()
			prid := cb["proposals"].([]any)[0].(map[string]any)["id"].(string)
			actor := accounts[who]
			self := actor.id
			if who == "outsider" {
				self = admin.id
			}
			path := strings.NewReplacer(":pid", pid, ":uid", self, ":iid", inv, ":tid", tid, ":nid", nid, ":prid", prid, ":coder", "me", ":eid", eid, ":theme", theme, ":xid", "x1").Replace(rt.path)
			body := rt.body
			if m, ok := body.(map[string]any); ok && m["themes"] != nil {
				body = map[string]any{"version": m["version"], "start": m["start"], "end": m["end"], "themes": []string{theme}}
			}
			if m, ok := body.(map[string]any); ok && m["excerptId"] != nil {
				body = map[string]any{"themeId": theme, "transcriptId": tid, "excerptId": m["excerptId"]}
			}
			r := e.do(req{method: rt.method, path: path, token: actor.token, body: body})
			switch {
			case who == "outsider":
				if r.status != 404 || r.code() != "not_found" {
					t.Errorf("%s %s as non-member: %d %s, want 404", rt.method, rt.path, r.status, r.body)
				}
			case rank[who] < rank[rt.min]:
				if r.status != 403 || r.code() != "forbidden" {
					t.Errorf("%s %s as %s: %d %s, want 403", rt.method, rt.path, who, r.status, r.body)
				}
			default:
				if r.status == 403 || r.status == 404 || r.status >= 500 {
					t.Errorf("%s %s as %s: %d %s, want it allowed", rt.method, rt.path, who, r.status, r.body)
				}
			}
			// Without a token every project route asks to sign in.
			if r := e.do(req{method: rt.method, path: path, body: body}); r.status != 401 {
				t.Errorf("%s %s without a token: %d", rt.method, rt.path, r.status)
			}
		}
	}
	// A project that does not exist looks the same as one you are not in.
	if r := e.get("/api/v1/projects/no-such-project", admin.token); r.status != 404 || r.code() != "not_found" {
		t.Errorf("missing project: %d %s", r.status, r.body)
	}
}

// consensusWithQuote gives the transcript a consensus set (as
// reconciliation makes it) with excerpts c1 and c2 of the theme, and picks
// c1 as the quote x1.
func consensusWithQuote(t testing.TB, e *env, pid, tid, theme string) {
	t.Helper()
	ctx := context.Background()
	if err := writeConsensus(t, e.store, pid, tid, func(s *tandem.CodingSet) error {
		for i, id := range []string{"c1", "c2"} {
			if _, err := s.AddExcerpt(tandem.Excerpt{ID: id, Start: 10 * i, End: 10*i + 8, Themes: []string{theme}}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.UpdateExemplars(ctx, pid, func(s *tandem.ExemplarSet) error {
		_, err := s.Pick(tandem.Exemplar{ID: "x1", ThemeID: theme, TranscriptID: tid, ExcerptID: "c1", Text: "A quote"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

func TestProjectRouteTableCoversTheRouter(t *testing.T) {
	e := newEnv(t)
	listed := map[string]bool{}
	for _, rt := range projectRoutes {
		listed[rt.method+" "+strings.Split(rt.path, "?")[0]] = true
	}
	for _, r := range e.app.GetRoutes(true) {
		if r.Method == "HEAD" || !strings.HasPrefix(r.Path, "/api/v1/projects/:pid") {
			continue
		}
		if !listed[r.Method+" "+strings.Replace(r.Path, ":v", "1", 1)] {
			t.Errorf("route %s %s is not in the authorization test table projectRoutes", r.Method, r.Path)
		}
	}
}

// TestOpenAPIDescribesEveryRoute keeps api/openapi.yaml in step with the router.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	b, err := os.ReadFile("../../api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Paths map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(b, &spec); err != nil {
		t.Fatalf("api/openapi.yaml does not parse: %v", err)
	}
	param := regexp.MustCompile(`:(\w+)`)
	inRouter := map[string]bool{}
	e := newEnv(t)
	for _, r := range e.app.GetRoutes(true) {
		if r.Method == "HEAD" || !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		path := param.ReplaceAllString(r.Path, "{$1}")
		key := strings.ToLower(r.Method) + " " + path
		inRouter[key] = true
		if _, ok := spec.Paths[path][strings.ToLower(r.Method)]; !ok {
			t.Errorf("route %s %s is not described in api/openapi.yaml", r.Method, path)
		}
	}
	var extra []string
	for path, ops := range spec.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			if !inRouter[method+" "+path] {
				extra = append(extra, method+" "+path)
			}
		}
	}
	sort.Strings(extra)
	for _, x := range extra {
		t.Errorf("api/openapi.yaml describes %s, which the router does not have", x)
	}
}

// TestOpenAPIReferencesResolve fails when a $ref in api/openapi.yaml points at
// nothing, such as a schema that slipped out of components.schemas.
func TestOpenAPIReferencesResolve(t *testing.T) {
	b, err := os.ReadFile("../../api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var spec map[string]any
	if err := yaml.Unmarshal(b, &spec); err != nil {
		t.Fatalf("api/openapi.yaml does not parse: %v", err)
	}
	resolve := func(ref string) bool {
		var at any = spec
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			m, ok := at.(map[string]any)
			if !ok {
				return false
			}
			if at, ok = m[part]; !ok {
				return false
			}
		}
		return true
	}
	var walk func(v any)
	refs := 0
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if ref, ok := x.(string); ok && k == "$ref" {
					refs++
					if !resolve(ref) {
						t.Errorf("api/openapi.yaml: $ref %q points at nothing", ref)
					}
					continue
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(spec)
	if refs == 0 {
		t.Fatal("found no $ref at all; the walk is broken")
	}
}
