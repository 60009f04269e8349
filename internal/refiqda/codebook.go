// Package refiqda reads and writes REFI-QDA interchange files: the codebook
// (.qdc) that NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette exchange.
package refiqda

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"

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

// ExportOptions chooses what a codebook export holds.
type ExportOptions struct {
	// Archived adds the archived themes, not codable, each with a note.
	Archived bool
}

// Lines Tandem adds to a code's Description on export, read back on import.
const (
	archivedLine = "Archived in Tandem: not used for coding any more."
	renamedLine  = "Name in Tandem: “%s”; another code in this file has the same name."
)

var (
	archivedLineRE = regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(archivedLine) + `$`)
	renamedLineRE  = regexp.MustCompile(`(?m)^Name in Tandem: “(.+)”; another code in this file has the same name\.$`)
)

// ExportCodebook writes the codebook as a REFI-QDA .qdc document.
func ExportCodebook(cb *tandem.Codebook, origin string, opt ExportOptions) ([]byte, error) {
	doc := xmlCodeBook{XMLNS: Namespace, Origin: origin, Codes: exportCodes(cb, opt)}
	if len(doc.Codes) == 0 {
		return nil, tandem.Errorf(tandem.CodeInvalidInput, "The codebook has no accepted themes; there is nothing to export.")
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

// exportCodes are the codes of a codebook as REFI-QDA holds them: accepted
// active themes are codable; domains and categories are not; archived
// themes only when asked for, not codable and with a note. Proposed and
// merged entries, and domains and categories with nothing to hold, are
// left out (an archived one holding active themes stays, with its note).
// Other tools want names unique across the whole codebook (QualCoder merges
// codes of one name), so a repeated name gets its parent's name added, or
// a number, and the Description keeps the name in Tandem.
func exportCodes(cb *tandem.Codebook, opt ExportOptions) []xmlCode {
	include := map[string]bool{}
	var order []*tandem.Node // included nodes in tree order
	var walk func(parent string) bool
	walk = func(parent string) bool {
		anyKept := false
		for _, n := range cb.Children(parent) {
			at := len(order)
			order = append(order, n)
			below := walk(n.ID)
			kept := n.Status == tandem.StatusActive || n.Status == tandem.StatusArchived && opt.Archived
			if n.MergedInto != "" || n.Status == tandem.StatusProposed || !kept && !(below && n.Level != tandem.LevelTheme) {
				order = append(order[:at], order[at+1:]...)
				continue
			}
			include[n.ID] = true
			anyKept = true
		}
		return anyKept
	}
	walk("")
	names := uniqueNames(cb, order)
	var build func(parent string) []xmlCode
	build = func(parent string) []xmlCode {
		var out []xmlCode
		for _, n := range cb.Children(parent) {
			if !include[n.ID] {
				continue
			}
			d := describe(&n.NodeText)
			if names[n.ID] != n.Name {
				d = strings.TrimSpace(d + "\n\n" + fmt.Sprintf(renamedLine, n.Name))
			}
			if n.Status == tandem.StatusArchived {
				d = strings.TrimSpace(d + "\n\n" + archivedLine)
			}
			// Text stored before input was checked may hold control
			// characters: XML would carry them as "�".
			out = append(out, xmlCode{GUID: n.ID, Name: tandem.ExportText(names[n.ID]), IsCodable: n.Level == tandem.LevelTheme && n.Status == tandem.StatusActive,
				Color: n.Colour, Description: tandem.ExportText(d), Codes: build(n.ID)})
		}
		return out
	}
	return build("")
}

// uniqueNames gives each node of order (parents first) a name no other
// node has, ignoring case: its own when no other has it, else the name with
// its parent's name ("Safety (Family)"), or the level for a domain, and a
// number when that is taken too.
func uniqueNames(cb *tandem.Codebook, order []*tandem.Node) map[string]string {
	count := map[string]int{}
	for _, n := range order {
		count[nameKey(n.Name)]++
	}
	taken := map[string]bool{}
	for _, n := range order {
		if count[nameKey(n.Name)] == 1 {
			taken[nameKey(n.Name)] = true
		}
	}
	names := map[string]string{}
	for _, n := range order {
		if count[nameKey(n.Name)] == 1 {
			names[n.ID] = n.Name
			continue
		}
		within := string(n.Level)
		if p := cb.Node(n.ParentID); p != nil {
			within = p.Name
		}
		name := fmt.Sprintf("%s (%s)", n.Name, within)
		for i := 2; taken[nameKey(name)]; i++ {
			name = fmt.Sprintf("%s (%s %d)", n.Name, within, i)
		}
		taken[nameKey(name)] = true
		names[n.ID] = name
	}
	return names
}
