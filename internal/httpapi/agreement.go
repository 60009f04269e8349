package httpapi

import (
	"bytes"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/agreement"
	"github.com/tandemqda/tandem/internal/report"
	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/xlsx"
)

// reportSeed makes the bootstrap intervals of a report repeat.
const reportSeed = 20161

// reportInput reads the parameters of an agreement report and loads what it
// needs: the codebook, the coders with submitted coding (filtered by
// ?coders=), and the transcripts (filtered by ?transcripts=) with their
// text and submitted sets.
func (s *Server) reportInput(c *fiber.Ctx) (*tandem.Codebook, []report.Coder, []report.Transcript, report.Options, error) {
	sc := scopeOf(c)
	ctx := c.UserContext()
	overlap, err := tandem.ParseMinOverlap(c.Query("overlap"))
	if err != nil {
		return nil, nil, nil, report.Options{}, err
	}
	opt := report.Options{Unit: c.Query("unit", report.UnitTurn), MinOverlap: overlap, Draws: c.QueryInt("draws", agreement.DefaultDraws), Seed: reportSeed}
	if err := opt.Validate(); err != nil {
		return nil, nil, nil, opt, err
	}
	list := func(name string) map[string]bool {
		v := strings.TrimSpace(c.Query(name))
		if v == "" {
			return nil
		}
		out := map[string]bool{}
		for _, id := range strings.Split(v, ",") {
			out[strings.TrimSpace(id)] = true
		}
		return out
	}
	onlyT, onlyC := list("transcripts"), list("coders")
	if tid := c.Query("transcript"); tid != "" {
		onlyT = map[string]bool{tid: true}
	}
	cb, coders, ts, err := s.app.ReportInput(ctx, sc, onlyT, onlyC)
	return cb, coders, ts, opt, err
}

// agreementReport computes the agreement report over the submitted coding.
func (s *Server) agreementReport(c *fiber.Ctx) error {
	cb, coders, ts, opt, err := s.reportInput(c)
	if err != nil {
		return err
	}
	return c.JSON(report.Build(cb, coders, ts, opt))
}

// disagreements lists, for one transcript and theme, the units and the
// stretches of text where the coders differ.
func (s *Server) disagreements(c *fiber.Ctx) error {
	tid, theme := c.Query("transcript"), c.Query("theme")
	if tid == "" {
		return tandem.Invalid("transcript", "Choose a transcript.")
	}
	cb, coders, ts, opt, err := s.reportInput(c)
	if err != nil {
		return err
	}
	if n := cb.Node(theme); n == nil || n.Level != tandem.LevelTheme {
		return tandem.Invalid("theme", "Choose a theme of this project's codebook.")
	}
	for _, t := range ts {
		if t.ID == tid {
			units, spans := report.Disagreements(cb, coders, t, theme, opt)
			return c.JSON(fiber.Map{"coders": coders, "units": units, "spans": spans})
		}
	}
	return tandem.Errorf(tandem.CodeNotFound, "This transcript does not exist.")
}

// exportAgreement sends the agreement report as an Excel workbook, with the
// same parameters as the report.
func (s *Server) exportAgreement(c *fiber.Ctx) error {
	cb, coders, ts, opt, err := s.reportInput(c)
	if err != nil {
		return err
	}
	sc := scopeOf(c)
	p := sc.Project
	var buf bytes.Buffer
	if err := xlsx.WriteAgreement(&buf, xlsx.AgreementExport{ProjectName: p.Name, Report: report.Build(cb, coders, ts, opt),
		ExportedAt: s.now(), TandemVersion: s.cfg.Version}); err != nil {
		return err
	}
	return sendDownload(c, mimeXLSX, p.Name, "agreement", "xlsx", buf.Bytes())
}
