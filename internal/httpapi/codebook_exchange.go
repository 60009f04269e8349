package httpapi

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/tandemqda/tandem/internal/refiqda"
	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/xlsx"
)

// attachment names a download after the project.
func attachment(c *fiber.Ctx, projectName, ext string) {
	name := strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, projectName)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="codebook.%s"; filename*=UTF-8''%s%s`, ext, url.PathEscape(name+" codebook"), "."+ext))
}

func (s *Server) exportQDC(c *fiber.Ctx) error {
	p, _ := currentProject(c)
	cb, err := s.store.Codebook(c.UserContext(), p.ID)
	if err != nil {
		return err
	}
	doc, err := refiqda.ExportCodebook(cb, "Tandem "+s.cfg.Version)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/xml; charset=utf-8")
	attachment(c, p.Name, "qdc")
	return c.Send(doc)
}

// maxVersionsInWorkbook bounds the history sheet of the codebook workbook.
const maxVersionsInWorkbook = 1000

func (s *Server) exportCodebookXLSX(c *fiber.Ctx) error {
	p, _ := currentProject(c)
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
	var buf bytes.Buffer
	err = xlsx.WriteCodebook(&buf, xlsx.CodebookExport{ProjectName: p.Name, Codebook: cb, Versions: versions,
		ExportedAt: s.now(), TandemVersion: s.cfg.Version})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	attachment(c, p.Name, "xlsx")
	return c.Send(buf.Bytes())
}

// importCodebook reads a REFI-QDA codebook. Without apply=true it only
// previews what would be added and what was changed to fit three levels.
// Applied to an empty codebook it makes one new version; applied to a
// codebook with entries it adds everything as proposals for the leads.
func (s *Server) importCodebook(c *fiber.Ctx) error {
	fh, err := c.FormFile("file")
	if err != nil {
		return tandem.Invalid("file", "Choose a codebook file (.qdc) to import.")
	}
	if fh.Size > refiqda.MaxImportBytes {
		return tandem.Invalid("file", fmt.Sprintf("The file is too large for a codebook (at most %d MB).", refiqda.MaxImportBytes>>20))
	}
	f, err := fh.Open()
	if err != nil {
		return fmt.Errorf("open uploaded codebook: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, refiqda.MaxImportBytes+1))
	if err != nil {
		return fmt.Errorf("read uploaded codebook: %w", err)
	}
	im, err := refiqda.ImportCodebook(data)
	if err != nil {
		return err
	}
	p, me := currentProject(c)
	cb, err := s.store.Codebook(c.UserContext(), p.ID)
	if err != nil {
		return err
	}
	asProposals := len(cb.Nodes) > 0
	if c.Query("apply") != "true" {
		return c.JSON(fiber.Map{"nodes": im.Nodes, "notes": im.Notes, "asProposals": asProposals})
	}
	version, err := strconv.ParseInt(c.FormValue("version"), 10, 64)
	if err != nil {
		return tandem.Invalid("version", "Send the codebook version the import is based on.")
	}
	if !asProposals {
		return s.changeCodebook(c, version, func(cb *tandem.Codebook, me *tandem.Member) (string, error) {
			if len(cb.Nodes) > 0 {
				return "", tandem.Errorf(tandem.CodeConflict, "The codebook is no longer empty. Preview the import again.")
			}
			for _, n := range im.Nodes {
				if _, err := cb.Add(n.ID, n.Level, n.ParentID, n.NodeText, tandem.StatusActive, me); err != nil {
					return "", fmt.Errorf("%q: %w", n.Name, err)
				}
			}
			return fmt.Sprintf("imported %d entries from %q", len(im.Nodes), fh.Filename), nil
		})
	}
	u := currentUser(c)
	out, err := s.store.UpdateCodebook(c.UserContext(), p.ID, func(cb *tandem.Codebook) error {
		if cb.Version != version {
			return &tandem.Error{Code: tandem.CodeVersionConflict, Message: "The codebook changed since the preview. Preview the import again.",
				Details: map[string]any{"current": viewCodebook(cb)}}
		}
		ids := map[string]string{} // file GUID -> id in this codebook
		for _, n := range im.Nodes {
			id := n.ID
			if cb.Node(id) != nil {
				id = uuid.NewString()
			}
			ids[n.ID] = id
			parent := n.ParentID
			if mapped, ok := ids[parent]; ok {
				parent = mapped
			}
			added, err := cb.Add(id, n.Level, parent, n.NodeText, tandem.StatusProposed, me)
			if err != nil {
				return fmt.Errorf("%q: %w", n.Name, err)
			}
			cb.Proposals = append(cb.Proposals, tandem.Proposal{ID: uuid.NewString(), Kind: "add", NodeID: added.ID, Text: added.NodeText,
				Reason: "Imported from " + fh.Filename, ProposedBy: me.UserID, ProposedByName: me.DisplayName, ProposedByType: me.ResearcherType,
				At: s.now(), State: "open"})
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.audit(c.UserContext(), p.ID, u, "codebook.proposed", fmt.Sprintf("%s imported %d entries from %q as proposals.", me.DisplayName, len(im.Nodes), fh.Filename), nil)
	return c.JSON(viewCodebook(out))
}
