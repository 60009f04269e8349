package httpapi

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/refiqda"
	"github.com/tandemqda/tandem/internal/report"
	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/xlsx"
)

func (s *Server) exportQDC(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p := sc.Project
	cb, err := s.store.Codebook(c.UserContext(), p.ID)
	if err != nil {
		return err
	}
	// Archived themes only when asked for (?archived=true).
	doc, err := refiqda.ExportCodebook(cb, "Tandem "+s.cfg.Version, refiqda.ExportOptions{Archived: c.QueryBool("archived")})
	if err != nil {
		return err
	}
	return sendDownload(c, "application/xml; charset=utf-8", p.Name, "codebook", "qdc", doc)
}

// maxVersionsInWorkbook bounds the history sheet of the codebook workbook.
const maxVersionsInWorkbook = 1000

func (s *Server) exportCodebookXLSX(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p := sc.Project
	ctx := c.UserContext()
	cb, err := s.store.Codebook(ctx, p.ID)
	if err != nil {
		return err
	}
	var versions []tandem.CodebookVersion
	for before := int64(0); len(versions) < maxVersionsInWorkbook; {
		page, err := s.store.CodebookVersions(ctx, p.ID, before, 50)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		versions = append(versions, page...)
		before = page[len(page)-1].Version
	}
	sets, _, err := s.app.VisibleSets(ctx, sc, nil)
	if err != nil {
		return err
	}
	usage := map[string]xlsx.Usage{}
	for id, u := range tandem.Usage(cb, sets) {
		usage[id] = xlsx.Usage{Excerpts: u.Excerpts, Transcripts: u.Transcripts, Coders: u.Coders}
	}
	// Alpha per theme over the submitted coding the member may see (every
	// coder's, on the transcripts revealed to them), with the report's
	// defaults (unit: turn) and no interval; no filters from the query.
	_, coders, ts, err := s.app.ReportInput(ctx, sc, nil, nil)
	if err != nil {
		return err
	}
	opt := report.Options{Unit: report.UnitTurn, MinOverlap: 1, Seed: reportSeed}
	for _, row := range report.Build(cb, coders, ts, opt).Themes {
		if row.Alpha.Value != nil {
			u := usage[row.NodeID]
			u.Alpha = row.Alpha.Value
			usage[row.NodeID] = u
		}
	}
	var buf bytes.Buffer
	err = xlsx.WriteCodebook(&buf, xlsx.CodebookExport{ProjectName: p.Name, Codebook: cb, Versions: versions, Usage: usage,
		ExportedAt: s.now(), TandemVersion: s.cfg.Version})
	if err != nil {
		return err
	}
	return sendDownload(c, mimeXLSX, p.Name, "codebook", "xlsx", buf.Bytes())
}

// readCodebookFile reads an uploaded codebook, whatever its kind: a
// REFI-QDA codebook (.qdc), project (.qdpx) or project document (.qde), or
// an Excel workbook. Only a project may be larger than a codebook file: its
// recordings are not read.
func readCodebookFile(data []byte) (*tandem.CodebookImport, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if refiqda.IsProject(data) {
			im, err := refiqda.ImportProjectCodebook(data)
			return im, "qdpx", err
		}
		im, err := xlsx.ReadCodebook(data)
		return im, "xlsx", err
	case len(data) > maxCodebookImportBytes:
		return nil, "", tandem.Invalid("file", fmt.Sprintf("The file is too large for a codebook (at most %d MB).", maxCodebookImportBytes>>20))
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		return nil, "", tandem.Invalid("file", "This is an older Excel file (.xls) or a workbook with a password. Save it as an .xlsx workbook without a password and try again.")
	case refiqda.IsXML(data):
		format := "qdc"
		if refiqda.IsProjectDocument(data) {
			format = "qde"
		}
		im, err := refiqda.ImportCodebook(data)
		return im, format, err
	}
	return nil, "", tandem.Invalid("file", "Choose a codebook file: an Excel workbook (.xlsx), a REFI-QDA codebook (.qdc) or a REFI-QDA project (.qdpx).")
}

