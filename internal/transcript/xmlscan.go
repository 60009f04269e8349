package transcript

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"unicode"
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
// documents: tags must nest, entities must be known, and DTDs are refused
// (so no entity can expand). as names the file in messages.
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
			if e < 0 {
				return damaged(i)
			}
			i += e + 2
		case bytes.HasPrefix(rest, []byte("<!--")):
			e := bytes.Index(rest[4:], []byte("-->"))
			if e < 0 {
				return damaged(i)
			}
			i += 4 + e + 3
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			e := bytes.Index(rest[9:], []byte("]]>"))
			if e < 0 {
				return damaged(i)
			}
			h.cdata(rest[9 : 9+e])
			i += 9 + e + 3
		case bytes.HasPrefix(rest, []byte("<!")):
			return fileError(CodeInvalidFile, "This %s file contains a document type declaration, which a %s never has. Tandem did not open it.", as.ext, as.kind)
		case bytes.HasPrefix(rest, []byte("</")):
			e := bytes.IndexByte(rest, '>')
			if e < 0 {
				return damaged(i)
			}
			name := bytes.TrimSpace(rest[2:e])
			if len(open) == 0 || !bytes.Equal(open[len(open)-1], name) {
				return damaged(i)
			}
			open = open[:len(open)-1]
			h.end(localName(name))
			i += e + 1
		default:
			e, ok := tagEnd(rest)
			if !ok {
				return damaged(i)
			}
			self := rest[e-1] == '/'
			n := 1
			for n < e && !isSpace(rest[n]) && rest[n] != '/' && rest[n] != '>' {
				n++
			}
			name := rest[1:n]
			if len(name) == 0 {
				return damaged(i)
			}
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

// attr returns the raw value of the attribute with this local name in a
// start tag, or "" when it has none.
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
			return string(tag[i+1 : i+1+end])
		}
		i += end + 2
	}
	return ""
}

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
