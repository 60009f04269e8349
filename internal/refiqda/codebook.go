// Package refiqda reads and writes REFI-QDA interchange files: the codebook
// (.qdc) that NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette exchange.
package refiqda

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"

	"github.com/google/uuid"

	"github.com/tandemqda/tandem/internal/safezip"
	"github.com/tandemqda/tandem/internal/tandem"
)

// Namespace is the REFI-QDA codebook namespace written on export.
const Namespace = "urn:QDA-XML:codebook:1.0"

type xmlCodeBook struct {
	XMLName xml.Name  `xml:"CodeBook"`
	XMLNS   string    `xml:"xmlns,attr"`
	Origin  string    `xml:"origin,attr,omitempty"`
	Codes   []xmlCode `xml:"Codes>Code"`
}

type xmlCode struct {
	GUID        string    `xml:"guid,attr"`
	Name        string    `xml:"name,attr"`
	IsCodable   bool      `xml:"isCodable,attr"`
	Color       string    `xml:"color,attr,omitempty"`
	Description string    `xml:"Description,omitempty"`
	Codes       []xmlCode `xml:"Code"`
}

// Labels of the definition fields inside a code's Description.
var fieldLabels = []struct {
	label string
	get   func(*tandem.NodeText) *string
}{
	{"Full definition", func(t *tandem.NodeText) *string { return &t.Full }},
	{"When to use", func(t *tandem.NodeText) *string { return &t.WhenToUse }},
	{"When not to use", func(t *tandem.NodeText) *string { return &t.WhenNotToUse }},
	{"Example", func(t *tandem.NodeText) *string { return &t.Example }},
	{"Plain-language description", func(t *tandem.NodeText) *string { return &t.PlainLanguage }},
}

// describe writes a node's definition fields into one Description: the brief
// definition first, then each other field under its label.
func describe(t *tandem.NodeText) string {
	var b strings.Builder
	b.WriteString(t.Brief)
	for _, f := range fieldLabels {
		if v := *f.get(t); v != "" {
			fmt.Fprintf(&b, "\n\n%s: %s", f.label, v)
		}
	}
	return strings.TrimSpace(b.String())
}

var labelRE = regexp.MustCompile(`(?m)^(Full definition|When to use|When not to use|Example|Plain-language description): `)

// undescribe reads a Description back into definition fields. One short
// line without Tandem's labels is a brief definition; longer text becomes
// the full definition, and its first line (when short) the brief one.
func undescribe(d string, t *tandem.NodeText) {
	d = strings.TrimSpace(strings.ReplaceAll(d, "\r\n", "\n"))
	locs := labelRE.FindAllStringSubmatchIndex(d, -1)
	if len(locs) == 0 {
		first, _, multiline := strings.Cut(d, "\n")
		if len([]rune(first)) <= 300 {
			t.Brief = first
		}
		if multiline || t.Brief == "" {
			t.Full = d
		}
		return
	}
	t.Brief = strings.TrimSpace(d[:locs[0][0]])
	for i, l := range locs {
		end := len(d)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		label := d[l[2]:l[3]]
		for _, f := range fieldLabels {
			if f.label == label {
				*f.get(t) = strings.TrimSpace(d[l[1]:end])
			}
		}
	}
}

