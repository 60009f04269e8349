package refiqda

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tandemqda/tandem/internal/safezip"
	"github.com/tandemqda/tandem/internal/tandem"
)

// Limits of an imported project.
const (
	// MaxProjectQDEBytes bounds project.qde: 100,000 selections with their
	// codings and notes take about 40 MB.
	MaxProjectQDEBytes = 256 << 20
	// MaxSourceBytes bounds one source's text.
	MaxSourceBytes = 32 << 20
	maxSelections  = 2_000_000
)

// importZip bounds a REFI-QDA project opened for import: it may carry
// recordings and documents Tandem does not read, but only the .qde and the
// plain texts are unpacked, each within its own bound.
var importZip = safezip.Limits{MaxParts: 100_000, MaxUnpackedBytes: 16 << 30}

// ImportedProject is a REFI-QDA project read for import: the project with
// its users and codebook, its text sources (their texts with line breaks
// made "\n" and their selections in Tandem's offsets: code points of that
// text, end exclusive), and what the reading skipped or changed.
type ImportedProject struct {
	Project
	// Sources are the text sources, in the file's order (Project.Sources
	// is not set).
	TextSources []*Source
	// Codes is the codebook as the codebook import reads it.
	codes []*code
	sets  []set
	// Convention is how the file counted positions, as found.
	Convention Convention
	// Report lists every element skipped and every selection moved or
	// skipped, each with its reason, in plain words.
	Report []string
}

// Selections counts the selections kept.
func (p *ImportedProject) Selections() int {
	n := 0
	for _, s := range p.TextSources {
		n += len(s.Selections)
	}
	return n
}

// Codebook maps the project's codes onto Tandem's three levels as the
// codebook import does.
func (p *ImportedProject) Codebook() (*tandem.CodebookImport, error) {
	if len(p.codes) == 0 {
		return nil, tandem.Invalid("file", "This REFI-QDA project has no codes, so there is nothing to code with.")
	}
	return importCodes(&document{codes: p.codes, sets: p.sets}), nil
}

// ReadProject reads a REFI-QDA project for import: a .qdpx (a zip with one
// .qde at its root and the sources' texts under sources/ or Sources/) or a
// bare .qde whose sources' texts are inside it. Every element Tandem does
// not use is skipped and listed; a file that is not a REFI-QDA project, or
// that is damaged, is refused with a message that says why.
func ReadProject(data []byte) (*ImportedProject, error) {
	if len(data) >= 4 && string(data[:4]) == "PK\x03\x04" {
		return readQDPX(data)
	}
	return readQDE(data, nil)
}

// readQDPX opens the zip and reads its .qde, whose sources' texts it finds
// in the zip.
func readQDPX(data []byte) (*ImportedProject, error) {
	zr, err := safezip.Open(data, importZip)
	var many *safezip.TooManyPartsError
	var large *safezip.TooLargeError
	switch {
	case errors.As(err, &many):
		return nil, tandem.Invalid("file", fmt.Sprintf("This project file holds %d files, more than Tandem opens (at most %d).", many.Parts, many.Max))
	case errors.As(err, &large):
		return nil, tandem.Invalid("file", fmt.Sprintf("This project file would unpack to more than %d GB; Tandem did not open it.", large.Max>>30))
	case err != nil:
		return nil, tandem.Invalid("file", "This project file (.qdpx) is damaged: it cannot be unpacked.")
	}
	if zr.Encrypted() {
		return nil, tandem.Invalid("file", "This project file (.qdpx) is protected with a password. Export it again without a password.")
	}
	var qdes []*zip.File
	parts := map[string]*zip.File{} // lower-case name -> part
	for _, f := range zr.Files() {
		name := f.Name
		if !safeName(name) {
			return nil, tandem.Invalid("file", fmt.Sprintf("This project file has a part named %q that points outside the project. Tandem did not open it.", name))
		}
		parts[strings.ToLower(name)] = f
		if !strings.Contains(name, "/") && strings.EqualFold(path.Ext(name), ".qde") {
			qdes = append(qdes, f)
		}
	}
	switch len(qdes) {
	case 0:
		return nil, tandem.Invalid("file", "This zip file is not a REFI-QDA project: it has no .qde file at its top level.")
	case 1:
	default:
		return nil, tandem.Invalid("file", fmt.Sprintf("This project file has %d .qde files at its top level; a REFI-QDA project has one.", len(qdes)))
	}
	qde, err := zr.Read(qdes[0], MaxProjectQDEBytes)
	switch {
	case errors.As(err, &large):
		return nil, tandem.Invalid("file", fmt.Sprintf("The %s in this project file is larger than %d MB; Tandem did not read it.", qdes[0].Name, MaxProjectQDEBytes>>20))
	case err != nil:
		return nil, tandem.Invalid("file", fmt.Sprintf("This project file (.qdpx) is damaged: its %s cannot be read.", qdes[0].Name))
	}
	open := func(p string) ([]byte, error) {
		f := parts[strings.ToLower(p)]
		if f == nil {
			return nil, errNoSource
		}
		b, err := zr.Read(f, MaxSourceBytes)
		if errors.As(err, &large) {
			return nil, fmt.Errorf("its text is larger than %d MB", MaxSourceBytes>>20)
		}
		if err != nil {
			return nil, errors.New("its text cannot be unpacked")
		}
		return b, nil
	}
	return readQDE(qde, open)
}

