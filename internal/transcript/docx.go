package transcript

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

var errDamagedDocx = fileError(CodeInvalidFile, "This .docx file is damaged (it may not have uploaded completely). Open it in Word, save it again, and upload it.")

// docxParagraphs reads the paragraphs of a Word document's body in order,
// with tabs and line breaks. Headers, footers, comments and footnotes live
// in other parts of the file and are not read. The zip is checked first:
// entry count, declared and actual decompressed size, encryption, macros.
func docxParagraphs(data []byte, lim Limits) ([]string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errDamagedDocx
	}
	if len(zr.File) > lim.MaxZipEntries {
		return nil, fileError(CodeInvalidFile, "This file holds %d parts, far more than a Word document has. Tandem did not open it.", len(zr.File))
	}
	var declared uint64
	var doc *zip.File
	for _, f := range zr.File {
		declared += f.UncompressedSize64
		name := strings.ToLower(f.Name)
		switch {
		case f.Flags&0x1 != 0:
			return nil, fileError(CodeInvalidFile, "This Word file is encrypted. Remove its password in Word, save it, and upload it again.")
		case strings.HasSuffix(name, "vbaproject.bin") || strings.HasSuffix(name, "vbadata.xml"):
			return nil, fileError(CodeInvalidFile, "This Word file contains macros. Tandem does not accept files with macros: save it as a plain .docx (Word Document) and upload it again.")
		case name == "word/document.xml":
			doc = f
		}
	}
	if declared > uint64(lim.MaxUnzippedBytes) {
		return nil, fileError(CodeInvalidFile, "This file would unpack to %s, more than a transcript can be (at most %s). Tandem did not open it.", sizeWords(int64(min(declared, 1<<62))), sizeWords(lim.MaxUnzippedBytes))
	}
	if ct := findFile(zr, "[Content_Types].xml"); ct != nil {
		b, err := readLimited(ct, 1<<20)
		if err != nil {
			return nil, err
		}
		if bytes.Contains(bytes.ToLower(b), []byte("macroenabled")) {
			return nil, fileError(CodeInvalidFile, "This Word file contains macros. Tandem does not accept files with macros: save it as a plain .docx (Word Document) and upload it again.")
		}
	}
	if doc == nil {
		return nil, fileError(CodeInvalidFile, "This is a zip file but not a Word document (it has no word/document.xml).")
	}
	rc, err := doc.Open()
	if err != nil {
		return nil, errDamagedDocx
	}
	defer rc.Close()
	// Stream the part into the XML decoder, refusing more than the limit
	// whatever its header declares.
	lr := &io.LimitedReader{R: rc, N: lim.MaxUnzippedBytes + 1}
	paras, err := documentParagraphs(lr, lim.MaxXMLDepth)
	if lr.N <= 0 {
		return nil, fileError(CodeInvalidFile, "A part of this file unpacks to more than %s. Tandem did not open it.", sizeWords(lim.MaxUnzippedBytes))
	}
	return paras, err
}

func findFile(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// readLimited reads a zip entry, refusing more than max bytes whatever its
// header declares.
func readLimited(f *zip.File, max int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, errDamagedDocx
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		return nil, errDamagedDocx
	}
	if int64(len(b)) > max {
		return nil, fileError(CodeInvalidFile, "A part of this file unpacks to more than %s. Tandem did not open it.", sizeWords(max))
	}
	return b, nil
}

// documentParagraphs walks word/document.xml: text runs (w:t), tabs, line
// breaks, paragraph ends. Deleted text, field codes and the fallback copies
// of drawings are left out.
func documentParagraphs(body io.Reader, maxDepth int) ([]string, error) {
	d := xml.NewDecoder(body)
	d.Strict = true
	var open []string // element names, to check nesting as Token would
	var paras []string
	var stack []*strings.Builder // open paragraphs (text boxes nest them)
	depth, inText, skip := 0, false, 0
	for {
		tok, err := d.RawToken() // no namespace resolution: local names suffice
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if errors.Is(err, zip.ErrChecksum) || errors.Is(err, zip.ErrFormat) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, errDamagedDocx
			}
			return nil, fileError(CodeInvalidFile, "This .docx file's text cannot be read (its XML is damaged at line %d).", lineOf(d))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			open = append(open, t.Name.Local)
			depth++
			if depth > maxDepth {
				return nil, fileError(CodeInvalidFile, "This .docx file is nested more deeply than any Word document (over %d levels). Tandem did not open it.", maxDepth)
			}
			if skip > 0 {
				skip++
				continue
			}
			switch t.Name.Local {
			case "Fallback", "delText", "instrText", "del":
				skip = 1
			case "p":
				stack = append(stack, &strings.Builder{})
			case "t":
				inText = true
			case "tab", "ptab":
				if len(stack) > 0 {
					stack[len(stack)-1].WriteByte('\t')
				}
			case "br", "cr":
				if len(stack) > 0 {
					stack[len(stack)-1].WriteByte('\n')
				}
			case "noBreakHyphen":
				if len(stack) > 0 {
					stack[len(stack)-1].WriteByte('-')
				}
			}
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != t.Name.Local {
				return nil, fileError(CodeInvalidFile, "This .docx file's text cannot be read (its XML is damaged at line %d).", lineOf(d))
			}
			open = open[:len(open)-1]
			depth--
			if skip > 0 {
				skip--
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				if n := len(stack); n > 0 {
					paras = append(paras, stack[n-1].String())
					stack = stack[:n-1]
				}
			}
		case xml.CharData:
			if inText && skip == 0 && len(stack) > 0 {
				stack[len(stack)-1].Write(t)
			}
		}
	}
	return paras, nil
}

func lineOf(d *xml.Decoder) int {
	line, _ := d.InputPos()
	return line
}
