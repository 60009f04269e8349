package httpapi

import (
	"fmt"
	"io"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/xlsx"
)

// excerptFormat is one file format of the excerpt export.
type excerptFormat struct {
	ext, contentType, words string
	write                   func(w io.Writer, x xlsx.ExcerptsExport, cb *tandem.Codebook) (tandem.ExcerptCounts, error)
}

var excerptFormats = map[string]excerptFormat{
	"xlsx": {"xlsx", mimeXLSX, "an Excel workbook", func(w io.Writer, x xlsx.ExcerptsExport, _ *tandem.Codebook) (tandem.ExcerptCounts, error) {
		return xlsx.WriteExcerpts(w, x)
	}},
	"csv": {"csv", "text/csv; charset=utf-8", "a CSV file", func(w io.Writer, x xlsx.ExcerptsExport, _ *tandem.Codebook) (tandem.ExcerptCounts, error) {
		return xlsx.WriteExcerptsCSV(w, x.Rows)
	}},
	"txt": {"txt", "text/plain; charset=utf-8", "a text report", func(w io.Writer, x xlsx.ExcerptsExport, cb *tandem.Codebook) (tandem.ExcerptCounts, error) {
		return xlsx.WriteExcerptsText(w, cb, x)
	}},
}

// exportExcerpts sends the coded excerpts (one row per excerpt and theme) in
// a format: ?sets=consensus|coders|both, ?themes= and ?transcripts= (comma-
// separated ids; a domain or category stands for its themes). The file is
// audit-logged with what it held.
func (s *Server) exportExcerpts(format string) fiber.Handler {
	ff := excerptFormats[format]
	return func(c *fiber.Ctx) error {
		sc := scopeOf(c)
		p, u := sc.Project, sc.User
		ctx := c.UserContext()
		x, err := s.app.ExcerptExport(ctx, sc, c.Query("sets"), c.Query("themes"), c.Query("transcripts"))
		if err != nil {
			return err
		}
		export := xlsx.ExcerptsExport{ProjectName: p.Name, Filter: x.Filter, Rows: x.Rows, ExportedAt: s.now(), TandemVersion: s.cfg.Version}
		var counts tandem.ExcerptCounts
		err = sendDownloadFrom(c, ff.contentType, p.Name, "excerpts", ff.ext, func(w io.Writer) error {
			counts, err = ff.write(w, export, x.Codebook)
			return err
		})
		if err != nil {
			return fmt.Errorf("export excerpts as %s: %w", format, err)
		}
		sets, themes, transcripts := x.Filter.Describe()
		s.app.Audit(ctx, p.ID, u, "excerpts.exported",
			fmt.Sprintf("%s exported %s (%s) as %s: %s; themes: %s; transcripts: %s.", u.Name, tandem.Plural(counts.Excerpts, "excerpt", "excerpts"),
				tandem.Plural(counts.Rows, "row", "rows"), ff.words, sets, themes, transcripts),
			map[string]any{"format": format, "sets": string(x.Filter.Sets), "themes": c.Query("themes"), "transcripts": c.Query("transcripts"),
				"rows": counts.Rows, "excerpts": counts.Excerpts})
		return nil
	}
}