// ExportCodebook writes the codebook as a REFI-QDA .qdc document. Domains
// and categories are not codable; themes are. Merged themes are left out;
// archived and proposed ones are kept (other tools have no status).
func ExportCodebook(cb *tandem.Codebook, origin string) ([]byte, error) {
	var build func(parent string) []xmlCode
	build = func(parent string) []xmlCode {
		var out []xmlCode
		for _, n := range cb.Children(parent) {
			if n.MergedInto != "" {
				continue
			}
			c := codeOf(n) // shared with the project export
			c.Codes = build(n.ID)
			out = append(out, c)
		}
		return out
	}
	doc := xmlCodeBook{XMLNS: Namespace, Origin: origin, Codes: build("")}
	if len(doc.Codes) == 0 {
		return nil, tandem.Errorf(tandem.CodeInvalidInput, "The codebook is empty; there is nothing to export.")
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("write codebook: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

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
	codable                        bool
	children                       []*code
}

// parse reads the codes of a CodeBook element, or of a Project's CodeBook,
// whatever the namespace ("urn:QDA-XML:codebook:1.0", "...:1:0" and others).
func parse(data []byte) ([]*code, error) {
	if len(data) > MaxImportBytes {
		return nil, tandem.Errorf(tandem.CodeInvalidInput, "The file is too large for a codebook (at most %d MB).", MaxImportBytes>>20)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var roots []*code
	var stack []*code
	var inDescription *code
	depth, count, sawCodeBook := 0, 0, false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
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
			switch t.Name.Local {
			case "CodeBook":
				sawCodeBook = true
			case "Code":
				if !sawCodeBook {
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
						c.color = a.Value
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
					roots = append(roots, c)
				} else {
					parent := stack[len(stack)-1]
					parent.children = append(parent.children, c)
				}
				stack = append(stack, c)
			case "Description":
				if len(stack) > 0 {
					inDescription = stack[len(stack)-1]
				}
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "Code":
				if len(stack) > 0 && sawCodeBook {
					stack = stack[:len(stack)-1]
				}
			case "Description":
				inDescription = nil
			case "CodeBook":
				sawCodeBook = false
			}
		case xml.CharData:
			if inDescription != nil {
				inDescription.description += string(t)
			}
		}
	}
	if len(roots) == 0 {
		return nil, tandem.Errorf(tandem.CodeInvalidInput, "No codes were found. Is this a REFI-QDA codebook (.qdc)?")
	}
	return roots, nil
}

// ImportCodebook reads a .qdc (or the codebook of a project file) and fits it
// into three levels: a tree three levels deep is taken as it is; deeper
// codes become themes named by their path ("A / B"); shallow codes go under
// an "Imported" domain or category. Every such change is listed in Notes.
func ImportCodebook(data []byte) (*tandem.CodebookImport, error) {
	roots, err := parse(data)
	if err != nil {
		return nil, err
	}
	return importCodes(roots)
}

// importCodes maps parsed codes onto Tandem's three levels (see
// ImportCodebook); the project import maps its codebook the same way.
func importCodes(roots []*code) (*tandem.CodebookImport, error) {
	im := &tandem.CodebookImport{Fields: tandem.AllTextFields, Notes: []string{}, Refused: []tandem.ImportRefusal{}}
	seen := map[string]bool{}
	add := func(c *code, level tandem.Level, parent, name string) string {
		id := c.guid
		if seen[id] {
			id = uuid.NewString()
			im.Notes = append(im.Notes, fmt.Sprintf("%q repeated another code's GUID; it got a new one.", name))
		}
		text := tandem.NodeText{Name: name, Colour: normaliseColour(c.color)}
		if level == tandem.LevelTheme && text.Colour != "" && tandem.ContrastWithBlack(text.Colour) < 4.5 {
			im.Notes = append(im.Notes, fmt.Sprintf("The colour of %q (%s) is too dark for text on it to be read; it became %s.", name, text.Colour, tandem.ThemeColour(len(im.Nodes))))
			text.Colour = tandem.ThemeColour(len(im.Nodes))
		}
		undescribe(c.description, &text)
		n := tandem.Node{ID: id, Level: level, ParentID: parent, NodeText: text, Status: tandem.StatusActive}
		seen[id] = true
		im.Nodes = append(im.Nodes, n)
		return id
	}
	newID := uuid.NewString
	importedDomain := ""
	importedCategories := map[string]string{} // domain id -> its "Imported" category
	importedCategory := func(domain string) string {
		if id, ok := importedCategories[domain]; ok {
			return id
		}
		id := newID()
		im.Nodes = append(im.Nodes, tandem.Node{ID: id, Level: tandem.LevelCategory, ParentID: domain, NodeText: tandem.NodeText{Name: "Imported"}, Status: tandem.StatusActive})
		importedCategories[domain] = id
		return id
	}
	domainForShallow := func() string {
		if importedDomain == "" {
			importedDomain = newID()
			im.Nodes = append(im.Nodes, tandem.Node{ID: importedDomain, Level: tandem.LevelDomain, NodeText: tandem.NodeText{Name: "Imported"}, Status: tandem.StatusActive})
		}
		return importedDomain
	}
	// themes adds c and everything below it as themes named by their path.
	var themes func(c *code, category, prefix string)
	themes = func(c *code, category, prefix string) {
		name := prefix + c.name
		add(c, tandem.LevelTheme, category, name)
		if prefix != "" {
			im.Notes = append(im.Notes, fmt.Sprintf("%q was more than three levels deep; it became the theme %q.", c.name, name))
		}
		for _, ch := range c.children {
			themes(ch, category, name+" / ")
		}
	}
	for _, r := range roots {
		switch depthOf(r) {
		case 1:
			themes(r, importedCategory(domainForShallow()), "")
			im.Notes = append(im.Notes, fmt.Sprintf("%q had no parent; it is a theme under Imported > Imported.", r.name))
		case 2:
			cat := add(r, tandem.LevelCategory, domainForShallow(), r.name)
			im.Notes = append(im.Notes, fmt.Sprintf("%q had only one level below it; it is a category under the domain Imported.", r.name))
			for _, ch := range r.children {
				themes(ch, cat, "")
			}
		default:
			dom := add(r, tandem.LevelDomain, "", r.name)
			for _, ch := range r.children {
				if len(ch.children) == 0 {
					themes(ch, importedCategory(dom), "")
					im.Notes = append(im.Notes, fmt.Sprintf("%q sat directly under %q; it is a theme in the category Imported.", ch.name, r.name))
					continue
				}
				cat := add(ch, tandem.LevelCategory, dom, ch.name)
				for _, th := range ch.children {
					themes(th, cat, "")
				}
			}
		}
		if r.codable && len(r.children) > 0 {
			im.Notes = append(im.Notes, fmt.Sprintf("%q could be applied to text in the source; in Tandem only themes are, so it groups themes.", r.name))
		}
	}
	refuseBadNodes(im)
	return im, nil
}

func depthOf(c *code) int {
	d := 0
	for _, ch := range c.children {
		d = max(d, depthOf(ch))
	}
	return d + 1
}

var (
	shortColourRE = regexp.MustCompile(`^#([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])$`)
	colourRE      = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

// normaliseColour turns #RGB into #RRGGBB and drops anything else unusable.
func normaliseColour(c string) string {
	c = strings.TrimSpace(c)
	if m := shortColourRE.FindStringSubmatch(c); m != nil {
		c = "#" + m[1] + m[1] + m[2] + m[2] + m[3] + m[3]
	}
	if !colourRE.MatchString(c) {
		return ""
	}
	return strings.ToUpper(c)
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

// projectZip bounds a REFI-QDA project (.qdpx) opened for its codebook: its
// sources may be many and large, but only project.qde is read.
var projectZip = safezip.Limits{MaxParts: 20000, MaxUnpackedBytes: 4 << 30}

// IsProject reports whether data is a zip that holds a project.qde, that
// is a REFI-QDA project (.qdpx) rather than another zip (an Excel workbook).
// It reads only the names, so a project over the limits is still known as
// one, and ImportProjectCodebook says which limit it broke.
func IsProject(data []byte) bool {
	zr, err := safezip.Open(data, safezip.Limits{MaxParts: math.MaxInt, MaxUnpackedBytes: math.MaxInt64})
	return err == nil && zr.File("project.qde") != nil
}

// ImportProjectCodebook reads the codebook of a REFI-QDA project (.qdpx): a
// zip whose project.qde holds the project, codebook included.
func ImportProjectCodebook(data []byte) (*tandem.CodebookImport, error) {
	zr, err := safezip.Open(data, projectZip)
	var many *safezip.TooManyPartsError
	var large *safezip.TooLargeError
	switch {
	case errors.As(err, &many):
		return nil, tandem.Invalid("file", fmt.Sprintf("This REFI-QDA project (.qdpx) holds %d files, more than Tandem opens (at most %d). Export only the codebook (.qdc) and import that.", many.Parts, many.Max))
	case errors.As(err, &large):
		return nil, tandem.Invalid("file", fmt.Sprintf("This REFI-QDA project (.qdpx) would unpack to more than %d GB. Export only the codebook (.qdc) and import that.", large.Max>>30))
	case err != nil:
		return nil, tandem.Invalid("file", "This REFI-QDA project (.qdpx) is damaged: it cannot be unpacked.")
	}
	f := zr.File("project.qde")
	if f == nil {
		return nil, tandem.Invalid("file", "This zip file is not a REFI-QDA project: it has no project.qde.")
	}
	if f.Flags&0x1 != 0 {
		return nil, tandem.Invalid("file", "This REFI-QDA project (.qdpx) is protected with a password (encrypted). Export it again without a password, or export only the codebook (.qdc).")
	}
	qde, err := zr.Read(f, MaxImportBytes)
	switch {
	case errors.As(err, &large):
		return nil, tandem.Invalid("file", fmt.Sprintf("The project.qde in this project is larger than %d MB; export only the codebook (.qdc) and import that.", MaxImportBytes>>20))
	case err != nil:
		return nil, tandem.Invalid("file", "This REFI-QDA project (.qdpx) is damaged: its project.qde cannot be read.")
	}
	return ImportCodebook(qde)
}
