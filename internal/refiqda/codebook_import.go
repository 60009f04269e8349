package refiqda

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/google/uuid"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"

	"github.com/tandemqda/tandem/internal/tandem"
)

// Limits of an imported codebook.
const (
	MaxImportBytes = 20 << 20
	maxCodes       = tandem.MaxImportCodes
	maxDepth       = 64
)

var guidRE = regexp.MustCompile(`^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$`)

// code is a parsed Code element.
type code struct {
	guid, name, color, description string
	hasColor                       bool
	codable                        bool
	archived                       bool // marked so by a Tandem export
	children                       []*code
}

// set is a parsed Set element: a group of codes across the tree (ATLAS.ti's
// code groups).
type set struct {
	name    string
	members int
}

// document is what parse reads from a codebook or project file.
type document struct {
	root  string // the local name of the root element: CodeBook or Project
	codes []*code
	sets  []set
}

// IsXML reports whether data looks like an XML document, in UTF-8 or in
// UTF-16 (with or without a byte order mark).
func IsXML(data []byte) bool {
	data = utf8Of(data)
	return bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("<"))
}

// IsProjectDocument reports whether data is a REFI-QDA project document
// (a project.qde on its own) rather than a codebook.
func IsProjectDocument(data []byte) bool {
	d := newDecoder(utf8Of(data), new(string))
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		if t, ok := tok.(xml.StartElement); ok {
			return t.Name.Local == "Project"
		}
	}
}

// utf8Of turns a UTF-16 document into UTF-8 (the XML decoder reads only
// encodings that keep ASCII as it is), and drops a UTF-8 byte order mark.
func utf8Of(data []byte) []byte {
	var enc *unicode.Endianness
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("<\x00")):
		e := unicode.LittleEndian
		enc = &e
	case bytes.HasPrefix(data, []byte("\xfe\xff")), bytes.HasPrefix(data, []byte("\x00<")):
		e := unicode.BigEndian
		enc = &e
	default:
		return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	}
	out, err := unicode.UTF16(*enc, unicode.UseBOM).NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return out
}

// newDecoder reads a document whose UTF-16 was already made UTF-8, and
// any other encoding its declaration names (windows-1252, ISO-8859-1...).
// An encoding it cannot read is named in unknown.
func newDecoder(data []byte, unknown *string) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(label)), "utf-16") {
			return r, nil // decoded by utf8Of
		}
		enc, err := htmlindex.Get(label)
		if err != nil {
			*unknown = label
			return nil, fmt.Errorf("unknown encoding %q", label)
		}
		return enc.NewDecoder().Reader(r), nil
	}
	return d
}

