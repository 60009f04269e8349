package httpapi_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestProjectsListOnlyMine(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	a := e.project(admin, "First study")
	b := e.project(admin, "Second study")
	coder := e.join(a, admin, "coder", "c@example.org", "peer")

	mine := e.must(e.get("/api/v1/projects", coder.token), 200).list()
	if len(mine) != 1 || mine[0]["id"] != a || mine[0]["myRole"] != "coder" || mine[0]["memberCount"] != float64(2) {
		t.Fatalf("coder's projects = %v", mine)
	}
	all := e.must(e.get("/api/v1/projects", admin.token), 200).list()
	if len(all) != 2 || all[0]["id"] != b {
		t.Fatalf("admin's projects, newest first = %v", all)
	}
	// Archive b: it leaves the default list and stays under ?archived=true.
	v := e.must(e.get("/api/v1/projects/"+b, admin.token), 200).json()["version"]
	e.must(e.patch("/api/v1/projects/"+b, admin.token, map[string]any{"version": v, "archived": true}), 200)
	if l := e.must(e.get("/api/v1/projects", admin.token), 200).list(); len(l) != 1 {
		t.Fatalf("archived project still listed: %v", l)
	}
	if l := e.must(e.get("/api/v1/projects?archived=true", admin.token), 200).list(); len(l) != 2 {
		t.Fatalf("archived project not listed with archived=true: %v", l)
	}
}

