package mongodb

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/tandemqda/tandem/internal/tandem"
)

// Deleting a project takes many writes, with no transaction around them: the
// project is marked deleted first (one write, after which nobody sees it),
// then PurgeProject removes what it holds collection by collection, each
// step safe to repeat, and RemoveProject removes the marked document last.
// A crash half-way leaves the mark, and the removal resumes from it.

// DeletedProjects returns the projects marked deleted.
func (s *Store) DeletedProjects(ctx context.Context) ([]tandem.Project, error) {
	cur, err := s.projects.Find(ctx, bson.D{{Key: "deletedAt", Value: bson.D{{Key: "$exists", Value: true}}}})
	if err != nil {
		return nil, fmt.Errorf("find deleted projects: %w", translate(err))
	}
	out := []tandem.Project{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("find deleted projects: %w", translate(err))
	}
	return out, nil
}

// PurgeProject removes everything of a project marked deleted but its
// marked document. Each step finds what is left of the project, so running
// it again after a failure finishes the work.
func (s *Store) PurgeProject(ctx context.Context, id string) error {
	p, err := s.Project(ctx, id)
	switch {
	case errors.Is(err, tandem.ErrNotFound):
		// Removed already: clear whatever an interrupted purge left.
	case err != nil:
		return fmt.Errorf("purge project %s: %w", id, err)
	case p.DeletedAt == nil:
		return fmt.Errorf("purge project %s: it is not marked deleted", id)
	}
	for _, step := range []struct {
		what string
		do   func(context.Context, string) error
	}{
		{"coding sets", s.purgeCodings},
		{"decisions", s.purgeDecisions},
		{"transcripts", s.purgeTranscripts},
		{"codebook", s.purgeCodebook},
		{"exemplars", s.purgeExemplars},
		{"audit log", s.purgeAudit},
		{"members' lists of projects", s.purgeMemberships},
	} {
		if err := step.do(ctx, id); err != nil {
			return fmt.Errorf("purge %s of project %s: %w", step.what, id, err)
		}
	}
	return nil
}

// RemoveProject removes the document of a project marked deleted.
func (s *Store) RemoveProject(ctx context.Context, id string) error {
	p, err := s.Project(ctx, id)
	if errors.Is(err, tandem.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("remove project %s: %w", id, err)
	}
	if p.DeletedAt == nil {
		return fmt.Errorf("remove project %s: it is not marked deleted", id)
	}
	return s.deleteByID(ctx, s.projects, id)
}

// deleteByID deletes one document (if it is there) and forgets it.
func (s *Store) deleteByID(ctx context.Context, c *mongo.Collection, id string) (err error) {
	defer s.lockWrites(ctx, &err)()
	defer s.forget(c, id)
	if _, err := c.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("delete %s %s: %w", c.Name(), id, translate(err))
	}
	return nil
}

// deleteAll deletes the documents of c that match filter (c is not cached).
func (s *Store) deleteAll(ctx context.Context, c *mongo.Collection, filter bson.D) (err error) {
	defer s.lockWrites(ctx, &err)()
	if _, err := c.DeleteMany(ctx, filter); err != nil {
		return fmt.Errorf("delete from %s: %w", c.Name(), translate(err))
	}
	return nil
}

// idsOf returns the _id of every document of c that matches filter.
func idsOf[T any](ctx context.Context, c *mongo.Collection, filter bson.D, fields ...string) ([]T, error) {
	proj := bson.D{{Key: "_id", Value: 1}}
	for _, f := range fields {
		proj = append(proj, bson.E{Key: f, Value: 1})
	}
	cur, err := c.Find(ctx, filter, options.Find().SetProjection(proj))
	if err != nil {
		return nil, fmt.Errorf("find in %s: %w", c.Name(), translate(err))
	}
	var out []T
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("find in %s: %w", c.Name(), translate(err))
	}
	return out, nil
}

