package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tandemqda/tandem/internal/report"
	"github.com/tandemqda/tandem/internal/tandem"
)

// QueueItem is a disagreement item (or an agreed one) with the latest
// decision on it. Revision counts the decisions on it: a decision is sent
// with the revision and fingerprint it was taken on. Stale: the latest
// decision was taken on an older fingerprint (the coding changed since),
// so the item is not resolved.
type QueueItem struct {
	report.Item
	Decision *tandem.Decision `json:"decision"`
	Revision int              `json:"revision"`
	Resolved bool             `json:"resolved"`
	Stale    bool             `json:"stale"`
}

// TranscriptQueue is a transcript's items and its progress: Resolved of
// Disagreements decided (defer does not count).
type TranscriptQueue struct {
	Transcript    *tandem.TranscriptInfo     `json:"-"`
	Settings      tandem.ReconcileSettings   `json:"settings"`
	Items         []QueueItem                `json:"items"`
	Disagreements int                        `json:"disagreements"`
	Resolved      int                        `json:"resolved"`
	Consensus     *tandem.CodingSet          `json:"-"`
	latest        map[string]tandem.Decision // item -> latest decision
}

// Unresolved counts the disagreements without a decision that settles them.
func (q *TranscriptQueue) Unresolved() int { return q.Disagreements - q.Resolved }

// Item returns the item with the id, or nil.
func (q *TranscriptQueue) Item(id string) *QueueItem {
	for i := range q.Items {
		if q.Items[i].ID == id {
			return &q.Items[i]
		}
	}
	return nil
}

// ReconcileSettings returns the project's reconciliation settings.
func (a *App) ReconcileSettings(sc Scope) tandem.ReconcileSettings {
	return sc.Project.Reconcile.OrDefault()
}

// SetReconcileSettings changes the project's reconciliation settings; what
// an item is cannot change while transcripts are reconciled or locked.
func (a *App) SetReconcileSettings(ctx context.Context, sc Scope, s tandem.ReconcileSettings) (tandem.ReconcileSettings, error) {
	if err := s.Validate(); err != nil {
		return s, err
	}
	x, err := a.store.TranscriptIndex(ctx, sc.Project.ID)
	if err != nil {
		return s, err
	}
	reconciling := 0
	for i := range x.Transcripts {
		if ph := x.Transcripts[i].CurrentPhase(); ph == tandem.PhaseReconciling || ph == tandem.PhaseLocked {
			reconciling++
		}
	}
	p, err := a.store.UpdateProject(ctx, sc.Project.ID, func(p *tandem.Project) error {
		if err := tandem.CheckSettingsChange(p.Reconcile, s, reconciling); err != nil {
			return err
		}
		p.Reconcile, p.UpdatedAt = s, a.Now()
		return nil
	})
	if err != nil {
		return s, err
	}
	u := sc.User
	a.Audit(ctx, p.ID, u, "reconcile.settings", fmt.Sprintf("%s set reconciliation to compare by %s (minimum overlap %d), seed rule %s.", u.Name, s.Unit, s.MinOverlap, s.Seed),
		map[string]any{"unit": s.Unit, "minOverlap": s.MinOverlap, "seed": s.Seed})
	return p.Reconcile.OrDefault(), nil
}

// queueInput loads what a transcript's items are built from.
func (a *App) queueInput(ctx context.Context, sc Scope, info *tandem.TranscriptInfo) (*tandem.Codebook, []report.Coder, report.Transcript, error) {
	cb, coders, ts, err := a.ReportInput(ctx, sc, map[string]bool{info.ID: true}, nil)
	if err != nil {
		return nil, nil, report.Transcript{}, err
	}
	if len(ts) != 1 {
		return nil, nil, report.Transcript{}, tandem.Errorf(tandem.CodeNotFound, "This transcript does not exist, or it is not assigned to you.")
	}
	return cb, coders, ts[0], nil
}

// queueItems computes a transcript's items from its submitted sets.
func (a *App) queueItems(ctx context.Context, sc Scope, info *tandem.TranscriptInfo) (tandem.ReconcileSettings, []report.Item, error) {
	settings := sc.Project.Reconcile.OrDefault()
	cb, coders, t, err := a.queueInput(ctx, sc, info)
	if err != nil {
		return settings, nil, err
	}
	return settings, report.Queue(cb, coders, t, settings.Unit, settings.MinOverlap), nil
}

// withDecision is an item with the latest of its decisions (count of
// them: revision).
func withDecision(it report.Item, latest *tandem.Decision, revision int) QueueItem {
	qi := QueueItem{Item: it, Revision: revision, Decision: latest}
	if latest != nil {
		qi.Stale = latest.Fingerprint != it.Fingerprint
		qi.Resolved = latest.Action.Resolves() && !qi.Stale
	}
	return qi
}

