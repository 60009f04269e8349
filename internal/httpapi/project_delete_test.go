package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/tandemqda/tandem/internal/mongodb"
	"github.com/tandemqda/tandem/internal/tandem"
)

// mentions lists "collection/_id" of every document in the store whose
// bytes contain any of ids, except the instance audit log's lines.
func (e *env) mentions(ids ...string) []string {
	e.t.Helper()
	var out []string
	err := e.store.(*mongodb.Store).EachDocument(context.Background(), func(c string, doc bson.Raw) error {
		if c == "audit" && doc.Lookup("projectId").StringValue() == tandem.InstanceAudit {
			return nil
		}
		for _, id := range ids {
			if bytes.Contains(doc, []byte(id)) {
				out = append(out, c+"/"+fmt.Sprint(doc.Lookup("_id")))
				return nil
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// transcriptIDs lists the ids of a project's transcripts.
func (e *env) transcriptIDs(pid, token string) []string {
	e.t.Helper()
	var ids []string
	for _, t := range e.must(e.get("/api/v1/projects/"+pid+"/transcripts", token), 200).list() {
		ids = append(ids, t["id"].(string))
	}
	return ids
}

func TestDeleteProjectRemovesEverythingOfItAndNothingElse(t *testing.T) {
	e := newEnv(t)
	lead := e.setupAdmin()
	// Two sample projects: transcripts, coding sets of two demo coders, a
	// codebook with versions, an audit log; plus members and invitations.
	gone := e.must(e.post("/api/v1/projects/sample", lead.token, nil), 201).json()["id"].(string)
	kept := e.must(e.post("/api/v1/projects/sample", lead.token, nil), 201).json()["id"].(string)
	coder := e.join(gone, lead, "coder", "coder@example.org", "peer")
	tok := e.invite(lead, kept, "coder")
	e.must(e.post("/api/v1/invitations/"+tok+"/accept", coder.token, map[string]string{"researcherType": "peer"}), 200)
	pending := e.invite(lead, gone, "viewer")
	goneIDs := append([]string{gone}, e.transcriptIDs(gone, lead.token)...)
	keptIDs := append([]string{kept}, e.transcriptIDs(kept, lead.token)...)
	if n := len(e.mentions(goneIDs...)); n < 15 {
		t.Fatalf("the project to delete has only %d documents", n)
	}
	keptBefore := e.mentions(keptIDs...)

	// Only a lead, and only with the project's name typed.
	if r := e.do(req{method: "DELETE", path: "/api/v1/projects/" + gone, token: coder.token, body: map[string]string{"name": tandem.SampleProjectName}}); r.status != 403 {
		t.Fatalf("a coder deletes the project: %d %s", r.status, r.body)
	}
	for _, body := range []any{map[string]string{"name": ""}, map[string]string{"name": "Sample"}, map[string]string{}} {
		r := e.do(req{method: "DELETE", path: "/api/v1/projects/" + gone, token: lead.token, body: body})
		if r.status != 400 || r.code() != "invalid_input" {
			t.Fatalf("delete with %v: %d %s", body, r.status, r.body)
		}
	}
	if r := e.del("/api/v1/projects/"+gone, lead.token); r.status != 400 || r.code() != "invalid_json" {
		t.Fatalf("delete without a body: %d %s", r.status, r.body)
	}
	e.must(e.get("/api/v1/projects/"+gone, coder.token), 200) // refused attempts changed nothing

	e.must(e.do(req{method: "DELETE", path: "/api/v1/projects/" + gone, token: lead.token,
		body: map[string]string{"name": "  " + strings.ToUpper(tandem.SampleProjectName) + " "}}), 204)

	// Gone for everyone at once: reading, listing, invitations, deleting again.
	for _, who := range []*user{lead, coder} {
		if r := e.get("/api/v1/projects/"+gone, who.token); r.status != 404 {
			t.Errorf("reading a deleted project: %d", r.status)
		}
		for _, p := range e.must(e.get("/api/v1/projects?archived=true", who.token), 200).list() {
			if p["id"] == gone {
				t.Errorf("a deleted project is listed")
			}
		}
	}
	if r := e.get("/api/v1/invitations/"+pending, ""); r.status != 404 {
		t.Errorf("an invitation of a deleted project: %d %s", r.status, r.body)
	}
	if r := e.do(req{method: "DELETE", path: "/api/v1/projects/" + gone, token: lead.token, body: map[string]string{"name": tandem.SampleProjectName}}); r.status != 404 {
		t.Errorf("deleting twice: %d %s", r.status, r.body)
	}

	// Only the project's marked document is left (for a request that was in
	// flight); a start after the grace removes it, and then nothing of it remains.
	if left := e.mentions(goneIDs...); len(left) != 1 || left[0] != `projects/"`+gone+`"` {
		t.Fatalf("after deleting, left: %v", left)
	}
	e.clock.Advance(11 * time.Minute)
	if err := e.srv.ResumeDeletions(context.Background()); err != nil {
		t.Fatal(err)
	}
	if left := e.mentions(goneIDs...); len(left) != 0 {
		t.Fatalf("after the next start, left: %v", left)
	}

	// The other project is untouched, and the instance log keeps one line.
	if after := e.mentions(keptIDs...); strings.Join(after, " ") != strings.Join(keptBefore, " ") {
		t.Fatalf("the other project changed:\nbefore %v\nafter  %v", keptBefore, after)
	}
	e.must(e.get("/api/v1/projects/"+kept+"/transcripts/"+keptIDs[1], lead.token), 200)
	e.must(e.get("/api/v1/projects/"+kept, coder.token), 200)
	log := e.must(e.get("/api/v1/audit", lead.token), 200).json()["entries"].([]any)
	if len(log) != 1 || log[0].(map[string]any)["action"] != "project.deleted" ||
		!strings.Contains(log[0].(map[string]any)["summary"].(string), `deleted the project "`+tandem.SampleProjectName+`" with its 3 transcripts`) {
		t.Fatalf("instance log = %v", log)
	}
}

func TestProjectDeletionResumesAfterAStop(t *testing.T) {
	e := newEnv(t)
	lead := e.setupAdmin()
	pid := e.must(e.post("/api/v1/projects/sample", lead.token, nil), 201).json()["id"].(string)
	ids := append([]string{pid}, e.transcriptIDs(pid, lead.token)...)
	// The server stopped right after marking the project deleted.
	if _, err := e.store.UpdateProject(context.Background(), pid, func(p *tandem.Project) error {
		now := time.Now().UTC()
		p.DeletedAt = &now
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if r := e.get("/api/v1/projects/"+pid, lead.token); r.status != 404 {
		t.Fatalf("a marked project is readable: %d", r.status)
	}
	// The next start empties it at once, and removes the mark after the grace.
	if err := e.srv.ResumeDeletions(context.Background()); err != nil {
		t.Fatal(err)
	}
	if left := e.mentions(ids...); len(left) != 1 || left[0] != `projects/"`+pid+`"` {
		t.Fatalf("after resuming, left: %v", left)
	}
	e.clock.Advance(11 * time.Minute)
	if err := e.srv.ResumeDeletions(context.Background()); err != nil {
		t.Fatal(err)
	}
	if left := e.mentions(ids...); len(left) != 0 {
		t.Fatalf("after resuming past the grace, left: %v", left)
	}
}

func TestDeletedProjectMarkGoesWithTheNextDeletionAfterTheGrace(t *testing.T) {
	e := newEnv(t)
	lead := e.setupAdmin()
	first, second := e.project(lead, "First"), e.project(lead, "Second")
	e.must(e.do(req{method: "DELETE", path: "/api/v1/projects/" + first, token: lead.token, body: map[string]string{"name": "First"}}), 204)
	if left := e.mentions(first); len(left) != 1 {
		t.Fatalf("right after deleting: %v", left)
	}
	e.clock.Advance(11 * time.Minute)
	e.must(e.do(req{method: "DELETE", path: "/api/v1/projects/" + second, token: lead.token, body: map[string]string{"name": "Second"}}), 204)
	if left := e.mentions(first); len(left) != 0 {
		t.Fatalf("the first mark outlived the grace: %v", left)
	}
	if left := e.mentions(second); len(left) != 1 {
		t.Fatalf("the second mark went before its grace: %v", left)
	}
}

func TestSampleProjectsShareTheDemoCoders(t *testing.T) {
	e := newEnv(t)
	lead := e.setupAdmin()
	demo := func(p map[string]any) []string {
		var ids []string
		for _, m := range p["members"].([]any) {
			if m := m.(map[string]any); m["role"] == "coder" {
				ids = append(ids, m["userId"].(string))
			}
		}
		return ids
	}
	a := demo(e.must(e.post("/api/v1/projects/sample", lead.token, nil), 201).json())
	b := demo(e.must(e.post("/api/v1/projects/sample", lead.token, nil), 201).json())
	if len(a) != 2 || strings.Join(a, ",") != strings.Join(b, ",") {
		t.Fatalf("demo coders of two samples: %v and %v", a, b)
	}
	users := e.must(e.get("/api/v1/users", lead.token), 200).list()
	if len(users) != 3 {
		t.Fatalf("%d accounts after two samples, want the admin and two demo coders", len(users))
	}
	for _, u := range users[1:] {
		if u["disabled"] != true || !strings.HasSuffix(u["email"].(string), "@example.invalid") {
			t.Fatalf("demo coder account %v", u)
		}
	}
}

func TestMembersShowTheSoleLead(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	coder := e.join(pid, admin, "coder", "c@example.org", "peer")
	onlyLeads := func() []string {
		var out []string
		for _, m := range e.must(e.get("/api/v1/projects/"+pid+"/members", coder.token), 200).list() {
			if m["onlyLead"] == true {
				out = append(out, m["userId"].(string))
			}
		}
		return out
	}
	if got := onlyLeads(); len(got) != 1 || got[0] != admin.id {
		t.Fatalf("sole lead = %v, want the admin", got)
	}
	r := e.patch("/api/v1/projects/"+pid+"/members/"+admin.id, admin.token, map[string]string{"role": "viewer"})
	if r.status != 409 || r.code() != "last_lead" || !strings.Contains(r.message(), "You are the only lead") {
		t.Fatalf("the sole lead steps down: %d %s", r.status, r.body)
	}
	e.must(e.patch("/api/v1/projects/"+pid+"/members/"+coder.id, admin.token, map[string]string{"role": "lead"}), 200)
	if got := onlyLeads(); len(got) != 0 {
		t.Fatalf("with two leads, sole lead = %v", got)
	}
}
