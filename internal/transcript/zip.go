package transcript

import (
	"archive/zip"
	"errors"

	"github.com/tandemqda/tandem/internal/safezip"
)

// office names a kind of zipped word-processor file in messages.
type office struct {
	format  Format
	ext     string // ".docx"
	program string // what to open it in, to save it again
	kind    string // "Word document"
}

var (
	officeWord = office{FormatDocx, ".docx", "Word", "Word document"}
	officeODT  = office{FormatODT, ".odt", "LibreOffice (or the program that made it)", "OpenDocument text"}
)

func (o office) damaged() error {
	return fileError(CodeInvalidFile, "This %s file is damaged (it may not have uploaded completely). Open it in %s, save it again, and upload it.", o.ext, o.program)
}

func (o office) encrypted() error {
	return fileError(CodeInvalidFile, "This %s file is protected with a password (encrypted). Open it in %s, save a copy without the password, and upload that.", o.ext, o.program)
}

func (o office) macros() error {
	return fileError(CodeInvalidFile, "This %s file contains macros. Tandem does not accept files with macros: save it as a plain %s and upload it again.", o.ext, o.ext)
}

// archive is an uploaded zip (a .docx or an .odt) opened with limits by
// safezip, the one reader of uploaded zips; it words safezip's refusals for
// the kind of file expected.
type archive struct {
	*safezip.Reader
	lim Limits
	as  office // what the file is, for messages
}

// openArchive opens a zip file; as says what it is expected to be, for
// messages about a damaged file.
func openArchive(data []byte, lim Limits, as office) (*archive, error) {
	zr, err := safezip.Open(data, safezip.Limits{MaxParts: lim.MaxZipEntries, MaxUnpackedBytes: lim.MaxUnzippedBytes})
	if err != nil {
		return nil, as.zipError(err)
	}
	return &archive{Reader: zr, lim: lim, as: as}, nil
}

// read reads a part, refusing more than max bytes (or the unzipped limit,
// if smaller) whatever the part's header declares.
func (a *archive) read(f *zip.File, max int64) ([]byte, error) {
	b, err := a.Read(f, max)
	if err != nil {
		return nil, a.as.zipError(err)
	}
	return b, nil
}

// zipError words a refusal of safezip for this kind of file.
func (o office) zipError(err error) error {
	var many *safezip.TooManyPartsError
	var large *safezip.TooLargeError
	switch {
	case errors.As(err, &many):
		return fileError(CodeInvalidFile, "This file holds %d parts, far more than a %s has. Tandem did not open it.", many.Parts, o.kind)
	case errors.As(err, &large) && large.Part == "":
		return fileError(CodeInvalidFile, "This file would unpack to %s, more than a transcript can be (at most %s). Tandem did not open it.", sizeWords(large.Size), sizeWords(large.Max))
	case errors.As(err, &large):
		return fileError(CodeInvalidFile, "A part of this file unpacks to more than %s. Tandem did not open it.", sizeWords(large.Max))
	}
	return o.damaged() // a format or checksum error of the zip
}
