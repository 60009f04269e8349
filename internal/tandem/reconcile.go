package tandem

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Reconciliation rules: what a disagreement item is (the unit rule), and
// what entering reconciliation seeds into the consensus (the seed rule).
const (
	// RuleTurn, RuleParagraph and RuleSentence compare coders unit by unit;
	// RuleSpan compares clusters of overlapping excerpts.
	RuleTurn      = "turn"
	RuleParagraph = "paragraph"
	RuleSentence  = "sentence"
	RuleSpan      = "span"
	// SeedNone seeds only what every coder agrees on; SeedMajority also
	// decides what more than half of the coders applied (accept) or left
	// out (reject), as "majority rule".
	SeedNone     = "none"
	SeedMajority = "majority"
	// MaxReconcileOverlap bounds the minimum overlap.
	MaxReconcileOverlap = 10000
)

// ReconcileSettings are a project's reconciliation settings, chosen by a
// lead.
type ReconcileSettings struct {
	Unit       string `bson:"unit,omitempty" json:"unit"`
	MinOverlap int    `bson:"minOverlap,omitempty" json:"minOverlap"`
	Seed       string `bson:"seed,omitempty" json:"seed"`
}

// ParseMinOverlap reads the minimum overlap of a request's query: empty is
// 1 character; otherwise a whole number from 1 to MaxReconcileOverlap, or
// an error that says so (never a silent default for a bad value).
func ParseMinOverlap(q string) (int, error) {
	if q == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(q)
	if err != nil || n < 1 || n > MaxReconcileOverlap {
		return 0, Invalid("overlap", "The minimum overlap is a whole number of characters, from 1 to 10,000.")
	}
	return n, nil
}

// OrDefault fills what was never chosen: turns, 1 character, no seed rule.
func (s ReconcileSettings) OrDefault() ReconcileSettings {
	if s.Unit == "" {
		s.Unit = RuleTurn
	}
	if s.MinOverlap == 0 {
		s.MinOverlap = 1
	}
	if s.Seed == "" {
		s.Seed = SeedNone
	}
	return s
}

// Validate checks settings a lead sent.
func (s ReconcileSettings) Validate() error {
	switch {
	case s.Unit != RuleTurn && s.Unit != RuleParagraph && s.Unit != RuleSentence && s.Unit != RuleSpan:
		return Invalid("unit", "Compare by turn, paragraph, sentence or span (overlapping excerpts).")
	case s.MinOverlap < 1 || s.MinOverlap > MaxReconcileOverlap:
		return Invalid("minOverlap", "The minimum overlap is from 1 to 10,000 characters.")
	case s.Seed != SeedNone && s.Seed != SeedMajority:
		return Invalid("seed", "The seed rule is none (only what every coder agrees on) or majority.")
	}
	return nil
}

// CheckSettingsChange refuses a change of what an item is (the unit rule or
// the minimum overlap) while transcripts are being reconciled or locked
// (reconciling of them): their items, decisions and consensus were made
// under the old rule. The seed rule may change any time (it acts when
// reconciliation starts).
func CheckSettingsChange(old, next ReconcileSettings, reconciling int) error {
	old, next = old.OrDefault(), next.OrDefault()
	if reconciling > 0 && (old.Unit != next.Unit || old.MinOverlap != next.MinOverlap) {
		what, them := fmt.Sprintf("%d transcripts are", reconciling), "them"
		if reconciling == 1 {
			what, them = "1 transcript is", "it"
		}
		return Errorf(CodePhaseNotAllowed, "%s being reconciled or locked under the current rule. Move %s back to revealed before you change what counts as an item.", what, them)
	}
	return nil
}

// DecisionAction is what a lead decided about a disagreement item.
type DecisionAction string

// Decision actions.
const (
	ActionAccept DecisionAction = "accept" // into the consensus as the item is
	ActionReject DecisionAction = "reject" // out of the consensus
	ActionAdjust DecisionAction = "adjust" // into the consensus with other bounds
	ActionTheme  DecisionAction = "theme"  // into the consensus with a different theme
	ActionDefer  DecisionAction = "defer"  // later
)

