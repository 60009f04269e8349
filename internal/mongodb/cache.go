package mongodb

import (
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// memo keeps values this process wrote or read last, by key, so that hot
// documents are not read back through the engine on every request. It is
// used only with the embedded engine, which no other process writes, so it
// is always coherent: every write in this package goes through it (put
// after a write that knows the new value, forget after any other).
//
// A read that misses fills the memo only if no write to the key began since
// the read started (gens), so a slow read never overwrites a newer write.
// Values are never changed once stored. Past limit (in units of size) the
// memo starts over.
type memo[V any] struct {
	mu    sync.Mutex
	vals  map[string]V
	gens  map[string]uint64
	total int
	size  func(V) int
	limit int
}

func newMemo[V any](size func(V) int, limit int) *memo[V] {
	return &memo[V]{vals: map[string]V{}, gens: map[string]uint64{}, size: size, limit: limit}
}

// get returns the value, whether there is one, and the generation a later
// fill must match.
func (m *memo[V]) get(key string) (V, bool, uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.vals[key]
	return v, ok, m.gens[key]
}

// fill stores a value read from the engine unless a write came since gen.
func (m *memo[V]) fill(key string, v V, gen uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gens[key] == gen {
		m.store(key, v)
	}
}

// put stores a value just written.
func (m *memo[V]) put(key string, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gens[key]++
	m.store(key, v)
}

// forget drops a value after a write that did not go through put.
func (m *memo[V]) forget(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gens[key]++
	if old, ok := m.vals[key]; ok {
		m.total -= m.size(old)
		delete(m.vals, key)
	}
}

func (m *memo[V]) store(key string, v V) {
	if old, ok := m.vals[key]; ok {
		m.total -= m.size(old)
	}
	m.vals[key] = v
	m.total += m.size(v)
	if m.total > m.limit {
		clear(m.vals)
		m.total = 0
	}
}

// clearAll empties the memo (the database was dropped).
func (m *memo[V]) clearAll() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k := range m.vals {
		m.gens[k]++
	}
	clear(m.vals)
	m.total = 0
}

// maxCacheBytes bounds the document cache.
const maxCacheBytes = 64 << 20

// newDocCache keeps encoded documents by collection and _id.
func newDocCache() *memo[bson.Raw] {
	return newMemo(func(raw bson.Raw) int { return len(raw) }, maxCacheBytes)
}

func cacheKey(c *mongo.Collection, id string) string { return c.Name() + "\x00" + id }
