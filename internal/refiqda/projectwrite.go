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
	x.raw(`<Project xmlns="` + ProjectNamespace + `"`)
	x.attr("name", p.Name)
	if p.Origin != "" {
		x.attr("origin", p.Origin)
	}
	if !p.CreatedAt.IsZero() {
		x.attr("creationDateTime", dateTime(p.CreatedAt))
	}
	x.raw(">\n")
	if len(p.Users) > 0 {
		x.raw("  <Users>\n")
		for _, u := range p.Users {
			x.raw("    <User")
			x.attr("guid", u.GUID)
			x.attr("name", u.Name)
			x.raw("/>\n")
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
			x.raw("    <Variable")
			x.attr("guid", v.GUID)
			x.attr("name", v.Name)
			x.attr("typeOfVariable", string(v.Type))
			x.raw("/>\n")
		}
		x.raw("  </Variables>\n")
	}
	if len(p.Cases) > 0 {
		x.raw("  <Cases>\n")
		for _, c := range p.Cases {
			x.raw("    <Case")
			x.attr("guid", c.GUID)
			x.attr("name", c.Name)
			x.raw(">\n")
			for _, s := range c.Sources {
				x.raw("      <SourceRef")
				x.attr("targetGUID", s)
				x.raw("/>\n")
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
	sx.raw("    <TextSource")
	sx.attr("guid", s.GUID)
	sx.attr("name", s.Name)
	sx.attr("plainTextPath", "internal://"+s.GUID+".txt")
	sx.raw(">\n")
	if s.Description != "" {
		sx.raw("      <Description>")
		sx.text(s.Description)
		sx.raw("</Description>\n")
	}
	for i := range s.Selections {
		sel := &s.Selections[i]
		sx.raw("      <PlainTextSelection")
		sx.attr("guid", sel.GUID)
		sx.attr("startPosition", strconv.Itoa(sel.Start))
		sx.attr("endPosition", strconv.Itoa(sel.End))
		sx.attr("creatingUser", sel.CreatingUser)
		if !sel.CreatedAt.IsZero() {
			sx.attr("creationDateTime", dateTime(sel.CreatedAt))
		}
		sx.raw(">\n")
		for _, c := range sel.Codings {
			sx.raw("        <Coding")
			sx.attr("guid", c.GUID)
			sx.attr("creatingUser", c.CreatingUser)
			sx.raw("><CodeRef")
			sx.attr("targetGUID", c.Code)
			sx.raw("/></Coding>\n")
			n.Codings++
		}
		if sel.Note != nil {
			sx.raw("        <NoteRef")
			sx.attr("targetGUID", sel.Note.GUID)
			sx.raw("/>\n")
			writeNote(nx, sel.Note)
			n.Notes++
		}
		sx.raw("      </PlainTextSelection>\n")
		n.Selections++
	}
	for _, v := range s.Values {
		writeValue(sx, v)
	}
	sx.raw("    </TextSource>\n")
}

func writeNote(x *xmlWriter, note *Note) {
	x.raw("    <Note")
	x.attr("guid", note.GUID)
	x.attr("name", note.Name)
	if note.CreatingUser != "" {
		x.attr("creatingUser", note.CreatingUser)
	}
	if !note.CreatedAt.IsZero() {
		x.attr("creationDateTime", dateTime(note.CreatedAt))
	}
	x.raw("><PlainTextContent>")
	x.text(note.Text)
	x.raw("</PlainTextContent></Note>\n")
}

func writeValue(x *xmlWriter, v VariableValue) {
	x.raw("      <VariableValue><VariableRef")
	x.attr("targetGUID", v.VariableGUID)
	x.raw("/><TextValue>")
	x.text(v.Text)
	x.raw("</TextValue></VariableValue>\n")
}

// dateTime writes a time as xsd:dateTime, in UTC to the second.
func dateTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// xmlWriter writes XML by hand onto a buffered writer, whose first error
// sticks and is read by err (or at Flush).
type xmlWriter struct {
	w *bufio.Writer
}

func (x *xmlWriter) raw(s string) { _, _ = x.w.WriteString(s) }

// attr writes ` name="value"`, the value escaped (line breaks included, so
// that they survive attribute normalisation).
func (x *xmlWriter) attr(name, value string) {
	x.raw(" " + name + `="`)
	x.text(value)
	x.raw(`"`)
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