// buildQueue computes a transcript's items from its submitted sets, with
// the decisions taken on them and its consensus set.
func (a *App) buildQueue(ctx context.Context, sc Scope, info *tandem.TranscriptInfo) (*TranscriptQueue, error) {
	p := sc.Project
	settings, items, err := a.queueItems(ctx, sc, info)
	if err != nil {
		return nil, err
	}
	decisions, err := a.store.Decisions(ctx, p.ID, info.ID)
	if err != nil {
		return nil, err
	}
	q := &TranscriptQueue{Transcript: info, Settings: settings, Items: make([]QueueItem, 0, len(items)), latest: map[string]tandem.Decision{}}
	count := map[string]int{}
	for _, d := range decisions {
		count[d.ItemID]++
		if cur, ok := q.latest[d.ItemID]; !ok || d.Revision > cur.Revision {
			q.latest[d.ItemID] = d
		}
	}
	for _, it := range items {
		var latest *tandem.Decision
		if d, ok := q.latest[it.ID]; ok {
			latest = &d
		}
		qi := withDecision(it, latest, count[it.ID])
		if !it.Agreed {
			q.Disagreements++
			if qi.Resolved {
				q.Resolved++
			}
		}
		q.Items = append(q.Items, qi)
	}
	if q.Consensus, err = a.LoadSet(ctx, p.ID, info, tandem.ConsensusCoder); err != nil {
		return nil, err
	}
	return q, nil
}

// reportItem builds the item of a transcript with the id from its
// submitted sets; nil when the item is not in the queue.
func (a *App) reportItem(ctx context.Context, sc Scope, info *tandem.TranscriptInfo, itemID string) (*report.Item, error) {
	settings := sc.Project.Reconcile.OrDefault()
	cb, coders, t, err := a.queueInput(ctx, sc, info)
	if err != nil {
		return nil, err
	}
	return report.QueueItem(cb, coders, t, settings.Unit, settings.MinOverlap, itemID), nil
}

// oneItem returns an item of a transcript with its latest decision,
// looked up by id (revision after revision) rather than by reading the
// whole decisions log; nil when the item is not in the queue.
func (a *App) oneItem(ctx context.Context, sc Scope, info *tandem.TranscriptInfo, itemID string) (*QueueItem, error) {
	it, err := a.reportItem(ctx, sc, info, itemID)
	if err != nil || it == nil {
		return nil, err
	}
	var latest *tandem.Decision
	rev := 0
	for ; ; rev++ {
		d, err := a.store.Decision(ctx, tandem.DecisionID(info.ID, itemID, rev))
		if errors.Is(err, tandem.ErrNotFound) {
			break
		}
		if err != nil {
			return nil, err
		}
		latest = d
	}
	qi := withDecision(*it, latest, rev)
	return &qi, nil
}

// itemAt is oneItem for a decision sent at revision rev: it reads only
// the decision before rev, not each one from the first, since inserting
// the decision at rev fails when one is there already. When there is no
// decision before rev (rev is ahead of the item), it is oneItem.
func (a *App) itemAt(ctx context.Context, sc Scope, info *tandem.TranscriptInfo, itemID string, rev int) (*QueueItem, error) {
	if rev < 0 {
		return a.oneItem(ctx, sc, info, itemID)
	}
	var latest *tandem.Decision
	if rev > 0 {
		d, err := a.store.Decision(ctx, tandem.DecisionID(info.ID, itemID, rev-1))
		if errors.Is(err, tandem.ErrNotFound) {
			return a.oneItem(ctx, sc, info, itemID)
		}
		if err != nil {
			return nil, err
		}
		latest = d
	}
	it, err := a.reportItem(ctx, sc, info, itemID)
	if err != nil || it == nil {
		return nil, err
	}
	qi := withDecision(*it, latest, rev)
	return &qi, nil
}

// needRevealed refuses the queue of a transcript still coded independently.
func needRevealed(info *tandem.TranscriptInfo) error {
	if info.CurrentPhase() == tandem.PhaseIndependent {
		return tandem.Errorf(tandem.CodePhaseNotAllowed, "Reveal this transcript's coding first: the disagreements show once the coders' work is revealed.")
	}
	return nil
}

