package mongodb_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tandemqda/tandem/internal/mongodb/mongotest"
	"github.com/tandemqda/tandem/internal/tandem"
)

func newUser(id, email string) *tandem.User {
	return &tandem.User{ID: id, Email: email, Name: "User " + id, CreatedAt: time.Now().UTC()}
}

func TestUserEmailIsUniqueIgnoringCase(t *testing.T) {
	s := mongotest.Open(t)
	ctx := context.Background()
	if err := s.CreateUser(ctx, newUser("u1", "Ada@Example.org")); err != nil {
		t.Fatal(err)
	}
	err := s.CreateUser(ctx, newUser("u2", "ada@example.ORG"))
	if !errors.Is(err, tandem.ErrConflict) {
		t.Fatalf("second user with the same email: got %v, want conflict", err)
	}
	u, err := s.UserByEmail(ctx, " ADA@example.org ")
	if err != nil || u.ID != "u1" {
		t.Fatalf("UserByEmail = %v, %v; want u1", u, err)
	}
	if _, err := s.UserByEmail(ctx, "nobody@example.org"); !errors.Is(err, tandem.ErrNotFound) {
		t.Fatalf("unknown email: got %v, want not found", err)
	}
	n, err := s.CountUsers(ctx)
	if err != nil || n != 1 {
		t.Fatalf("CountUsers = %d, %v; want 1", n, err)
	}
	// A deleted account frees its email; deleting it again changes nothing.
	for range 2 {
		if err := s.DeleteUser(ctx, "u1"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.User(ctx, "u1"); !errors.Is(err, tandem.ErrNotFound) {
		t.Fatalf("deleted user: got %v, want not found", err)
	}
	if err := s.CreateUser(ctx, newUser("u2", "ada@example.ORG")); err != nil {
		t.Fatalf("the email of a deleted account: %v", err)
	}
}

func TestUpdateProjectKeepsEveryConcurrentChange(t *testing.T) {
	s := mongotest.Open(t)
	ctx := context.Background()
	p := &tandem.Project{ID: "p1", Name: "Study", Members: []tandem.Member{{UserID: "lead", Role: tandem.RoleLead}}}
	if err := s.CreateProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	const writers = 20
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.UpdateProject(ctx, "p1", func(p *tandem.Project) error {
				return p.AddMember(tandem.Member{UserID: fmt.Sprintf("u%d", i), Role: tandem.RoleCoder})
			})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Project(ctx, "p1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Members) != writers+1 || got.Version != writers {
		t.Fatalf("after %d concurrent joins: %d members, version %d; want %d members, version %d", writers, len(got.Members), got.Version, writers+1, writers)
	}
}

func TestUpdateProjectErrorChangesNothing(t *testing.T) {
	s := mongotest.Open(t)
	ctx := context.Background()
	if err := s.CreateProject(ctx, &tandem.Project{ID: "p1", Name: "Study", Members: []tandem.Member{{UserID: "lead", Role: tandem.RoleLead}}}); err != nil {
		t.Fatal(err)
	}
	_, err := s.UpdateProject(ctx, "p1", func(p *tandem.Project) error { return p.RemoveMember("lead") })
	if tandem.CodeOf(err) != tandem.CodeLastLead {
		t.Fatalf("removing the last lead: got %v, want last_lead", err)
	}
	p, _ := s.Project(ctx, "p1")
	if len(p.Members) != 1 || p.Version != 0 {
		t.Fatalf("project changed by a refused update: %+v", p)
	}
	if _, err := s.UpdateProject(ctx, "nope", func(*tandem.Project) error { return nil }); !errors.Is(err, tandem.ErrNotFound) {
		t.Fatalf("update of a missing project: got %v, want not found", err)
	}
}

func TestAuditLogPagesNewestFirstPerProject(t *testing.T) {
	s := mongotest.Open(t)
	ctx := context.Background()
	for i := 1; i <= 7; i++ {
		for _, pid := range []string{"a", "b"} {
			if err := s.AppendAudit(ctx, &tandem.AuditEntry{ProjectID: pid, Action: "x", Summary: fmt.Sprintf("%s%d", pid, i), At: time.Now()}); err != nil {
				t.Fatal(err)
			}
		}
	}
	page, err := s.AuditPage(ctx, "a", 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 3 || page[0].Summary != "a7" || page[2].Summary != "a5" || page[0].Seq != 7 {
		t.Fatalf("first page = %+v", page)
	}
	page, err = s.AuditPage(ctx, "a", page[2].Seq, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 4 || page[0].Summary != "a4" || page[3].Summary != "a1" {
		t.Fatalf("second page = %+v", page)
	}
	empty, err := s.AuditPage(ctx, "none", 0, 10)
	if err != nil || len(empty) != 0 {
		t.Fatalf("log of a project without entries = %v, %v", empty, err)
	}
}

func TestSetupTokenCanBeTakenOnce(t *testing.T) {
	s := mongotest.Open(t)
	ctx := context.Background()
	if err := s.PutSetupToken(ctx, "h1"); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSetupToken(ctx, "h2"); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.TakeSetupToken(ctx, "h1"); ok || err != nil {
		t.Fatalf("replaced token taken: %v %v", ok, err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := s.TakeSetupToken(ctx, "h2")
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("setup token taken %d times, want once", wins)
	}
}

func TestSessionsRevokeAllButOne(t *testing.T) {
	s := mongotest.Open(t)
	ctx := context.Background()
	for _, id := range []string{"s1", "s2", "s3"} {
		if err := s.CreateSession(ctx, &tandem.Session{ID: id, UserID: "u1", CurrentHash: id, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateSession(ctx, &tandem.Session{ID: "other", UserID: "u2", CurrentHash: "x", ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeUserSessions(ctx, "u1", "s2", "password"); err != nil {
		t.Fatal(err)
	}
	for id, revoked := range map[string]bool{"s1": true, "s2": false, "s3": true, "other": false} {
		sess, err := s.Session(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if (sess.RevokedAt != nil) != revoked {
			t.Errorf("session %s revoked = %v, want %v", id, sess.RevokedAt != nil, revoked)
		}
	}
}

func TestAddUserProjectIsIdempotent(t *testing.T) {
	s := mongotest.Open(t)
	ctx := context.Background()
	if err := s.CreateUser(ctx, newUser("u1", "u1@example.org")); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := s.AddUserProject(ctx, "u1", "p1"); err != nil {
			t.Fatal(err)
		}
	}
	u, _ := s.User(ctx, "u1")
	if len(u.ProjectIDs) != 1 || u.ProjectIDs[0] != "p1" {
		t.Fatalf("projectIds = %v", u.ProjectIDs)
	}
}
