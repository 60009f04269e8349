package transcript

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// xmlHandler receives what scanXML finds, in document order. Names are local
// names (the namespace prefix removed).
type xmlHandler interface {
	// start is called for each start tag (and each empty-element tag, which
	// then gets its end call at once); tag is the whole tag, for attributes.
	start(local, tag []byte)
	end(local []byte)
	// text is called with character data whose entities are not yet
	// decoded; an error means a bad entity.
	text(raw []byte) error
	// cdata is called with the content of a CDATA section.
	cdata(raw []byte)
}

// scanXML walks the XML of a word-processor document. It is a small strict
// scanner rather than encoding/xml, which is several times slower on large
// documents, and it accepts exactly what encoding/xml in strict mode accepts
// (a differential fuzz test holds it to that): names, attributes, entities
// and characters are checked, tags must nest, and DTDs are refused (so no
// entity can expand). as names the file in messages.
func scanXML(b []byte, maxDepth int, as office, h xmlHandler) error {
	damaged := func(at int) error {
		return fileError(CodeInvalidFile, "This %s file's text cannot be read (its XML is damaged at line %d).", as.ext, 1+bytes.Count(b[:min(at, len(b))], []byte("\n")))
	}
	var open [][]byte // names of open elements
	i := 0
	for i < len(b) {
		lt := bytes.IndexByte(b[i:], '<')
		text := b[i:]
		if lt >= 0 {
			text = b[i : i+lt]
		}
		if len(text) > 0 {
			if !validText(text, false) || bytes.Contains(text, []byte("]]>")) {
				return damaged(i)
			}
			if err := h.text(text); err != nil {
				return damaged(i)
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
			if e < 0 || !validInstruction(rest[:e+2]) {
				return damaged(i)
			}
			i += e + 2
		case bytes.HasPrefix(rest, []byte("<!--")):
			// The first "--" must end the comment.
			e := bytes.Index(rest[4:], []byte("--"))
			if e < 0 || 4+e+2 >= len(rest) || rest[4+e+2] != '>' {
				return damaged(i)
			}
			i += 4 + e + 3
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			e := bytes.Index(rest[9:], []byte("]]>"))
			if e < 0 || !validText(rest[9:9+e], true) {
				return damaged(i)
			}
			h.cdata(rest[9 : 9+e])
			i += 9 + e + 3
		case bytes.HasPrefix(rest, []byte("<!")):
			return fileError(CodeInvalidFile, "This %s file contains a document type declaration, which a %s never has. Tandem did not open it.", as.ext, as.kind)
		case bytes.HasPrefix(rest, []byte("</")):
			n := qualifiedName(rest, 2)
			e := skipSpace(rest, n)
			if n == 2 || e >= len(rest) || rest[e] != '>' {
				return damaged(i)
			}
			name := rest[2:n]
			if len(open) == 0 || !bytes.Equal(open[len(open)-1], name) {
				return damaged(i)
			}
			open = open[:len(open)-1]
			h.end(localName(name))
			i += e + 1
		default:
			n, e, ok := startTag(rest)
			if !ok {
				return damaged(i)
			}
			self := rest[e-1] == '/'
			name := rest[1:n]
			h.start(localName(name), rest[:e])
			if self {
				h.end(localName(name))
			} else {
				open = append(open, name)
				if len(open) > maxDepth {
					return fileError(CodeInvalidFile, "This %s file is nested more deeply than any %s (over %d levels). Tandem did not open it.", as.ext, as.kind, maxDepth)
				}
			}
			i += e + 1
		}
	}
	if len(open) > 0 {
		return damaged(len(b))
	}
	return nil
}

// startTag checks the start tag at the start of b: a name, then attributes
// name="value" or name='value', then ">" or "/>". It returns where the name
// ends and the index of the closing '>'.
func startTag(b []byte) (nameEnd, end int, ok bool) {
	nameEnd = qualifiedName(b, 1)
	if nameEnd == 1 {
		return 0, 0, false
	}
	j := nameEnd
	for {
		j = skipSpace(b, j)
		switch {
		case j >= len(b):
			return 0, 0, false
		case b[j] == '>':
			return nameEnd, j, true
		case b[j] == '/':
			if j+1 < len(b) && b[j+1] == '>' {
				return nameEnd, j + 1, true
			}
			return 0, 0, false
		}
		k := qualifiedName(b, j)
		if k == j {
			return 0, 0, false
		}
		j = skipSpace(b, k)
		if j >= len(b) || b[j] != '=' {
			return 0, 0, false
		}
		j = skipSpace(b, j+1)
		if j >= len(b) || (b[j] != '"' && b[j] != '\'') {
			return 0, 0, false
		}
		q := bytes.IndexByte(b[j+1:], b[j])
		if q < 0 {
			return 0, 0, false
		}
		value := b[j+1 : j+1+q]
		if bytes.IndexByte(value, '<') >= 0 || !validText(value, false) {
			return 0, 0, false
		}
		j += q + 2
	}
}

// qualifiedName returns the end of the XML name that starts at b[i] (i when
// there is none): name characters, at most one colon, as encoding/xml
// reads names.
func qualifiedName(b []byte, i int) int {
	j := i
	ascii := true
	for j < len(b) && (b[j] >= utf8.RuneSelf || isNameByte(b[j])) {
		ascii = ascii && b[j] < utf8.RuneSelf
		j++
	}
	name := b[i:j]
	if len(name) == 0 || bytes.Count(name, []byte(":")) > 1 {
		return i
	}
	if ascii {
		if c := name[0]; c == '-' || c == '.' || ('0' <= c && c <= '9') {
			return i
		}
		return j
	}
	// Names beyond ASCII are rare in documents: encoding/xml, which holds
	// the tables of the characters XML allows in names, judges them.
	if _, err := xml.NewDecoder(bytes.NewReader(append(append([]byte("<"), name...), "/>"...))).RawToken(); err != nil {
		return i
	}
	return j
}

func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == ':' || c == '.' || c == '-'
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// validInstruction checks a processing instruction ("<?target ...?>"): it is
// rare (the XML declaration), so encoding/xml checks it, version and
// encoding included.
func validInstruction(pi []byte) bool {
	_, err := xml.NewDecoder(bytes.NewReader(pi)).RawToken()
	return err == nil
}

// validText reports whether text (character data, or an attribute value)
// holds only characters XML allows and, unless it is CDATA, only known
// entities and character references.
func validText(text []byte, cdata bool) bool {
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '&' && !cdata:
			r, n, ok := entity(text[i:])
			if !ok || !xmlChar(r) && !isSurrogate(r) {
				return false
			}
			i += n
		case c < utf8.RuneSelf:
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
		default:
			r, n := utf8.DecodeRune(text[i:])
			if r == utf8.RuneError && n == 1 || !xmlChar(r) {
				return false
			}
			i += n
		}
	}
	return true
}