func TestCreateProjectValidates(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	for name, body := range map[string]any{
		"no name":          map[string]string{"description": "x"},
		"blank name":       map[string]string{"name": "   "},
		"long name":        map[string]string{"name": strings.Repeat("n", 201)},
		"bad researcher":   map[string]string{"name": "x", "researcherType": "wizard"},
		"long description": map[string]string{"name": "x", "description": strings.Repeat("d", 5001)},
	} {
		r := e.post("/api/v1/projects", admin.token, body)
		if r.status != 400 || r.code() != "invalid_input" {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	if l := e.must(e.get("/api/v1/projects", admin.token), 200).list(); len(l) != 0 {
		t.Fatalf("refused creates left projects: %v", l)
	}
	r := e.must(e.post("/api/v1/projects", admin.token, map[string]string{"name": "  RLC study ", "description": "Peer-run", "researcherType": "other", "researcherTypeLabel": "peer and academic"}), 201).json()
	m := r["members"].([]any)[0].(map[string]any)
	if r["name"] != "RLC study" || r["myRole"] != "lead" || m["role"] != "lead" || m["researcherTypeLabel"] != "peer and academic" {
		t.Fatalf("created project = %v", r)
	}
}

func TestInvitationFlow(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "RLC study")
	created := e.must(e.post("/api/v1/projects/"+pid+"/invitations", admin.token, map[string]any{"role": "coder", "expiresInHours": 48, "note": "for Sam"}), 201).json()
	tok := created["token"].(string)
	if created["url"] != "http://tandem.test/invite/"+tok || created["status"] != "pending" {
		t.Fatalf("invitation = %v", created)
	}
	prev := e.must(e.get("/api/v1/invitations/"+tok, ""), 200).json()
	if prev["projectName"] != "RLC study" || prev["role"] != "coder" || prev["invitedBy"] != "Ada Admin" {
		t.Fatalf("preview = %v", prev)
	}
	// Bad new accounts are refused and use nothing up.
	for name, tc := range map[string]struct {
		body map[string]string
		code string
	}{
		"weak password":   {map[string]string{"email": "sam@example.org", "name": "Sam", "password": "short", "researcherType": "peer"}, "weak_password"},
		"taken email":     {map[string]string{"email": "ADMIN@example.org", "name": "Sam", "password": goodPassword, "researcherType": "peer"}, "email_taken"},
		"bad email":       {map[string]string{"email": "sam", "name": "Sam", "password": goodPassword, "researcherType": "peer"}, "invalid_input"},
		"no researcher":   {map[string]string{"email": "sam@example.org", "name": "Sam", "password": goodPassword}, "invalid_input"},
		"no name":         {map[string]string{"email": "sam@example.org", "password": goodPassword, "researcherType": "peer"}, "invalid_input"},
		"long self-label": {map[string]string{"email": "sam@example.org", "name": "Sam", "password": goodPassword, "researcherType": "other", "researcherTypeLabel": strings.Repeat("x", 101)}, "invalid_input"},
	} {
		r := e.post("/api/v1/invitations/"+tok+"/accept", "", tc.body)
		if r.code() != tc.code {
			t.Errorf("%s: %d %s, want %s", name, r.status, r.body, tc.code)
		}
	}
	r := e.must(e.post("/api/v1/invitations/"+tok+"/accept", "", map[string]string{"email": "sam@example.org", "name": "Sam", "password": goodPassword, "researcherType": "peer"}), 200)
	sam := sessionUser(r, "sam@example.org")
	if r.cookie("tandem_refresh") == nil {
		t.Fatal("new account joined without a session cookie")
	}
	members := e.must(e.get("/api/v1/projects/"+pid+"/members", admin.token), 200).list()
	if len(members) != 2 || members[1]["displayName"] != "Sam" || members[1]["role"] != "coder" || members[1]["researcherType"] != "peer" || members[1]["email"] != "sam@example.org" {
		t.Fatalf("members = %v", members)
	}
	// Coders do not see other members' emails.
	for _, m := range e.must(e.get("/api/v1/projects/"+pid+"/members", sam.token), 200).list() {
		if m["userId"] != sam.id && m["email"] != nil {
			t.Fatalf("coder sees another member's email: %v", m)
		}
	}
	// Single use.
	r = e.get("/api/v1/invitations/"+tok, "")
	if r.status != 410 || r.code() != "invitation_used" {
		t.Fatalf("used invitation preview: %d %s", r.status, r.body)
	}
	r = e.post("/api/v1/invitations/"+tok+"/accept", "", map[string]string{"email": "x@example.org", "name": "X", "password": goodPassword, "researcherType": "peer"})
	if r.status != 410 || r.code() != "invitation_used" {
		t.Fatalf("used invitation accept: %d %s", r.status, r.body)
	}
	if _, err := e.store.UserByEmail(t.Context(), "x@example.org"); err == nil {
		t.Fatal("a refused accept created an account")
	}
	// The lead's list shows who used it.
	inv := e.must(e.get("/api/v1/projects/"+pid+"/invitations", admin.token), 200).list()
	if len(inv) != 1 || inv[0]["status"] != "used" || inv[0]["usedBy"] != "Sam" || inv[0]["note"] != "for Sam" || inv[0]["token"] != nil {
		t.Fatalf("invitations = %v", inv)
	}
}

func TestInvitationExpiresAndCanBeWithdrawn(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	expiring := e.must(e.post("/api/v1/projects/"+pid+"/invitations", admin.token, map[string]any{"role": "viewer", "expiresInHours": 1}), 201).json()
	withdrawn := e.must(e.post("/api/v1/projects/"+pid+"/invitations", admin.token, map[string]any{"role": "viewer"}), 201).json()
	e.must(e.del("/api/v1/projects/"+pid+"/invitations/"+withdrawn["id"].(string), admin.token), 204)
	if r := e.del("/api/v1/projects/"+pid+"/invitations/"+withdrawn["id"].(string), admin.token); r.status != 409 {
		t.Fatalf("withdrawing twice: %d %s", r.status, r.body)
	}
	r := e.get("/api/v1/invitations/"+withdrawn["token"].(string), "")
	if r.status != 410 || r.code() != "invitation_revoked" {
		t.Fatalf("withdrawn: %d %s", r.status, r.body)
	}
	e.clock.Advance(61 * time.Minute)
	body := map[string]string{"email": "v@example.org", "name": "V", "password": goodPassword, "researcherType": "academic"}
	r = e.post("/api/v1/invitations/"+expiring["token"].(string)+"/accept", "", body)
	if r.status != 410 || r.code() != "invitation_expired" {
		t.Fatalf("expired: %d %s", r.status, r.body)
	}
	for _, bad := range []string{"nodot", pid + ".wrongsecret", "nosuchproject.secret", "." + pid} {
		if r := e.get("/api/v1/invitations/"+bad, ""); r.status != 404 || r.code() != "not_found" {
			t.Errorf("invitation %q: %d %s", bad, r.status, r.body)
		}
	}
	for _, hours := range []int{0, 721, -5} {
		if r := e.post("/api/v1/projects/"+pid+"/invitations", admin.token, map[string]any{"role": "coder", "expiresInHours": hours}); r.status != 400 {
			t.Errorf("expiresInHours %d: %d", hours, r.status)
		}
	}
	if r := e.post("/api/v1/projects/"+pid+"/invitations", admin.token, map[string]any{"role": "owner"}); r.status != 400 {
		t.Errorf("role owner: %d", r.status)
	}
}

func TestExistingUserAcceptsSignedIn(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	a := e.project(admin, "A")
	b := e.project(admin, "B")
	coder := e.join(a, admin, "coder", "c@example.org", "peer")
	tok := e.invite(admin, b, "viewer")
	r := e.must(e.post("/api/v1/invitations/"+tok+"/accept", coder.token, map[string]string{"researcherType": "academic", "displayName": "C. in B"}), 200).json()
	if r["session"] != nil || r["project"].(map[string]any)["myRole"] != "viewer" {
		t.Fatalf("signed-in accept = %v", r)
	}
	// Joining again with another link is refused and leaves the link unused.
	tok2 := e.invite(admin, b, "lead")
	r2 := e.post("/api/v1/invitations/"+tok2+"/accept", coder.token, map[string]string{"researcherType": "peer"})
	if r2.status != 409 || r2.code() != "already_member" {
		t.Fatalf("second join: %d %s", r2.status, r2.body)
	}
	e.must(e.get("/api/v1/invitations/"+tok2, ""), 200)
	if l := e.must(e.get("/api/v1/projects", coder.token), 200).list(); len(l) != 2 {
		t.Fatalf("coder's projects after joining B: %v", l)
	}
}

func TestRolesAndLastLead(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	coder := e.join(pid, admin, "coder", "c@example.org", "peer")
	base := "/api/v1/projects/" + pid + "/members/"

	if r := e.patch(base+admin.id, admin.token, map[string]string{"role": "coder"}); r.status != 409 || r.code() != "last_lead" {
		t.Fatalf("demoting the last lead: %d %s", r.status, r.body)
	}
	if r := e.del(base+admin.id, admin.token); r.status != 409 || r.code() != "last_lead" {
		t.Fatalf("last lead leaving: %d %s", r.status, r.body)
	}
	if r := e.patch(base+coder.id, coder.token, map[string]string{"role": "lead"}); r.status != 403 {
		t.Fatalf("coder promoting themself: %d %s", r.status, r.body)
	}
	if r := e.patch(base+admin.id, coder.token, map[string]string{"displayName": "Boss"}); r.status != 403 {
		t.Fatalf("coder renaming the lead: %d %s", r.status, r.body)
	}
	if r := e.patch(base+coder.id, admin.token, map[string]string{"role": "king"}); r.status != 400 {
		t.Fatalf("unknown role: %d %s", r.status, r.body)
	}
	if r := e.patch(base+"nobody", admin.token, map[string]string{"role": "viewer"}); r.status != 404 {
		t.Fatalf("unknown member: %d %s", r.status, r.body)
	}
	// A member edits their own display name and researcher type.
	m := e.must(e.patch(base+coder.id, coder.token, map[string]string{"displayName": "Sam P.", "researcherType": "other", "researcherTypeLabel": "peer and student"}), 200).json()
	if m["displayName"] != "Sam P." || m["researcherType"] != "other" || m["researcherTypeLabel"] != "peer and student" {
		t.Fatalf("profile = %v", m)
	}
	e.must(e.patch(base+coder.id, admin.token, map[string]string{"role": "lead"}), 200)
	e.must(e.patch(base+admin.id, admin.token, map[string]string{"role": "coder"}), 200)
	// Now the admin is a coder and cannot manage invitations.
	if r := e.get("/api/v1/projects/"+pid+"/invitations", admin.token); r.status != 403 {
		t.Fatalf("coder listing invitations: %d", r.status)
	}
	e.must(e.del(base+admin.id, coder.token), 204)
	if r := e.get("/api/v1/projects/"+pid, admin.token); r.status != 404 {
		t.Fatalf("removed member reads the project: %d", r.status)
	}
	if l := e.must(e.get("/api/v1/projects", admin.token), 200).list(); len(l) != 0 {
		t.Fatalf("removed member still lists the project: %v", l)
	}
}

func TestPatchProjectVersionConflict(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	p := e.must(e.patch("/api/v1/projects/"+pid, admin.token, map[string]any{"version": 0, "name": "Renamed", "description": "About peers"}), 200).json()
	if p["name"] != "Renamed" || p["version"] != float64(1) {
		t.Fatalf("patched = %v", p)
	}
	r := e.patch("/api/v1/projects/"+pid, admin.token, map[string]any{"version": 0, "name": "Stale"})
	if r.status != 409 || r.code() != "version_conflict" {
		t.Fatalf("stale version: %d %s", r.status, r.body)
	}
	cur := r.json()["error"].(map[string]any)["details"].(map[string]any)["current"].(map[string]any)
	if cur["name"] != "Renamed" || cur["version"] != float64(1) {
		t.Fatalf("conflict details = %v", cur)
	}
	if r := e.patch("/api/v1/projects/"+pid, admin.token, map[string]any{"name": "No version"}); r.status != 400 {
		t.Fatalf("no version: %d %s", r.status, r.body)
	}
	if got := e.must(e.get("/api/v1/projects/"+pid, admin.token), 200).json()["name"]; got != "Renamed" {
		t.Fatalf("refused patches changed the name to %v", got)
	}
}

func TestAuditLogRecordsChanges(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	coder := e.join(pid, admin, "coder", "c@example.org", "peer")
	e.must(e.patch("/api/v1/projects/"+pid+"/members/"+coder.id, admin.token, map[string]string{"role": "viewer"}), 200)
	e.must(e.patch("/api/v1/projects/"+pid, admin.token, map[string]any{"version": 3, "name": "Study 2"}), 200)

	if r := e.get("/api/v1/projects/"+pid+"/audit", coder.token); r.status != 403 {
		t.Fatalf("viewer reads audit: %d", r.status)
	}
	page := e.must(e.get("/api/v1/projects/"+pid+"/audit", admin.token), 200).json()
	var actions []string
	for _, x := range page["entries"].([]any) {
		actions = append(actions, x.(map[string]any)["action"].(string))
	}
	want := "project.renamed member.role_changed member.joined invitation.created project.created"
	if strings.Join(actions, " ") != want {
		t.Fatalf("audit actions = %v, want %s", actions, want)
	}
	first := page["entries"].([]any)[2].(map[string]any)
	if !strings.Contains(first["summary"].(string), "joined as a coder (peer researcher)") || first["actorId"] != coder.id {
		t.Fatalf("join entry = %v", first)
	}
	small := e.must(e.get("/api/v1/projects/"+pid+"/audit?limit=2", admin.token), 200).json()
	if len(small["entries"].([]any)) != 2 || small["nextBefore"] != float64(4) {
		t.Fatalf("page of 2 = %v", small)
	}
	rest := e.must(e.get(fmt.Sprintf("/api/v1/projects/%s/audit?limit=10&before=%v", pid, small["nextBefore"]), admin.token), 200).json()
	if len(rest["entries"].([]any)) != 3 || rest["nextBefore"] != nil {
		t.Fatalf("next page = %v", rest)
	}
	for _, q := range []string{"limit=0", "limit=201", "limit=x", "before=-1", "before=y"} {
		if r := e.get("/api/v1/projects/"+pid+"/audit?"+q, admin.token); r.status != 400 {
			t.Errorf("audit?%s: %d", q, r.status)
		}
	}
}
