package refiqda

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
)

// zipTime is the time written on every entry of a project file, so that
// the same project always gives the same bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// ProjectCounts is what a written project held.
type ProjectCounts struct {
	Sources, Selections, Codings, Notes int
}

// WriteProject writes p as a REFI-QDA project (.qdpx): a zip holding each
// source's text as sources/<GUID>.txt (UTF-8) and project.qde, the project
// itself. It reads p.Sources once and keeps only one source in memory: each
// text goes into the zip as it comes, and the XML of the sources and of the
// notes goes to two temporary files that are copied into project.qde at the
// end (the schema puts the notes after all sources). The same project gives
// the same bytes.
func WriteProject(w io.Writer, p *Project) (ProjectCounts, error) {
	var n ProjectCounts
	sources, err := newScratch()
	if err != nil {
		return n, err
	}
	defer sources.close()
	notes, err := newScratch()
	if err != nil {
		return n, err
	}
	defer notes.close()

	zw := zip.NewWriter(w)
	// The fastest level: text compresses well anyway, and a large project
	// is written while its lead waits.
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for src, err := range p.Sources {
		if err != nil {
			return n, err
		}
		f, err := zw.CreateHeader(&zip.FileHeader{Name: src.Path(), Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return n, fmt.Errorf("write %s: %w", src.Path(), err)
		}
		if _, err := io.WriteString(f, src.Text); err != nil {
			return n, fmt.Errorf("write %s: %w", src.Path(), err)
		}
		writeSource(sources.x, notes.x, src, &n)
		n.Sources++
	}
	f, err := zw.CreateHeader(&zip.FileHeader{Name: "project.qde", Method: zip.Deflate, Modified: zipTime})
	if err != nil {
		return n, fmt.Errorf("write project.qde: %w", err)
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	x := &xmlWriter{w: bw}
	if err := writeHead(x, p); err != nil {
		return n, err
	}
	if n.Sources > 0 {
		x.raw("  <Sources>\n")
		if err := sources.copyTo(bw); err != nil {
			return n, fmt.Errorf("write project.qde sources: %w", err)
		}
		x.raw("  </Sources>\n")
	}
	if n.Notes > 0 {
		x.raw("  <Notes>\n")
		if err := notes.copyTo(bw); err != nil {
			return n, fmt.Errorf("write project.qde notes: %w", err)
		}
		x.raw("  </Notes>\n")
	}
	if p.Description != "" {
		x.raw("  <Description>")
		x.text(p.Description)
		x.raw("</Description>\n")
	}
	x.raw("</Project>\n")
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("write project.qde: %w", err)
	}
	if err := zw.Close(); err != nil {
		return n, fmt.Errorf("write the project file: %w", err)
	}
	return n, nil
}

// writeHead writes project.qde up to its sources: the users, the codebook,
// the variables and the cases.
func writeHead(x *xmlWriter, p *Project) error {
	x.raw(xml.Header)
	x.tag(`<Project xmlns="`+ProjectNamespace+`"`, ">\n", "name", p.Name, "origin", p.Origin, "creationDateTime", dateTime(p.CreatedAt))
	if len(p.Users) > 0 {
		x.raw("  <Users>\n")
		for _, u := range p.Users {
			x.tag("    <User", "/>\n", "guid", u.GUID, "name", u.Name, "id", u.ID)
		}
		x.raw("  </Users>\n")
	}
	if len(p.Codes) > 0 {
		x.raw("  <CodeBook>\n    <Codes>\n")
		enc := xml.NewEncoder(x.w)
		enc.Indent("      ", "  ")
		for _, c := range p.Codes {
			if err := enc.EncodeElement(c, xml.StartElement{Name: xml.Name{Local: "Code"}}); err != nil {
				return fmt.Errorf("write the codebook: %w", err)
			}
		}
		if err := enc.Flush(); err != nil {
			return fmt.Errorf("write the codebook: %w", err)
		}
		x.raw("\n    </Codes>\n  </CodeBook>\n")
	}
	if len(p.Variables) > 0 {
		x.raw("  <Variables>\n")
		for _, v := range p.Variables {
			x.tag("    <Variable", "/>\n", "guid", v.GUID, "name", v.Name, "typeOfVariable", string(v.Type))
		}
		x.raw("  </Variables>\n")
	}
	if len(p.Cases) > 0 {
		x.raw("  <Cases>\n")
		for _, c := range p.Cases {
			x.tag("    <Case", ">\n", "guid", c.GUID, "name", c.Name)
			for _, s := range c.Sources {
				x.tag("      <SourceRef", "/>\n", "targetGUID", s)
			}
			x.raw("    </Case>\n")
		}
		x.raw("  </Cases>\n")
	}
	return x.err()
}

// writeSource writes one TextSource element to sx, and the notes of its
// selections to nx.
func writeSource(sx, nx *xmlWriter, s *Source, n *ProjectCounts) {
	sx.tag("    <TextSource", ">\n", "guid", s.GUID, "name", s.Name, "plainTextPath", "internal://"+s.GUID+".txt")
	if s.Description != "" {
		sx.raw("      <Description>")
		sx.text(s.Description)
		sx.raw("</Description>\n")
	}
	for i := range s.Selections {
		sel := &s.Selections[i]
		sx.tag("      <PlainTextSelection", ">\n", "guid", sel.GUID, "startPosition", strconv.Itoa(sel.Start), "endPosition", strconv.Itoa(sel.End),
			"creatingUser", sel.CreatingUser, "creationDateTime", dateTime(sel.CreatedAt))
		for _, c := range sel.Codings {
			sx.tag("        <Coding", ">", "guid", c.GUID, "creatingUser", c.CreatingUser)
			sx.tag("<CodeRef", "/></Coding>\n", "targetGUID", c.Code)
			n.Codings++
		}
		if note := sel.Note; note != nil {
			sx.tag("        <NoteRef", "/>\n", "targetGUID", note.GUID)
			nx.tag("    <Note", "><PlainTextContent>", "guid", note.GUID, "name", note.Name, "creatingUser", note.CreatingUser,
				"creationDateTime", dateTime(note.CreatedAt))
			nx.text(note.Text)
			nx.raw("</PlainTextContent></Note>\n")
			n.Notes++
		}
		sx.raw("      </PlainTextSelection>\n")
		n.Selections++
	}
	for _, v := range s.Values {
		sx.tag("      <VariableValue><VariableRef", "/><TextValue>", "targetGUID", v.VariableGUID)
		sx.text(v.Text)
		sx.raw("</TextValue></VariableValue>\n")
	}
	sx.raw("    </TextSource>\n")
}

// dateTime writes a time as xsd:dateTime, in UTC to the second ("" for
// the zero time: not known).
func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// xmlWriter writes XML by hand onto a buffered writer, whose first error
// sticks and is read by err (or at Flush).
type xmlWriter struct {
	w *bufio.Writer
}

func (x *xmlWriter) raw(s string) { _, _ = x.w.WriteString(s) }

// tag writes open, then each attribute of attrs (name, value pairs) that
// has a value, escaped (line breaks included, so that they survive
// attribute normalisation), then end.
func (x *xmlWriter) tag(open, end string, attrs ...string) {
	x.raw(open)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] != "" {
			x.raw(" " + attrs[i] + `="`)
			x.text(attrs[i+1])
			x.raw(`"`)
		}
	}
	x.raw(end)
}

