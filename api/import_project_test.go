package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestImportProjectCommand: the admin previews and imports a project file
// into the data directory while the server is stopped, exports it again
// with export-project, and imports that backup as another project.
func TestImportProjectCommand(t *testing.T) {
	dir := t.TempDir()
	base, out, stop := start(t, dir)
	m := regexp.MustCompile(`/setup#token=([A-Za-z0-9_%-]+)`).FindStringSubmatch(out.String())
	if status, _ := postJSON(t, base+"/api/v1/setup", map[string]string{"token": m[1], "email": "pi@example.org", "name": "PI", "password": "a long enough password"}); status != 201 {
		t.Fatalf("setup: %d", status)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	command := func(args ...string) (string, error) {
		var printed bytes.Buffer
		err := run(context.Background(), append(args, "-data-dir", dir), nil, &printed, io.Discard, nil)
		return printed.String(), err
	}
	sample := "../internal/refiqda/testdata/nvivo12-windows-two-sources.qdpx"
	printed, err := command("import-project", sample, "-preview")
	if err != nil || !strings.Contains(printed, `holds the project "Untitled" with 2 transcripts`) || !strings.Contains(printed, "Nothing was imported") ||
		!strings.Contains(printed, "UTF-16") {
		t.Fatalf("preview: %v\n%s", err, printed)
	}
	if _, err := command("export-project", "-project", "Untitled", "-out", filepath.Join(t.TempDir(), "x.qdpx")); err == nil {
		t.Fatal("the preview made a project")
	}
	printed, err = command("import-project", sample, "-lead", "PI@example.org")
	if err != nil || !strings.Contains(printed, `as the project "Untitled"`) || !strings.Contains(printed, "led by pi@example.org") {
		t.Fatalf("import: %v\n%s", err, printed)
	}
	backup := filepath.Join(t.TempDir(), "backup.qdpx")
	if _, err := command("export-project", "-project", "Untitled", "-out", backup); err != nil {
		t.Fatal(err)
	}
	printed, err = command("import-project", "-file", backup)
	if err != nil || !strings.Contains(printed, "2 transcripts") || !strings.Contains(printed, "303 excerpts") {
		t.Fatalf("import of the backup: %v\n%s", err, printed)
	}
	if _, err := command("import-project", filepath.Join(dir, "nothing.qdpx")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("a missing file: %v", err)
	}
	if _, err := command("import-project", sample, "-lead", "nobody@example.org"); err == nil || !strings.Contains(err.Error(), `no account has the email "nobody@example.org"`) {
		t.Errorf("an unknown lead: %v", err)
	}
}
