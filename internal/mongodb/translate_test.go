package mongodb

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"testing"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/tandemqda/tandem/internal/tandem"
)

// TestTranslateFullDisk: every way a store says its disk is full becomes
// storage_full, with the message for the person whose change was not saved.
func TestTranslateFullDisk(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want tandem.Code
	}{
		{"SQLite through the embedded engine", mongo.CommandError{Code: 1, Name: "InternalError", Message: "[collection.go:135 sqlite.(*collection).InsertAll.func1] database or disk is full (13)"}, tandem.CodeStorageFull},
		{"MongoDB OutOfDiskSpace", mongo.CommandError{Code: 14031, Name: "OutOfDiskSpace", Message: "Cannot write: disk almost full"}, tandem.CodeStorageFull},
		{"MongoDB write error", mongo.WriteException{WriteErrors: []mongo.WriteError{{Code: 8, Message: "WiredTiger error (28) [...] No space left on device"}}}, tandem.CodeStorageFull},
		{"ENOSPC from syncing", fmt.Errorf("sync tandem.sqlite-wal: %w", &os.PathError{Op: "sync", Path: "tandem.sqlite-wal", Err: syscall.ENOSPC}), tandem.CodeStorageFull},
		{"another server error", mongo.CommandError{Code: 1, Name: "InternalError", Message: "database disk image is malformed (11)"}, tandem.CodeInternal},
		{"an I/O error", errors.New("sync tandem.sqlite-wal: input/output error"), tandem.CodeInternal},
	} {
		err := translate(tc.err)
		if got := tandem.CodeOf(err); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
			continue
		}
		if tc.want == tandem.CodeStorageFull && tandem.MessageOf(err) != "The server's disk is full, so your change was not saved. It is kept in your browser; tell your admin." {
			t.Errorf("%s: message %q", tc.name, tandem.MessageOf(err))
		}
	}
}

// TestWritesOnMongoDBWaitForAMajorityJournal: on MongoDB a write is
// acknowledged only once a majority has it in its journal; the embedded
// engine's writes wait for Flush instead.
func TestWritesOnMongoDBWaitForAMajorityJournal(t *testing.T) {
	wc := clientOptions(Options{URI: "mongodb://db.example.org:27017"}).WriteConcern
	if wc == nil || wc.W != "majority" || wc.Journal == nil || !*wc.Journal {
		t.Fatalf("write concern on MongoDB: %+v, want w majority with journal", wc)
	}
	if wc := clientOptions(Options{URI: "mongodb://%2Ftmp%2Fdb%2F1.sock/", Embedded: true}).WriteConcern; wc != nil && wc.W != nil {
		t.Fatalf("write concern on the embedded engine: %+v, want the default", wc)
	}
}
