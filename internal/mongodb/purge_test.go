package mongodb_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/tandemqda/tandem/internal/mongodb"
	"github.com/tandemqda/tandem/internal/mongodb/mongotest"
	"github.com/tandemqda/tandem/internal/tandem"
)

// fillProject stores a project as the app does: members with the project in
// their lists, two transcripts, coding sets of two coders (one large enough
// for several chunks on the embedded engine), a codebook with versions, an
// exemplar, and an audit log. It returns the transcript ids.
func fillProject(t *testing.T, s *mongodb.Store, pid string, users []string) []string {
	t.Helper()
	ctx := context.Background()
	p := &tandem.Project{ID: pid, Name: "Study " + pid}
	for i, u := range users {
		role := tandem.RoleCoder
		if i == 0 {
			role = tandem.RoleLead
		}
		p.Members = append(p.Members, tandem.Member{UserID: u, Role: role})
		if err := s.AddUserProject(ctx, u, pid); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	tids := []string{pid + "-t1", pid + "-t2"}
	for _, tid := range tids {
		if err := s.PutTranscriptText(ctx, &tandem.TranscriptText{ID: tid, ProjectID: pid, Text: "Interviewer: Hello.\nP1: Hello there.",
			Turns: []tandem.Turn{{Speaker: "Interviewer", Start: 0, End: 19}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateTranscriptIndex(ctx, pid, func(x *tandem.TranscriptIndex) error {
			x.Transcripts = append(x.Transcripts, tandem.TranscriptInfo{ID: tid, Title: "Interview " + tid, CodedBy: users[1:]})
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for ci, coder := range users[1:] {
			n := 3
			if ci == 0 {
				n = 250 // three chunks of 100 on the embedded engine
			}
			for i := range n {
				if _, err := s.UpdateCodingSet(ctx, pid, tid, coder, func(set *tandem.CodingSet) error {
					_, err := set.AddExcerpt(tandem.Excerpt{ID: fmt.Sprintf("e%d", i), Start: i, End: i + 3, Themes: []string{"th"}})
					return err
				}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for v := int64(1); v <= 3; v++ {
		if _, err := s.UpdateCodebook(ctx, pid, func(cb *tandem.Codebook) error { cb.Version = v; return nil }); err != nil {
			t.Fatal(err)
		}
		if err := s.PutCodebookVersion(ctx, &tandem.CodebookVersion{ProjectID: pid, Version: v, At: time.Now(), Summary: "change"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.UpdateExemplars(ctx, pid, func(x *tandem.ExemplarSet) error {
		_, err := x.Pick(tandem.Exemplar{ID: pid + "-x1", ThemeID: "th", TranscriptID: tids[0], ExcerptID: "e1", Text: "Hello there."})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for i, tid := range tids {
		if err := s.InsertDecision(ctx, &tandem.Decision{ID: tandem.DecisionID(tid, "item", 0), ProjectID: pid, TranscriptID: tid,
			ItemID: "item", Action: tandem.ActionAccept, At: time.Now().Add(time.Duration(i) * time.Millisecond)}); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		if err := s.AppendAudit(ctx, &tandem.AuditEntry{ProjectID: pid, At: time.Now(), Action: "x", Summary: "y"}); err != nil {
			t.Fatal(err)
		}
	}
	return tids
}

// holding lists "collection/_id" of every document whose bytes name any of
// ids: the project's own documents and every mention of it.
func holding(t *testing.T, s *mongodb.Store, ids ...string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := s.EachDocument(context.Background(), func(c string, doc bson.Raw) error {
		for _, id := range ids {
			if bytes.Contains(doc, []byte(id)) {
				out[c+"/"+fmt.Sprint(doc.Lookup("_id"))] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPurgeProjectLeavesNothingOfItAndKeepsTheOthers(t *testing.T) {
	s := mongotest.Open(t)
	ctx := context.Background()
	for _, u := range []string{"lead", "coder1", "coder2", "other"} {
		if err := s.CreateUser(ctx, newUser(u, u+"@example.org")); err != nil {
			t.Fatal(err)
		}
	}
	gone := "0b9d5a4e-gone"
	kept := "7c1f2e3d-kept"
	goneTIDs := fillProject(t, s, gone, []string{"lead", "coder1", "coder2"})
	keptTIDs := fillProject(t, s, kept, []string{"lead", "coder1", "other"})
	before := holding(t, s, append([]string{kept}, keptTIDs...)...)
	if n := len(holding(t, s, append([]string{gone}, goneTIDs...)...)); n < 15 {
		t.Fatalf("the project to delete has only %d documents; the test fills too little", n)
	}

	// A project that is not marked deleted is refused.
	if err := s.PurgeProject(ctx, kept); err == nil {
		t.Fatal("PurgeProject removed a project that is not marked deleted")
	}
	if err := s.RemoveProject(ctx, kept); err == nil {
		t.Fatal("RemoveProject removed a project that is not marked deleted")
	}

	if _, err := s.UpdateProject(ctx, gone, func(p *tandem.Project) error {
		now := time.Now().UTC()
		p.DeletedAt = &now
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	marked, err := s.DeletedProjects(ctx)
	if err != nil || len(marked) != 1 || marked[0].ID != gone {
		t.Fatalf("DeletedProjects = %v, %v", marked, err)
	}
	if err := s.PurgeProject(ctx, gone); err != nil {
		t.Fatal(err)
	}
	left := holding(t, s, append([]string{gone}, goneTIDs...)...)
	if len(left) != 1 || !left["projects/\""+gone+"\""] {
		t.Fatalf("after the purge, only the marked project document should be left: %v", left)
	}
	// An excerpt saved by a request that was in flight when the project was
	// marked lands after the purge; purging again takes it.
	if _, err := s.UpdateCodingSet(ctx, gone, goneTIDs[0], "coder1", func(set *tandem.CodingSet) error {
		_, err := set.AddExcerpt(tandem.Excerpt{ID: "late", Start: 1, End: 2, Themes: []string{"th"}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.PurgeProject(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveProject(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if left := holding(t, s, append([]string{gone}, goneTIDs...)...); len(left) != 0 {
		t.Fatalf("documents of the deleted project remain: %v", left)
	}
	// Everything is gone, so doing it all again changes nothing.
	if err := s.PurgeProject(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveProject(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if marked, err := s.DeletedProjects(ctx); err != nil || len(marked) != 0 {
		t.Fatalf("DeletedProjects after removal = %v, %v", marked, err)
	}

	// The other project is whole, through the cache and from the engine.
	after := holding(t, s, append([]string{kept}, keptTIDs...)...)
	if len(after) != len(before) {
		t.Fatalf("the other project had %d documents, now %d", len(before), len(after))
	}
	for k := range before {
		if !after[k] {
			t.Errorf("the other project lost %s", k)
		}
	}
	set, err := s.CodingSet(ctx, kept, keptTIDs[0], "coder1")
	if err != nil || len(set.Excerpts) != 250 {
		t.Fatalf("the other project's large coding set: %v", err)
	}
	u, err := s.User(ctx, "coder1")
	if err != nil || len(u.ProjectIDs) != 1 || u.ProjectIDs[0] != kept {
		t.Fatalf("coder1's projects = %v, %v; want only the kept one", u.ProjectIDs, err)
	}
	if _, err := s.TranscriptText(ctx, goneTIDs[0]); err == nil {
		t.Fatal("a deleted transcript's text is still readable (cache)")
	}
	if cb, err := s.Codebook(ctx, gone); err != nil || cb.Version != 0 {
		t.Fatalf("the deleted codebook reads back as version %d, %v", cb.Version, err)
	}
	if x, err := s.Exemplars(ctx, gone); err != nil || len(x.Exemplars) != 0 {
		t.Fatalf("the deleted project's exemplars read back: %+v, %v", x, err)
	}
	if x, err := s.Exemplars(ctx, kept); err != nil || len(x.Exemplars) != 1 || x.Exemplars[0].Text != "Hello there." {
		t.Fatalf("the other project's exemplars: %+v, %v", x, err)
	}
}

func TestPasswordResetIsTakenOnce(t *testing.T) {
	s := mongotest.Open(t)
	ctx := context.Background()
	r := &tandem.PasswordReset{UserID: "u1", TokenHash: "first", CreatedAt: time.Now().UTC(), ExpiresAt: time.Now().Add(time.Hour).UTC()}
	if err := s.PutPasswordReset(ctx, r); err != nil {
		t.Fatal(err)
	}
	// A new link replaces the first.
	r.TokenHash = "second"
	if err := s.PutPasswordReset(ctx, r); err != nil {
		t.Fatal(err)
	}
	if got, err := s.PasswordReset(ctx, "u1"); err != nil || got.TokenHash != "second" {
		t.Fatalf("PasswordReset = %+v, %v", got, err)
	}
	if ok, err := s.TakePasswordReset(ctx, "u1", "first"); err != nil || ok {
		t.Fatalf("the replaced link was taken: %v, %v", ok, err)
	}
	if ok, err := s.TakePasswordReset(ctx, "u1", "second"); err != nil || !ok {
		t.Fatalf("the link was not taken: %v, %v", ok, err)
	}
	if ok, err := s.TakePasswordReset(ctx, "u1", "second"); err != nil || ok {
		t.Fatalf("the link was taken twice: %v, %v", ok, err)
	}
	if _, err := s.PasswordReset(ctx, "u1"); !errors.Is(err, tandem.ErrNotFound) {
		t.Fatalf("a taken link is still there: %v", err)
	}
}