// text writes s escaped; characters XML cannot carry become U+FFFD.
func (x *xmlWriter) text(s string) { _ = xml.EscapeText(x.w, []byte(s)) }

func (x *xmlWriter) err() error {
	if err := x.w.Flush(); err != nil {
		return fmt.Errorf("write project.qde: %w", err)
	}
	return nil
}

// scratch is a temporary file that holds part of project.qde until it is
// copied in. It is removed as soon as it is made where the system allows
// (the open file stays usable), so no copy is left behind.
type scratch struct {
	f       *os.File
	x       *xmlWriter
	removed bool
}

func newScratch() (*scratch, error) {
	f, err := os.CreateTemp("", "tandem-qdpx-*")
	if err != nil {
		return nil, fmt.Errorf("temporary file for a project file: %w", err)
	}
	return &scratch{f: f, x: &xmlWriter{w: bufio.NewWriterSize(f, 64<<10)}, removed: os.Remove(f.Name()) == nil}, nil
}

// copyTo copies what was written to w.
func (s *scratch) copyTo(w io.Writer) error {
	if err := s.x.w.Flush(); err != nil {
		return err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, s.f)
	return err
}

func (s *scratch) close() {
	_ = s.f.Close()
	if !s.removed {
		_ = os.Remove(s.f.Name())
	}
}