// importPreview is what an import would do.
type importPreview struct {
	Format      string                 `json:"format"`
	AsProposals bool                   `json:"asProposals"`
	Items       []tandem.ImportItem    `json:"items"`
	Notes       []string               `json:"notes"`
	Skipped     []string               `json:"skipped"`
	Refused     []tandem.ImportRefusal `json:"refused"`
	Counts      map[string]int         `json:"counts"`
}

// importCodebook reads a codebook file. Without apply=true it previews what
// would be added and changed, what was fitted to three levels, and every
// row or code that is refused. Applied to an empty codebook it makes one new
// version; applied to a codebook with entries it adds proposals for the
// leads: new entries, and new wording for entries that differ. A file with
// refused rows is never applied in part.
func (s *Server) importCodebook(c *fiber.Ctx) error {
	if err := requireMediaType(c, fiber.MIMEMultipartForm); err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return tandem.Invalid("file", "Choose a codebook file (.xlsx, .qdc or .qdpx) to import.")
	}
	maxBytes := int64(s.bodyLimit(fiber.MethodPost, []byte(c.Path())))
	if fh.Size > maxBytes {
		return tandem.Invalid("file", fmt.Sprintf("The file is too large to import (at most %d MB).", maxBytes>>20))
	}
	f, err := fh.Open()
	if err != nil {
		return fmt.Errorf("open uploaded codebook: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil {
		return fmt.Errorf("read uploaded codebook: %w", err)
	}
	im, format, err := readCodebookFile(data)
	if err != nil {
		return err
	}
	sc := scopeOf(c)
	p := sc.Project
	cb, err := s.store.Codebook(c.UserContext(), p.ID)
	if err != nil {
		return err
	}
	asProposals := len(cb.Nodes) > 0
	if c.Query("apply") != "true" {
		items := cb.PlanImport(im)
		if !asProposals {
			items = im.AllNew()
		}
		counts := map[string]int{tandem.ImportAdd: 0, tandem.ImportChange: 0, tandem.ImportSame: 0}
		for _, it := range items {
			counts[it.Action]++
		}
		return c.JSON(importPreview{Format: format, AsProposals: asProposals, Items: items, Notes: im.Notes, Skipped: append([]string{}, im.Skipped...), Refused: im.Refused, Counts: counts})
	}
	version, err := strconv.ParseInt(c.FormValue("version"), 10, 64)
	if err != nil {
		return tandem.Invalid("version", "Send the codebook version the import is based on.")
	}
	if len(im.Refused) > 0 {
		return &tandem.Error{Code: tandem.CodeImportRefused,
			Message: fmt.Sprintf("Nothing was imported: %d rows or codes in the file cannot be used. Fix them in the file and import it again.", len(im.Refused)),
			Details: map[string]any{"refused": im.Refused}}
	}
	if !asProposals {
		return s.changeCodebook(c, version, func(cb *tandem.Codebook, me *tandem.Member) (string, error) {
			if len(cb.Nodes) > 0 {
				return "", tandem.Errorf(tandem.CodeConflict, "The codebook is no longer empty. Preview the import again.")
			}
			for _, n := range im.Nodes {
				if _, err := cb.Add(n.ID, n.Level, n.ParentID, n.NodeText, n.Status, me); err != nil {
					return "", fmt.Errorf("%s %q: %w", n.Level, n.Name, err)
				}
			}
			return fmt.Sprintf("imported %d entries from %q", len(im.Nodes), fh.Filename), nil
		})
	}
	out, err := s.app.ProposeCodebookImport(c.UserContext(), sc, version, im, fh.Filename)
	if err != nil {
		return codebookError(err)
	}
	return c.JSON(viewCodebook(out))
}