// Resolves reports whether the action settles the item (all but defer).
func (a DecisionAction) Resolves() bool { return a != ActionDefer }

// Words is the action as the exports say it: "Accepted", "Given another
// theme"...
func (a DecisionAction) Words() string {
	switch a {
	case ActionAccept:
		return "Accepted"
	case ActionReject:
		return "Rejected"
	case ActionAdjust:
		return "Accepted with other bounds"
	case ActionTheme:
		return "Given another theme"
	case ActionDefer:
		return "Deferred"
	}
	return string(a)
}

// Rationale is a lead's reason for a decision.
var Rationale = TextField{Field: "rationale", Label: "The rationale", Max: 5000, Multiline: true}

// MajorityRule is the name decisions of the seed rule carry as their lead.
const MajorityRule = "majority rule"

// DecisionSide is a coder on one side of a decided item.
type DecisionSide struct {
	ID             string         `bson:"id" json:"id"`
	Name           string         `bson:"name" json:"name"`
	ResearcherType ResearcherType `bson:"researcherType" json:"researcherType"`
}

// Decision is a lead's decision on a disagreement item, kept in the
// decisions log. A later decision on the same item supersedes it; both
// stay. Revision counts the decisions on the item before it.
type Decision struct {
	ID           string         `bson:"_id" json:"id"`
	ProjectID    string         `bson:"projectId" json:"-"`
	TranscriptID string         `bson:"transcriptId" json:"transcriptId"`
	ItemID       string         `bson:"itemId" json:"itemId"`
	Revision     int            `bson:"revision" json:"revision"`
	Fingerprint  string         `bson:"fingerprint" json:"fingerprint"`
	Rule         string         `bson:"rule" json:"rule"`
	Start        int            `bson:"start" json:"start"`
	End          int            `bson:"end" json:"end"`
	Text         string         `bson:"text" json:"text"`
	Theme        string         `bson:"theme" json:"theme"`
	Action       DecisionAction `bson:"action" json:"action"`
	// NewTheme is the theme the consensus got instead (action theme).
	NewTheme string `bson:"newTheme,omitempty" json:"newTheme,omitempty"`
	// ConsensusStart and ConsensusEnd are the excerpt the decision put in
	// the consensus (accept, adjust, theme; the adjusted bounds for adjust).
	ConsensusStart int            `bson:"consensusStart" json:"consensusStart"`
	ConsensusEnd   int            `bson:"consensusEnd" json:"consensusEnd"`
	Rationale      string         `bson:"rationale" json:"rationale"`
	LeadID         string         `bson:"leadId" json:"leadId"`
	LeadName       string         `bson:"leadName" json:"leadName"`
	At             time.Time      `bson:"at" json:"at"`
	Applied        []DecisionSide `bson:"applied" json:"applied"`
	NotApplied     []DecisionSide `bson:"notApplied" json:"notApplied"`
	// Split: one side only peer researchers, the other only academics.
	Split bool `bson:"split" json:"split"`
	// Superseded: a later decision on the same item replaced it (not
	// stored; the log sets it).
	Superseded bool `bson:"-" json:"superseded"`
}

// ItemExcerptPrefix starts the id of every consensus excerpt that an item
// put there: its seed (agreed) and its decisions.
func ItemExcerptPrefix(transcriptID, itemID string) string {
	return transcriptID + ":" + itemID + ":"
}

// SeedExcerptID is the id of the consensus excerpt of an agreed item.
func SeedExcerptID(transcriptID, itemID string) string {
	return ItemExcerptPrefix(transcriptID, itemID) + "seed"
}

