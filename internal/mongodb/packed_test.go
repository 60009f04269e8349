package mongodb

import (
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/tandemqda/tandem/internal/tandem"
)

func TestPackedRoundTripAndPlainArrays(t *testing.T) {
	at := int64(1500)
	in := textDoc{ID: "t", Text: "hi 🙂", Turns: packed[tandem.Turn]{{Speaker: "P1", Start: 0, End: 2, AtMillis: &at}, {Speaker: "", Start: 3, End: 4}}}
	b, err := bson.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if typ := bson.Raw(b).Lookup("turns").Type; typ != bson.TypeBinary {
		t.Fatalf("turns stored as %s, want binary", typ)
	}
	var out textDoc
	if err := bson.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Turns) != 2 || out.Turns[0].Speaker != "P1" || *out.Turns[0].AtMillis != 1500 || out.Turns[1].AtMillis != nil {
		t.Fatalf("round trip: %+v", out.Turns)
	}
	// A document written with a plain array still reads.
	plain, _ := bson.Marshal(bson.D{{Key: "_id", Value: "t"}, {Key: "turns", Value: bson.A{bson.D{{Key: "speaker", Value: "A"}, {Key: "start", Value: 0}, {Key: "end", Value: 1}}}}})
	var old textDoc
	if err := bson.Unmarshal(plain, &old); err != nil || len(old.Turns) != 1 || old.Turns[0].Speaker != "A" {
		t.Fatalf("plain array: %+v %v", old.Turns, err)
	}
	// Something else in the field is an error, not silence.
	bad, _ := bson.Marshal(bson.D{{Key: "turns", Value: "text"}})
	if err := bson.Unmarshal(bad, &old); err == nil {
		t.Fatal("a string in a packed field was accepted")
	}
}