// parse reads the codes and code groups of a CodeBook element, or of a
// Project's CodeBook, whatever the namespace ("urn:QDA-XML:codebook:1.0",
// "...:1:0" and others) and the declared encoding.
func parse(data []byte) (*document, error) {
	if len(data) > MaxImportBytes {
		return nil, tandem.Errorf(tandem.CodeInvalidInput, "The file is too large for a codebook (at most %d MB).", MaxImportBytes>>20)
	}
	var unknown string
	d := newDecoder(utf8Of(data), &unknown)
	doc := &document{}
	var stack []*code
	var inDescription *code
	depth, count, sawCodeBook, inSets := 0, 0, false, false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if unknown != "" {
				return nil, tandem.Errorf(tandem.CodeInvalidInput, "This file is written in the character encoding %q, which Tandem cannot read. Save or export it again as UTF-8 and try again.", unknown)
			}
			line, _ := d.InputPos()
			return nil, tandem.Errorf(tandem.CodeInvalidInput, "This is not a readable REFI-QDA codebook: the XML is damaged near line %d.", line)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, tandem.Errorf(tandem.CodeInvalidInput, "This codebook file contains a document type declaration, which codebooks never have. Tandem did not read it.")
		case xml.StartElement:
			depth++
			if depth > maxDepth {
				return nil, tandem.Errorf(tandem.CodeInvalidInput, "This codebook is nested more than %d levels deep. Tandem did not read it.", maxDepth)
			}
			if doc.root == "" {
				doc.root = t.Name.Local
			}
			switch t.Name.Local {
			case "CodeBook":
				sawCodeBook = true
			case "Sets":
				inSets = sawCodeBook
			case "Set":
				if inSets {
					doc.sets = append(doc.sets, set{name: attr(t, "name")})
				}
			case "MemberCode":
				if inSets && len(doc.sets) > 0 {
					doc.sets[len(doc.sets)-1].members++
				}
			case "Code":
				if !sawCodeBook || inSets {
					continue
				}
				count++
				if count > maxCodes {
					return nil, tandem.Errorf(tandem.CodeInvalidInput, "This codebook has more than %d codes. Tandem did not read it.", maxCodes)
				}
				c := &code{}
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "guid":
						c.guid = a.Value
					case "name":
						c.name = a.Value
					case "color":
						c.color, c.hasColor = a.Value, true
					case "isCodable":
						c.codable = a.Value == "true" || a.Value == "1"
					}
				}
				line, _ := d.InputPos()
				if strings.TrimSpace(c.name) == "" {
					return nil, tandem.Errorf(tandem.CodeInvalidInput, "The code on line %d has no name.", line)
				}
				m := guidRE.FindStringSubmatch(strings.TrimSpace(c.guid))
				if m == nil {
					return nil, tandem.Errorf(tandem.CodeInvalidInput, "The code %q on line %d has no valid GUID (%q).", c.name, line, c.guid)
				}
				c.guid = strings.ToLower(m[1])
				if len(stack) == 0 {
					doc.codes = append(doc.codes, c)
				} else {
					parent := stack[len(stack)-1]
					parent.children = append(parent.children, c)
				}
				stack = append(stack, c)
			case "Description":
				if len(stack) > 0 && !inSets {
					inDescription = stack[len(stack)-1]
				}
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "Code":
				if len(stack) > 0 && sawCodeBook && !inSets {
					stack = stack[:len(stack)-1]
				}
			case "Description":
				inDescription = nil
			case "Sets":
				inSets = false
			case "CodeBook":
				sawCodeBook = false
			}
		case xml.CharData:
			if inDescription != nil {
				inDescription.description += string(t)
			}
		}
	}
	if len(doc.codes) == 0 {
		if doc.root == "Project" {
			return nil, tandem.Errorf(tandem.CodeInvalidInput, "This project file has no codebook in it: it holds no codes to import.")
		}
		return nil, tandem.Errorf(tandem.CodeInvalidInput, "No codes were found. Is this a REFI-QDA codebook (.qdc) or project (.qdpx)?")
	}
	return doc, nil
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// importer fits the codes of a file into Tandem's three levels.
type importer struct {
	im   *tandem.CodebookImport
	seen map[string]bool // ids given so far
	// taken holds, in lower case, every name in the file and every name
	// Tandem made, so that a made name never repeats one of them.
	taken map[string]bool
	// next holds, for a made name already taken, the number to try next.
	next map[string]int
	// names holds the name of every node added, by id.
	names map[string]string
	// loose holds the category of themes with no category, by domain id.
	loose          map[string]string
	importedDomain string
}

// ImportCodebook reads a .qdc (or the codebook of a project file) and fits it
// into three levels: a tree three levels deep is taken as it is; deeper
// codes become themes named by their path ("A / B"); shallow codes go under
// an "Imported" domain or a category of themes without one. Names Tandem
// makes never repeat another name in the file, and are shortened to fit.
// Every such change, every code that can no longer (or now can) be applied
// to text, and every code group left out is listed.
func ImportCodebook(data []byte) (*tandem.CodebookImport, error) {
	doc, err := parse(data)
	if err != nil {
		return nil, err
	}
	return importCodes(doc), nil
}

// importCodes maps parsed codes onto Tandem's three levels (see
// ImportCodebook); the project import maps its codebook the same way.
func importCodes(doc *document) *tandem.CodebookImport {
	b := &importer{
		im:    &tandem.CodebookImport{Fields: tandem.AllTextFields, Given: map[string][]string{}, Notes: []string{}, Skipped: []string{}, Refused: []tandem.ImportRefusal{}},
		seen:  map[string]bool{},
		taken: map[string]bool{},
		next:  map[string]int{},
		names: map[string]string{},
		loose: map[string]string{},
	}
	var reserve func(cs []*code)
	reserve = func(cs []*code) {
		for _, c := range cs {
			readTandemLines(c)
			b.taken[nameKey(c.name)] = true
			reserve(c.children)
		}
	}
	reserve(doc.codes)
	for _, r := range doc.codes {
		b.root(r)
	}
	for _, s := range doc.sets {
		b.im.Skipped = append(b.im.Skipped, fmt.Sprintf("The code group %q (%s) was left out: Tandem has no code groups. Its codes are imported where they are in the tree.",
			s.name, plural(s.members, "code", "codes")))
	}
	refuseBadNodes(b.im)
	return b.im
}