var errNoSource = errors.New("its text is not in the file")

// safeName reports whether a zip part's name stays inside the zip: not
// absolute, no drive letter, no ".." step, no backslashes.
func safeName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || strings.Contains(name, ":") {
		return false
	}
	for _, step := range strings.Split(name, "/") {
		if step == ".." {
			return false
		}
	}
	return true
}

// rawSource is a TextSource as the file has it, before its positions are
// converted.
type rawSource struct {
	src        Source
	plainPath  string
	plainText  string // PlainTextContent of a bare .qde
	hasContent bool
	line       int
	selections []rawSelection
}

type rawSelection struct {
	sel        Selection
	start, end string
	noteRefs   []string
	// description is the selection's own description, kept as its memo.
	description string
	line        int
}

// known are the elements of a project Tandem reads; skipped those it knows
// and leaves out on purpose (listed by name in the report).
var known = map[string]bool{
	"Project": true, "Users": true, "User": true, "CodeBook": true, "Codes": true, "Code": true, "Description": true,
	"Sources": true, "TextSource": true, "PlainTextContent": true, "PlainTextSelection": true, "Coding": true, "CodeRef": true,
	"NoteRef": true, "Notes": true, "Note": true, "Variables": true, "Variable": true, "Cases": true, "Case": true,
	"SourceRef": true, "VariableValue": true, "VariableRef": true, "TextValue": true,
}

