// Package mongodb is Tandem's store on the official MongoDB Go driver. It is
// the only package that imports the driver, and it translates the driver's
// errors to Tandem's in one place (translate).
package mongodb

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"sync"
	"syscall"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"github.com/tandemqda/tandem/internal/tandem"
)

// Options configure a Store.
type Options struct {
	URI      string
	Database string
	// Embedded says the store is the in-process embedded engine, which only
	// this process uses. Writes are then serialised in-process: read-modify-
	// write needs no version filter (which the engine would evaluate by
	// scanning the collection), and concurrent writers do not contend for
	// SQLite's write lock.
	Embedded bool
	// Timeout bounds connecting and server selection.
	Timeout time.Duration
	// Prepare, when set, runs once every collection exists (the embedded
	// engine indexes them).
	Prepare func(ctx context.Context, database string) error
	// Flush, when set, waits until the writes acknowledged so far are on
	// disk (the embedded engine syncs its write-ahead log, concurrent
	// writers sharing one sync). Every write calls it before it returns.
	Flush func() error
}

// Store implements tandem.Store.
type Store struct {
	client   *mongo.Client
	db       *mongo.Database
	embedded bool

	// writeMu serialises writes on the embedded engine.
	writeMu sync.Mutex
	// flush makes acknowledged writes durable (Options.Flush; may be nil).
	flush func() error
	// cache keeps hot documents on the embedded engine (nil otherwise).
	cache *memo[bson.Raw]

	users    *mongo.Collection
	sessions *mongo.Collection
	projects *mongo.Collection
	audit    *mongo.Collection
	counters *mongo.Collection
	settings *mongo.Collection
	resets   *mongo.Collection

	transcriptIndex *mongo.Collection
	transcriptTexts *mongo.Collection

	codebooks        *mongo.Collection
	codebookVersions *mongo.Collection

	codings      *mongo.Collection
	codingChunks *mongo.Collection
	decisions    *mongo.Collection
	exemplars    *mongo.Collection
	// chunks keeps decoded chunks of coding sets (embedded engine only).
	chunks *memo[chunk]
}

var _ tandem.Store = (*Store)(nil)

// Open connects to MongoDB and creates the indexes Tandem needs.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if opts.Database == "" {
		opts.Database = "tandem"
	}
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	client, err := mongo.Connect(clientOptions(opts))
	if err != nil {
		return nil, fmt.Errorf("connect to MongoDB: %w", err)
	}
	db := client.Database(opts.Database)
	s := &Store{
		client:   client,
		db:       db,
		embedded: opts.Embedded,
		flush:    opts.Flush,
		users:    db.Collection("users"),
		sessions: db.Collection("sessions"),
		projects: db.Collection("projects"),
		audit:    db.Collection("audit"),
		counters: db.Collection("counters"),
		settings: db.Collection("settings"),
		resets:   db.Collection("password_resets"),

		transcriptIndex: db.Collection("transcript_index"),
		transcriptTexts: db.Collection("transcript_texts"),

		codebooks:        db.Collection("codebooks"),
		codebookVersions: db.Collection("codebook_versions"),

		codings:      db.Collection("coding_sets"),
		codingChunks: db.Collection("coding_chunks"),
		decisions:    db.Collection("decisions"),
		exemplars:    db.Collection("exemplars"),
	}
	if opts.Embedded {
		s.cache, s.chunks = newDocCache(), newChunkMemo()
	}
	if err := s.Ping(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, fmt.Errorf("reach MongoDB: %w", err)
	}
	if err := s.ensureIndexes(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	if err := s.createCollections(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	if opts.Prepare != nil {
		if err := opts.Prepare(ctx, opts.Database); err != nil {
			_ = client.Disconnect(context.Background())
			return nil, err
		}
	}
	if err := s.ensureStoreDoc(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	return s, nil
}

// clientOptions are the driver's options for the store. On MongoDB a write
// is acknowledged once a majority of the replica set (the one server of a
// standalone) has it in its journal on disk: acknowledged means durable, as
// on the embedded engine, whose writes Flush makes durable.
func clientOptions(opts Options) *options.ClientOptions {
	co := options.Client().ApplyURI(opts.URI).
		SetServerSelectionTimeout(opts.Timeout).
		SetConnectTimeout(opts.Timeout).
		SetAppName("tandem")
	if !opts.Embedded {
		journal := true
		co.SetWriteConcern(&writeconcern.WriteConcern{W: "majority", Journal: &journal})
	}
	return co
}

// storeID is the _id, in settings, of the document that Open writes once
// and Ready reads.
const storeID = "store"

// ensureStoreDoc writes the store document the first time the store opens.
func (s *Store) ensureStoreDoc(ctx context.Context) (err error) {
	defer s.lockWrites(ctx, &err)()
	_, err = s.settings.UpdateOne(ctx, bson.D{{Key: "_id", Value: storeID}},
		bson.D{{Key: "$setOnInsert", Value: bson.D{{Key: "createdAt", Value: now()}}}},
		options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("write the store document: %w", translate(err))
	}
	return nil
}

// ensureIndexes creates the indexes; it is safe to run at every start.
func (s *Store) ensureIndexes(ctx context.Context) error {
	_, err := s.users.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys:    bson.D{{Key: "emailKey", Value: 1}},
		Options: options.Index().SetUnique(true).SetName("emailKey_unique"),
	})
	if err != nil {
		return fmt.Errorf("create index users.emailKey: %w", translate(err))
	}
	_, err = s.sessions.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys:    bson.D{{Key: "userId", Value: 1}},
		Options: options.Index().SetName("userId"),
	})
	if err != nil {
		return fmt.Errorf("create index sessions.userId: %w", translate(err))
	}
	return nil
}