// readTandemLines takes out of a code's Description the lines a Tandem
// export adds: its name in Tandem, when the export renamed it, and its
// archived state.
func readTandemLines(c *code) {
	if m := renamedLineRE.FindStringSubmatch(c.description); m != nil {
		c.name = m[1]
		c.description = renamedLineRE.ReplaceAllString(c.description, "")
	}
	if archivedLineRE.MatchString(c.description) {
		c.archived = true
		c.description = archivedLineRE.ReplaceAllString(c.description, "")
	}
}

// root places a top-level code of the file and everything below it.
func (b *importer) root(r *code) {
	switch depthOf(r) {
	case 1:
		cat := b.looseCategory(b.domainForShallow())
		b.themes(r, cat, nil)
		b.note("%q had no parent; it is a theme in the category %q.", r.name, b.nameOf(cat))
	case 2:
		dom := b.domainForShallow()
		cat := b.add(r, tandem.LevelCategory, dom, r.name)
		b.note("%q had only one level below it; it is a category in the domain %q.", r.name, b.nameOf(dom))
		for _, ch := range r.children {
			b.themes(ch, cat, nil)
		}
	default:
		dom := b.add(r, tandem.LevelDomain, "", r.name)
		for _, ch := range r.children {
			if len(ch.children) == 0 {
				cat := b.looseCategory(dom)
				b.themes(ch, cat, nil)
				b.note("%q sat directly under %q; it is a theme in the category %q.", ch.name, r.name, b.nameOf(cat))
				continue
			}
			cat := b.add(ch, tandem.LevelCategory, dom, ch.name)
			for _, th := range ch.children {
				b.themes(th, cat, nil)
			}
		}
	}
}

// themes adds c and everything below it as themes, a code deeper than a
// theme named by its path from the theme ("A / B / C").
func (b *importer) themes(c *code, category string, path []string) {
	path = append(path, c.name)
	if len(path) == 1 {
		b.add(c, tandem.LevelTheme, category, c.name)
	} else {
		full := strings.Join(path, tandem.PathSeparator)
		name, short := tandem.PathName(path)
		name = b.unique(name)
		b.add(c, tandem.LevelTheme, category, name)
		switch {
		case short:
			b.note("%q was more than three levels deep; it became the theme %q, shortened to fit %d characters. Its full path: %s.", c.name, name, tandem.MaxNodeName, full)
		case name != full:
			b.note("%q was more than three levels deep; it became the theme %q (another code has the name %q).", c.name, name, full)
		default:
			b.note("%q was more than three levels deep; it became the theme %q.", c.name, name)
		}
	}
	for _, ch := range c.children {
		b.themes(ch, category, path)
	}
}

func (b *importer) note(format string, args ...any) {
	b.im.Notes = append(b.im.Notes, fmt.Sprintf(format, args...))
}

// nameOf is the name of a node added so far.
func (b *importer) nameOf(id string) string { return b.names[id] }

// node adds a node to the import.
func (b *importer) node(n tandem.Node, given []string) {
	b.im.Given[n.ID] = given
	b.im.Nodes = append(b.im.Nodes, n)
	b.names[n.ID] = n.Name
}

// add adds a code of the file as a node of the level, and says when its
// colour or whether it can be applied to text changed.
func (b *importer) add(c *code, level tandem.Level, parent, name string) string {
	id := c.guid
	if b.seen[id] {
		id = uuid.NewString()
		b.note("%q repeated another code's GUID; it got a new one.", name)
	}
	b.seen[id] = true
	given := []string{"name"}
	text := tandem.NodeText{Name: name}
	if c.hasColor {
		colour, ok := normaliseColour(c.color)
		switch {
		case !ok:
			b.note("The colour of %q (%s) is not one Tandem reads; it was left out.", name, c.color)
		case level == tandem.LevelTheme && tandem.ContrastWithBlack(colour) < 4.5:
			text.Colour = tandem.ThemeColour(len(b.im.Nodes))
			b.note("The colour of %q (%s) is too dark for text on it to be read; it became %s.", name, colour, text.Colour)
			given = append(given, "colour")
		default:
			text.Colour = colour
			given = append(given, "colour")
		}
	}
	undescribe(c.description, &text)
	for _, f := range tandem.AllTextFields[2:] { // after name and colour
		if *text.Field(f) != "" {
			given = append(given, f)
		}
	}
	switch {
	case c.archived:
		b.note("%q was archived in Tandem; it comes in as a %s in use.", name, level)
	case c.codable && level != tandem.LevelTheme:
		b.note("%q could be applied to text in the file; in Tandem it is a %s, which holds themes and is not applied to text.", name, level)
	case !c.codable && level == tandem.LevelTheme:
		b.note("%q could not be applied to text in the file; in Tandem it is a theme, which can be.", name)
	}
	b.node(tandem.Node{ID: id, Level: level, ParentID: parent, NodeText: text, Status: tandem.StatusActive}, given)
	return id
}

