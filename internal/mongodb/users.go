package mongodb

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/tandemqda/tandem/internal/tandem"
)

// CountUsers counts accounts.
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	n, err := s.users.EstimatedDocumentCount(ctx)
	if err != nil {
		return 0, fmt.Errorf("count users: %w", translate(err))
	}
	return n, nil
}

// CreateUser inserts a user; a taken email gives tandem.ErrConflict.
func (s *Store) CreateUser(ctx context.Context, u *tandem.User) (err error) {
	u.EmailKey = tandem.EmailKey(u.Email)
	if u.ProjectIDs == nil {
		u.ProjectIDs = []string{}
	}
	defer s.lockWrites(ctx, &err)()
	defer s.forget(s.users, u.ID)
	if _, err := s.users.InsertOne(ctx, u); err != nil {
		return fmt.Errorf("create user: %w", translate(err))
	}
	return nil
}

// User loads a user by id.
func (s *Store) User(ctx context.Context, id string) (*tandem.User, error) {
	var u tandem.User
	if err := s.findByID(ctx, s.users, id, &u); err != nil {
		return nil, fmt.Errorf("load user %s: %w", id, err)
	}
	return &u, nil
}

// UserByEmail loads a user by email, compared case-insensitively.
func (s *Store) UserByEmail(ctx context.Context, email string) (*tandem.User, error) {
	var u tandem.User
	err := s.users.FindOne(ctx, bson.D{{Key: "emailKey", Value: tandem.EmailKey(email)}}).Decode(&u)
	if err != nil {
		return nil, fmt.Errorf("load user by email: %w", translate(err))
	}
	return &u, nil
}

// ListUsers returns every account, oldest first.
func (s *Store) ListUsers(ctx context.Context) ([]tandem.User, error) {
	cur, err := s.users.Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "createdAt", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list users: %w", translate(err))
	}
	users := []tandem.User{}
	if err := cur.All(ctx, &users); err != nil {
		return nil, fmt.Errorf("list users: %w", translate(err))
	}
	return users, nil
}

// UpdateUser applies fn to the user atomically.
func (s *Store) UpdateUser(ctx context.Context, id string, fn func(*tandem.User) error) (*tandem.User, error) {
	u, err := update(ctx, s, s.users, id, func(u *tandem.User) *int64 { return &u.Version }, fn)
	if err != nil {
		return nil, fmt.Errorf("update user %s: %w", id, err)
	}
	return u, nil
}

// DeleteUser removes an account that was never used (idempotent).
func (s *Store) DeleteUser(ctx context.Context, id string) (err error) {
	defer s.lockWrites(ctx, &err)()
	defer s.forget(s.users, id)
	if _, err = s.users.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("delete user %s: %w", id, translate(err))
	}
	return nil
}

// AddUserProject records that the user joined the project (idempotent).
func (s *Store) AddUserProject(ctx context.Context, userID, projectID string) (err error) {
	defer s.lockWrites(ctx, &err)()
	defer s.forget(s.users, userID)
	_, err = s.users.UpdateOne(ctx, bson.D{{Key: "_id", Value: userID}}, bson.D{
		{Key: "$addToSet", Value: bson.D{{Key: "projectIds", Value: projectID}}},
		{Key: "$inc", Value: bson.D{{Key: "version", Value: 1}}},
	})
	if err != nil {
		return fmt.Errorf("add project %s to user %s: %w", projectID, userID, translate(err))
	}
	return nil
}

const setupID = "setup"

// PutSetupToken replaces the one-time setup token's hash.
func (s *Store) PutSetupToken(ctx context.Context, hash string) (err error) {
	defer s.lockWrites(ctx, &err)()
	_, err = s.settings.ReplaceOne(ctx, bson.D{{Key: "_id", Value: setupID}},
		bson.D{{Key: "_id", Value: setupID}, {Key: "hash", Value: hash}},
		options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store setup token: %w", translate(err))
	}
	return nil
}

// TakeSetupToken deletes the setup token if its hash matches, and reports
// whether it did; the delete is atomic, so only one caller wins.
func (s *Store) TakeSetupToken(ctx context.Context, hash string) (taken bool, err error) {
	defer s.lockWrites(ctx, &err)()
	res, err := s.settings.DeleteOne(ctx, bson.D{{Key: "_id", Value: setupID}, {Key: "hash", Value: hash}})
	if err != nil {
		return false, fmt.Errorf("take setup token: %w", translate(err))
	}
	return res.DeletedCount == 1, nil
}

// CreateSession inserts a session.
func (s *Store) CreateSession(ctx context.Context, sess *tandem.Session) (err error) {
	if sess.Previous == nil {
		sess.Previous = []string{}
	}
	defer s.lockWrites(ctx, &err)()
	if _, err := s.sessions.InsertOne(ctx, sess); err != nil {
		return fmt.Errorf("create session: %w", translate(err))
	}
	return nil
}

// Session loads a session by id.
func (s *Store) Session(ctx context.Context, id string) (*tandem.Session, error) {
	var sess tandem.Session
	if err := s.findByID(ctx, s.sessions, id, &sess); err != nil {
		return nil, fmt.Errorf("load session: %w", err)
	}
	return &sess, nil
}

// UpdateSession applies fn to the session atomically.
func (s *Store) UpdateSession(ctx context.Context, id string, fn func(*tandem.Session) error) (*tandem.Session, error) {
	sess, err := update(ctx, s, s.sessions, id, func(x *tandem.Session) *int64 { return &x.Version }, fn)
	if err != nil {
		return nil, fmt.Errorf("update session: %w", err)
	}
	return sess, nil
}

// RevokeUserSessions ends every open session of the user except keep.
func (s *Store) RevokeUserSessions(ctx context.Context, userID, keep, why string) (err error) {
	defer s.lockWrites(ctx, &err)()
	filter := bson.D{
		{Key: "userId", Value: userID},
		{Key: "_id", Value: bson.D{{Key: "$ne", Value: keep}}},
		{Key: "revokedAt", Value: bson.D{{Key: "$exists", Value: false}}},
	}
	_, err = s.sessions.UpdateMany(ctx, filter, bson.D{
		{Key: "$set", Value: bson.D{{Key: "revokedAt", Value: now()}, {Key: "revokedWhy", Value: why}}},
		{Key: "$inc", Value: bson.D{{Key: "version", Value: 1}}},
	})
	if err != nil {
		return fmt.Errorf("revoke sessions of user %s: %w", userID, translate(err))
	}
	return nil
}