// readQDE reads project.qde; open finds a source's text in the zip (nil for
// a bare .qde).
func readQDE(data []byte, open func(string) ([]byte, error)) (*ImportedProject, error) {
	if len(data) > MaxProjectQDEBytes {
		return nil, tandem.Invalid("file", fmt.Sprintf("This project is larger than %d MB; Tandem did not read it.", MaxProjectQDEBytes>>20))
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	p := &ImportedProject{}
	skipped := map[string]int{}
	var (
		stack    []string
		srcs     []*rawSource
		src      *rawSource
		sel      *rawSelection
		coding   *Coding
		note     *Note
		notes    = map[string]*Note{}
		text     *strings.Builder
		count    int
		sawRoot  bool
		codeFrom int64 = -1
	)
	damaged := func() error {
		line, _ := d.InputPos()
		return tandem.Invalid("file", fmt.Sprintf("This is not a readable REFI-QDA project: the XML is damaged near line %d.", line))
	}
	for {
		before := d.InputOffset()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, damaged()
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, tandem.Invalid("file", "This project file contains a document type declaration, which REFI-QDA projects never have. Tandem did not read it.")
		case xml.StartElement:
			name := t.Name.Local
			line, _ := d.InputPos()
			if !sawRoot {
				if name != "Project" {
					return nil, tandem.Invalid("file", fmt.Sprintf("This is not a REFI-QDA project: its XML starts with <%s>, not <Project>.", name))
				}
				sawRoot = true
				p.Name, p.Origin = attr(t, "name"), attr(t, "origin")
				p.CreatedAt = parseTime(attr(t, "creationDateTime"))
				stack = append(stack, name)
				continue
			}
			if len(stack) > maxDepth {
				return nil, tandem.Invalid("file", fmt.Sprintf("This project is nested more than %d levels deep. Tandem did not read it.", maxDepth))
			}
			parent := stack[len(stack)-1]
			if !known[name] || !fits(parent, name) {
				skipped[name]++
				if err := d.Skip(); err != nil {
					return nil, damaged()
				}
				continue
			}
			if name == "CodeBook" && parent == "Project" {
				// The codebook is read by the codebook import's parser, so
				// that codes map the same way in both imports.
				codeFrom = before
				if err := d.Skip(); err != nil {
					return nil, damaged()
				}
				cs, err := parse(data[codeFrom:d.InputOffset()])
				if err != nil {
					return nil, err
				}
				p.codes = append(p.codes, cs.codes...)
				p.sets = append(p.sets, cs.sets...)
				continue
			}
			stack = append(stack, name)
			switch name {
			case "User":
				p.Users = append(p.Users, User{GUID: attr(t, "guid"), Name: attr(t, "name"), ID: attr(t, "id")})
			case "TextSource":
				src = &rawSource{src: Source{GUID: attr(t, "guid"), Name: attr(t, "name")}, plainPath: attr(t, "plainTextPath"), line: line}
				srcs = append(srcs, src)
			case "PlainTextContent":
				text = &strings.Builder{}
			case "PlainTextSelection":
				count++
				if count > maxSelections {
					return nil, tandem.Invalid("file", fmt.Sprintf("This project has more than %d selections; Tandem did not read it.", maxSelections))
				}
				sel = &rawSelection{sel: Selection{GUID: attr(t, "guid"), CreatingUser: attr(t, "creatingUser"),
					CreatedAt: parseTime(attr(t, "creationDateTime"))}, start: attr(t, "startPosition"), end: attr(t, "endPosition"), line: line}
			case "Coding":
				if sel != nil {
					coding = &Coding{GUID: attr(t, "guid"), CreatingUser: attr(t, "creatingUser")}
				}
			case "CodeRef":
				if coding != nil {
					coding.Code = attr(t, "targetGUID")
				}
			case "NoteRef":
				if sel != nil {
					sel.noteRefs = append(sel.noteRefs, attr(t, "targetGUID"))
				}
			case "Note":
				note = &Note{GUID: attr(t, "guid"), Name: attr(t, "name"), CreatingUser: attr(t, "creatingUser"), CreatedAt: parseTime(attr(t, "creationDateTime"))}
			case "Description":
				if parent == "Project" || parent == "TextSource" || parent == "PlainTextSelection" {
					text = &strings.Builder{}
				}
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			name := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			switch name {
			case "TextSource":
				src = nil
			case "PlainTextSelection":
				if src != nil && sel != nil {
					src.selections = append(src.selections, *sel)
				}
				sel = nil
			case "Coding":
				if sel != nil && coding != nil {
					sel.sel.Codings = append(sel.sel.Codings, *coding)
				}
				coding = nil
			case "Note":
				if note != nil && note.GUID != "" {
					notes[normalGUID(note.GUID)] = note
				}
				note = nil
			case "PlainTextContent":
				switch {
				case note != nil:
					note.Text = text.String()
				case parent == "TextSource" && src != nil:
					src.plainText, src.hasContent = text.String(), true
				}
				text = nil
			case "Description":
				if text != nil {
					switch {
					case parent == "Project":
						p.Description = strings.TrimSpace(text.String())
					case parent == "PlainTextSelection" && sel != nil:
						sel.description = strings.TrimSpace(text.String())
					case src != nil:
						src.src.Description = strings.TrimSpace(text.String())
					}
				}
				text = nil
			}
		case xml.CharData:
			if text != nil {
				text.Write(t)
			}
		}
	}
	if !sawRoot {
		return nil, tandem.Invalid("file", "This is not a REFI-QDA project: it has no <Project> element.")
	}
	if len(skipped) > 0 {
		names := make([]string, 0, len(skipped))
		for n := range skipped {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			p.Report = append(p.Report, fmt.Sprintf("Skipped %s of the element <%s>, which Tandem does not use.", times(skipped[n]), n))
		}
	}
	if len(p.codes) == 0 {
		return nil, tandem.Invalid("file", "This REFI-QDA project has no codes, so there is nothing to code with.")
	}
	if err := p.resolve(srcs, notes, open); err != nil {
		return nil, err
	}
	return p, nil
}

// parents are the elements that may hold each element with one place.
var parents = map[string]string{
	"Users": "Project", "User": "Users", "CodeBook": "Project", "Sources": "Project", "TextSource": "Sources",
	"PlainTextSelection": "TextSource", "Coding": "PlainTextSelection", "CodeRef": "Coding", "NoteRef": "PlainTextSelection",
	"Notes": "Project", "Note": "Notes", "Variables": "Project", "Cases": "Project",
}

// fits reports whether an element may stand inside parent; one that stands
// elsewhere is skipped like an unknown one.
func fits(parent, name string) bool {
	want := parents[name]
	switch name {
	case "PlainTextContent":
		return parent == "TextSource" || parent == "Note"
	case "Description":
		return parent == "Project" || parent == "TextSource" || parent == "PlainTextSelection" || parent == "Variable" || parent == "Case"
	case "Variable", "Case", "SourceRef", "VariableValue", "VariableRef", "TextValue":
		return true // read for their place; their values are not imported yet
	}
	return want == "" || want == parent
}

func times(n int) string {
	if n == 1 {
		return "1 copy"
	}
	return strconv.Itoa(n) + " copies"
}

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// normalGUID is a GUID in Tandem's form (lower case, no braces), or "" if s
// is not a GUID.
func normalGUID(s string) string {
	m := guidRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return ""
	}
	return strings.ToLower(m[1])
}

