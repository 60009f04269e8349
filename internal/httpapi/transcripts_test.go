package httpapi_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"
)

type upload struct {
	name string
	data []byte
}

func file(t testing.TB, name string) upload {
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return upload{name, b}
}

// upload sends files as one multipart request.
func (e *env) upload(pid, token string, files ...upload) *resp {
	e.t.Helper()
	return e.multipart("/api/v1/projects/"+pid+"/transcripts", token, "files", files, nil)
}

// multipart posts files under field, and form values, as multipart/form-data.
func (e *env) multipart(path, token, field string, files []upload, values map[string]string) *resp {
	e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range values {
		_ = w.WriteField(k, v)
	}
	for _, f := range files {
		part, err := w.CreateFormFile(field, f.name)
		if err != nil {
			e.t.Fatal(err)
		}
		_, _ = part.Write(f.data)
	}
	_ = w.Close()
	hr, err := http.NewRequest("POST", e.base+path, &body)
	if err != nil {
		e.t.Fatal(err)
	}
	hr.Header.Set("Content-Type", w.FormDataContentType())
	hr.Header.Set("Authorization", "Bearer "+token)
	return e.send(hr)
}

type uploadResults struct {
	Results []struct {
		FileName   string
		OK         bool
		Transcript map[string]any
		Error      struct{ Code, Message string }
	}
}

func results(t testing.TB, r *resp) uploadResults {
	var out uploadResults
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatalf("upload answer %d %s: %v", r.status, r.body, err)
	}
	return out
}

func TestUploadStoresGoodFilesAndExplainsBadOnes(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	r := e.must(e.upload(pid, admin.token,
		file(t, "interview.docx"),
		upload{"junk.txt", []byte("\x00\x01\x02binary\x00")},
		file(t, "teams.vtt"),
		upload{"broken.vtt", []byte("WEBVTT\n\n00:00:01.000 --> 00:00:xx.000\nhi\n")},
		upload{"again.docx", file(t, "interview.docx").data},
		upload{"slides.pdf", []byte("%PDF-1.4")},
		upload{"empty.txt", nil},
	), 200)
	res := results(t, r)
	want := []struct {
		ok   bool
		code string
	}{{true, ""}, {false, "invalid_file"}, {true, ""}, {false, "invalid_file"}, {false, "conflict"}, {false, "unsupported_format"}, {false, "empty_file"}}
	if len(res.Results) != len(want) {
		t.Fatalf("results %s", r.body)
	}
	for i, w := range want {
		got := res.Results[i]
		if got.OK != w.ok || got.Error.Code != w.code || (!got.OK && got.Error.Message == "") {
			t.Errorf("file %d %s: ok=%v code=%q %q, want ok=%v code=%q", i, got.FileName, got.OK, got.Error.Code, got.Error.Message, w.ok, w.code)
		}
	}
	if !strings.Contains(res.Results[4].Error.Message, `"interview"`) {
		t.Errorf("duplicate message does not name the existing transcript: %q", res.Results[4].Error.Message)
	}
	list := e.must(e.get("/api/v1/projects/"+pid+"/transcripts", admin.token), 200).list()
	if len(list) != 2 || list[0]["title"] != "interview" || list[0]["turnCount"] != float64(7) || list[1]["title"] != "teams" || list[0]["words"].(float64) < 40 {
		t.Fatalf("list = %v", list)
	}
	if _, ok := list[0]["text"]; ok {
		t.Fatal("the list carries texts")
	}
	one := e.must(e.get("/api/v1/projects/"+pid+"/transcripts/"+list[1]["id"].(string), admin.token), 200).json()
	turns := one["turns"].([]any)
	first := turns[0].(map[string]any)
	if first["speaker"] != "Jordan Interviewer" || first["atMillis"] != float64(1000) || !strings.HasPrefix(one["text"].(string), "Could you tell me") {
		t.Fatalf("transcript = %v", one)
	}
	if r := e.upload(pid, admin.token); r.status != 400 {
		t.Fatalf("upload without files: %d %s", r.status, r.body)
	}
	audit := e.must(e.get("/api/v1/projects/"+pid+"/audit", admin.token), 200).json()["entries"].([]any)
	if a := audit[0].(map[string]any); a["action"] != "transcript.uploaded" {
		t.Fatalf("last audit entry %v", a)
	}
}

