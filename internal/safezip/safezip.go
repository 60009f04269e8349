// Package safezip opens uploaded zip files (a .docx, an .odt, a .qdpx) with
// limits. It is the one place that reads uploaded zips: the part count and
// the declared unpacked size are checked when a zip opens, and every part is
// read through a limit whatever its header declares, so a zip bomb stops at
// the limit. Errors say which limit a file broke; callers word the message
// for the kind of file they expected.
package safezip

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits bounds what a zip may hold.
type Limits struct {
	// MaxParts bounds the number of parts (files) in the zip.
	MaxParts int
	// MaxUnpackedBytes bounds the sum of the parts' declared sizes, and what
	// any one part may unpack to.
	MaxUnpackedBytes int64
	// PerPart makes MaxUnpackedBytes bound each part read, not the sum of
	// all parts: for a zip of which only a few parts are read (a .qdpx
	// opened for its codebook carries recordings that are never unpacked).
	PerPart bool
}

// ErrDamaged is returned for a file that is not a zip, or a part that cannot
// be unpacked (a format or checksum error).
var ErrDamaged = errors.New("damaged zip")

// TooManyPartsError is returned when a zip holds more parts than allowed.
type TooManyPartsError struct {
	Parts, Max int
}

func (e *TooManyPartsError) Error() string {
	return fmt.Sprintf("zip holds %d parts, more than %d", e.Parts, e.Max)
}

// TooLargeError is returned when a zip would unpack to more than allowed:
// the parts' declared sizes added up (Part is empty), or one part read
// (Part names it; Size is then the limit plus one, where reading stopped).
type TooLargeError struct {
	Part      string
	Size, Max int64
}

func (e *TooLargeError) Error() string {
	if e.Part == "" {
		return fmt.Sprintf("zip would unpack to %d bytes, more than %d", e.Size, e.Max)
	}
	return fmt.Sprintf("zip part %s unpacks to more than %d bytes", e.Part, e.Max)
}

// Reader is an opened zip.
type Reader struct {
	zr  *zip.Reader
	lim Limits
}

// Open opens the zip in data, checking its part count and declared size.
func Open(data []byte, lim Limits) (*Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if len(zr.File) > lim.MaxParts {
		return nil, &TooManyPartsError{Parts: len(zr.File), Max: lim.MaxParts}
	}
	if lim.PerPart {
		return &Reader{zr: zr, lim: lim}, nil
	}
	// Added up so that no sum wraps around: a part may declare any size.
	limit := uint64(max(lim.MaxUnpackedBytes, 0))
	var declared uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > limit-declared {
			return nil, &TooLargeError{Size: int64(min(declared+min(f.UncompressedSize64, 1<<62), 1<<62)), Max: lim.MaxUnpackedBytes}
		}
		declared += f.UncompressedSize64
	}
	return &Reader{zr: zr, lim: lim}, nil
}

// Limits returns the limits the zip was opened with.
func (r *Reader) Limits() Limits { return r.lim }

// File returns the part with this exact name, or nil.
func (r *Reader) File(name string) *zip.File {
	for _, f := range r.zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Files returns the parts in the zip's order; read them with Read.
func (r *Reader) Files() []*zip.File { return r.zr.File }

// Encrypted reports whether any part is encrypted by the zip itself.
func (r *Reader) Encrypted() bool {
	for _, f := range r.zr.File {
		if f.Flags&0x1 != 0 {
			return true
		}
	}
	return false
}

// HasPart reports whether the name of a part, in lower case, passes match.
func (r *Reader) HasPart(match func(lowerName string) bool) bool {
	for _, f := range r.zr.File {
		if match(strings.ToLower(f.Name)) {
			return true
		}
	}
	return false
}

// Read reads a part, refusing more than max bytes (or MaxUnpackedBytes, if
// smaller) whatever the part's header declares.
func (r *Reader) Read(f *zip.File, max int64) ([]byte, error) {
	max = min(max, r.lim.MaxUnpackedBytes)
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: open %s: %v", ErrDamaged, f.Name, err)
	}
	defer rc.Close()
	buf := bytes.NewBuffer(make([]byte, 0, min(int64(min(f.UncompressedSize64, 1<<62)), max, 64<<20)+512))
	if _, err := buf.ReadFrom(io.LimitReader(rc, max+1)); err != nil {
		return nil, fmt.Errorf("%w: read %s: %v", ErrDamaged, f.Name, err)
	}
	if int64(buf.Len()) > max {
		return nil, &TooLargeError{Part: f.Name, Size: max + 1, Max: max}
	}
	return buf.Bytes(), nil
}
