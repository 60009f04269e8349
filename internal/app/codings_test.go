package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tandemqda/tandem/internal/app"
	"github.com/tandemqda/tandem/internal/mongodb/mongotest"
	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/transcript"
)

// TestSaveExcerptWithoutHTTP runs the save-excerpt use case on the real
// store, with no HTTP: a save, the same save sent again (a lost answer),
// a save based on an old version (the current set comes back, built outside
// the store's update), and a coder who may not code the transcript.
func TestSaveExcerptWithoutHTTP(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	a := app.New(app.Config{Store: mongotest.Open(t), Now: func() time.Time { return clock }})
	lead := &tandem.User{ID: "lead-1", Name: "Lee", Email: "lee@example.org"}
	p, err := a.CreateProject(ctx, lead, "Study", "", tandem.ResearcherAcademic, "")
	if err != nil {
		t.Fatal(err)
	}
	sc := app.Scope{User: lead, Project: p, Member: p.Member(lead.ID)}
	info, err := a.Upload(ctx, sc, "one.txt", func() ([]byte, error) { return []byte("Interviewer: How was it?\nAlex: It felt like home."), nil }, transcript.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	theme := "t-belonging"
	if _, err := a.ChangeCodebook(ctx, sc, 0, func(cb *tandem.Codebook, me *tandem.Member) (string, error) {
		for _, n := range []struct {
			id, parent string
			level      tandem.Level
		}{{"d", "", tandem.LevelDomain}, {"c", "d", tandem.LevelCategory}, {theme, "c", tandem.LevelTheme}} {
			if _, err := cb.Add(n.id, n.level, n.parent, tandem.NodeText{Name: "N " + n.id}, tandem.StatusActive, me); err != nil {
				return "", err
			}
		}
		return "three entries", nil
	}); err != nil {
		t.Fatal(err)
	}
	e := app.NewExcerpt{ID: "0b5f6f7e-0000-4000-8000-000000000001", Start: 12, End: 29, Themes: []string{theme}, Memo: "home"}
	w, err := a.AddExcerpt(ctx, sc, info.ID, sc.Coder("me"), 0, e)
	if err != nil || !w.Created || w.Version != 1 || w.Excerpt == nil || w.Excerpt.Start != 12 {
		t.Fatalf("first save: %+v, %v", w, err)
	}
	again, err := a.AddExcerpt(ctx, sc, info.ID, lead.ID, 0, e)
	if err != nil || again.Created || again.Version != 1 {
		t.Fatalf("the same save again: %+v, %v (want it answered as written, not created twice)", again, err)
	}
	other := e
	other.ID, other.Start = "0b5f6f7e-0000-4000-8000-000000000002", 0
	_, err = a.AddExcerpt(ctx, sc, info.ID, lead.ID, 0, other)
	var stale *app.Stale[app.SetOn]
	if !errors.As(err, &stale) || tandem.CodeOf(err) != tandem.CodeVersionConflict || stale.Current.Set.Version != 1 || len(stale.Current.Set.Excerpts) != 1 || stale.Current.Transcript.ID != info.ID {
		t.Fatalf("a save on an old version: %v (%+v)", err, stale)
	}
	// Nobody writes another's coding; a viewer codes nothing.
	if _, err := a.AddExcerpt(ctx, sc, info.ID, "someone-else", 0, other); tandem.CodeOf(err) != tandem.CodeForbidden {
		t.Fatalf("a save into another's coding: %v", err)
	}
	viewer := &tandem.Member{UserID: "v", Role: tandem.RoleViewer}
	if _, err := a.AddExcerpt(ctx, app.Scope{User: &tandem.User{ID: "v"}, Project: p, Member: viewer}, info.ID, "v", 0, other); tandem.CodeOf(err) != tandem.CodeForbidden {
		t.Fatalf("a viewer's save: %v", err)
	}
}

// TestReportInputKeepsBlindCodingHidden: the report's input holds only
// submitted sets, and a coder who codes blind gets none from a transcript
// until the lead reveals it.
func TestReportInputKeepsBlindCodingHidden(t *testing.T) {
	ctx := context.Background()
	a := app.New(app.Config{Store: mongotest.Open(t)})
	lead := &tandem.User{ID: "lead-1", Name: "Lee", Email: "lee@example.org"}
	p, err := a.CreateProject(ctx, lead, "Study", "", tandem.ResearcherAcademic, "")
	if err != nil {
		t.Fatal(err)
	}
	sc := app.Scope{User: lead, Project: p, Member: p.Member(lead.ID)}
	info, err := a.Upload(ctx, sc, "one.txt", func() ([]byte, error) { return []byte("Interviewer: How was it?\nAlex: It felt like home."), nil }, transcript.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	coder := &tandem.Member{UserID: "coder-1", DisplayName: "Cam", Role: tandem.RoleCoder, ResearcherType: tandem.ResearcherPeer}
	p.Members = append(p.Members, *coder)
	if _, err := a.PatchTranscript(ctx, sc, info.ID, info.Version, tandem.TranscriptPatch{AssignedCoders: &[]string{coder.UserID}}); err != nil {
		t.Fatal(err)
	}
	csc := app.Scope{User: &tandem.User{ID: coder.UserID, Name: "Cam"}, Project: p, Member: coder}
	count := func(sc app.Scope) (transcripts, sets int) {
		_, _, ts, err := a.ReportInput(ctx, sc, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range ts {
			sets += len(tr.Sets)
		}
		return len(ts), sets
	}
	if _, _, err := a.Submit(ctx, sc, info.ID, lead.ID, 0); err != nil {
		t.Fatal(err)
	}
	if n, sets := count(sc); n != 1 || sets != 1 {
		t.Fatalf("the lead's report input: %d transcripts, %d sets; want 1 and 1", n, sets)
	}
	if n, sets := count(csc); n != 0 || sets != 0 {
		t.Fatalf("a blind coder's report input: %d transcripts, %d sets; want none", n, sets)
	}
	if _, err := a.Reveal(ctx, sc, info.ID, true); err != nil {
		t.Fatal(err)
	}
	if n, sets := count(csc); n != 1 || sets != 1 {
		t.Fatalf("after the reveal: %d transcripts, %d sets; want 1 and 1", n, sets)
	}
}
