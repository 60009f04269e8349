package mongodb

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/tandemqda/tandem/internal/tandem"
)

// Password reset links live in their own small collection, one document per
// account (_id: the user id), never cached: `tandem reset-admin` writes one
// from another process, and the server must see it.

// PutPasswordReset stores an account's reset link, replacing any earlier one.
func (s *Store) PutPasswordReset(ctx context.Context, r *tandem.PasswordReset) (err error) {
	defer s.lockWrites(ctx, &err)()
	_, err = s.resets.ReplaceOne(ctx, bson.D{{Key: "_id", Value: r.UserID}}, r, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store password reset of user %s: %w", r.UserID, translate(err))
	}
	return nil
}

// PasswordReset returns an account's reset link.
func (s *Store) PasswordReset(ctx context.Context, userID string) (*tandem.PasswordReset, error) {
	var r tandem.PasswordReset
	if err := s.findByID(ctx, s.resets, userID, &r); err != nil {
		return nil, fmt.Errorf("load password reset of user %s: %w", userID, err)
	}
	return &r, nil
}

// TakePasswordReset deletes the account's reset link if its token hash
// matches, and reports whether it did; the delete is atomic, so only one
// caller wins.
func (s *Store) TakePasswordReset(ctx context.Context, userID, hash string) (taken bool, err error) {
	defer s.lockWrites(ctx, &err)()
	res, err := s.resets.DeleteOne(ctx, bson.D{{Key: "_id", Value: userID}, {Key: "tokenHash", Value: hash}})
	if err != nil {
		return false, fmt.Errorf("take password reset of user %s: %w", userID, translate(err))
	}
	return res.DeletedCount == 1, nil
}