// ApplyDecision puts the decision into the consensus set: the excerpt the
// item had there before (its seed or an earlier decision's) goes, and an
// accept, adjust or theme adds the decision's excerpt, whose id is the
// decision's. A defer leaves the set as it is. It reports whether the set
// changed: applying a decision again changes nothing.
func (s *CodingSet) ApplyDecision(d *Decision, now time.Time) bool {
	if d.Action == ActionDefer {
		return false
	}
	prefix := ItemExcerptPrefix(d.TranscriptID, d.ItemID)
	keep := d.Action != ActionReject
	if keep && s.Excerpt(d.ID) != nil {
		others := 0
		for _, e := range s.Excerpts {
			if strings.HasPrefix(e.ID, prefix) && e.ID != d.ID {
				others++
			}
		}
		if others == 0 {
			return false
		}
	}
	n := len(s.Excerpts)
	s.Excerpts = slices.DeleteFunc(s.Excerpts, func(e Excerpt) bool { return strings.HasPrefix(e.ID, prefix) && (e.ID != d.ID || !keep) })
	changed := len(s.Excerpts) != n
	if keep && s.Excerpt(d.ID) == nil {
		theme := d.Theme
		if d.NewTheme != "" {
			theme = d.NewTheme
		}
		s.Excerpts = append(s.Excerpts, Excerpt{ID: d.ID, Start: d.ConsensusStart, End: d.ConsensusEnd, Themes: []string{theme}, CreatedAt: now, UpdatedAt: now})
		changed = true
	}
	return changed
}

// DecisionID is the id of the decision of revision rev on an item: a
// second decision on the same revision has the same id, and the store
// refuses it.
func DecisionID(transcriptID, itemID string, rev int) string {
	return fmt.Sprintf("%s:%s:%d", transcriptID, itemID, rev)
}

// IsSplit reports whether the sides split along the peer/academic line.
func IsSplit(applied, notApplied []DecisionSide) bool {
	only := func(sides []DecisionSide, t ResearcherType) bool {
		for _, s := range sides {
			if s.ResearcherType != t {
				return false
			}
		}
		return len(sides) > 0
	}
	return only(applied, ResearcherPeer) && only(notApplied, ResearcherAcademic) ||
		only(applied, ResearcherAcademic) && only(notApplied, ResearcherPeer)
}

// DecisionInput is what a lead sends to decide an item. Rationale is
// already clean; NewStart/NewEnd are for adjust, NewTheme for theme.
type DecisionInput struct {
	ItemID      string
	Fingerprint string
	Revision    int
	Action      DecisionAction
	Rationale   string
	NewStart    *int
	NewEnd      *int
	NewTheme    string
}

// Check checks a decision against the text's length and the codebook:
// rationale required for reject, adjust and theme; adjusted bounds within
// the text; a different theme usable and different. It returns the theme
// the consensus gets (resolved) for action theme.
func (in DecisionInput) Check(textLen int, cb *Codebook, itemTheme string) (string, error) {
	switch in.Action {
	case ActionAccept, ActionReject, ActionAdjust, ActionTheme, ActionDefer:
	default:
		return "", Invalid("action", "The action is accept, reject, adjust, theme or defer.")
	}
	if in.ItemID == "" {
		return "", Invalid("itemId", "Say which item you decide (itemId).")
	}
	if in.Rationale == "" && (in.Action == ActionReject || in.Action == ActionAdjust || in.Action == ActionTheme) {
		return "", Invalid("rationale", fmt.Sprintf("Write a short rationale: why you %s. It goes into the decisions log.", map[DecisionAction]string{
			ActionReject: "reject this", ActionAdjust: "change the bounds", ActionTheme: "apply a different theme"}[in.Action]))
	}
	if in.Action == ActionAdjust {
		if in.NewStart == nil || in.NewEnd == nil {
			return "", Invalid("start", "Send where the adjusted excerpt starts and ends.")
		}
		if err := CheckSpan(*in.NewStart, *in.NewEnd, textLen); err != nil {
			return "", err
		}
	}
	if in.Action != ActionTheme {
		return "", nil
	}
	if in.NewTheme == "" {
		return "", Invalid("theme", "Choose the theme to apply instead.")
	}
	themes, err := ResolveThemes(cb, []string{in.NewTheme})
	if err != nil {
		return "", err
	}
	if themes[0] == itemTheme {
		return "", Invalid("theme", "Choose a different theme from the one the coders applied, or accept the item.")
	}
	return themes[0], nil
}