// createCollections creates every collection Tandem uses, so that they exist
// before Options.Prepare runs; existing ones are left alone.
func (s *Store) createCollections(ctx context.Context) error {
	names, err := s.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("list collections: %w", translate(err))
	}
	for _, c := range []*mongo.Collection{s.users, s.sessions, s.projects, s.audit, s.counters, s.settings, s.resets,
		s.transcriptIndex, s.transcriptTexts, s.codebooks, s.codebookVersions, s.codings, s.codingChunks, s.exemplars, s.decisions} {
		if slices.Contains(names, c.Name()) {
			continue
		}
		var ce mongo.CommandError
		if err := s.db.CreateCollection(ctx, c.Name()); err != nil && !(errors.As(err, &ce) && ce.Code == 48) { // 48: NamespaceExists
			return fmt.Errorf("create collection %s: %w", c.Name(), translate(err))
		}
	}
	return nil
}

// Ping checks that the store answers.
func (s *Store) Ping(ctx context.Context) error {
	return translate(s.client.Ping(ctx, nil))
}

// Ready checks that the store answers and can read: it pings, then reads the
// document Open wrote (from the engine, never from a cache). A store that
// answers but cannot read (a damaged file, a database gone) is not ready.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return err
	}
	var doc bson.Raw
	err := translate(s.settings.FindOne(ctx, bson.D{{Key: "_id", Value: storeID}}).Decode(&doc))
	if err == nil || tandem.CodeOf(err) == tandem.CodeStoreUnavailable {
		return err
	}
	return &tandem.Error{Code: tandem.CodeStoreUnavailable, Message: "The server cannot read its database. Tell your admin; the server's log says why.",
		Err: fmt.Errorf("read the store document %s: %w", storeID, err)}
}

// Close disconnects.
func (s *Store) Close(ctx context.Context) error {
	return s.client.Disconnect(ctx)
}

// Drop removes the whole database. Tests use it.
func (s *Store) Drop(ctx context.Context) error {
	defer s.forgetAll()
	return translate(s.db.Drop(ctx))
}

// caches reports whether documents of c are cached: on the embedded engine,
// the collections whose every write goes through update, ensureDoc, or a
// write by _id followed by forget.
func (s *Store) caches(c *mongo.Collection) bool {
	if s.cache == nil {
		return false
	}
	switch c {
	case s.users, s.projects, s.transcriptIndex, s.transcriptTexts, s.codebooks, s.codings, s.exemplars:
		return true
	}
	return false
}

// forget drops a document from the cache after a write other than update.
func (s *Store) forget(c *mongo.Collection, id string) {
	if s.caches(c) {
		s.cache.forget(cacheKey(c, id))
	}
}

func (s *Store) forgetAll() {
	if s.cache != nil {
		s.cache.clearAll()
		s.chunks.clearAll()
	}
}

// lockWrites serialises writes on the embedded engine. It returns the end
// of the write, to call (deferred) with the write's error in *err: it
// unlocks, then, when the write succeeded, waits until it is on disk, so
// that a write returns only once it is durable. The wait is outside the
// lock, so that the next writer commits meanwhile and shares the next sync.
// Inside Batch the wait is left to the end of the batch.
func (s *Store) lockWrites(ctx context.Context, err *error) func() {
	if !s.embedded {
		return func() {}
	}
	s.writeMu.Lock()
	return func() {
		s.writeMu.Unlock()
		if *err != nil || s.flush == nil {
			return
		}
		if b, ok := ctx.Value(batchKey{}).(*batch); ok {
			b.wrote = true
			return
		}
		if ferr := s.flush(); ferr != nil {
			*err = fmt.Errorf("wait for the write to reach the disk: %w", translate(ferr))
		}
	}
}

// batchKey keys the batch of a context given by Batch.
type batchKey struct{}

// batch is what Batch knows of the writes made in it.
type batch struct{ wrote bool }

