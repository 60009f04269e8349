package mongodb

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/tandemqda/tandem/internal/tandem"
)

// On the embedded engine a coding set's excerpts live in chunk documents of
// at most chunkSize excerpts ("<set id>#0000", ...), beside the set's header
// document, so that saving an excerpt rewrites one small chunk instead of
// the whole set: the engine rewrites a document's whole JSON on every
// update, and a set of 2,000 excerpts made each save cost tens of
// milliseconds. The write lock held across the chunks and the header makes
// the change atomic for every other request of this process (the only one
// using the embedded engine). If the process dies between the chunk and the
// header writes, the change is there but was never acknowledged; the app
// sends it again, and a repeated excerpt is a no-op.
//
// On a shared MongoDB a set stays one document (codingDoc.Excerpts), written
// with the version check of update.
const chunkSize = 100

// chunkDoc is one chunk of a set's excerpts. The last chunk also carries the
// set's version and time of change when they are newer than the header's, so
// that adding an excerpt writes one document, not two.
type chunkDoc struct {
	ID        string                 `bson:"_id"`
	Excerpts  packed[tandem.Excerpt] `bson:"excerpts"`
	Version   int64                  `bson:"version,omitempty"`
	UpdatedAt time.Time              `bson:"updatedAt,omitempty"`
}

// chunk is a decoded chunk, never changed once made.
type chunk struct {
	excerpts  []tandem.Excerpt
	version   int64
	updatedAt time.Time
}

func chunkID(setID string, i int) string { return fmt.Sprintf("%s#%04d", setID, i) }

// maxMemoExcerpts bounds the memo of decoded chunks (Store.chunks), which
// keeps chunks that a save leaves alone from being read or decoded again.
const maxMemoExcerpts = 1 << 20

func newChunkMemo() *memo[chunk] {
	return newMemo(func(c chunk) int { return len(c.excerpts) }, maxMemoExcerpts)
}

// loadChunk returns chunk i of a set, from the memo or the engine.
func (s *Store) loadChunk(ctx context.Context, setID string, i int) (chunk, error) {
	id := chunkID(setID, i)
	c, ok, gen := s.chunks.get(id)
	if ok {
		return c, nil
	}
	var d chunkDoc
	err := translate(s.codingChunks.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d))
	if errors.Is(err, tandem.ErrNotFound) {
		d = chunkDoc{} // counted in the header but never written: empty
	} else if err != nil {
		return chunk{}, fmt.Errorf("load excerpts %s: %w", id, err)
	}
	c = chunk{excerpts: d.Excerpts, version: d.Version, updatedAt: d.UpdatedAt}
	s.chunks.fill(id, c, gen)
	return c, nil
}

// loadChunks returns the chunks of a set with the given header, and the set
// as they make it: the header's fields with the excerpts, version and time
// of change of the chunks.
func (s *Store) loadChunks(ctx context.Context, d *codingDoc) ([]chunk, *tandem.CodingSet, error) {
	chunks := make([]chunk, d.Chunks)
	for i := range chunks {
		c, err := s.loadChunk(ctx, d.ID, i)
		if err != nil {
			return nil, nil, err
		}
		chunks[i] = c
	}
	set := d.domain()
	if n := len(chunks); n > 0 {
		set.Version = max(set.Version, chunks[n-1].version)
		if chunks[n-1].updatedAt.After(set.UpdatedAt) {
			set.UpdatedAt = chunks[n-1].updatedAt
		}
	}
	n := len(d.Excerpts)
	for _, c := range chunks {
		n += len(c.excerpts)
	}
	set.Excerpts = make([]tandem.Excerpt, 0, n)
	set.Excerpts = append(set.Excerpts, d.Excerpts...) // kept inline by an earlier layout
	for _, c := range chunks {
		set.Excerpts = append(set.Excerpts, c.excerpts...)
	}
	return chunks, set, nil
}

