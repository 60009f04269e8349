package safezip

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"strings"
	"testing"
)

// part is one file of a test zip. With declared set, its header claims that
// size instead of its real one (a zip bomb, or a lie).
type part struct {
	name, body string
	declared   uint64
	encrypted  bool
}

func zipOf(t testing.TB, parts ...part) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		var packed bytes.Buffer
		fw, err := flate.NewWriter(&packed, flate.BestCompression)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(p.body))
		fw.Close()
		h := &zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE([]byte(p.body)),
			CompressedSize64: uint64(packed.Len()), UncompressedSize64: uint64(len(p.body))}
		if p.declared != 0 {
			h.UncompressedSize64 = p.declared
		}
		if p.encrypted {
			h.Flags |= 0x1
		}
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(packed.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var small = Limits{MaxParts: 3, MaxUnpackedBytes: 1000}

func TestOpenChecksPartsAndDeclaredSize(t *testing.T) {
	good := zipOf(t, part{name: "a.xml", body: "<a/>"}, part{name: "b.xml", body: "<b/>"})
	tests := map[string]struct {
		data []byte
		want error // nil, ErrDamaged, or an error of the same type
	}{
		"a good zip":           {good, nil},
		"not a zip":            {[]byte("hello, not a zip"), ErrDamaged},
		"empty":                {nil, ErrDamaged},
		"cut short":            {good[:len(good)/2], ErrDamaged},
		"exactly the limit":    {zipOf(t, part{name: "a", body: strings.Repeat("x", 1000)}), nil},
		"one byte over":        {zipOf(t, part{name: "a", body: strings.Repeat("x", 600)}, part{name: "b", body: strings.Repeat("x", 401)}), &TooLargeError{}},
		"too many parts":       {zipOf(t, part{name: "a"}, part{name: "b"}, part{name: "c"}, part{name: "d"}), &TooManyPartsError{}},
		"a part declares 2^64": {zipOf(t, part{name: "a", body: "x", declared: 1<<64 - 1}), &TooLargeError{}},
		// Two parts of 2^63 add up to 0 in 64 bits: the sum must not wrap.
		"sizes that wrap": {zipOf(t, part{name: "a", body: "x", declared: 1 << 63}, part{name: "b", body: "x", declared: 1 << 63}), &TooLargeError{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r, err := Open(tc.data, small)
			switch want := tc.want.(type) {
			case nil:
				if err != nil || r == nil {
					t.Fatalf("Open: %v", err)
				}
			case *TooLargeError:
				var got *TooLargeError
				if !errors.As(err, &got) || got.Part != "" || got.Size <= small.MaxUnpackedBytes || got.Max != small.MaxUnpackedBytes {
					t.Fatalf("Open: %#v, want a TooLargeError for the whole zip", err)
				}
			case *TooManyPartsError:
				var got *TooManyPartsError
				if !errors.As(err, &got) || got.Parts != 4 || got.Max != 3 {
					t.Fatalf("Open: %#v, want 4 parts of at most 3", err)
				}
			default:
				if !errors.Is(err, want) {
					t.Fatalf("Open: %v, want %v", err, want)
				}
			}
		})
	}
}

func TestReadStopsAtTheLimitWhateverTheHeaderSays(t *testing.T) {
	bomb := strings.Repeat("0", 1<<20) // packs to about a kilobyte
	data := zipOf(t,
		part{name: "word/document.xml", body: "<w:document/>"},
		part{name: "bomb.xml", body: bomb, declared: 10},
		part{name: "big.xml", body: strings.Repeat("y", 900)})
	r, err := Open(data, Limits{MaxParts: 3, MaxUnpackedBytes: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if b, err := r.Read(r.File("word/document.xml"), 100); err != nil || string(b) != "<w:document/>" {
		t.Fatalf("Read: %q %v", b, err)
	}
	// archive/zip stops at the declared size and calls the rest a format error.
	if b, err := r.Read(r.File("bomb.xml"), 1<<30); !errors.Is(err, ErrDamaged) || b != nil {
		t.Fatalf("a part that unpacks to 1 MB while declaring 10 bytes: %d bytes, %v", len(b), err)
	}
	var tooLarge *TooLargeError
	if _, err := r.Read(r.File("big.xml"), 899); !errors.As(err, &tooLarge) || tooLarge.Max != 899 {
		t.Fatalf("a 900-byte part read with a limit of 899: %v", err)
	}
	if b, err := r.Read(r.File("big.xml"), 900); err != nil || len(b) != 900 {
		t.Fatalf("a 900-byte part read with a limit of 900: %d %v", len(b), err)
	}
}

// TestPerPartBoundsEachPartNotTheSum: a .qdpx opened for its project
// document carries recordings larger than the limit that are never read.
func TestPerPartBoundsEachPartNotTheSum(t *testing.T) {
	data := zipOf(t,
		part{name: "project.qde", body: "<Project/>"},
		part{name: "sources/interview1.m4a", body: strings.Repeat("0", 1<<20)},
		part{name: "sources/huge.mp4", body: "x", declared: 1 << 62})
	lim := Limits{MaxParts: 3, MaxUnpackedBytes: 1000}
	if _, err := Open(data, lim); err == nil {
		t.Fatal("the sum of the parts is over the limit, and Open took it")
	}
	lim.PerPart = true
	r, err := Open(data, lim)
	if err != nil {
		t.Fatalf("Open per part: %v", err)
	}
	if b, err := r.Read(r.File("project.qde"), 1<<30); err != nil || string(b) != "<Project/>" {
		t.Fatalf("the small part: %q %v", b, err)
	}
	var large *TooLargeError
	if _, err := r.Read(r.File("sources/interview1.m4a"), 1<<30); !errors.As(err, &large) || large.Part != "sources/interview1.m4a" || large.Max != 1000 {
		t.Fatalf("a part over the limit: %v", err)
	}
	if names := len(r.Files()); names != 3 {
		t.Fatalf("Files() has %d parts", names)
	}
	if _, err := Open(zipOf(t, part{name: "a"}, part{name: "b"}, part{name: "c"}, part{name: "d"}), lim); err == nil {
		t.Fatal("per part, the part count still holds")
	}
}

func TestReadRefusesADamagedPart(t *testing.T) {
	data := zipOf(t, part{name: "a.xml", body: "hello, world"})
	// Spoil the packed bytes: the checksum or the format no longer holds.
	i := bytes.Index(data, []byte("a.xml")) + len("a.xml")
	for j := i; j < i+4; j++ {
		data[j] ^= 0xff
	}
	r, err := Open(data, small)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Read(r.File("a.xml"), 100); !errors.Is(err, ErrDamaged) {
		t.Fatalf("Read of a spoiled part: %v, want ErrDamaged", err)
	}
}

func TestPartsAndEncryption(t *testing.T) {
	r, err := Open(zipOf(t, part{name: "content.xml", body: "<x/>"}, part{name: "Basic/Module1.xml", body: "x"}), small)
	if err != nil {
		t.Fatal(err)
	}
	if r.File("content.xml") == nil || r.File("Content.xml") != nil || r.File("missing") != nil {
		t.Fatal("File finds parts by their exact name")
	}
	if !r.HasPart(func(n string) bool { return strings.HasPrefix(n, "basic/") }) || r.HasPart(func(n string) bool { return n == "scripts/" }) {
		t.Fatal("HasPart matches the lower-case names")
	}
	if r.Encrypted() {
		t.Fatal("a plain zip is not encrypted")
	}
	r, err = Open(zipOf(t, part{name: "content.xml", body: "<x/>", encrypted: true}), small)
	if err != nil || !r.Encrypted() {
		t.Fatalf("a zip with an encrypted part: %v", err)
	}
	if r.Limits() != small {
		t.Fatalf("Limits() = %+v", r.Limits())
	}
}

// FuzzOpen opens any bytes as a zip and reads every part: it never panics,
// and never returns more than the limits allow.
func FuzzOpen(f *testing.F) {
	f.Add(zipOf(f, part{name: "a.xml", body: "<a/>"}, part{name: "b", body: strings.Repeat("b", 2000)}))
	f.Add(zipOf(f, part{name: "bomb", body: strings.Repeat("0", 1<<16), declared: 3}))
	f.Add(zipOf(f, part{name: "a", body: "x", declared: 1 << 63}, part{name: "b", body: "x", declared: 1 << 63}))
	f.Add([]byte("PK\x03\x04"))
	lim := Limits{MaxParts: 50, MaxUnpackedBytes: 4096}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Open(data, lim)
		if err != nil {
			var many *TooManyPartsError
			var large *TooLargeError
			if !errors.Is(err, ErrDamaged) && !errors.As(err, &many) && !errors.As(err, &large) {
				t.Fatalf("Open: unexpected error %v", err)
			}
			return
		}
		if len(r.zr.File) > lim.MaxParts {
			t.Fatalf("opened a zip of %d parts", len(r.zr.File))
		}
		for _, f := range r.zr.File {
			b, err := r.Read(f, 1000)
			if err == nil && len(b) > 1000 {
				t.Fatalf("Read returned %d bytes, more than 1000", len(b))
			}
		}
	})
}
