package mongodb

import (
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// packedSubtype marks a binary value that holds a packed list (a
// user-defined BSON binary subtype).
const packedSubtype = 0x80

// packed keeps a list as one binary value holding the BSON document
// {"items": [...]}. The embedded engine decodes arrays of subdocuments
// element by element, which dominates reads of documents with hundreds of
// entries; a binary value it passes through whole, and the driver decodes it
// natively. The bytes inside are ordinary BSON, so tools can still read them.
type packed[T any] []T

type packedItems[T any] struct {
	Items []T `bson:"items"`
}

// MarshalBSONValue implements bson.ValueMarshaler.
func (p packed[T]) MarshalBSONValue() (byte, []byte, error) {
	items := []T(p)
	if items == nil {
		items = []T{}
	}
	doc, err := bson.Marshal(packedItems[T]{Items: items})
	if err != nil {
		return 0, nil, fmt.Errorf("pack list: %w", err)
	}
	typ, data, err := bson.MarshalValue(bson.Binary{Subtype: packedSubtype, Data: doc})
	return byte(typ), data, err
}

// UnmarshalBSONValue implements bson.ValueUnmarshaler. It also reads a plain
// array, as written before lists were packed.
func (p *packed[T]) UnmarshalBSONValue(typ byte, data []byte) error {
	raw := bson.RawValue{Type: bson.Type(typ), Value: data}
	switch raw.Type {
	case bson.TypeBinary:
		subtype, doc, ok := raw.BinaryOK()
		if !ok || subtype != packedSubtype {
			return fmt.Errorf("unpack list: binary subtype %#x is not a packed list", subtype)
		}
		var w packedItems[T]
		if err := bson.Unmarshal(doc, &w); err != nil {
			return fmt.Errorf("unpack list: %w", err)
		}
		*p = w.Items
	case bson.TypeArray:
		var items []T
		if err := raw.Unmarshal(&items); err != nil {
			return fmt.Errorf("read list: %w", err)
		}
		*p = items
	case bson.TypeNull:
		*p = nil
	default:
		return fmt.Errorf("unpack list: unexpected BSON type %s", raw.Type)
	}
	return nil
}