// Queue returns a transcript's items with their decisions and progress.
// A decision whose consensus write did not happen (a crash between the
// two writes) is applied first.
func (a *App) Queue(ctx context.Context, sc Scope, transcriptID string) (*TranscriptQueue, error) {
	info, err := a.Transcript(ctx, sc, transcriptID)
	if err != nil {
		return nil, err
	}
	if err := needRevealed(info); err != nil {
		return nil, err
	}
	q, err := a.buildQueue(ctx, sc, info)
	if err != nil {
		return nil, err
	}
	if info.CurrentPhase() == tandem.PhaseReconciling {
		if err := a.rollForward(ctx, sc, q); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// rollForward applies to the consensus every latest decision it lacks.
func (a *App) rollForward(ctx context.Context, sc Scope, q *TranscriptQueue) error {
	pending := []tandem.Decision{}
	probe := *q.Consensus
	probe.Excerpts = slices.Clone(q.Consensus.Excerpts)
	for _, it := range q.Items {
		if it.Decision != nil && probe.ApplyDecision(it.Decision, a.Now()) {
			pending = append(pending, *it.Decision)
		}
	}
	if len(pending) == 0 {
		return nil
	}
	a.log.Warn("applying decisions the consensus lacked", "transcript", q.Transcript.ID, "decisions", len(pending))
	set, err := a.writeConsensus(ctx, sc, q.Transcript, func(set *tandem.CodingSet) error {
		for i := range pending {
			set.ApplyDecision(&pending[i], a.Now())
		}
		return nil
	})
	if err != nil {
		return err
	}
	q.Consensus = set
	return nil
}

// writeConsensus applies fn to the transcript's consensus set, marking the
// transcript as having one first.
func (a *App) writeConsensus(ctx context.Context, sc Scope, info *tandem.TranscriptInfo, fn func(*tandem.CodingSet) error) (*tandem.CodingSet, error) {
	pid := sc.Project.ID
	if !info.HasConsensus {
		if _, err := a.store.UpdateTranscriptIndex(ctx, pid, func(x *tandem.TranscriptIndex) error {
			e := x.Transcript(info.ID)
			if e == nil {
				return tandem.Errorf(tandem.CodeNotFound, "This transcript was deleted.")
			}
			if e.RedactionTo != 0 {
				return busyRedacting()
			}
			e.HasConsensus = true
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return a.store.UpdateCodingSet(ctx, pid, info.ID, tandem.ConsensusCoder, func(set *tandem.CodingSet) error {
		if set.Version == 0 {
			set.TextVersion = info.OffsetsVersion
		}
		if err := fn(set); err != nil {
			return err
		}
		set.UpdatedAt = a.Now()
		return nil
	})
}

// sides returns the coders on each side of an item for the decisions log.
func sides(it report.Item) (applied, notApplied []tandem.DecisionSide) {
	applied, notApplied = []tandem.DecisionSide{}, []tandem.DecisionSide{}
	for _, c := range it.Applied {
		applied = append(applied, tandem.DecisionSide{ID: c.ID, Name: c.Name, ResearcherType: c.Type})
	}
	for _, c := range it.NotApplied {
		notApplied = append(notApplied, tandem.DecisionSide{ID: c.ID, Name: c.Name, ResearcherType: c.Type})
	}
	return applied, notApplied
}

// newDecision is the decision of an action on an item, at its revision.
func (a *App) newDecision(sc Scope, it *QueueItem, action tandem.DecisionAction, rationale string) tandem.Decision {
	applied, notApplied := sides(it.Item)
	d := tandem.Decision{ID: tandem.DecisionID(it.TranscriptID, it.ID, it.Revision), ProjectID: sc.Project.ID, TranscriptID: it.TranscriptID,
		ItemID: it.ID, Revision: it.Revision, Fingerprint: it.Fingerprint, Rule: it.Rule, Start: it.Start, End: it.End, Text: it.Text,
		Theme: it.Theme, Action: action, Rationale: rationale, At: a.Now(), Applied: applied, NotApplied: notApplied,
		Split: tandem.IsSplit(applied, notApplied), ConsensusStart: it.Consensus.Start, ConsensusEnd: it.Consensus.End,
		LeadID: sc.User.ID, LeadName: sc.Member.DisplayName}
	return d
}

// Decided is a decision with the item as it is after it.
type Decided struct {
	Decision *tandem.Decision
	Item     *QueueItem
}

// staleItem is the answer to a decision on an item that changed.
const staleItem = "This item changed since you opened it: the coding changed or another lead decided it first. The latest is shown; your rationale is kept."

// Decide records a lead's decision on an item of a transcript being
// reconciled and puts it into the consensus. A decision taken on an older
// fingerprint or revision of the item gets the fresh item back (409).
func (a *App) Decide(ctx context.Context, sc Scope, transcriptID string, in tandem.DecisionInput) (Decided, error) {
	info, err := a.Transcript(ctx, sc, transcriptID)
	if err != nil {
		return Decided{}, err
	}
	if err := info.CheckConsensusWritable(); err != nil {
		return Decided{}, err
	}
	it, err := a.itemAt(ctx, sc, info, in.ItemID, in.Revision)
	if err != nil {
		return Decided{}, err
	}
	if it == nil {
		return Decided{}, stale[*QueueItem](nil, "This item is no longer in the queue: the coding changed since you opened it. Reload the queue.")
	}
	if it.Fingerprint != in.Fingerprint || it.Revision != in.Revision {
		return Decided{}, stale(it, staleItem)
	}
	length, err := a.textLength(ctx, info)
	if err != nil {
		return Decided{}, err
	}
	cb, err := a.store.Codebook(ctx, sc.Project.ID)
	if err != nil {
		return Decided{}, err
	}
	theme, err := in.Check(length, cb, it.Theme)
	if err != nil {
		return Decided{}, err
	}
	d := a.newDecision(sc, it, in.Action, in.Rationale)
	d.NewTheme = theme
	if in.Action == tandem.ActionAdjust {
		d.ConsensusStart, d.ConsensusEnd = *in.NewStart, *in.NewEnd
	}
	// The decision, the consensus and the audit entry are separate writes
	// made durable together: one wait for the disk, not three.
	inserted := false
	err = a.store.Batch(ctx, func(ctx context.Context) error {
		if err := a.store.InsertDecision(ctx, &d); err != nil {
			return err
		}
		inserted = true
		// A decision that leaves the consensus as it is (a reject of what
		// it does not hold, a defer) does not rewrite it.
		if _, err := a.writeConsensus(ctx, sc, info, func(set *tandem.CodingSet) error {
			if !set.ApplyDecision(&d, a.Now()) {
				return errUnchanged
			}
			return nil
		}); err != nil && !errors.Is(err, errUnchanged) {
			return err // the next queue read applies it (rollForward)
		}
		a.Audit(ctx, sc.Project.ID, sc.User, "reconcile.decided", fmt.Sprintf("%s decided %s on %q of %q.", sc.Member.DisplayName, d.Action, shorten(d.Text), info.Title),
			map[string]any{"transcriptId": info.ID, "itemId": d.ItemID, "decisionId": d.ID, "action": d.Action})
		return nil
	})
	if !inserted && errors.Is(err, tandem.ErrConflict) {
		fresh, err := a.oneItem(ctx, sc, info, in.ItemID)
		if err != nil {
			return Decided{}, err
		}
		return Decided{}, stale(fresh, staleItem)
	}
	if err != nil {
		return Decided{}, err
	}
	it.Decision, it.Revision, it.Stale, it.Resolved = &d, it.Revision+1, false, d.Action.Resolves()
	return Decided{Decision: &d, Item: it}, nil
}

// shorten cuts a text for an audit summary.
func shorten(s string) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) > 60 {
		return string(r[:57]) + "…"
	}
	return string(r)
}

// seed fills the consensus as reconciliation starts: every agreed item,
// and with the majority rule a decision on each disagreement most coders
// applied (accept) or left out (reject); a tie stays in the queue.
func (a *App) seed(ctx context.Context, sc Scope, info *tandem.TranscriptInfo) error {
	q, err := a.buildQueue(ctx, sc, info)
	if err != nil {
		return err
	}
	var decided []tandem.Decision
	majority := q.Settings.Seed == tandem.SeedMajority
	for i := range q.Items {
		it := &q.Items[i]
		yes, no := len(it.Applied), len(it.NotApplied)
		if it.Agreed || !majority || it.Revision > 0 || yes == no {
			continue
		}
		action := tandem.ActionAccept
		if yes < no {
			action = tandem.ActionReject
		}
		d := a.newDecision(sc, it, action, fmt.Sprintf("%d of %d coders applied it.", yes, yes+no))
		d.LeadID, d.LeadName = "", tandem.MajorityRule
		if err := a.store.InsertDecision(ctx, &d); err != nil && !errors.Is(err, tandem.ErrConflict) {
			return err
		}
		decided = append(decided, d)
	}
	_, err = a.writeConsensus(ctx, sc, info, func(set *tandem.CodingSet) error {
		for _, it := range q.Items {
			if it.Agreed && it.Decision == nil {
				id := tandem.SeedExcerptID(info.ID, it.ID)
				set.Excerpts = slices.DeleteFunc(set.Excerpts, func(e tandem.Excerpt) bool { return e.ID == id })
				now := a.Now()
				set.Excerpts = append(set.Excerpts, tandem.Excerpt{ID: id, Start: it.Consensus.Start, End: it.Consensus.End, Themes: []string{it.Theme}, CreatedAt: now, UpdatedAt: now})
			}
		}
		for i := range decided {
			set.ApplyDecision(&decided[i], a.Now())
		}
		return nil
	})
	return err
}