// entity reads the entity or character reference at the start of b (which
// starts with '&'): the character it stands for and its length.
func entity(b []byte) (rune, int, bool) {
	semi := bytes.IndexByte(b, ';')
	if semi < 0 {
		return 0, 0, false
	}
	ent := b[1:semi]
	switch string(ent) {
	case "amp":
		return '&', semi + 1, true
	case "lt":
		return '<', semi + 1, true
	case "gt":
		return '>', semi + 1, true
	case "quot":
		return '"', semi + 1, true
	case "apos":
		return '\'', semi + 1, true
	}
	if len(ent) < 2 || ent[0] != '#' {
		return 0, 0, false
	}
	digits, base := ent[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	for _, d := range digits {
		if !('0' <= d && d <= '9' || base == 16 && ('a' <= d && d <= 'f' || 'A' <= d && d <= 'F')) {
			return 0, 0, false
		}
	}
	n, err := strconv.ParseUint(string(digits), base, 64)
	if err != nil || n > unicode.MaxRune {
		return 0, 0, false
	}
	return rune(n), semi + 1, true
}

// xmlChar reports whether XML allows the character r.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// isSurrogate reports whether r is a UTF-16 surrogate: a reference to one
// stands for U+FFFD, as in encoding/xml.
func isSurrogate(r rune) bool { return r >= 0xD800 && r <= 0xDFFF }

func localName(name []byte) []byte {
	if k := bytes.IndexByte(name, ':'); k > 0 && k < len(name)-1 {
		return name[k+1:]
	}
	return name
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// attr returns the value of the attribute with this local name in a start
// tag, entities decoded, or "" when it has none.
func attr(tag []byte, local string) string {
	i := 1
	for i < len(tag) && !isSpace(tag[i]) && tag[i] != '/' { // the element's name
		i++
	}
	for i < len(tag) {
		for i < len(tag) && (isSpace(tag[i]) || tag[i] == '/') {
			i++
		}
		eq := bytes.IndexByte(tag[i:], '=')
		if eq < 0 {
			return ""
		}
		name := bytes.TrimSpace(tag[i : i+eq])
		i += eq + 1
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || (tag[i] != '"' && tag[i] != '\'') {
			return ""
		}
		end := bytes.IndexByte(tag[i+1:], tag[i])
		if end < 0 {
			return ""
		}
		if string(localName(name)) == local {
			var v strings.Builder
			if unescape(&v, tag[i+1:i+1+end]) != nil {
				return ""
			}
			return v.String()
		}
		i += end + 2
	}
	return ""
}

// unescape writes text with XML entities decoded; scanXML has checked them.
func unescape(w *strings.Builder, text []byte) error {
	for {
		amp := bytes.IndexByte(text, '&')
		if amp < 0 {
			w.Write(text)
			return nil
		}
		w.Write(text[:amp])
		r, n, ok := entity(text[amp:])
		if !ok {
			return errors.New("bad entity")
		}
		w.WriteRune(r) // a surrogate is written as U+FFFD
		text = text[amp+n:]
	}
}
