package embeddb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// TestIndexIDs: after IndexIDs, SQLite finds a document by _id through an
// index instead of scanning the table, with the very query FerretDB runs.
func TestIndexIDs(t *testing.T) {
	dir := t.TempDir()
	e, client := startWithClient(t, dir)
	defer e.Stop()
	ctx := context.Background()
	defer client.Disconnect(ctx)
	coll := client.Database("t").Collection("things")
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: "a"}, {Key: "v", Value: 1}}); err != nil {
		t.Fatal(err)
	}
	plan := func() string {
		db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "t.sqlite"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var table string
		if err := db.QueryRow(`SELECT table_name FROM "_ferretdb_collections" WHERE name = 'things'`).Scan(&table); err != nil {
			t.Fatal(err)
		}
		rows, err := db.Query(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "`+table+`" WHERE _ferretdb_sjson->'$._id' = ?`, `"a"`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			rows.Scan(&id, &parent, &notused, &detail)
			out = append(out, detail)
		}
		return strings.Join(out, "; ")
	}
	if p := plan(); !strings.Contains(p, "SCAN") {
		t.Fatalf("before: %s (FerretDB's own index is used: IndexIDs may no longer be needed)", p)
	}
	for range 2 { // safe to run again
		if err := e.IndexIDs(ctx, "t"); err != nil {
			t.Fatal(err)
		}
	}
	if p := plan(); !strings.Contains(p, "USING INDEX") {
		t.Fatalf("after: %s", p)
	}
	var got bson.M
	if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: "a"}}).Decode(&got); err != nil || got["v"] != int32(1) {
		t.Fatalf("find after indexing: %v %v", got, err)
	}
}

// insertSome starts an engine in dir, inserts n documents into database t
// and stops the engine cleanly.
func insertSome(t *testing.T, dir string, n int) {
	t.Helper()
	e, client := startWithClient(t, dir)
	defer e.Stop()
	ctx := context.Background()
	defer client.Disconnect(ctx)
	coll := client.Database("t").Collection("things")
	for i := range n {
		if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: i}, {Key: "text", Value: strings.Repeat("words ", 200)}}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTheEngineListensOnAPrivateSocket: the engine is reached through a
// Unix socket in its directory, which only this account may enter and use,
// also when the directory's path has a space.
func TestTheEngineListensOnAPrivateSocket(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Application Support")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	e, err := Start(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop()
	if filepath.Dir(e.Socket()) != dir || !strings.HasSuffix(e.Socket(), ".sock") {
		t.Fatalf("socket %s, want one in %s", e.Socket(), dir)
	}
	if !strings.HasPrefix(e.URI(), "mongodb://%2F") {
		t.Fatalf("URI %s does not name the socket", e.URI())
	}
	for path, want := range map[string]os.FileMode{dir: 0o700 | os.ModeDir, e.Socket(): 0o600 | os.ModeSocket} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want {
			t.Errorf("%s: mode %v, want %v", path, fi.Mode(), want)
		}
	}
	ctx := context.Background()
	client, err := mongo.Connect(options.Client().ApplyURI(e.URI()))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(ctx)
	if err := client.Ping(ctx, nil); err != nil {
		t.Fatalf("ping through the socket: %v", err)
	}
	client.Disconnect(ctx)
	e.Stop()
	if _, err := os.Lstat(e.Socket()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the socket is left after Stop: %v", err)
	}
}

// staleSocket leaves a socket file in dir that nothing listens on, as a
// process that was killed leaves its own.
func staleSocket(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "999999.sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
	return path
}

// TestStartRefusesFilesThatWouldLoseOrDamageData: a damaged database file,
// or the write-ahead log missing after the engine was not closed, stop the
// start with a message naming the file; a log left by a killed engine is
// used (and its socket cleared away).
func TestStartRefusesFilesThatWouldLoseOrDamageData(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(t *testing.T, dir string) (stale string)
		want  string // in the error; "" means the start works
	}{
		{"intact", func(t *testing.T, dir string) string { return "" }, ""},
		{"not closed, log kept", func(t *testing.T, dir string) string {
			if err := os.WriteFile(filepath.Join(dir, "t.sqlite-wal"), nil, 0o600); err != nil {
				t.Fatal(err)
			}
			return staleSocket(t, dir)
		}, ""},
		{"not closed, log missing", func(t *testing.T, dir string) string {
			return staleSocket(t, dir)
		}, "t.sqlite-wal is missing"},
		{"damaged pages", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "t.sqlite")
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for i := 4096; i < len(b); i++ { // every page but the first
				b[i] = byte(i * 7)
			}
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			return ""
		}, "t.sqlite is damaged"},
		{"not a database", func(t *testing.T, dir string) string {
			if err := os.WriteFile(filepath.Join(dir, "t.sqlite"), bytes.Repeat([]byte("junk"), 2048), 0o600); err != nil {
				t.Fatal(err)
			}
			return ""
		}, "t.sqlite is damaged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			insertSome(t, dir, 50)
			stale := tc.spoil(t, dir)
			e, err := Start(Options{Dir: dir})
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				e.Stop()
				if stale != "" {
					if _, err := os.Lstat(stale); !errors.Is(err, os.ErrNotExist) {
						t.Errorf("the stale socket %s is left: %v", stale, err)
					}
				}
				return
			}
			if err == nil {
				e.Stop()
				t.Fatalf("started; want an error with %q", tc.want)
			}
			if !strings.Contains(err.Error(), filepath.Join(dir, tc.want)) {
				t.Fatalf("error %q, want %q", err, tc.want)
			}
			if stale != "" && !strings.Contains(err.Error(), stale) {
				t.Errorf("error %q does not say which file to delete to start anyway", err)
			}
			// Nothing was changed: the same start is refused again.
			if _, err2 := Start(Options{Dir: dir}); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("second start: %v", err2)
			}
		})
	}
}

func TestNeedsCheck(t *testing.T) {
	closed := map[string]fileState{"tandem.sqlite": {size: 8192, mtime: 1000}}
	for _, tc := range []struct {
		name    string
		now     fileState
		file    string
		crashed bool
		want    bool
	}{
		{"as the last engine closed it", fileState{8192, 1000}, "tandem.sqlite", false, false},
		{"written to since", fileState{8192, 1001}, "tandem.sqlite", false, true},
		{"grown or cut since", fileState{4096, 1000}, "tandem.sqlite", false, true},
		{"never recorded", fileState{8192, 1000}, "other.sqlite", false, true},
		{"an engine was killed since", fileState{8192, 1000}, "tandem.sqlite", true, true},
	} {
		if got := needsCheck(tc.now, closed, tc.file, tc.crashed); got != tc.want {
			t.Errorf("%s: needsCheck = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestTheCloseRecordLastsUntilTheNextStart: a clean stop records the files;
// a start takes the record away, so that an engine killed afterwards leaves
// none and the next start reads every file through.
func TestTheCloseRecordLastsUntilTheNextStart(t *testing.T) {
	dir := t.TempDir()
	insertSome(t, dir, 5)
	record := filepath.Join(dir, closedFile)
	b, err := os.ReadFile(record)
	if err != nil || !strings.HasPrefix(string(b), "t.sqlite ") {
		t.Fatalf("record after a clean stop: %q, %v", b, err)
	}
	e, err := Start(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(record); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the record is still there while the engine runs: %v", err)
	}
	e.Stop()
	if _, err := os.Stat(record); err != nil {
		t.Fatalf("no record after the second stop: %v", err)
	}
}

// startWithClient starts an engine in dir and connects a client to it; the
// caller stops the engine and disconnects the client.
func startWithClient(t *testing.T, dir string) (*Engine, *mongo.Client) {
	t.Helper()
	e, err := Start(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	client, err := mongo.Connect(options.Client().ApplyURI(e.URI()))
	if err != nil {
		e.Stop()
		t.Fatal(err)
	}
	return e, client
}