func TestUploadTooLargeFile(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	big := upload{"big.txt", []byte(strings.Repeat("Interviewer: words words words.\n", 400_000))}
	res := results(t, e.must(e.upload(pid, admin.token, big, file(t, "interview.txt")), 200))
	if res.Results[0].OK || res.Results[0].Error.Code != "file_too_large" || !res.Results[1].OK {
		t.Fatalf("results %+v", res.Results)
	}
}

func TestCodersSeeAssignedTranscriptsOnly(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	coder := e.join(pid, admin, "coder", "c@example.org", "peer")
	viewer := e.join(pid, admin, "viewer", "v@example.org", "academic")
	res := results(t, e.upload(pid, admin.token, file(t, "interview.txt"), file(t, "teams.vtt")))
	a, b := res.Results[0].Transcript, res.Results[1].Transcript

	if l := e.must(e.get("/api/v1/projects/"+pid+"/transcripts", coder.token), 200).list(); len(l) != 0 {
		t.Fatalf("coder sees unassigned transcripts: %v", l)
	}
	if r := e.get("/api/v1/projects/"+pid+"/transcripts/"+a["id"].(string), coder.token); r.status != 404 {
		t.Fatalf("coder reads an unassigned transcript: %d", r.status)
	}
	if l := e.must(e.get("/api/v1/projects/"+pid+"/transcripts", viewer.token), 200).list(); len(l) != 2 {
		t.Fatalf("viewer sees %d transcripts, want 2", len(l))
	}
	upd := e.must(e.patch("/api/v1/projects/"+pid+"/transcripts/"+a["id"].(string), admin.token, map[string]any{
		"version": 0, "assignedCoders": []string{coder.id}, "participant": "Alex", "interviewDate": "2026-03-14",
		"site": "Riverside RLC", "contentNote": "Discusses a hospital stay.", "attributes": map[string]string{"age band": "30-39"},
	}), 200).json()
	if upd["participant"] != "Alex" || upd["version"] != float64(1) || upd["contentNote"] != "Discusses a hospital stay." {
		t.Fatalf("patched = %v", upd)
	}
	l := e.must(e.get("/api/v1/projects/"+pid+"/transcripts", coder.token), 200).list()
	if len(l) != 1 || l[0]["id"] != a["id"] {
		t.Fatalf("coder's list after assignment = %v", l)
	}
	e.must(e.get("/api/v1/projects/"+pid+"/transcripts/"+a["id"].(string), coder.token), 200)
	// The lead shares all transcripts.
	e.share(admin, pid)
	e.must(e.get("/api/v1/projects/"+pid+"/transcripts/"+b["id"].(string), coder.token), 200)
}

