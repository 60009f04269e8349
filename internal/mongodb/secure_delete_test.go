package mongodb_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemqda/tandem/internal/embeddb"
	"github.com/tandemqda/tandem/internal/mongodb"
	"github.com/tandemqda/tandem/internal/tandem"
)

// TestReplacedTextLeavesNoTraceInTheFiles rewrites a transcript's text, as
// de-identification does, and checks that the old words are not left in the
// embedded engine's files.
func TestReplacedTextLeavesNoTraceInTheFiles(t *testing.T) {
	dir := t.TempDir()
	e, err := embeddb.Start(embeddb.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s, err := mongodb.Open(ctx, mongodb.Options{URI: e.URI(), Embedded: true})
	if err != nil {
		t.Fatal(err)
	}
	secret := "Wilhelmina-Featherstonehaugh-of-Upper-Snodsbury"
	// A transcript-sized text spans many database pages.
	rest := strings.Repeat("and then we talked about the group and the walks on Saturdays. ", 800)
	if err := s.PutTranscriptText(ctx, &tandem.TranscriptText{ID: "t", ProjectID: "p", Text: rest + "Hello " + secret + ". " + rest}); err != nil {
		t.Fatal(err)
	}
	// The new text is shorter, so some of the old pages are freed, not reused.
	if _, err := s.UpdateTranscriptText(ctx, "t", func(x *tandem.TranscriptText) error { x.Text = "Hello [NAME]."; return nil }); err != nil {
		t.Fatal(err)
	}
	_ = s.Close(ctx)
	e.Stop() // checkpoints the write-ahead log into the database file
	err = filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("%s still holds the replaced words", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