// resolve checks the GUIDs, reads each source's text, converts the
// selections' positions and links notes to their selections.
func (p *ImportedProject) resolve(srcs []*rawSource, notes map[string]*Note, open func(string) ([]byte, error)) error {
	report := func(format string, args ...any) { p.Report = append(p.Report, fmt.Sprintf(format, args...)) }
	// Users.
	users := map[string]bool{}
	kept := p.Users[:0]
	for _, u := range p.Users {
		g := normalGUID(u.GUID)
		switch {
		case g == "":
			report("Skipped the user %q: its GUID %q is not a GUID.", u.Name, u.GUID)
			continue
		case users[g]:
			report("Skipped a second user with the GUID %s (%q).", g, u.Name)
			continue
		}
		users[g] = true
		u.GUID = g
		if strings.TrimSpace(u.Name) == "" {
			u.Name = "Coder " + strconv.Itoa(len(kept)+1)
		}
		kept = append(kept, u)
	}
	p.Users = kept
	// Codes: the codebook parser already normalised and checked them.
	codes := map[string]bool{}
	var walk func([]*code)
	walk = func(cs []*code) {
		for _, c := range cs {
			codes[c.guid] = true
			walk(c.children)
		}
	}
	walk(p.codes)
	// Sources.
	type pending struct {
		raw  *rawSource
		runs []rune // the text as Tandem keeps it
		raw0 string // the text as the file has it (BOM gone)
	}
	var found []pending
	var why []string // why sources were skipped
	seen := map[string]bool{}
	for _, rs := range srcs {
		name := rs.src.Name
		if strings.TrimSpace(name) == "" {
			name = "Source " + strconv.Itoa(len(found)+1)
			rs.src.Name = name
		}
		g := normalGUID(rs.src.GUID)
		switch {
		case g == "":
			report("Skipped the source %q (line %d): its GUID %q is not a GUID.", name, rs.line, rs.src.GUID)
			continue
		case seen[g]:
			report("Skipped the source %q (line %d): another source has the same GUID.", name, rs.line)
			continue
		}
		seen[g] = true
		rs.src.GUID = g
		text, err := sourceText(rs, open)
		if err != nil {
			report("Skipped the source %q with its %s: %v.", name, plural(len(rs.selections), "selection", "selections"), err)
			why = append(why, fmt.Sprintf("%q: %v", name, err))
			continue
		}
		found = append(found, pending{raw: rs, raw0: text, runs: []rune(tandemText(text))})
	}
	used := map[string]bool{} // notes linked to a kept selection
	// Positions: one convention for the whole file, the one most
	// selections fit (the origin decides a tie).
	pref := conventionOf(p.Origin)
	score := map[Convention]int{}
	total := 0
	for _, f := range found {
		for _, c := range conventions {
			m := positionMap(f.raw0, c)
			for _, s := range f.raw.selections {
				a, errA := strconv.Atoi(strings.TrimSpace(s.start))
				b, errB := strconv.Atoi(strings.TrimSpace(s.end))
				if errA == nil && errB == nil && a >= 0 && a < b && b < len(m) && m[a] >= 0 && m[b] >= 0 && onWords(f.runs, m[a], m[b]) {
					score[c]++
				}
			}
		}
		total += len(f.raw.selections)
	}
	best := pref
	for _, c := range conventions {
		if score[c] > score[best] {
			best = c
		}
	}
	p.Convention = best
	// A file Tandem wrote counts as Tandem does, and its selections are
	// exactly what its coders chose, on word boundaries or not.
	tandemMade := strings.HasPrefix(p.Origin, "Tandem ") && best == CodePoints
	if total > 0 {
		why := "most selections fit it"
		if best == pref && score[best] == score[CodePoints] && best != CodePoints {
			why = "the program that wrote the file counts that way"
		} else if best == pref && score[best] == score[CodePoints] {
			why = "the REFI-QDA standard counts that way"
		}
		report("Positions were read as %s (%s; %d of %d selections start and end between words that way).", best.words(), why, score[best], total)
	}
	for _, f := range found {
		rs := f.raw
		src := rs.src
		src.Text = string(f.runs)
		m := positionMap(f.raw0, best)
		selSeen := map[string]bool{}
		for _, s := range rs.selections {
			sel := s.sel
			where := fmt.Sprintf("the selection on line %d of %q", s.line, src.Name)
			g := normalGUID(sel.GUID)
			switch {
			case g == "":
				report("Skipped %s: its GUID %q is not a GUID.", where, sel.GUID)
				continue
			case selSeen[g]:
				report("Skipped %s: another selection has the same GUID.", where)
				continue
			}
			sel.GUID = g
			a, errA := strconv.Atoi(strings.TrimSpace(s.start))
			b, errB := strconv.Atoi(strings.TrimSpace(s.end))
			switch {
			case errA != nil || errB != nil:
				report("Skipped %s: its positions %q and %q are not numbers.", where, s.start, s.end)
				continue
			case a < 0 || b >= len(m) || a >= b:
				report("Skipped %s: it runs from %d to %d, outside the source's text (%d long).", where, a, b, len(m)-1)
				continue
			case m[a] < 0 || m[b] < 0:
				report("Skipped %s: it starts or ends inside a character.", where)
				continue
			}
			sel.Start, sel.End = m[a], m[b]
			if tandemMade {
				// Tandem's own positions are what its coders chose: kept.
			} else if why := snapToWords(f.runs, &sel.Start, &sel.End); why != "" {
				if sel.Start >= sel.End {
					report("Skipped %s: %s, and no word is left.", where, why)
					continue
				}
				report("Moved %s: %s; it is now %q.", where, why, excerptOf(f.runs, sel.Start, sel.End))
			}
			if u := normalGUID(sel.CreatingUser); users[u] {
				sel.CreatingUser = u
			} else {
				report("Skipped %s: its user %q is not one of the project's users.", where, sel.CreatingUser)
				continue
			}
			var codings []Coding
			for _, c := range sel.Codings {
				cg := normalGUID(c.Code)
				if !codes[cg] {
					report("Left out a coding of %s: the code %q is not in the codebook.", where, c.Code)
					continue
				}
				c.Code = cg
				c.GUID = normalGUID(c.GUID)
				if u := normalGUID(c.CreatingUser); users[u] {
					c.CreatingUser = u
				} else {
					c.CreatingUser = sel.CreatingUser
				}
				codings = append(codings, c)
			}
			if len(codings) == 0 {
				report("Skipped %s: it has no code of the codebook.", where)
				continue
			}
			sel.Codings = codings
			for _, r := range s.noteRefs {
				n := notes[normalGUID(r)]
				switch {
				case n == nil:
					report("Left out a memo of %s: its note %q is not in the file.", where, r)
				case sel.Note != nil:
					sel.Note.Text += "\n\n" + n.Text
					report("Joined two memos of %s into one.", where)
				default:
					cp := *n
					sel.Note = &cp
				}
				used[normalGUID(r)] = true
			}
			if d := s.description; d != "" {
				if sel.Note == nil {
					sel.Note = &Note{GUID: GUID("description", sel.GUID), Text: d, CreatingUser: sel.CreatingUser, CreatedAt: sel.CreatedAt}
				} else {
					sel.Note.Text = d + "\n\n" + sel.Note.Text
				}
			}
			selSeen[g] = true
			src.Selections = append(src.Selections, sel)
		}
		p.TextSources = append(p.TextSources, &src)
	}
	var loose []string
	for g, n := range notes {
		if !used[g] {
			loose = append(loose, fmt.Sprintf("%q", cmp.Or(n.Name, g)))
		}
	}
	if len(loose) > 0 {
		sort.Strings(loose)
		report("Skipped %s not linked to any selection (Tandem keeps memos on excerpts): %s.", plural(len(loose), "note", "notes"), strings.Join(loose, ", "))
	}
	if len(p.TextSources) == 0 {
		if len(why) > 0 {
			return tandem.Invalid("file", fmt.Sprintf("None of the text sources in this REFI-QDA project can be read (%s), so there is nothing to import.", strings.Join(why, "; ")))
		}
		return tandem.Invalid("file", "This REFI-QDA project has no text sources, so there is nothing to import.")
	}
	return nil
}

