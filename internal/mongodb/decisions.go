package mongodb

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/tandemqda/tandem/internal/tandem"
)

// InsertDecision stores a decision; its id makes a second decision on the
// same revision of an item a duplicate key, which gives ErrConflict.
func (s *Store) InsertDecision(ctx context.Context, d *tandem.Decision) (err error) {
	defer s.lockWrites(ctx, &err)()
	if _, err := s.decisions.InsertOne(ctx, d); err != nil {
		return fmt.Errorf("store decision %s: %w", d.ID, translate(err))
	}
	return nil
}

// Decision returns one decision.
func (s *Store) Decision(ctx context.Context, id string) (*tandem.Decision, error) {
	var d tandem.Decision
	if err := s.findByID(ctx, s.decisions, id, &d); err != nil {
		return nil, fmt.Errorf("load decision %s: %w", id, err)
	}
	return &d, nil
}

// Decisions returns a project's decisions, or one transcript's, oldest
// first. On the embedded engine the filter reads the whole collection; the
// decisions log is read when a lead opens a queue or the log, not on the
// coders' paths.
func (s *Store) Decisions(ctx context.Context, projectID, transcriptID string) ([]tandem.Decision, error) {
	filter := bson.D{{Key: "projectId", Value: projectID}}
	if transcriptID != "" {
		filter = append(filter, bson.E{Key: "transcriptId", Value: transcriptID})
	}
	cur, err := s.decisions.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("find decisions of project %s: %w", projectID, translate(err))
	}
	out := []tandem.Decision{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read decisions of project %s: %w", projectID, translate(err))
	}
	for i := range out {
		if out[i].Applied == nil {
			out[i].Applied = []tandem.DecisionSide{}
		}
		if out[i].NotApplied == nil {
			out[i].NotApplied = []tandem.DecisionSide{}
		}
	}
	return out, nil
}

// DeleteDecisions removes a transcript's decisions.
func (s *Store) DeleteDecisions(ctx context.Context, projectID, transcriptID string) error {
	return s.deleteAll(ctx, s.decisions, bson.D{{Key: "projectId", Value: projectID}, {Key: "transcriptId", Value: transcriptID}})
}

// purgeDecisions deletes the project's decisions log.
func (s *Store) purgeDecisions(ctx context.Context, projectID string) error {
	return s.deleteAll(ctx, s.decisions, bson.D{{Key: "projectId", Value: projectID}})
}
