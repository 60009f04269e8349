package httpapi_test

import (
	"bytes"
	"strings"
	"testing"
)

// TestControlCharactersAreRefusedAndWriteNothing: text with a control
// character (other than tab and line break) is refused wherever people
// type it, with an error that names the field in plain words, and nothing
// of the request is stored.
func TestControlCharactersAreRefusedAndWriteNothing(t *testing.T) {
	ce := newCodingEnv(t)
	project := "/api/v1/projects/" + ce.pid
	cb := project + "/codebook"
	flexible := ce.theme("Flexible")
	// What the requests could change, read before and after each one.
	state := func() []byte {
		var b bytes.Buffer
		for _, r := range []*resp{ce.get(project, ce.lead.token), ce.get(ce.transcript(), ce.lead.token), ce.get(cb, ce.lead.token),
			ce.get(ce.transcript()+"/codings/"+ce.peer.id, ce.peer.token), ce.get(project+"/members", ce.lead.token),
			ce.get(project+"/invitations", ce.lead.token), ce.get("/api/v1/me", ce.peer.token)} {
			b.Write(ce.must(r, 200).body)
		}
		return b.Bytes()
	}
	for _, c := range []struct {
		name, method, path string
		who                *user
		body               map[string]any
		field, says        string
	}{
		{"project name", "PATCH", project, ce.lead, map[string]any{"version": 0, "name": "RLC\x07 study"}, "name", "The project name has an invisible control character after “RLC”"},
		{"project name on two lines", "PATCH", project, ce.lead, map[string]any{"version": 0, "name": "RLC\vstudy"}, "name", "The project name must be one line"},
		{"project description", "PATCH", project, ce.lead, map[string]any{"version": 0, "description": "About\x00"}, "description", "The description has an invisible control character"},
		{"transcript title", "PATCH", ce.transcript(), ce.lead, map[string]any{"version": 1, "title": "Interview\x1b 7"}, "title", "The title has an invisible"},
		{"content note", "PATCH", ce.transcript(), ce.lead, map[string]any{"version": 1, "contentNote": "Talks about\x07 grief"}, "contentNote", "The content note has"},
		{"a detail's name", "PATCH", ce.transcript(), ce.lead, map[string]any{"version": 1, "attributes": map[string]string{"age\x02": "30s"}}, "attributes", "A detail's name has"},
		{"a detail's value", "PATCH", ce.transcript(), ce.lead, map[string]any{"version": 1, "attributes": map[string]string{"age": "30\x02"}}, "attributes", "The value of “age” has"},
		{"a text that was damaged", "PATCH", ce.transcript(), ce.lead, map[string]any{"version": 1, "site": "Caf\uFFFD"}, "site", "could not be read"},
		{"speaker name", "PATCH", ce.transcript() + "/speakers", ce.lead, map[string]any{"version": 0, "renames": map[string]string{"Interviewer": "Int\x08"}}, "renames", "A speaker's name has"},
		{"theme name", "POST", cb + "/nodes", ce.lead, map[string]any{"version": 1, "level": "domain", "name": "Hope\x07"}, "name", "The name has an invisible control character after “Hope”"},
		{"definition", "PATCH", cb + "/nodes/" + flexible, ce.lead, map[string]any{"version": 1, "full": "Members\x1f choose"}, "full", "The full definition has"},
		{"memo", "POST", ce.transcript() + "/codings/me/excerpts", ce.peer, map[string]any{"version": 0, "start": 0, "end": 10, "themes": []string{flexible}, "memo": "Hmm\x07"}, "memo", "The memo has"},
		{"proposal reason", "POST", cb + "/proposals", ce.peer, map[string]any{"kind": "add", "level": "domain", "name": "New", "reason": "Because\x07"}, "reason", "The reason has"},
		{"display name", "PATCH", project + "/members/" + ce.peer.id, ce.peer, map[string]any{"displayName": "Sam\x07"}, "displayName", "The name has"},
		{"account name", "PATCH", "/api/v1/me", ce.peer, map[string]any{"name": "Sam\x07"}, "name", "The name has"},
		{"invitation note", "POST", project + "/invitations", ce.lead, map[string]any{"role": "coder", "note": "For\x07 Sam"}, "note", "The note has"},
	} {
		before := state()
		r := ce.do(req{method: c.method, path: c.path, token: c.who.token, body: c.body})
		if r.status != 400 || r.code() != "invalid_input" || !strings.Contains(r.message(), c.says) {
			t.Errorf("%s: %d %s, want 400 saying %q", c.name, r.status, r.body, c.says)
		}
		if d, _ := r.json()["error"].(map[string]any)["details"].(map[string]any); d == nil || d["field"] != c.field {
			t.Errorf("%s: error details %v, want the field %q", c.name, r.json()["error"], c.field)
		}
		if after := state(); !bytes.Equal(before, after) {
			t.Errorf("%s: the refused request changed something", c.name)
		}
	}

	// Word's manual line break (U+000B) and a Windows line end become line
	// breaks where text has lines.
	v := ce.must(ce.get(project, ce.lead.token), 200).json()["version"]
	p := ce.must(ce.patch(project, ce.lead.token, map[string]any{"version": v, "description": "First\vsecond\r\nthird"}), 200).json()
	if p["description"] != "First\nsecond\nthird" {
		t.Errorf("description stored as %q", p["description"])
	}
}
