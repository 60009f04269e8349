package mongodb

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/tandemqda/tandem/internal/tandem"
)

// Exemplars returns the project's exemplars.
func (s *Store) Exemplars(ctx context.Context, projectID string) (*tandem.ExemplarSet, error) {
	var x tandem.ExemplarSet
	err := s.findByID(ctx, s.exemplars, projectID, &x)
	if errors.Is(err, tandem.ErrNotFound) {
		return &tandem.ExemplarSet{ProjectID: projectID, Exemplars: []tandem.Exemplar{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load exemplars of project %s: %w", projectID, err)
	}
	if x.Exemplars == nil {
		x.Exemplars = []tandem.Exemplar{}
	}
	return &x, nil
}

// UpdateExemplars applies fn to the project's exemplars atomically.
func (s *Store) UpdateExemplars(ctx context.Context, projectID string, fn func(*tandem.ExemplarSet) error) (*tandem.ExemplarSet, error) {
	if err := s.ensureDoc(ctx, s.exemplars, projectID, bson.D{
		{Key: "exemplars", Value: bson.A{}}, {Key: "rev", Value: int64(0)},
	}); err != nil {
		return nil, fmt.Errorf("create exemplars of project %s: %w", projectID, err)
	}
	x, err := update(ctx, s, s.exemplars, projectID, func(x *tandem.ExemplarSet) *int64 { return &x.Rev }, func(x *tandem.ExemplarSet) error {
		if x.Exemplars == nil {
			x.Exemplars = []tandem.Exemplar{}
		}
		return fn(x)
	})
	if err != nil {
		return nil, fmt.Errorf("update exemplars of project %s: %w", projectID, err)
	}
	return x, nil
}

// purgeExemplars deletes the project's exemplars.
func (s *Store) purgeExemplars(ctx context.Context, projectID string) error {
	return s.deleteByID(ctx, s.exemplars, projectID)
}
