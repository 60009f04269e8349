package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tandemqda/tandem/internal/embeddb"
	"github.com/tandemqda/tandem/internal/mongodb"
	"github.com/tandemqda/tandem/internal/mongodb/mongotest"
)

// fullDiskMessage is what a person sees when the server's disk is full.
const fullDiskMessage = "The server's disk is full, so your change was not saved. It is kept in your browser; tell your admin."

// TestAFullDiskRefusesSavesWith507AndKeepsServingReads (issue 11, item 14):
// the embedded store's file can grow no more, as on a full disk. Before,
// uploads answered "internal" and saves a 500 with a general message. Now
// the upload of each file and the save answer storage_full (507 for the
// save) with a message that says what happened, the admin's log says the
// disk is full, and reading goes on.
func TestAFullDiskRefusesSavesWith507AndKeepsServingReads(t *testing.T) {
	engine, err := embeddb.Start(embeddb.Options{Dir: t.TempDir(), MaxPages: 900}) // 3.6 MB
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(engine.Stop)
	store, err := mongodb.Open(context.Background(), mongodb.Options{URI: engine.URI(), Embedded: true, Prepare: engine.IndexIDs,
		Flush: func() error { return engine.Flush("tandem") }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close(context.Background()) })
	ce := codingEnvOn(newEnvWith(t, store), file(t, "interview.txt"))
	theme := ce.theme("Flexible")

	// Uploads fill the file until one does not fit.
	full := false
	for i := 0; i < 40 && !full; i++ {
		text := fmt.Sprintf("Interviewer: Tell me about week %d.\nParticipant: ", i) + strings.Repeat(fmt.Sprintf("We met on day %d and talked. ", i), 5000)
		r := ce.must(ce.upload(ce.pid, ce.lead.token, upload{fmt.Sprintf("week-%d.txt", i), []byte(text)}), 200)
		res := results(t, r).Results[0]
		if res.OK {
			continue
		}
		if res.Error.Code != "storage_full" || res.Error.Message != fullDiskMessage {
			t.Fatalf("upload into a full store: %v, want storage_full", res.Error)
		}
		full = true
	}
	if !full {
		t.Fatal("the store never filled up")
	}

	// Saves go on until one needs a page more.
	version := ce.must(ce.get(ce.transcript()+"/codings/me", ce.peer.token), 200).json()["version"]
	var refused *resp
	saved := 0
	for i := 0; i < 400 && refused == nil; i++ {
		r := ce.post(ce.transcript()+"/codings/me/excerpts", ce.peer.token, map[string]any{"version": version, "start": i % 50, "end": i%50 + 10, "themes": []string{theme},
			"memo": strings.Repeat("A long memo that takes room. ", 40)})
		switch r.status {
		case 201:
			version = r.json()["version"]
			saved++
		case 507:
			refused = r
		default:
			t.Fatalf("save %d: %d %s", i, r.status, r.body)
		}
	}
	if refused == nil {
		t.Fatal("no save was refused")
	}
	if refused.code() != "storage_full" || refused.message() != fullDiskMessage {
		t.Fatalf("save into a full store: %d %s", refused.status, refused.body)
	}
	if logs := ce.logs.String(); !strings.Contains(logs, "level=ERROR") || !strings.Contains(logs, "disk of the store is full") {
		t.Errorf("the log does not tell the admin the disk is full:\n%s", logs)
	}

	// Reading goes on, with everything saved before.
	ce.must(ce.get("/api/v1/ready", ""), 200)
	ce.must(ce.get(ce.transcript(), ce.peer.token), 200)
	set := ce.must(ce.get(ce.transcript()+"/codings/me", ce.peer.token), 200).json()
	if n := len(set["excerpts"].([]any)); n != saved {
		t.Fatalf("%d excerpts read back, want the %d saved", n, saved)
	}
}

// TestReadyFailsWhenTheStoreCannotRead (issue 11, item 13): /ready reads
// from the store, not only pings it. With the database gone under a running
// server, /ready answers 503 with the reason in plain words (before: 200),
// while /health, which needs no store, still answers 200.
func TestReadyFailsWhenTheStoreCannotRead(t *testing.T) {
	store := mongotest.Open(t)
	e := newEnvWith(t, store)
	e.setupAdmin()
	e.must(e.get("/api/v1/ready", ""), 200)
	if err := store.Drop(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := e.get("/api/v1/ready", "")
	if r.status != 503 || r.code() != "store_unavailable" || !strings.Contains(r.message(), "cannot read its database") {
		t.Fatalf("ready with the database gone: %d %s", r.status, r.body)
	}
	e.must(e.get("/api/v1/health", ""), 200)
}