// sourceText reads a source's text: from the zip at its plainTextPath
// ("internal://<file>" is under sources/ or Sources/; a relative path is
// looked for as it is and under sources/), or from its PlainTextContent.
func sourceText(rs *rawSource, open func(string) ([]byte, error)) (string, error) {
	var b []byte
	switch {
	case rs.hasContent:
		b = []byte(rs.plainText)
	case rs.plainPath == "":
		return "", errors.New("it has no text (no plainTextPath)")
	case open == nil:
		return "", errors.New("its text is in a separate file, and only a .qde was given: import the whole .qdpx")
	default:
		p := rs.plainPath
		if rest, ok := strings.CutPrefix(p, "internal://"); ok {
			p = "sources/" + rest
		} else if rest, ok := strings.CutPrefix(p, "relative://"); ok {
			p = rest
		} else if strings.Contains(p, "://") || strings.HasPrefix(p, "/") || strings.Contains(p, ":") {
			return "", fmt.Errorf("its text is kept outside the project file (%s)", p)
		}
		if !safeName(p) {
			return "", fmt.Errorf("its text path %q points outside the project", rs.plainPath)
		}
		var err error
		if b, err = open(p); errors.Is(err, errNoSource) && !strings.HasPrefix(p, "sources/") {
			b, err = open("sources/" + p)
		}
		if err != nil {
			return "", err
		}
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		return "", errors.New("its text is not UTF-8")
	}
	return string(b), nil
}

// tandemText is a source's text as Tandem keeps it: every line break "\n".
func tandemText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

func excerptOf(text []rune, start, end int) string {
	if end-start > 40 {
		return string(text[start:start+18]) + "…" + string(text[end-18:end])
	}
	return string(text[start:end])
}
