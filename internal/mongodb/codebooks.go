package mongodb

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/tandemqda/tandem/internal/tandem"
)

// codebookDoc stores a tandem.Codebook with its lists packed.
type codebookDoc struct {
	ProjectID string                  `bson:"_id"`
	Version   int64                   `bson:"version"`
	Nodes     packed[tandem.Node]     `bson:"nodes"`
	Proposals packed[tandem.Proposal] `bson:"proposals"`
	Rev       int64                   `bson:"rev"`
}

func (d *codebookDoc) domain() *tandem.Codebook {
	cb := &tandem.Codebook{ProjectID: d.ProjectID, Version: d.Version, Nodes: d.Nodes, Proposals: d.Proposals, Rev: d.Rev}
	if cb.Nodes == nil {
		cb.Nodes = []tandem.Node{}
	}
	if cb.Proposals == nil {
		cb.Proposals = []tandem.Proposal{}
	}
	return cb
}

// versionDoc stores a tandem.CodebookVersion with its lists packed.
type versionDoc struct {
	ID        string              `bson:"_id"`
	ProjectID string              `bson:"projectId"`
	Version   int64               `bson:"version"`
	At        bson.DateTime       `bson:"at"`
	ActorID   string              `bson:"actorId"`
	ActorName string              `bson:"actorName"`
	Summary   string              `bson:"summary"`
	Before    packed[tandem.Node] `bson:"before"`
	After     packed[tandem.Node] `bson:"after"`
	Nodes     packed[tandem.Node] `bson:"nodes,omitempty"`
}

func (d *versionDoc) domain() *tandem.CodebookVersion {
	return &tandem.CodebookVersion{ID: d.ID, ProjectID: d.ProjectID, Version: d.Version, At: d.At.Time().UTC(), ActorID: d.ActorID,
		ActorName: d.ActorName, Summary: d.Summary, Before: d.Before, After: d.After, Nodes: d.Nodes}
}

func versionID(projectID string, v int64) string { return fmt.Sprintf("%s:%012d", projectID, v) }

// Codebook returns the project's codebook.
func (s *Store) Codebook(ctx context.Context, projectID string) (*tandem.Codebook, error) {
	var d codebookDoc
	err := s.findByID(ctx, s.codebooks, projectID, &d)
	if errors.Is(err, tandem.ErrNotFound) {
		return (&codebookDoc{ProjectID: projectID}).domain(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("load codebook of project %s: %w", projectID, err)
	}
	return d.domain(), nil
}

// UpdateCodebook applies fn to the project's codebook atomically.
func (s *Store) UpdateCodebook(ctx context.Context, projectID string, fn func(*tandem.Codebook) error) (*tandem.Codebook, error) {
	if err := s.ensureDoc(ctx, s.codebooks, projectID, bson.D{
		{Key: "version", Value: int64(0)}, {Key: "nodes", Value: packed[tandem.Node]{}},
		{Key: "proposals", Value: packed[tandem.Proposal]{}}, {Key: "rev", Value: int64(0)},
	}); err != nil {
		return nil, fmt.Errorf("create codebook of project %s: %w", projectID, err)
	}
	d, err := update(ctx, s, s.codebooks, projectID, func(d *codebookDoc) *int64 { return &d.Rev }, func(d *codebookDoc) error {
		cb := d.domain()
		if err := fn(cb); err != nil {
			return err
		}
		d.Version, d.Nodes, d.Proposals = cb.Version, cb.Nodes, cb.Proposals
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update codebook of project %s: %w", projectID, err)
	}
	return d.domain(), nil
}

// PutCodebookVersion stores a version; a version stored before is kept.
func (s *Store) PutCodebookVersion(ctx context.Context, v *tandem.CodebookVersion) (err error) {
	v.ID = versionID(v.ProjectID, v.Version)
	d := versionDoc{ID: v.ID, ProjectID: v.ProjectID, Version: v.Version, At: bson.NewDateTimeFromTime(v.At), ActorID: v.ActorID,
		ActorName: v.ActorName, Summary: v.Summary, Before: v.Before, After: v.After, Nodes: v.Nodes}
	defer s.lockWrites(ctx, &err)()
	_, err = s.codebookVersions.InsertOne(ctx, d)
	if err = translate(err); err != nil && !errors.Is(err, tandem.ErrConflict) {
		return fmt.Errorf("store codebook version %d of project %s: %w", v.Version, v.ProjectID, err)
	}
	return nil
}

// CodebookVersion returns one version with its tree.
func (s *Store) CodebookVersion(ctx context.Context, projectID string, version int64) (*tandem.CodebookVersion, error) {
	var d versionDoc
	if err := s.findByID(ctx, s.codebookVersions, versionID(projectID, version), &d); err != nil {
		return nil, fmt.Errorf("load codebook version %d of project %s: %w", version, projectID, err)
	}
	return d.domain(), nil
}

// CodebookVersions returns a page of versions, newest first, without trees.
func (s *Store) CodebookVersions(ctx context.Context, projectID string, before int64, limit int) ([]tandem.CodebookVersion, error) {
	if before <= 0 {
		cb, err := s.Codebook(ctx, projectID)
		if err != nil {
			return nil, err
		}
		before = cb.Version + 1
	}
	out := []tandem.CodebookVersion{}
	for v := before - 1; v > 0 && len(out) < limit; v-- {
		x, err := s.CodebookVersion(ctx, projectID, v)
		if errors.Is(err, tandem.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		x.Nodes = nil
		out = append(out, *x)
	}
	return out, nil
}
