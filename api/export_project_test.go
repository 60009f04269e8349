package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestExportProjectWritesTheProjectFile: the admin exports a project by
// name from the data directory while the server is stopped, and is told
// which projects there are when the name matches none.
func TestExportProjectWritesTheProjectFile(t *testing.T) {
	dir := t.TempDir()
	base, out, stop := start(t, dir)
	m := regexp.MustCompile(`/setup#token=([A-Za-z0-9_%-]+)`).FindStringSubmatch(out.String())
	status, body := postJSON(t, base+"/api/v1/setup", map[string]string{"token": m[1], "email": "pi@example.org", "name": "PI", "password": "a long enough password"})
	if status != 201 {
		t.Fatalf("setup: %d", status)
	}
	b, _ := json.Marshal(map[string]string{"name": "Recovery study"})
	r, _ := http.NewRequest("POST", base+"/api/v1/projects", bytes.NewReader(b))
	r.Header.Set("Authorization", "Bearer "+body["accessToken"].(string))
	r.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	var project struct{ ID string }
	_ = json.NewDecoder(res.Body).Decode(&project)
	res.Body.Close()
	if res.StatusCode != 201 || project.ID == "" {
		t.Fatalf("create a project: %d", res.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	export := func(args ...string) (string, error) {
		var printed bytes.Buffer
		err := run(context.Background(), append([]string{"export-project", "-data-dir", dir}, args...), nil, &printed, io.Discard, nil)
		return printed.String(), err
	}
	if _, err := export("-project", "Nothing like it"); err == nil || !strings.Contains(err.Error(), `no project has the id or name "Nothing like it"; the projects are:`) ||
		!strings.Contains(err.Error(), project.ID+"  Recovery study") {
		t.Fatalf("an unknown project: %v", err)
	}
	file := filepath.Join(t.TempDir(), "backup.qdpx")
	printed, err := export("-project", "recovery STUDY", "-out", file)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Wrote " + file + `: the project "Recovery study" with 0 transcripts, 0 excerpts and 0 memos.`; !strings.Contains(printed, want) {
		t.Errorf("printed %q, want %q", printed, want)
	}
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	defer zr.Close()
	if len(zr.File) != 1 || zr.File[0].Name != "project.qde" {
		t.Fatalf("entries %v", zr.File)
	}
	rc, _ := zr.File[0].Open()
	qde, _ := io.ReadAll(rc)
	rc.Close()
	if !strings.Contains(string(qde), `<Project xmlns="urn:QDA-XML:project:1.0" name="Recovery study"`) || !strings.Contains(string(qde), `name="PI"`) {
		t.Errorf("project.qde:\n%s", qde)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the file's mode: %v %v", fi, err)
	}
}
