package transcript

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
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

// archive is an uploaded zip (a .docx or an .odt) opened with limits. It is
// the one place that reads uploaded zips: the entry count and the declared
// size are checked when it opens, and every part is read through a limit
// whatever its header declares, so a zip bomb stops at the limit.
type archive struct {
	zr  *zip.Reader
	lim Limits
	as  office // what the file is, for messages
}

// openArchive opens a zip file; as says what it is expected to be, for
// messages about a damaged file.
func openArchive(data []byte, lim Limits, as office) (*archive, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, as.damaged()
	}
	if len(zr.File) > lim.MaxZipEntries {
		return nil, fileError(CodeInvalidFile, "This file holds %d parts, far more than a %s has. Tandem did not open it.", len(zr.File), as.kind)
	}
	var declared uint64
	for _, f := range zr.File {
		declared += f.UncompressedSize64
	}
	if declared > uint64(lim.MaxUnzippedBytes) {
		return nil, fileError(CodeInvalidFile, "This file would unpack to %s, more than a transcript can be (at most %s). Tandem did not open it.", sizeWords(int64(min(declared, 1<<62))), sizeWords(lim.MaxUnzippedBytes))
	}
	return &archive{zr: zr, lim: lim, as: as}, nil
}

// file returns the part with this exact name, or nil.
func (a *archive) file(name string) *zip.File {
	for _, f := range a.zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// encrypted reports whether any part is encrypted by the zip itself.
func (a *archive) encrypted() bool {
	for _, f := range a.zr.File {
		if f.Flags&0x1 != 0 {
			return true
		}
	}
	return false
}

// hasPart reports whether a part's name, in lower case, passes match.
func (a *archive) hasPart(match func(lowerName string) bool) bool {
	for _, f := range a.zr.File {
		if match(strings.ToLower(f.Name)) {
			return true
		}
	}
	return false
}

// read reads a part, refusing more than max bytes (or the unzipped limit,
// if smaller) whatever the part's header declares.
func (a *archive) read(f *zip.File, max int64) ([]byte, error) {
	max = min(max, a.lim.MaxUnzippedBytes)
	rc, err := f.Open()
	if err != nil {
		return nil, a.as.damaged()
	}
	defer rc.Close()
	buf := bytes.NewBuffer(make([]byte, 0, min(int64(f.UncompressedSize64), max, 64<<20)+512))
	if _, err := buf.ReadFrom(io.LimitReader(rc, max+1)); err != nil {
		return nil, a.as.damaged() // a checksum or format error of the zip
	}
	if int64(buf.Len()) > max {
		return nil, fileError(CodeInvalidFile, "A part of this file unpacks to more than %s. Tandem did not open it.", sizeWords(max))
	}
	return buf.Bytes(), nil
}
