package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestStartRefusesAStoreThatIsMissingOrDamaged (issue 11, item 13): where
// an instance was, a start with its store deleted does not make a new,
// empty one (before, it printed a new setup link, or re-created the admin
// from the environment, without a word), and a store with damaged pages
// does not start (before, /ready said 200 and requests failed with 500s).
// Each refusal names the file.
func TestStartRefusesAStoreThatIsMissingOrDamaged(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(t *testing.T, db string)
		want  string
	}{
		{"the store file deleted", func(t *testing.T, db string) {
			for _, f := range []string{db, db + "-wal", db + "-shm"} {
				if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
			}
		}, "is missing"},
		{"the store directory deleted", func(t *testing.T, db string) {
			if err := os.RemoveAll(filepath.Dir(db)); err != nil {
				t.Fatal(err)
			}
		}, "is missing"},
		{"a damaged page", func(t *testing.T, db string) {
			// The first page of the projects' table: the engine's own tables
			// are intact, so that the engine starts and answers pings.
			page := rootPage(t, db, "projects")
			f, err := os.OpenFile(db, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5}, 4096), (page-1)*4096); err != nil {
				t.Fatal(err)
			}
		}, "is damaged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			base, out, stop := start(t, dir)
			m := regexp.MustCompile(`/setup#token=([A-Za-z0-9_%-]+)`).FindStringSubmatch(out.String())
			if status, _ := postJSON(t, base+"/api/v1/setup", map[string]string{"token": m[1], "email": "pi@example.org", "name": "PI", "password": "a long enough password"}); status != 201 {
				t.Fatalf("setup: %d", status)
			}
			if err := stop(); err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(dir, "db", "tandem.sqlite")
			tc.spoil(t, db)

			var printed syncBuffer
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second) // a start that is not refused serves until then
			defer cancel()
			err := run(ctx, []string{"-listen", freeAddr(t), "-data-dir", dir}, nil, &printed, io.Discard, nil)
			if err == nil || !strings.Contains(err.Error(), db+" "+tc.want) {
				t.Fatalf("start: %v, want an error with %q\n%s", err, db+" "+tc.want, printed.String())
			}
			if strings.Contains(printed.String(), "setup#token") {
				t.Fatalf("printed a new setup link:\n%s", printed.String())
			}
		})
	}
}

// rootPage returns the number of the first page of the table that holds a
// collection in an embedded store's file.
func rootPage(t *testing.T, db, collection string) int64 {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var page int64
	err = conn.QueryRow(`SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name =
		(SELECT table_name FROM "_ferretdb_collections" WHERE name = ?)`, collection).Scan(&page)
	if err != nil {
		t.Fatal(err)
	}
	return page
}

func TestCheckStoreExists(t *testing.T) {
	for _, tc := range []struct {
		name    string
		files   []string // made in the data directory
		refused bool
	}{
		{"a new data directory", nil, false},
		{"the store is there", []string{"instance", "jwt-secret", "db/tandem.sqlite"}, false},
		{"store and secret, from before the marker", []string{"jwt-secret", "db/tandem.sqlite"}, false},
		{"marker without store", []string{"instance"}, true},
		{"secret without store", []string{"jwt-secret"}, true},
		{"both without store", []string{"instance", "jwt-secret", "db/other.sqlite"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tc.files {
				p := filepath.Join(dir, f)
				if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := checkStoreExists(dir, filepath.Join(dir, "db", "tandem.sqlite"))
			if (err != nil) != tc.refused {
				t.Fatalf("checkStoreExists: %v, want refused %v", err, tc.refused)
			}
			if err != nil && !strings.Contains(err.Error(), "move "+filepath.Join(dir, tc.files[0])) {
				t.Errorf("the message does not say which file to move to start anew: %v", err)
			}
		})
	}
}
