package mongodb

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/tandemqda/tandem/internal/tandem"
)

// now is the store's clock, in UTC at millisecond precision as BSON keeps it.
func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// CreateProject inserts a project.
func (s *Store) CreateProject(ctx context.Context, p *tandem.Project) (err error) {
	if p.Invitations == nil {
		p.Invitations = []tandem.Invitation{}
	}
	defer s.lockWrites(ctx, &err)()
	defer s.forget(s.projects, p.ID)
	if _, err := s.projects.InsertOne(ctx, p); err != nil {
		return fmt.Errorf("create project: %w", translate(err))
	}
	return nil
}

// Project loads a project by id.
func (s *Store) Project(ctx context.Context, id string) (*tandem.Project, error) {
	var p tandem.Project
	if err := s.findByID(ctx, s.projects, id, &p); err != nil {
		return nil, fmt.Errorf("load project %s: %w", id, err)
	}
	return &p, nil
}

// UpdateProject applies fn to the project atomically and increments its version.
func (s *Store) UpdateProject(ctx context.Context, id string, fn func(*tandem.Project) error) (*tandem.Project, error) {
	p, err := update(ctx, s, s.projects, id, func(p *tandem.Project) *int64 { return &p.Version }, fn)
	if err != nil {
		return nil, fmt.Errorf("update project %s: %w", id, err)
	}
	return p, nil
}

// auditID is the _id of a project's audit entry: reading a page of the log is
// then a few reads by _id, whose cost does not grow with other projects.
func auditID(projectID string, seq int64) string {
	return fmt.Sprintf("%s:%012d", projectID, seq)
}

func auditCounterID(projectID string) string { return "audit:" + projectID }

// AppendAudit numbers the entry with the project's next sequence number and
// stores it.
func (s *Store) AppendAudit(ctx context.Context, e *tandem.AuditEntry) (err error) {
	defer s.lockWrites(ctx, &err)()
	var c struct {
		Seq int64 `bson:"seq"`
	}
	err = s.counters.FindOneAndUpdate(ctx,
		bson.D{{Key: "_id", Value: auditCounterID(e.ProjectID)}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "seq", Value: int64(1)}}}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After),
	).Decode(&c)
	if err != nil {
		return fmt.Errorf("number audit entry of project %s: %w", e.ProjectID, translate(err))
	}
	e.Seq = c.Seq
	e.ID = auditID(e.ProjectID, e.Seq)
	if _, err := s.audit.InsertOne(ctx, e); err != nil {
		return fmt.Errorf("append audit entry of project %s: %w", e.ProjectID, translate(err))
	}
	return nil
}

// AuditPage returns up to limit entries below before (0: newest), newest first.
func (s *Store) AuditPage(ctx context.Context, projectID string, before int64, limit int) ([]tandem.AuditEntry, error) {
	entries := []tandem.AuditEntry{}
	if before <= 0 {
		var c struct {
			Seq int64 `bson:"seq"`
		}
		err := s.findByID(ctx, s.counters, auditCounterID(projectID), &c)
		if errors.Is(err, tandem.ErrNotFound) {
			return entries, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read audit log of project %s: %w", projectID, err)
		}
		before = c.Seq + 1
	}
	// A failed append can leave a gap; look a little further than limit.
	for seq, tries := before-1, 0; seq > 0 && len(entries) < limit && tries < 2*limit+10; seq, tries = seq-1, tries+1 {
		var e tandem.AuditEntry
		err := s.findByID(ctx, s.audit, auditID(projectID, seq), &e)
		if errors.Is(err, tandem.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read audit log of project %s: %w", projectID, err)
		}
		entries = append(entries, e)
	}
	return entries, nil
}
