package httpapi

import (
	"errors"
	"fmt"
	"io"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/app"
	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/xlsx"
)

// movePhase moves a transcript to another phase.
func (s *Server) movePhase(c *fiber.Ctx) error {
	var in struct {
		Phase   *string `json:"phase"`
		Reason  string  `json:"reason"`
		Confirm bool    `json:"confirm"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.Phase == nil {
		return tandem.Invalid("phase", "Say which phase to move the transcript to.")
	}
	to, err := tandem.ParsePhase(*in.Phase)
	if err != nil {
		return err
	}
	reason, err := tandem.PhaseReason.Clean(in.Reason)
	if err != nil {
		return err
	}
	info, err := s.app.MovePhase(c.UserContext(), scopeOf(c), c.Params("tid"), app.PhaseRequest{To: to, Reason: reason, Confirm: in.Confirm})
	if err != nil {
		return err
	}
	return c.JSON(info)
}

// projectPhases reveals every submitted transcript, or locks every
// reconciled one.
func (s *Server) projectPhases(c *fiber.Ctx) error {
	var in struct {
		Action string `json:"action"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	moved, err := s.app.ProjectPhases(c.UserContext(), scopeOf(c), in.Action)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"moved": moved})
}

func (s *Server) getReconcileSettings(c *fiber.Ctx) error {
	return c.JSON(s.app.ReconcileSettings(scopeOf(c)))
}

func (s *Server) putReconcileSettings(c *fiber.Ctx) error {
	var in tandem.ReconcileSettings
	if err := decode(c, &in); err != nil {
		return err
	}
	out, err := s.app.SetReconcileSettings(c.UserContext(), scopeOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// transcriptQueue returns a transcript's items with their decisions.
func (s *Server) transcriptQueue(c *fiber.Ctx) error {
	q, err := s.app.Queue(c.UserContext(), scopeOf(c), c.Params("tid"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"transcript": q.Transcript, "settings": q.Settings, "items": q.Items,
		"disagreements": q.Disagreements, "resolved": q.Resolved})
}

// projectQueue returns the progress of reconciliation per transcript.
func (s *Server) projectQueue(c *fiber.Ctx) error {
	rows, err := s.app.ProjectQueue(c.UserContext(), scopeOf(c))
	if err != nil {
		return err
	}
	total, resolved := 0, 0
	for _, r := range rows {
		total, resolved = total+r.Disagreements, resolved+r.Resolved
	}
	return c.JSON(fiber.Map{"transcripts": rows, "disagreements": total, "resolved": resolved})
}

// decide records a lead's decision on an item.
func (s *Server) decide(c *fiber.Ctx) error {
	var in struct {
		ItemID      string                `json:"itemId"`
		Fingerprint string                `json:"fingerprint"`
		Revision    *int                  `json:"revision"`
		Action      tandem.DecisionAction `json:"action"`
		Rationale   string                `json:"rationale"`
		Start       *int                  `json:"start"`
		End         *int                  `json:"end"`
		Theme       string                `json:"theme"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.Revision == nil || in.Fingerprint == "" {
		return tandem.Invalid("revision", "Send the item's revision and fingerprint as you saw them in the queue.")
	}
	rationale, err := tandem.Rationale.Clean(in.Rationale)
	if err != nil {
		return err
	}
	d, err := s.app.Decide(c.UserContext(), scopeOf(c), c.Params("tid"), tandem.DecisionInput{ItemID: in.ItemID, Fingerprint: in.Fingerprint,
		Revision: *in.Revision, Action: in.Action, Rationale: rationale, NewStart: in.Start, NewEnd: in.End, NewTheme: in.Theme})
	var st *app.Stale[*app.QueueItem]
	if errors.As(err, &st) {
		details := map[string]any{} // no current item: it left the queue
		if st.Current != nil {
			details["current"] = st.Current
		}
		return &tandem.Error{Code: tandem.CodeVersionConflict, Message: st.Message(), Details: details}
	}
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"decision": d.Decision, "item": d.Item})
}

// decisionFilter reads the decisions log's filters: ?theme=, ?transcript=,
// ?action= and ?split=true.
func decisionFilter(c *fiber.Ctx) (app.DecisionFilter, error) {
	f := app.DecisionFilter{Theme: c.Query("theme"), Transcript: c.Query("transcript"), Action: tandem.DecisionAction(c.Query("action"))}
	switch c.Query("split") {
	case "", "false":
	case "true":
		f.Split = true
	default:
		return f, tandem.Invalid("split", "split is true or false.")
	}
	switch f.Action {
	case "", tandem.ActionAccept, tandem.ActionReject, tandem.ActionAdjust, tandem.ActionTheme, tandem.ActionDefer:
	default:
		return f, tandem.Invalid("action", "The action is accept, reject, adjust, theme or defer.")
	}
	return f, nil
}

// decisionsLog returns the decisions log, filtered.
func (s *Server) decisionsLog(c *fiber.Ctx) error {
	f, err := decisionFilter(c)
	if err != nil {
		return err
	}
	log, err := s.app.DecisionsLog(c.UserContext(), scopeOf(c), f)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"decisions": log})
}

// consensus returns a transcript's consensus set.
func (s *Server) consensus(c *fiber.Ctx) error {
	sc := scopeOf(c)
	info, set, err := s.app.Consensus(c.UserContext(), sc, c.Params("tid"))
	if err != nil {
		return err
	}
	v := viewCodingSet(sc.Project, sc.Member, info, set)
	v.CoderName = "Consensus"
	return c.JSON(fiber.Map{"transcript": info, "set": v})
}

// exportDecisions sends the decisions log, filtered as the log is, as an
// Excel workbook, and records the download in the audit log: it holds
// quotes from the interviews and the leads' rationales.
func (s *Server) exportDecisions(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p, u := sc.Project, sc.User
	f, err := decisionFilter(c)
	if err != nil {
		return err
	}
	x, err := s.app.DecisionsExport(c.UserContext(), sc, f)
	if err != nil {
		return err
	}
	export := xlsx.DecisionsExport{ProjectName: p.Name, Codebook: x.Codebook, Transcripts: x.Transcripts, Decisions: x.Decisions,
		Filters: x.Filters, ExportedAt: s.now(), TandemVersion: s.cfg.Version}
	err = sendDownloadFrom(c, mimeXLSX, p.Name, "decisions", "xlsx", func(w io.Writer) error { return xlsx.WriteDecisions(w, export) })
	if err != nil {
		return fmt.Errorf("export decisions: %w", err)
	}
	filters := x.Filters
	if filters == "" {
		filters = "every decision"
	}
	s.app.Audit(c.UserContext(), p.ID, u, "export.decisions",
		fmt.Sprintf("%s downloaded the decisions workbook (%s; %s).", u.Name, tandem.Plural(len(x.Decisions), "decision", "decisions"), filters),
		map[string]any{"decisions": len(x.Decisions), "theme": f.Theme, "transcript": f.Transcript, "action": string(f.Action), "split": f.Split})
	return nil
}
