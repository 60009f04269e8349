package embeddb

import (
	"context"
	"database/sql"
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
	e, err := Start(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop()
	ctx := context.Background()
	client, err := mongo.Connect(options.Client().ApplyURI(e.URI()))
	if err != nil {
		t.Fatal(err)
	}
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
