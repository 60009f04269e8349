package mongodb

import (
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestDocCacheKeepsNewerWrites: a read that started before a write does not
// put its older document in the cache.
func TestDocCacheKeepsNewerWrites(t *testing.T) {
	dc := newDocCache()
	old, _ := bson.Marshal(bson.D{{Key: "v", Value: 1}})
	now, _ := bson.Marshal(bson.D{{Key: "v", Value: 2}})
	_, _, gen := dc.get("k") // a read misses and goes to the engine...
	dc.put("k", now)         // ...while a write lands
	dc.fill("k", old, gen)
	if got, _, _ := dc.get("k"); string(got) != string(now) {
		t.Fatal("a slow read replaced a newer write in the cache")
	}
	_, _, gen = dc.get("gone")
	dc.forget("gone") // deleted while being read
	dc.fill("gone", old, gen)
	if _, ok, _ := dc.get("gone"); ok {
		t.Fatal("a deleted document came back into the cache")
	}
	_, _, gen = dc.get("k2")
	dc.fill("k2", old, gen)
	if got, _, _ := dc.get("k2"); string(got) != string(old) {
		t.Fatal("a read without a concurrent write was not cached")
	}
}
