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

// indexDoc stores a tandem.TranscriptIndex with its entries packed.
type indexDoc struct {
	ProjectID   string                        `bson:"_id"`
	Transcripts packed[tandem.TranscriptInfo] `bson:"transcripts"`
	Version     int64                         `bson:"version"`
}

func (d *indexDoc) domain() *tandem.TranscriptIndex {
	ts := []tandem.TranscriptInfo(d.Transcripts)
	if ts == nil {
		ts = []tandem.TranscriptInfo{}
	}
	return &tandem.TranscriptIndex{ProjectID: d.ProjectID, Transcripts: ts, Version: d.Version}
}

// textDoc stores a tandem.TranscriptText with its turns packed.
type textDoc struct {
	ID          string              `bson:"_id"`
	ProjectID   string              `bson:"projectId"`
	Text        string              `bson:"text"`
	Turns       packed[tandem.Turn] `bson:"turns"`
	Participant string              `bson:"participant"`
	Changes     []tandem.TextChange `bson:"changes,omitempty"`
	Version     int64               `bson:"version"`
}

func (d *textDoc) domain() *tandem.TranscriptText {
	return &tandem.TranscriptText{ID: d.ID, ProjectID: d.ProjectID, Text: d.Text, Turns: d.Turns, Participant: d.Participant,
		Changes: d.Changes, Version: d.Version}
}

func newTextDoc(t *tandem.TranscriptText) *textDoc {
	return &textDoc{ID: t.ID, ProjectID: t.ProjectID, Text: t.Text, Turns: t.Turns, Participant: t.Participant,
		Changes: t.Changes, Version: t.Version}
}

// TranscriptIndex returns the project's index of transcripts.
func (s *Store) TranscriptIndex(ctx context.Context, projectID string) (*tandem.TranscriptIndex, error) {
	var d indexDoc
	err := s.findByID(ctx, s.transcriptIndex, projectID, &d)
	if errors.Is(err, tandem.ErrNotFound) {
		return &tandem.TranscriptIndex{ProjectID: projectID, Transcripts: []tandem.TranscriptInfo{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load transcripts of project %s: %w", projectID, err)
	}
	return d.domain(), nil
}

// UpdateTranscriptIndex applies fn to the project's index atomically.
func (s *Store) UpdateTranscriptIndex(ctx context.Context, projectID string, fn func(*tandem.TranscriptIndex) error) (*tandem.TranscriptIndex, error) {
	if err := s.ensureDoc(ctx, s.transcriptIndex, projectID, bson.D{
		{Key: "transcripts", Value: packed[tandem.TranscriptInfo]{}}, {Key: "version", Value: int64(0)},
	}); err != nil {
		return nil, fmt.Errorf("create transcript index of project %s: %w", projectID, err)
	}
	d, err := update(ctx, s, s.transcriptIndex, projectID, func(d *indexDoc) *int64 { return &d.Version }, func(d *indexDoc) error {
		x := d.domain()
		if err := fn(x); err != nil {
			return err
		}
		d.Transcripts = x.Transcripts
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update transcripts of project %s: %w", projectID, err)
	}
	return d.domain(), nil
}

// ensureDoc inserts {_id: id, fields...} unless a document with the id exists.
func (s *Store) ensureDoc(ctx context.Context, c *mongo.Collection, id string, fields bson.D) (err error) {
	if s.caches(c) {
		if _, ok, _ := s.cache.get(cacheKey(c, id)); ok {
			return nil // it exists: the cache holds only documents that do
		}
	}
	defer s.lockWrites(ctx, &err)()
	defer s.forget(c, id)
	_, err = c.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$setOnInsert", Value: fields}}, options.UpdateOne().SetUpsert(true))
	if err = translate(err); errors.Is(err, tandem.ErrConflict) {
		return nil // created by a concurrent upsert
	}
	return err
}

// PutTranscriptText inserts a transcript's text and turns.
func (s *Store) PutTranscriptText(ctx context.Context, t *tandem.TranscriptText) (err error) {
	defer s.lockWrites(ctx, &err)()
	defer s.forget(s.transcriptTexts, t.ID)
	if _, err := s.transcriptTexts.InsertOne(ctx, newTextDoc(t)); err != nil {
		return fmt.Errorf("store transcript %s: %w", t.ID, translate(err))
	}
	return nil
}

// TranscriptText loads a transcript's text and turns.
func (s *Store) TranscriptText(ctx context.Context, id string) (*tandem.TranscriptText, error) {
	var d textDoc
	if err := s.findByID(ctx, s.transcriptTexts, id, &d); err != nil {
		return nil, fmt.Errorf("load transcript %s: %w", id, err)
	}
	return d.domain(), nil
}

// UpdateTranscriptText applies fn to a transcript's text atomically.
func (s *Store) UpdateTranscriptText(ctx context.Context, id string, fn func(*tandem.TranscriptText) error) (*tandem.TranscriptText, error) {
	d, err := update(ctx, s, s.transcriptTexts, id, func(d *textDoc) *int64 { return &d.Version }, func(d *textDoc) error {
		t := d.domain()
		if err := fn(t); err != nil {
			return err
		}
		*d = *newTextDoc(t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update transcript %s: %w", id, err)
	}
	return d.domain(), nil
}

// DeleteTranscriptText deletes a transcript's text (idempotent).
func (s *Store) DeleteTranscriptText(ctx context.Context, id string) (err error) {
	defer s.lockWrites(ctx, &err)()
	defer s.forget(s.transcriptTexts, id)
	if _, err := s.transcriptTexts.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("delete transcript %s: %w", id, translate(err))
	}
	return nil
}
