package httpapi_test

import (
	"archive/zip"
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestUploadOpenDocument: an .odt is stored with its speakers; one
// protected with a password is refused with a plain message and stores
// nothing.
func TestUploadOpenDocument(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Study")
	good, err := os.ReadFile("../transcript/testdata/interview.odt")
	if err != nil {
		t.Fatal(err)
	}
	res := results(t, e.must(e.upload(pid, admin.token, upload{"interview.odt", good}, upload{"locked.odt", lockedODT(t)}), 200))
	if len(res.Results) != 2 || !res.Results[0].OK || res.Results[1].OK {
		t.Fatalf("results %+v", res.Results)
	}
	if r := res.Results[1]; r.Error.Code != "invalid_file" || !strings.Contains(r.Error.Message, "protected with a password") {
		t.Errorf("locked.odt: %s %q", r.Error.Code, r.Error.Message)
	}
	list := e.must(e.get("/api/v1/projects/"+pid+"/transcripts", admin.token), 200).list()
	if len(list) != 1 || list[0]["format"] != "odt" || list[0]["title"] != "interview" {
		t.Fatalf("list = %v", list)
	}
	one := e.must(e.get("/api/v1/projects/"+pid+"/transcripts/"+list[0]["id"].(string), admin.token), 200).json()
	var speakers []string
	for _, turn := range one["turns"].([]any) {
		speakers = append(speakers, turn.(map[string]any)["speaker"].(string))
	}
	if got := strings.Join(speakers, ","); got != ",,Interviewer,Participant,Interviewer,Participant,Interviewer,Participant,Interviewer" {
		t.Errorf("speakers %s", got)
	}
	if text := one["text"].(string); strings.Contains(text, "hated it") || !strings.Contains(text, "It was small.") {
		t.Errorf("tracked changes not applied: %q", text)
	}
}

// lockedODT is an .odt whose manifest says its content is encrypted, as
// LibreOffice writes a file saved with a password.
func lockedODT(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range [][2]string{
		{"mimetype", "application/vnd.oasis.opendocument.text"},
		{"META-INF/manifest.xml", `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry></manifest:manifest>`},
		{"content.xml", "\x8f\x01 encrypted bytes"},
	} {
		w, err := zw.Create(part[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(part[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