func TestTranscriptDetailsValidation(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	viewer := e.join(pid, admin, "viewer", "v@example.org", "academic")
	tid := results(t, e.upload(pid, admin.token, file(t, "interview.txt"))).Results[0].Transcript["id"].(string)
	path := "/api/v1/projects/" + pid + "/transcripts/" + tid
	for name, body := range map[string]map[string]any{
		"no version":       {"title": "x"},
		"blank title":      {"version": 0, "title": "  "},
		"bad date":         {"version": 0, "interviewDate": "14/03/2026"},
		"impossible date":  {"version": 0, "interviewDate": "2026-02-30"},
		"viewer assigned":  {"version": 0, "assignedCoders": []string{viewer.id}},
		"unknown assigned": {"version": 0, "assignedCoders": []string{"nobody"}},
		"long note":        {"version": 0, "contentNote": strings.Repeat("x", 501)},
		"bad attribute":    {"version": 0, "attributes": map[string]string{"a.b": "x"}},
		"two-line site":    {"version": 0, "site": "a\nb"},
	} {
		if r := e.patch(path, admin.token, body); r.status != 400 {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	e.must(e.patch(path, admin.token, map[string]any{"version": 0, "title": "Interview 7"}), 200)
	r := e.patch(path, admin.token, map[string]any{"version": 0, "title": "Stale"})
	if r.status != 409 || r.code() != "version_conflict" {
		t.Fatalf("stale version: %d %s", r.status, r.body)
	}
	if got := e.must(e.get(path, admin.token), 200).json()["title"]; got != "Interview 7" {
		t.Fatalf("title = %v", got)
	}
}

func TestSpeakersRedactionAndDelete(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	src := "Speaker 1: Hello Maria, welcome to Riverside.\nSpeaker 2: Thanks. I'm Maria; Riverside helped me.\n"
	tid := results(t, e.upload(pid, admin.token, upload{"i.txt", []byte(src)})).Results[0].Transcript["id"].(string)
	base := "/api/v1/projects/" + pid + "/transcripts/" + tid

	r := e.must(e.patch(base+"/speakers", admin.token, map[string]any{"version": 0, "renames": map[string]string{"Speaker 1": "Interviewer", "Speaker 2": "Maria"}, "participant": "Speaker 2"}), 200).json()
	if r["turns"].([]any)[0].(map[string]any)["speaker"] != "Interviewer" || r["participantSpeaker"] != "Maria" {
		t.Fatalf("after renaming: %v", r)
	}
	if r := e.patch(base+"/speakers", admin.token, map[string]any{"version": 1, "renames": map[string]string{"Nobody": "X"}}); r.status != 400 {
		t.Fatalf("renaming an unknown speaker: %d %s", r.status, r.body)
	}
	e.must(e.do(req{method: "PUT", path: "/api/v1/projects/" + pid + "/identifier-names", token: admin.token, body: map[string]any{"names": []string{"Riverside", " riverside "}}}), 200)
	ids := e.must(e.get(base+"/identifiers", admin.token), 200).json()
	var spans []any
	for _, c := range ids["candidates"].([]any) {
		c := c.(map[string]any)
		if c["text"] == "Maria" || c["text"] == "Riverside" {
			spans = append(spans, c["spans"].([]any)...)
		}
	}
	if len(spans) != 4 {
		t.Fatalf("candidates %v", ids)
	}
	var reps []map[string]any
	for _, s := range spans {
		s := s.([]any)
		reps = append(reps, map[string]any{"start": s[0], "end": s[1], "with": "[NAME]"})
	}
	if r := e.post(base+"/redactions", admin.token, map[string]any{"version": 0, "replacements": reps}); r.status != 409 {
		t.Fatalf("redaction on a stale version: %d %s", r.status, r.body)
	}
	red := e.must(e.post(base+"/redactions", admin.token, map[string]any{"version": ids["textVersion"], "replacements": reps}), 200).json()
	text := red["text"].(string)
	if strings.Contains(text, "Maria") || strings.Contains(text, "Riverside") || text != "Hello [NAME], welcome to [NAME].\n\nThanks. I'm [NAME]; [NAME] helped me." || red["redacted"] != true {
		t.Fatalf("redacted text %q (%v)", text, red["redacted"])
	}
	audit := e.must(e.get("/api/v1/projects/"+pid+"/audit", admin.token), 200).body
	if !bytes.Contains(audit, []byte("replaced 4 identifiers")) || bytes.Contains(audit, []byte("Riverside")) {
		t.Fatalf("audit log: %s", audit)
	}
	if r := e.post(base+"/redactions", admin.token, map[string]any{"version": red["textVersion"], "replacements": []map[string]any{{"start": 0, "end": 999, "with": "x"}}}); r.status != 400 {
		t.Fatalf("redaction outside the text: %d %s", r.status, r.body)
	}
	e.must(e.del(base, admin.token), 204)
	if r := e.get(base, admin.token); r.status != 404 {
		t.Fatalf("deleted transcript still readable: %d", r.status)
	}
	if _, err := e.store.TranscriptText(t.Context(), tid); err == nil {
		t.Fatal("the text of a deleted transcript is still stored")
	}
	// The same text can be uploaded again after deleting.
	if res := results(t, e.upload(pid, admin.token, upload{"i.txt", []byte(src)})); !res.Results[0].OK {
		t.Fatalf("re-upload after delete: %+v", res.Results[0])
	}
}
