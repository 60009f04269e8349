package mongodb

import (
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// maxCacheBytes bounds the document cache; past it the cache starts over.
const maxCacheBytes = 64 << 20

// docCache keeps the encoded documents this process wrote or read last, by
// collection and _id, so that hot documents (the signed-in user, the
// project, its transcript index and codebook, coding sets) are not read back
// through the engine on every request. It is used only with the embedded
// engine, which no other process writes, so it is always coherent: every
// write in this package goes through it (put after a replace, forget after
// any other write).
//
// A read that misses fills the cache only if no write to the document began
// since the read started (gens), so a slow read never overwrites a newer
// write.
type docCache struct {
	mu   sync.Mutex
	docs map[string]bson.Raw
	gens map[string]uint64
	size int
}

func newDocCache() *docCache {
	return &docCache{docs: map[string]bson.Raw{}, gens: map[string]uint64{}}
}

func cacheKey(c *mongo.Collection, id string) string { return c.Name() + "\x00" + id }

// get returns the cached document, or nil and the generation a later fill
// must match.
func (dc *docCache) get(key string) (bson.Raw, uint64) {
	dc.mu.Lock()
	defer dc.mu.Unlock()
	return dc.docs[key], dc.gens[key]
}

// fill stores a document read from the engine unless a write came since gen.
func (dc *docCache) fill(key string, raw bson.Raw, gen uint64) {
	dc.mu.Lock()
	defer dc.mu.Unlock()
	if dc.gens[key] == gen {
		dc.store(key, raw)
	}
}

// put stores a document just written.
func (dc *docCache) put(key string, raw bson.Raw) {
	dc.mu.Lock()
	defer dc.mu.Unlock()
	dc.gens[key]++
	dc.store(key, raw)
}

// forget drops a document after a write that did not go through put.
func (dc *docCache) forget(key string) {
	dc.mu.Lock()
	defer dc.mu.Unlock()
	dc.gens[key]++
	dc.size -= len(dc.docs[key])
	delete(dc.docs, key)
}

func (dc *docCache) store(key string, raw bson.Raw) {
	dc.size += len(raw) - len(dc.docs[key])
	dc.docs[key] = raw
	if dc.size > maxCacheBytes {
		clear(dc.docs)
		dc.size = 0
	}
}

// clearAll empties the cache (the database was dropped).
func (dc *docCache) clearAll() {
	dc.mu.Lock()
	defer dc.mu.Unlock()
	for k := range dc.docs {
		dc.gens[k]++
	}
	clear(dc.docs)
	dc.size = 0
}
