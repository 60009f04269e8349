package transcript

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode"
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
	paras, err := documentParagraphs(lr, lim.MaxXMLDepth, int64(min(doc.UncompressedSize64, uint64(lim.MaxUnzippedBytes))))
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
// of drawings are left out. It is a small strict scanner rather than
// encoding/xml, which is several times slower on large documents: tags must
// nest, entities must be known, and DTDs are refused.
func documentParagraphs(body io.Reader, maxDepth int, sizeHint int64) ([]string, error) {
	buf := bytes.NewBuffer(make([]byte, 0, min(sizeHint, 64<<20)+512))
	if _, err := buf.ReadFrom(body); err != nil {
		return nil, errDamagedDocx // a checksum or format error of the zip
	}
	return scanWordML(buf.Bytes(), maxDepth)
}

func damagedXML(b []byte, at int) error {
	return fileError(CodeInvalidFile, "This .docx file's text cannot be read (its XML is damaged at line %d).", 1+bytes.Count(b[:min(at, len(b))], []byte("\n")))
}

// scanWordML scans WordprocessingML in b.
func scanWordML(b []byte, maxDepth int) ([]string, error) {
	var paras []string
	var stack []*strings.Builder // open paragraphs (text boxes nest them)
	var open [][]byte            // names of open elements
	inText, skip := false, 0
	start := func(local []byte) {
		if skip > 0 {
			skip++
			return
		}
		switch string(local) {
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
	}
	end := func(local []byte) {
		if skip > 0 {
			skip--
			return
		}
		switch string(local) {
		case "t":
			inText = false
		case "p":
			if n := len(stack); n > 0 {
				paras = append(paras, stack[n-1].String())
				stack = stack[:n-1]
			}
		}
	}
	i := 0
	for i < len(b) {
		lt := bytes.IndexByte(b[i:], '<')
		text := b[i:]
		if lt >= 0 {
			text = b[i : i+lt]
		}
		if inText && skip == 0 && len(stack) > 0 {
			if err := unescape(stack[len(stack)-1], text); err != nil {
				return nil, damagedXML(b, i)
			}
		}
		if lt < 0 {
			break
		}
		i += lt
		rest := b[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<?")):
			e := bytes.Index(rest, []byte("?>"))
			if e < 0 {
				return nil, damagedXML(b, i)
			}
			i += e + 2
		case bytes.HasPrefix(rest, []byte("<!--")):
			e := bytes.Index(rest[4:], []byte("-->"))
			if e < 0 {
				return nil, damagedXML(b, i)
			}
			i += 4 + e + 3
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			e := bytes.Index(rest[9:], []byte("]]>"))
			if e < 0 {
				return nil, damagedXML(b, i)
			}
			if inText && skip == 0 && len(stack) > 0 {
				stack[len(stack)-1].Write(rest[9 : 9+e])
			}
			i += 9 + e + 3
		case bytes.HasPrefix(rest, []byte("<!")):
			return nil, fileError(CodeInvalidFile, "This .docx file contains a document type declaration, which Word documents never have. Tandem did not open it.")
		case bytes.HasPrefix(rest, []byte("</")):
			e := bytes.IndexByte(rest, '>')
			if e < 0 {
				return nil, damagedXML(b, i)
			}
			name := bytes.TrimSpace(rest[2:e])
			if len(open) == 0 || !bytes.Equal(open[len(open)-1], name) {
				return nil, damagedXML(b, i)
			}
			open = open[:len(open)-1]
			end(localName(name))
			i += e + 1
		default:
			e, ok := tagEnd(rest)
			if !ok {
				return nil, damagedXML(b, i)
			}
			self := rest[e-1] == '/'
			n := 1
			for n < e && !isSpace(rest[n]) && rest[n] != '/' && rest[n] != '>' {
				n++
			}
			name := rest[1:n]
			if len(name) == 0 {
				return nil, damagedXML(b, i)
			}
			start(localName(name))
			if self {
				end(localName(name))
			} else {
				open = append(open, name)
				if len(open) > maxDepth {
					return nil, fileError(CodeInvalidFile, "This .docx file is nested more deeply than any Word document (over %d levels). Tandem did not open it.", maxDepth)
				}
			}
			i += e + 1
		}
	}
	if len(open) > 0 {
		return nil, damagedXML(b, len(b))
	}
	return paras, nil
}

// tagEnd returns the index of the '>' that closes the tag at the start of b,
// skipping quoted attribute values.
func tagEnd(b []byte) (int, bool) {
	var quote byte
	for j := 1; j < len(b); j++ {
		c := b[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '<':
			return 0, false
		case c == '>':
			return j, true
		}
	}
	return 0, false
}

func localName(name []byte) []byte {
	if k := bytes.IndexByte(name, ':'); k >= 0 {
		return name[k+1:]
	}
	return name
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// unescape writes text with XML entities decoded.
func unescape(w *strings.Builder, text []byte) error {
	for {
		amp := bytes.IndexByte(text, '&')
		if amp < 0 {
			w.Write(text)
			return nil
		}
		w.Write(text[:amp])
		semi := bytes.IndexByte(text[amp:], ';')
		if semi < 0 || semi > 12 {
			return errors.New("bad entity")
		}
		ent := string(text[amp+1 : amp+semi])
		switch ent {
		case "amp":
			w.WriteByte('&')
		case "lt":
			w.WriteByte('<')
		case "gt":
			w.WriteByte('>')
		case "quot":
			w.WriteByte('"')
		case "apos":
			w.WriteByte('\'')
		default:
			var r int64
			var err error
			switch {
			case strings.HasPrefix(ent, "#x") || strings.HasPrefix(ent, "#X"):
				r, err = strconv.ParseInt(ent[2:], 16, 32)
			case strings.HasPrefix(ent, "#"):
				r, err = strconv.ParseInt(ent[1:], 10, 32)
			default:
				return errors.New("unknown entity")
			}
			if err != nil || r < 0 || r > unicode.MaxRune || (r >= 0xD800 && r <= 0xDFFF) {
				return errors.New("bad character reference")
			}
			w.WriteRune(rune(r))
		}
		text = text[amp+semi+1:]
	}
}