// made adds a node Tandem makes to hold codes that have no place of their
// own; its name is unique in the whole import.
func (b *importer) made(level tandem.Level, parent, name string) string {
	id := uuid.NewString()
	b.node(tandem.Node{ID: id, Level: level, ParentID: parent, NodeText: tandem.NodeText{Name: b.unique(name)}, Status: tandem.StatusActive}, []string{"name"})
	return id
}

// domainForShallow is the domain "Imported" for codes with fewer than
// three levels, made when first needed.
func (b *importer) domainForShallow() string {
	if b.importedDomain == "" {
		b.importedDomain = b.made(tandem.LevelDomain, "", "Imported")
	}
	return b.importedDomain
}

// looseCategory is the category, in a domain, of the themes that have no
// category: "<domain>: other themes", so that no two such categories share
// a name.
func (b *importer) looseCategory(domain string) string {
	if id, ok := b.loose[domain]; ok {
		return id
	}
	const suffix = ": other themes"
	name := shorten(b.nameOf(domain), tandem.MaxNodeName-len([]rune(suffix))) + suffix
	id := b.made(tandem.LevelCategory, domain, name)
	b.loose[domain] = id
	return id
}

// unique returns name, or name with a number, so that it repeats no name
// in the file and no name made before; it takes the name.
func (b *importer) unique(name string) string {
	key, got := nameKey(name), name
	for i := max(b.next[key], 2); b.taken[nameKey(got)]; i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		got = shorten(name, tandem.MaxNodeName-len([]rune(suffix))) + suffix
		b.next[key] = i + 1
	}
	b.taken[nameKey(got)] = true
	return got
}

// nameKey is a name as sibling names are compared: spaces run together,
// case ignored.
func nameKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// shorten cuts s to at most n characters, ending it with "…" when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func depthOf(c *code) int {
	d := 0
	for _, ch := range c.children {
		d = max(d, depthOf(ch))
	}
	return d + 1
}

var (
	hexColourRE = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$`)
	rgbColourRE = regexp.MustCompile(`^(?i)rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*[0-9.]+%?\s*)?\)$`)
)

// normaliseColour reads a colour as tools write it: #RGB, #RRGGBB,
// #RRGGBBAA (the opacity is dropped) or rgb(r, g, b); it gives #RRGGBB.
func normaliseColour(c string) (string, bool) {
	c = strings.TrimSpace(c)
	if m := rgbColourRE.FindStringSubmatch(c); m != nil {
		var v [3]int
		for i := range v {
			fmt.Sscan(m[i+1], &v[i])
			if v[i] > 255 {
				return "", false
			}
		}
		return fmt.Sprintf("#%02X%02X%02X", v[0], v[1], v[2]), true
	}
	if !hexColourRE.MatchString(c) {
		return "", false
	}
	switch len(c) {
	case 4:
		c = "#" + c[1:2] + c[1:2] + c[2:3] + c[2:3] + c[3:4] + c[3:4]
	case 9:
		c = c[:7]
	}
	return strings.ToUpper(c), true
}

// refuseBadNodes lists every node whose wording Tandem would refuse, and
// every name repeated among siblings, so the preview shows them all.
func refuseBadNodes(im *tandem.CodebookImport) {
	names := map[[2]string]bool{}
	for i := range im.Nodes {
		n := &im.Nodes[i]
		where := fmt.Sprintf("%s %q", n.Level, n.Name)
		if err := n.NodeText.Validate(n.Level); err != nil {
			im.Refused = append(im.Refused, tandem.ImportRefusal{Where: where, Reason: tandem.MessageOf(err)})
			continue
		}
		key := [2]string{n.ParentID, strings.ToLower(n.Name)}
		if names[key] {
			im.Refused = append(im.Refused, tandem.ImportRefusal{Where: where, Reason: "Another code under the same parent has this name; names must differ."})
		}
		names[key] = true
	}
}