// purgeCodings deletes the project's coding sets: each set's chunks first,
// then its header, so that a purge cut short still finds the set next time.
// Chunks past the header's count (a write cut short) go too.
func (s *Store) purgeCodings(ctx context.Context, projectID string) error {
	type head struct {
		ID     string `bson:"_id"`
		Chunks int    `bson:"chunks"`
	}
	heads, err := idsOf[head](ctx, s.codings, bson.D{{Key: "projectId", Value: projectID}}, "chunks")
	if err != nil {
		return err
	}
	for _, h := range heads {
		for i := 0; ; i++ {
			id := chunkID(h.ID, i)
			if s.chunks != nil {
				s.chunks.forget(id)
			}
			n, err := s.deleteCounted(ctx, s.codingChunks, id)
			if err != nil {
				return err
			}
			if n == 0 && i >= h.Chunks {
				break
			}
		}
		if err := s.deleteByID(ctx, s.codings, h.ID); err != nil {
			return err
		}
	}
	return nil
}

// deleteCounted deletes one document of an uncached collection by id and
// says how many it deleted.
func (s *Store) deleteCounted(ctx context.Context, c *mongo.Collection, id string) (n int64, err error) {
	defer s.lockWrites(ctx, &err)()
	res, err := c.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return 0, fmt.Errorf("delete %s %s: %w", c.Name(), id, translate(err))
	}
	return res.DeletedCount, nil
}

// purgeTranscripts deletes the texts of the project's transcripts, then its
// index of transcripts.
func (s *Store) purgeTranscripts(ctx context.Context, projectID string) error {
	type doc struct {
		ID string `bson:"_id"`
	}
	texts, err := idsOf[doc](ctx, s.transcriptTexts, bson.D{{Key: "projectId", Value: projectID}})
	if err != nil {
		return err
	}
	for _, t := range texts {
		if err := s.deleteByID(ctx, s.transcriptTexts, t.ID); err != nil {
			return err
		}
	}
	return s.deleteByID(ctx, s.transcriptIndex, projectID)
}

// purgeCodebook deletes the codebook's versions, then the codebook.
func (s *Store) purgeCodebook(ctx context.Context, projectID string) error {
	if err := s.deleteAll(ctx, s.codebookVersions, bson.D{{Key: "projectId", Value: projectID}}); err != nil {
		return err
	}
	return s.deleteByID(ctx, s.codebooks, projectID)
}

// purgeAudit deletes the project's audit log and its counter.
func (s *Store) purgeAudit(ctx context.Context, projectID string) error {
	if err := s.deleteAll(ctx, s.audit, bson.D{{Key: "projectId", Value: projectID}}); err != nil {
		return err
	}
	return s.deleteByID(ctx, s.counters, auditCounterID(projectID))
}

// purgeMemberships takes the project out of every account's list of
// projects, former members' included.
func (s *Store) purgeMemberships(ctx context.Context, projectID string) error {
	type doc struct {
		ID string `bson:"_id"`
	}
	users, err := idsOf[doc](ctx, s.users, bson.D{{Key: "projectIds", Value: projectID}})
	if err != nil {
		return err
	}
	for _, u := range users {
		if err := s.pullUserProject(ctx, u.ID, projectID); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) pullUserProject(ctx context.Context, userID, projectID string) (err error) {
	defer s.lockWrites(ctx, &err)()
	defer s.forget(s.users, userID)
	_, err = s.users.UpdateOne(ctx, bson.D{{Key: "_id", Value: userID}}, bson.D{
		{Key: "$pull", Value: bson.D{{Key: "projectIds", Value: projectID}}},
		{Key: "$inc", Value: bson.D{{Key: "version", Value: 1}}},
	})
	if err != nil {
		return fmt.Errorf("remove project %s from user %s: %w", projectID, userID, translate(err))
	}
	return nil
}

// EachDocument calls fn with every document of every collection of the
// database, collection by collection in name order. It reads everything, so
// it is for checks (tests prove with it that a deleted project left nothing
// behind) and tools, not for requests.
func (s *Store) EachDocument(ctx context.Context, fn func(collection string, doc bson.Raw) error) error {
	names, err := s.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("list collections: %w", translate(err))
	}
	sort.Strings(names)
	for _, name := range names {
		cur, err := s.db.Collection(name).Find(ctx, bson.D{})
		if err != nil {
			return fmt.Errorf("read %s: %w", name, translate(err))
		}
		for cur.Next(ctx) {
			if err := fn(name, cur.Current); err != nil {
				cur.Close(ctx)
				return err
			}
		}
		err = cur.Err()
		cur.Close(ctx)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, translate(err))
		}
	}
	return nil
}
