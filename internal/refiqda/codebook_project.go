package refiqda

import (
	"archive/zip"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/tandemqda/tandem/internal/safezip"
	"github.com/tandemqda/tandem/internal/tandem"
)

// projectZip bounds a REFI-QDA project (.qdpx) opened for its codebook: its
// sources may be many and large (recordings), but only the project
// document is read, so each part is bounded, not their sum.
var projectZip = safezip.Limits{MaxParts: 20000, MaxUnpackedBytes: MaxImportBytes, PerPart: true}

// projectDocument is the project document of a .qdpx: project.qde, or the
// one .qde at the top of the zip (ATLAS.ti names it after the project).
func projectDocument(zr *safezip.Reader) *zip.File {
	if f := zr.File("project.qde"); f != nil {
		return f
	}
	var found *zip.File
	for _, f := range zr.Files() {
		if !strings.Contains(f.Name, "/") && strings.HasSuffix(strings.ToLower(f.Name), ".qde") {
			if found != nil {
				return nil
			}
			found = f
		}
	}
	return found
}

// IsProject reports whether data is a zip that holds a project document,
// that is a REFI-QDA project (.qdpx) rather than another zip (an Excel
// workbook). It reads only the names, so a project over the limits is
// still known as one, and ImportProjectCodebook says which limit it broke.
func IsProject(data []byte) bool {
	zr, err := safezip.Open(data, safezip.Limits{MaxParts: math.MaxInt, MaxUnpackedBytes: math.MaxInt64})
	return err == nil && projectDocument(zr) != nil
}

// maxSkippedListed bounds the parts of a project named one by one as left
// out of a codebook import.
const maxSkippedListed = 20

// ImportProjectCodebook reads the codebook of a REFI-QDA project (.qdpx): a
// zip whose project.qde holds the project, codebook included. The other
// parts (sources, recordings) are not unpacked; the import lists them as
// left out.
func ImportProjectCodebook(data []byte) (*tandem.CodebookImport, error) {
	zr, err := safezip.Open(data, projectZip)
	var many *safezip.TooManyPartsError
	var large *safezip.TooLargeError
	switch {
	case errors.As(err, &many):
		return nil, tandem.Invalid("file", fmt.Sprintf("This REFI-QDA project (.qdpx) holds %d files, more than Tandem opens (at most %d). Export only the codebook (.qdc) and import that.", many.Parts, many.Max))
	case err != nil:
		return nil, tandem.Invalid("file", "This REFI-QDA project (.qdpx) is damaged: it cannot be unpacked.")
	}
	f := projectDocument(zr)
	if f == nil {
		return nil, tandem.Invalid("file", "This zip file is not a REFI-QDA project: it has no project.qde.")
	}
	if f.Flags&0x1 != 0 {
		return nil, tandem.Invalid("file", "This REFI-QDA project (.qdpx) is protected with a password (encrypted). Export it again without a password, or export only the codebook (.qdc).")
	}
	qde, err := zr.Read(f, MaxImportBytes)
	switch {
	case errors.As(err, &large):
		return nil, tandem.Invalid("file", fmt.Sprintf("The %s in this project is larger than %d MB; export only the codebook (.qdc) and import that.", f.Name, MaxImportBytes>>20))
	case err != nil:
		return nil, tandem.Invalid("file", fmt.Sprintf("This REFI-QDA project (.qdpx) is damaged: its %s cannot be read.", f.Name))
	}
	im, err := ImportCodebook(qde)
	if err != nil {
		return nil, err
	}
	var skipped []string
	for _, p := range zr.Files() {
		if p != f && !strings.HasSuffix(p.Name, "/") {
			skipped = append(skipped, fmt.Sprintf("%s, %s: not needed for the codebook.", p.Name, sizeWords(p.UncompressedSize64)))
		}
	}
	if len(skipped) > maxSkippedListed {
		skipped = append(skipped[:maxSkippedListed], fmt.Sprintf("And %d more files: not needed for the codebook.", len(skipped)-maxSkippedListed))
	}
	im.Skipped = append(skipped, im.Skipped...)
	return im, nil
}

// sizeWords says a size as people read it: "80 MB", "12 KB", "300 bytes".
func sizeWords(n uint64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", (n+1<<19)>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	case n == 1:
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}