// updateChunkedSet is UpdateCodingSet on the embedded engine. It writes the
// chunks whose excerpts changed and, when the header's own fields changed
// (status, number of chunks) or the set is new, the header with the new
// version; otherwise the new version goes into the last chunk, so that the
// usual save (an excerpt added or changed in the last chunk) is one write.
func (s *Store) updateChunkedSet(ctx context.Context, projectID, transcriptID, coderID string, fn func(*tandem.CodingSet) error) (_ *tandem.CodingSet, err error) {
	id := tandem.CodingSetID(transcriptID, coderID)
	defer s.lockWrites(ctx, &err)()
	var h codingDoc
	fresh := false
	err = s.findByID(ctx, s.codings, id, &h)
	switch {
	case errors.Is(err, tandem.ErrNotFound):
		h, fresh = codingDoc{ID: id, ProjectID: projectID, TranscriptID: transcriptID, CoderID: coderID, Status: tandem.CodingInProgress}, true
	case err != nil:
		return nil, err
	case h.ProjectID != projectID:
		return nil, tandem.ErrNotFound
	}
	old, set, err := s.loadChunks(ctx, &h)
	if err != nil {
		return nil, err
	}
	inline := len(h.Excerpts) > 0
	before := set.Excerpts
	if err := fn(set); err != nil {
		return nil, err
	}
	version := set.Version + 1
	// Each excerpt stays in its chunk; new ones go at the end.
	oldExcerpts := make([][]tandem.Excerpt, len(old))
	for i, c := range old {
		oldExcerpts[i] = c.excerpts
	}
	var inlined []tandem.Excerpt
	if inline {
		inlined = h.Excerpts
	}
	chunkOf := chunkFinder(oldExcerpts, inlined, before, set.Excerpts)
	chunks := make([][]tandem.Excerpt, len(old))
	for n, e := range set.Excerpts {
		i, ok := chunkOf(n, e.ID)
		if !ok {
			i = len(chunks) - 1
			if i < 0 || len(chunks[i]) >= chunkSize {
				chunks = append(chunks, nil)
				i++
			}
		}
		chunks[i] = append(chunks[i], e)
	}
	last := len(chunks) - 1
	changed := func(i int) bool { return i >= len(old) || inline || !sameExcerpts(old[i].excerpts, chunks[i]) }
	if !fresh && !inline && countChanged(len(chunks), changed) > 1 {
		// A change to several chunks (every excerpt moved by a redaction)
		// would be several writes, and a crash between them would leave
		// the set half changed: write the whole set into its header
		// instead, one write; the next save splits it into chunks again.
		return s.putInlineSet(ctx, &h, set, version)
	}
	header := fresh || inline || len(chunks) != h.Chunks || set.Status != h.Status || !sameTime(set.SubmittedAt, h.SubmittedAt) ||
		set.TextVersion != h.TextVersion
	for i, c := range chunks {
		if !changed(i) && (header || i != last) {
			continue
		}
		d := chunkDoc{ID: chunkID(id, i), Excerpts: c}
		if i == last {
			d.Version, d.UpdatedAt = version, set.UpdatedAt
		}
		raw, err := bson.Marshal(d)
		if err != nil {
			return nil, fmt.Errorf("encode excerpts of %s: %w", id, err)
		}
		if _, err := s.codingChunks.ReplaceOne(ctx, bson.D{{Key: "_id", Value: d.ID}}, bson.Raw(raw), options.Replace().SetUpsert(true)); err != nil {
			return nil, fmt.Errorf("store excerpts of %s: %w", id, translate(err))
		}
		s.chunks.put(d.ID, chunk{excerpts: c, version: d.Version, updatedAt: d.UpdatedAt})
	}
	if header || last < 0 {
		h.Status, h.SubmittedAt, h.UpdatedAt, h.TextVersion = set.Status, set.SubmittedAt, set.UpdatedAt, set.TextVersion
		h.Version, h.Chunks, h.Excerpts = version, len(chunks), nil
		if err := s.putHeader(ctx, &h); err != nil {
			return nil, err
		}
	}
	out := h.domain()
	out.Status, out.SubmittedAt, out.UpdatedAt, out.Version, out.TextVersion = set.Status, set.SubmittedAt, set.UpdatedAt, version, set.TextVersion
	out.Excerpts = make([]tandem.Excerpt, 0, len(set.Excerpts))
	for _, c := range chunks {
		out.Excerpts = append(out.Excerpts, c...)
	}
	return out, nil
}

// countChanged counts the chunks among n for which changed is true.
func countChanged(n int, changed func(int) bool) int {
	k := 0
	for i := range n {
		if changed(i) {
			k++
		}
	}
	return k
}

// putInlineSet writes a whole set into its header document (no chunks).
func (s *Store) putInlineSet(ctx context.Context, h *codingDoc, set *tandem.CodingSet, version int64) (*tandem.CodingSet, error) {
	h.Status, h.SubmittedAt, h.UpdatedAt, h.TextVersion = set.Status, set.SubmittedAt, set.UpdatedAt, set.TextVersion
	h.Version, h.Chunks, h.Excerpts = version, 0, set.Excerpts
	if err := s.putHeader(ctx, h); err != nil {
		return nil, err
	}
	return h.domain(), nil
}

// putHeader writes a set's header document.
func (s *Store) putHeader(ctx context.Context, h *codingDoc) error {
	raw, err := bson.Marshal(h)
	if err != nil {
		return fmt.Errorf("encode coding %s: %w", h.ID, err)
	}
	s.forget(s.codings, h.ID)
	if _, err := s.codings.ReplaceOne(ctx, bson.D{{Key: "_id", Value: h.ID}}, bson.Raw(raw), options.Replace().SetUpsert(true)); err != nil {
		return fmt.Errorf("store coding %s: %w", h.ID, translate(err))
	}
	s.cache.put(cacheKey(s.codings, h.ID), raw)
	return nil
}

func sameTime(a, b *time.Time) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && a.Equal(*b))
}

// sameExcerpts reports whether two chunks hold the same excerpts.
func sameExcerpts(a, b []tandem.Excerpt) bool {
	return slices.EqualFunc(a, b, func(x, y tandem.Excerpt) bool {
		return x.ID == y.ID && x.Start == y.Start && x.End == y.End && x.Memo == y.Memo && x.UpdatedAt.Equal(y.UpdatedAt) &&
			x.CreatedAt.Equal(y.CreatedAt) && slices.Equal(x.Themes, y.Themes)
	})
}

// chunkFinder returns where the n-th excerpt after a change (with the id)
// was before it: its chunk, or false when it is new. The usual changes keep
// the excerpts that were there in their order, with new ones after them (an
// add or an edit), and are answered by position; others (a delete) build a
// map.
func chunkFinder(old [][]tandem.Excerpt, inline, before, after []tandem.Excerpt) func(n int, id string) (int, bool) {
	kept := len(inline) == 0 && len(after) >= len(before)
	for i := 0; kept && i < len(before); i++ {
		kept = after[i].ID == before[i].ID
	}
	if kept {
		// chunk[k] holds positions [start[k], start[k+1]).
		start := make([]int, len(old)+1)
		for k, c := range old {
			start[k+1] = start[k] + len(c)
		}
		return func(n int, _ string) (int, bool) {
			if n >= len(before) {
				return 0, false
			}
			k := sort.SearchInts(start[1:], n+1)
			return k, true
		}
	}
	from := make(map[string]int, len(before))
	for k, c := range old {
		for _, e := range c {
			from[e.ID] = k
		}
	}
	return func(_ int, id string) (int, bool) {
		k, ok := from[id]
		return k, ok
	}
}
