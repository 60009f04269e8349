package httpapi

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"slices"
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
	p, m := currentProject(c)
	ctx := c.UserContext()
	opt := report.Options{Unit: c.Query("unit", report.UnitTurn), MinOverlap: c.QueryInt("overlap", 1), Draws: c.QueryInt("draws", agreement.DefaultDraws), Seed: reportSeed}
	switch {
	case opt.Unit != report.UnitTurn && opt.Unit != report.UnitParagraph && opt.Unit != report.UnitSentence:
		return nil, nil, nil, opt, tandem.Invalid("unit", "The unit is turn, paragraph or sentence.")
	case opt.MinOverlap < 1 || opt.MinOverlap > 10000:
		return nil, nil, nil, opt, tandem.Invalid("overlap", "The minimum overlap is from 1 to 10,000 characters.")
	case opt.Draws < 0 || opt.Draws > 10000:
		return nil, nil, nil, opt, tandem.Invalid("draws", "Bootstrap draws are from 0 (no interval) to 10,000.")
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
	cb, coders, ts, err := s.loadReportInput(ctx, p, m, onlyT, onlyC)
	return cb, coders, ts, opt, err
}

// loadReportInput loads what an agreement report is computed from: the
// codebook, and the submitted sets (of the coders in onlyC, when given) of
// the transcripts (in onlyT, when given) on which the member may see every
// coder's coding. Figures drawn from others' sets are others' coding: a
// member who codes blind gets none from a transcript not revealed to them.
func (s *Server) loadReportInput(ctx context.Context, p *tandem.Project, m *tandem.Member, onlyT, onlyC map[string]bool) (*tandem.Codebook, []report.Coder, []report.Transcript, error) {
	cb, err := s.store.Codebook(ctx, p.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	x, err := s.store.TranscriptIndex(ctx, p.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	var ts []report.Transcript
	seen := map[string]bool{}
	for i := range x.Transcripts {
		info := &x.Transcripts[i]
		if onlyT != nil && !onlyT[info.ID] || !info.CanRead(m, p.ShareTranscripts) || !seesAllCoding(p, m, info) {
			continue
		}
		t := report.Transcript{ID: info.ID, Title: info.Title}
		for _, coder := range info.CodedBy {
			if onlyC != nil && !onlyC[coder] {
				continue
			}
			set, err := s.store.CodingSet(ctx, p.ID, info.ID, coder)
			if errors.Is(err, tandem.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, nil, nil, err
			}
			if set.Status == tandem.CodingSubmitted {
				t.Sets = append(t.Sets, set)
				seen[coder] = true
			}
		}
		text, err := s.store.TranscriptText(ctx, info.ID)
		if err != nil {
			return nil, nil, nil, err
		}
		t.Text, t.Turns = []rune(text.Text), text.Turns
		ts = append(ts, t)
	}
	var coders []report.Coder
	for id := range seen {
		rc := report.Coder{ID: id, Name: "Former member"}
		if m := p.Member(id); m != nil {
			rc.Name, rc.Type = m.DisplayName, m.ResearcherType
		}
		coders = append(coders, rc)
	}
	slices.SortFunc(coders, func(a, b report.Coder) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	return cb, coders, ts, nil
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
	p, _ := currentProject(c)
	var buf bytes.Buffer
	if err := xlsx.WriteAgreement(&buf, xlsx.AgreementExport{ProjectName: p.Name, Report: report.Build(cb, coders, ts, opt),
		ExportedAt: s.now(), TandemVersion: s.cfg.Version}); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, downloadName(p.Name, "agreement", "xlsx"))
	return c.Send(buf.Bytes())
}
