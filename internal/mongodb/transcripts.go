package mongodb

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/tandemqda/tandem/internal/tandem"
)

// TranscriptIndex returns the project's index of transcripts.
func (s *Store) TranscriptIndex(ctx context.Context, projectID string) (*tandem.TranscriptIndex, error) {
	var x tandem.TranscriptIndex
	err := findByID(ctx, s.transcriptIndex, projectID, &x)
	if errors.Is(err, tandem.ErrNotFound) {
		return &tandem.TranscriptIndex{ProjectID: projectID, Transcripts: []tandem.TranscriptInfo{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load transcripts of project %s: %w", projectID, err)
	}
	return &x, nil
}

// UpdateTranscriptIndex applies fn to the project's index atomically.
func (s *Store) UpdateTranscriptIndex(ctx context.Context, projectID string, fn func(*tandem.TranscriptIndex) error) (*tandem.TranscriptIndex, error) {
	if err := s.ensureDoc(ctx, s.transcriptIndex, projectID, bson.D{{Key: "transcripts", Value: bson.A{}}, {Key: "version", Value: int64(0)}}); err != nil {
		return nil, fmt.Errorf("create transcript index of project %s: %w", projectID, err)
	}
	x, err := update(ctx, s, s.transcriptIndex, projectID, func(x *tandem.TranscriptIndex) *int64 { return &x.Version }, fn)
	if err != nil {
		return nil, fmt.Errorf("update transcripts of project %s: %w", projectID, err)
	}
	return x, nil
}

// ensureDoc inserts {_id: id, fields...} unless a document with the id exists.
func (s *Store) ensureDoc(ctx context.Context, c *mongo.Collection, id string, fields bson.D) error {
	defer s.lockWrites()()
	_, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$setOnInsert", Value: fields}}, options.UpdateOne().SetUpsert(true))
	if err = translate(err); errors.Is(err, tandem.ErrConflict) {
		return nil // created by a concurrent upsert
	}
	return err
}

// PutTranscriptText inserts a transcript's text and turns.
func (s *Store) PutTranscriptText(ctx context.Context, t *tandem.TranscriptText) error {
	if t.Turns == nil {
		t.Turns = []tandem.Turn{}
	}
	defer s.lockWrites()()
	if _, err := s.transcriptTexts.InsertOne(ctx, t); err != nil {
		return fmt.Errorf("store transcript %s: %w", t.ID, translate(err))
	}
	return nil
}

// TranscriptText loads a transcript's text and turns.
func (s *Store) TranscriptText(ctx context.Context, id string) (*tandem.TranscriptText, error) {
	var t tandem.TranscriptText
	if err := findByID(ctx, s.transcriptTexts, id, &t); err != nil {
		return nil, fmt.Errorf("load transcript %s: %w", id, err)
	}
	return &t, nil
}

// UpdateTranscriptText applies fn to a transcript's text atomically.
func (s *Store) UpdateTranscriptText(ctx context.Context, id string, fn func(*tandem.TranscriptText) error) (*tandem.TranscriptText, error) {
	t, err := update(ctx, s, s.transcriptTexts, id, func(t *tandem.TranscriptText) *int64 { return &t.Version }, fn)
	if err != nil {
		return nil, fmt.Errorf("update transcript %s: %w", id, err)
	}
	return t, nil
}

// DeleteTranscriptText deletes a transcript's text (idempotent).
func (s *Store) DeleteTranscriptText(ctx context.Context, id string) error {
	defer s.lockWrites()()
	if _, err := s.transcriptTexts.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("delete transcript %s: %w", id, translate(err))
	}
	return nil
}