// Batch runs fn and waits once, when it returns, until the writes fn made
// with the context it was given are on disk, instead of once per write: a
// request that makes several writes answers after one sync, not one each.
// Each write is still atomic, and the engine commits them in order, so a
// crash keeps the first of them, never a later one without an earlier one.
// Batch waits even when fn fails, for the writes it made before failing.
// On a shared MongoDB each write is durable when acknowledged; Batch only
// runs fn.
func (s *Store) Batch(ctx context.Context, fn func(context.Context) error) error {
	if !s.embedded || s.flush == nil || ctx.Value(batchKey{}) != nil {
		return fn(ctx)
	}
	b := &batch{}
	err := fn(context.WithValue(ctx, batchKey{}, b))
	if b.wrote {
		if ferr := s.flush(); ferr != nil {
			return errors.Join(err, fmt.Errorf("wait for the writes to reach the disk: %w", translate(ferr)))
		}
	}
	return err
}

// storageFull is the message of a write refused because the disk is full.
const storageFull = "The server's disk is full, so your change was not saved. It is kept in your browser; tell your admin."

// translate maps driver errors to Tandem's: no documents -> not found,
// duplicate key -> conflict, unreachable server -> unavailable, full disk ->
// storage full.
func translate(err error) error {
	var te *tandem.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &te):
		return err
	case errors.Is(err, mongo.ErrNoDocuments):
		return &tandem.Error{Code: tandem.CodeNotFound, Message: "Not found.", Err: err}
	case mongo.IsDuplicateKeyError(err):
		return &tandem.Error{Code: tandem.CodeConflict, Message: "It already exists.", Err: err}
	case diskFull(err):
		return &tandem.Error{Code: tandem.CodeStorageFull, Message: storageFull, Err: err}
	case unavailable(err):
		return &tandem.Error{Code: tandem.CodeStoreUnavailable, Message: "The database is not reachable right now. Your last change was not saved; try again in a moment.", Err: err}
	}
	return err
}

// diskFull reports a write refused for want of space: SQLite's "database or
// disk is full" (SQLITE_FULL) from the embedded engine, MongoDB's
// OutOfDiskSpace (14031) or "No space left on device", or ENOSPC itself.
func diskFull(err error) bool {
	var se mongo.ServerError
	if errors.As(err, &se) && (se.HasErrorCode(14031) || se.HasErrorMessage("No space left on device") || se.HasErrorMessage("database or disk is full")) {
		return true
	}
	return errors.Is(err, syscall.ENOSPC)
}

func unavailable(err error) bool {
	var ne net.Error
	return mongo.IsNetworkError(err) || mongo.IsTimeout(err) ||
		errors.Is(err, mongo.ErrClientDisconnected) ||
		errors.As(err, &topology.ServerSelectionError{}) ||
		errors.As(err, &ne)
}

// findByID decodes the document with the id into v, from the cache when it
// holds it.
func (s *Store) findByID(ctx context.Context, c *mongo.Collection, id string, v any) error {
	if !s.caches(c) {
		return translate(c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(v))
	}
	key := cacheKey(c, id)
	raw, ok, gen := s.cache.get(key)
	if !ok {
		var err error
		if raw, err = c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw(); err != nil {
			return translate(err)
		}
		s.cache.fill(key, raw, gen)
	}
	if err := bson.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("decode %s %s: %w", c.Name(), id, err)
	}
	return nil
}

// maxRetries bounds optimistic retries of read-modify-write on a shared MongoDB.
const maxRetries = 20

// update loads the document with the id, applies fn, increments its version
// and replaces it atomically. On the embedded engine it holds the write lock
// across the read and the write; on a shared MongoDB the replace is
// conditional on the version read, and fn runs again when another write came
// first.
func update[T any](ctx context.Context, s *Store, c *mongo.Collection, id string, version func(*T) *int64, fn func(*T) error) (*T, error) {
	for range maxRetries {
		var err error
		end := s.lockWrites(ctx, &err)
		doc, done, err := updateOnce(ctx, s, c, id, version, fn)
		end()
		if done || err != nil {
			return doc, err
		}
	}
	return nil, &tandem.Error{Code: tandem.CodeConflict, Message: "Too many people changed this at once. Try again."}
}

func updateOnce[T any](ctx context.Context, s *Store, c *mongo.Collection, id string, version func(*T) *int64, fn func(*T) error) (*T, bool, error) {
	doc := new(T)
	if err := s.findByID(ctx, c, id, doc); err != nil {
		return nil, false, err
	}
	if err := fn(doc); err != nil {
		return nil, false, err
	}
	v := version(doc)
	old := *v
	*v = old + 1
	filter := bson.D{{Key: "_id", Value: id}}
	if !s.embedded {
		filter = append(filter, bson.E{Key: "version", Value: old})
	}
	raw, err := bson.Marshal(doc)
	if err != nil {
		return nil, false, fmt.Errorf("encode %s %s: %w", c.Name(), id, err)
	}
	res, err := c.ReplaceOne(ctx, filter, bson.Raw(raw))
	if err != nil {
		s.forget(c, id)
		return nil, false, translate(err)
	}
	if res.MatchedCount == 0 {
		if s.embedded {
			s.forget(c, id)
			return nil, false, &tandem.Error{Code: tandem.CodeNotFound, Message: "Not found."}
		}
		return nil, false, nil
	}
	if s.caches(c) {
		s.cache.put(cacheKey(c, id), raw)
	}
	return doc, true, nil
}
