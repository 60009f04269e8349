package mongodb

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/tandemqda/tandem/internal/tandem"
)

// codingDoc stores a tandem.CodingSet with its excerpts packed, under the id
// "<transcript>:<coder>", so that every read and write is by _id.
type codingDoc struct {
	ID           string                 `bson:"_id"`
	ProjectID    string                 `bson:"projectId"`
	TranscriptID string                 `bson:"transcriptId"`
	CoderID      string                 `bson:"coderId"`
	Status       tandem.CodingStatus    `bson:"status"`
	SubmittedAt  *time.Time             `bson:"submittedAt,omitempty"`
	UpdatedAt    time.Time              `bson:"updatedAt"`
	Version      int64                  `bson:"version"`
	TextVersion  int64                  `bson:"textVersion,omitempty"`
	Excerpts     packed[tandem.Excerpt] `bson:"excerpts"`
	// Chunks counts the chunk documents holding the excerpts on the
	// embedded engine (see chunks.go).
	Chunks int `bson:"chunks,omitempty"`
}

func (d *codingDoc) domain() *tandem.CodingSet {
	es := []tandem.Excerpt(d.Excerpts)
	if es == nil {
		es = []tandem.Excerpt{}
	}
	return &tandem.CodingSet{ID: d.ID, ProjectID: d.ProjectID, TranscriptID: d.TranscriptID, CoderID: d.CoderID, Status: d.Status,
		SubmittedAt: d.SubmittedAt, UpdatedAt: d.UpdatedAt, Version: d.Version, TextVersion: d.TextVersion, Excerpts: es}
}

// CodingSet returns a coder's set on a transcript; ErrNotFound when the
// coder has not coded it. A set of another project is not found either.
func (s *Store) CodingSet(ctx context.Context, projectID, transcriptID, coderID string) (*tandem.CodingSet, error) {
	var d codingDoc
	if err := s.findByID(ctx, s.codings, tandem.CodingSetID(transcriptID, coderID), &d); err != nil {
		return nil, fmt.Errorf("load coding of %s on transcript %s: %w", coderID, transcriptID, err)
	}
	if d.ProjectID != projectID {
		return nil, fmt.Errorf("load coding of %s on transcript %s: %w", coderID, transcriptID, tandem.ErrNotFound)
	}
	if d.Chunks == 0 {
		return d.domain(), nil
	}
	_, set, err := s.loadChunks(ctx, &d)
	return set, err
}

// UpdateCodingSet applies fn to a coder's set atomically, creating the set
// (in progress, version 0) first when there is none.
func (s *Store) UpdateCodingSet(ctx context.Context, projectID, transcriptID, coderID string, fn func(*tandem.CodingSet) error) (*tandem.CodingSet, error) {
	if s.embedded {
		set, err := s.updateChunkedSet(ctx, projectID, transcriptID, coderID, fn)
		if err != nil {
			return nil, fmt.Errorf("update coding of %s on transcript %s: %w", coderID, transcriptID, err)
		}
		return set, nil
	}
	id := tandem.CodingSetID(transcriptID, coderID)
	apply := func(d *codingDoc) error {
		if d.ProjectID != projectID {
			return tandem.ErrNotFound
		}
		set := d.domain()
		if err := fn(set); err != nil {
			return err
		}
		d.Status, d.SubmittedAt, d.UpdatedAt, d.TextVersion, d.Excerpts = set.Status, set.SubmittedAt, set.UpdatedAt, set.TextVersion, set.Excerpts
		return nil
	}
	d, err := update(ctx, s, s.codings, id, func(d *codingDoc) *int64 { return &d.Version }, apply)
	if errors.Is(err, tandem.ErrNotFound) {
		err = s.insertCodingSet(ctx, &codingDoc{ID: id, ProjectID: projectID, TranscriptID: transcriptID, CoderID: coderID,
			Status: tandem.CodingInProgress, Excerpts: packed[tandem.Excerpt]{}})
		if err == nil {
			d, err = update(ctx, s, s.codings, id, func(d *codingDoc) *int64 { return &d.Version }, apply)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("update coding of %s on transcript %s: %w", coderID, transcriptID, err)
	}
	return d.domain(), nil
}

// insertCodingSet inserts an empty set unless one exists.
func (s *Store) insertCodingSet(ctx context.Context, d *codingDoc) (err error) {
	defer s.lockWrites(ctx, &err)()
	defer s.forget(s.codings, d.ID)
	_, err = s.codings.InsertOne(ctx, d)
	if err = translate(err); errors.Is(err, tandem.ErrConflict) {
		return nil // created by a concurrent write
	}
	return err
}

// DeleteCodingSet deletes a coder's set (idempotent).
func (s *Store) DeleteCodingSet(ctx context.Context, transcriptID, coderID string) (err error) {
	id := tandem.CodingSetID(transcriptID, coderID)
	var d codingDoc
	if err := s.findByID(ctx, s.codings, id, &d); err != nil && !errors.Is(err, tandem.ErrNotFound) {
		return fmt.Errorf("delete coding of %s on transcript %s: %w", coderID, transcriptID, err)
	}
	defer s.lockWrites(ctx, &err)()
	defer s.forget(s.codings, id)
	if _, err := s.codings.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("delete coding of %s on transcript %s: %w", coderID, transcriptID, translate(err))
	}
	for i := range d.Chunks {
		s.chunks.forget(chunkID(id, i))
		if _, err := s.codingChunks.DeleteOne(ctx, bson.D{{Key: "_id", Value: chunkID(id, i)}}); err != nil {
			return fmt.Errorf("delete excerpts of %s on transcript %s: %w", coderID, transcriptID, translate(err))
		}
	}
	return nil
}
