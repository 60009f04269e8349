package tandem

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Level is the place of a codebook node in the three-level tree.
type Level string

// Levels, from the top.
const (
	LevelDomain   Level = "domain"
	LevelCategory Level = "category"
	LevelTheme    Level = "theme"
)

// parentLevel is the level a node of each level sits under ("" for the top).
var parentLevel = map[Level]Level{LevelDomain: "", LevelCategory: LevelDomain, LevelTheme: LevelCategory}

// NodeStatus says whether a node is in use.
type NodeStatus string

// Node statuses.
const (
	StatusProposed NodeStatus = "proposed"
	StatusActive   NodeStatus = "active"
	StatusArchived NodeStatus = "archived"
)

// NodeText is the wording of a codebook node: everything a person writes.
type NodeText struct {
	Name          string `bson:"name" json:"name"`
	Colour        string `bson:"colour" json:"colour"`
	Brief         string `bson:"brief" json:"brief"`
	Full          string `bson:"full" json:"full"`
	WhenToUse     string `bson:"whenToUse" json:"whenToUse"`
	WhenNotToUse  string `bson:"whenNotToUse" json:"whenNotToUse"`
	Example       string `bson:"example" json:"example"`
	PlainLanguage string `bson:"plainLanguage" json:"plainLanguage"`
}

// Node is a domain, category or theme. Only themes are applied to text.
type Node struct {
	ID       string `bson:"id" json:"id"`
	Level    Level  `bson:"level" json:"level"`
	ParentID string `bson:"parentId" json:"parentId"`
	NodeText `bson:",inline"`
	Status   NodeStatus `bson:"status" json:"status"`
	// Order is the node's place among its siblings, from 0.
	Order int `bson:"order" json:"order"`
	// MergedInto is the theme this one was merged into; its uses point there.
	MergedInto     string         `bson:"mergedInto,omitempty" json:"mergedInto,omitempty"`
	ProposedBy     string         `bson:"proposedBy" json:"proposedBy"`
	ProposedByName string         `bson:"proposedByName" json:"proposedByName"`
	ProposedByType ResearcherType `bson:"proposedByType" json:"proposedByType"`
}

// Codebook is a project's tree of domains, categories and themes. Version
// counts accepted changes.
type Codebook struct {
	ProjectID string     `bson:"_id" json:"-"`
	Version   int64      `bson:"version" json:"version"`
	Nodes     []Node     `bson:"nodes" json:"nodes"`
	Proposals []Proposal `bson:"proposals" json:"proposals"`
	// Rev changes with every write, proposals included; the store uses it.
	Rev int64 `bson:"rev" json:"-"`
}

// Node returns the node with the id, or nil.
func (cb *Codebook) Node(id string) *Node {
	for i := range cb.Nodes {
		if cb.Nodes[i].ID == id {
			return &cb.Nodes[i]
		}
	}
	return nil
}

// Children returns the nodes under parentID ("" for domains) in order.
func (cb *Codebook) Children(parentID string) []*Node {
	var out []*Node
	for i := range cb.Nodes {
		if cb.Nodes[i].ParentID == parentID {
			out = append(out, &cb.Nodes[i])
		}
	}
	slices.SortStableFunc(out, func(a, b *Node) int { return a.Order - b.Order })
	return out
}

// Resolve follows merges from a theme to the theme its uses now point to.
func (cb *Codebook) Resolve(id string) *Node {
	n := cb.Node(id)
	for hops := 0; n != nil && n.MergedInto != "" && hops < len(cb.Nodes); hops++ {
		n = cb.Node(n.MergedInto)
	}
	return n
}

// renumber gives the children of parentID orders 0, 1, 2...
func (cb *Codebook) renumber(parentID string) {
	for i, n := range cb.Children(parentID) {
		n.Order = i
	}
}

var colourRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// luminance is the relative luminance of a #RRGGBB colour (WCAG 2.1).
func luminance(hex string) float64 {
	ch := func(s string) float64 {
		v, _ := strconv.ParseUint(s, 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(hex[1:3]) + 0.7152*ch(hex[3:5]) + 0.0722*ch(hex[5:7])
}

// ContrastWithBlack is the WCAG contrast ratio of black text on a colour.
func ContrastWithBlack(hex string) float64 { return (luminance(hex) + 0.05) / 0.05 }

// MaxNodeName is the longest name of a node, in characters: names written
// by other tools (NVivo allows 256) fit.
const MaxNodeName = 255

// field limits of node text, in characters.
const (
	maxNodeBrief = 300
	maxNodeLong  = 5000
)

// NodeTextFields are the fields of node text people write, with their
// limits: the name is one line, the rest may hold several.
// The labels are the words of the codebook's forms.
var NodeTextFields = []TextField{
	{Field: "name", Label: "The name", Max: MaxNodeName},
	{Field: "brief", Label: "The short definition", Max: maxNodeBrief, Multiline: true},
	{Field: "full", Label: "The full definition", Max: maxNodeLong, Multiline: true},
	{Field: "whenToUse", Label: "“When to use it”", Max: maxNodeLong, Multiline: true},
	{Field: "whenNotToUse", Label: "“When not to use it”", Max: maxNodeLong, Multiline: true},
	{Field: "example", Label: "The example", Max: maxNodeLong, Multiline: true},
	{Field: "plainLanguage", Label: "“In plain words”", Max: maxNodeLong, Multiline: true},
}

// ReasonField is the reason given with a proposal or for declining one.
var ReasonField = TextField{Field: "reason", Label: "The reason", Max: 2000, Multiline: true}

// Validate checks and cleans a node's wording for a node of the level. Runs
// of spaces in the name become one space.
func (t *NodeText) Validate(level Level) error {
	for _, f := range NodeTextFields {
		v := t.Field(f.Field)
		clean, err := f.Clean(*v)
		if err != nil {
			return err
		}
		*v = clean
		if f.Field == "name" {
			if t.Name = strings.Join(strings.Fields(t.Name), " "); t.Name == "" {
				return Invalid("name", "Give it a name.")
			}
		}
	}
	t.Colour = strings.TrimSpace(t.Colour)
	if t.Colour != "" {
		if !colourRE.MatchString(t.Colour) {
			return Invalid("colour", "Give the colour as #RRGGBB, like #F4C542.")
		}
		t.Colour = strings.ToUpper(t.Colour)
		if level == LevelTheme && ContrastWithBlack(t.Colour) < 4.5 {
			return Invalid("colour", "This colour is too dark: text on it would be hard to read. Choose a lighter one.")
		}
	}
	return nil
}

// checkName refuses a name already used by another sibling (ignoring case
// and merged nodes).
func (cb *Codebook) checkName(parentID, name, except string) error {
	for _, n := range cb.Children(parentID) {
		if n.ID != except && n.MergedInto == "" && strings.EqualFold(n.Name, name) {
			return &Error{Code: CodeDuplicateName, Message: fmt.Sprintf("There is already a %s called %q here. Choose another name.", n.Level, n.Name),
				Details: map[string]string{"field": "name", "nodeId": n.ID}}
		}
	}
	return nil
}

// checkParent checks that a node of the level can sit under parentID.
func (cb *Codebook) checkParent(level Level, parentID string) error {
	want, ok := parentLevel[level]
	if !ok {
		return Invalid("level", "The level is domain, category or theme.")
	}
	if want == "" {
		if parentID != "" {
			return Errorf(CodeWrongLevel, "A domain is the top level: it cannot go under anything.")
		}
		return nil
	}
	p := cb.Node(parentID)
	if p == nil {
		return Errorf(CodeWrongLevel, "A %s goes under a %s; choose one.", level, want)
	}
	if p.Level != want {
		return Errorf(CodeWrongLevel, "A %s goes under a %s, not under a %s.", level, want, p.Level)
	}
	return nil
}

// checkProposedParent refuses to put a node that is not itself a proposal
// under a proposed parent: declining the parent would leave it without one.
func (cb *Codebook) checkProposedParent(parentID string, status NodeStatus) error {
	if p := cb.Node(parentID); p != nil && p.Status == StatusProposed && status != StatusProposed {
		return &Error{Code: CodeProposedParent, Message: fmt.Sprintf("The %s %q is still a proposal. Accept it first.", p.Level, p.Name),
			Details: map[string]string{"nodeId": p.ID}}
	}
	return nil
}

// NextThemeColour is the colour a new theme gets: the least used among the
// themes of the codebook (merged themes left out: their colour is gone).
func (cb *Codebook) NextThemeColour() string {
	var used []string
	for i := range cb.Nodes {
		if n := &cb.Nodes[i]; n.Level == LevelTheme && n.MergedInto == "" && n.Colour != "" {
			used = append(used, n.Colour)
		}
	}
	return LeastUsedColour(used)
}

// Add adds a node at the end of its siblings and returns it. A theme
// without a colour gets one of the light theme colours.
func (cb *Codebook) Add(id string, level Level, parentID string, text NodeText, status NodeStatus, by *Member) (*Node, error) {
	if err := text.Validate(level); err != nil {
		return nil, err
	}
	if err := cb.checkParent(level, parentID); err != nil {
		return nil, err
	}
	if err := cb.checkProposedParent(parentID, status); err != nil {
		return nil, err
	}
	if err := cb.checkName(parentID, text.Name, ""); err != nil {
		return nil, err
	}
	if level == LevelTheme && text.Colour == "" {
		text.Colour = cb.NextThemeColour()
	}
	n := Node{ID: id, Level: level, ParentID: parentID, NodeText: text, Status: status, Order: len(cb.Children(parentID))}
	if by != nil {
		n.ProposedBy, n.ProposedByName, n.ProposedByType = by.UserID, by.DisplayName, by.ResearcherType
	}
	cb.Nodes = append(cb.Nodes, n)
	return cb.Node(id), nil
}

// Edit replaces a node's wording.
func (cb *Codebook) Edit(id string, text NodeText) error {
	n := cb.Node(id)
	if n == nil {
		return Errorf(CodeNotFound, "There is no such node in the codebook.")
	}
	if err := text.Validate(n.Level); err != nil {
		return err
	}
	if err := cb.checkName(n.ParentID, text.Name, id); err != nil {
		return err
	}
	n.NodeText = text
	return nil
}

// SetStatus archives, restores or activates a node.
func (cb *Codebook) SetStatus(id string, status NodeStatus) error {
	n := cb.Node(id)
	switch {
	case n == nil:
		return Errorf(CodeNotFound, "There is no such node in the codebook.")
	case status != StatusActive && status != StatusArchived:
		return Invalid("status", "The status can be set to active or archived.")
	case n.MergedInto != "" && status == StatusActive:
		return Errorf(CodeConflict, "This theme was merged into another; it cannot be restored.")
	}
	if err := cb.checkProposedParent(n.ParentID, status); err != nil {
		return err
	}
	n.Status = status
	return nil
}

// Move puts a node under another parent (or keeps its parent) at index among
// the new siblings (-1: at the end).
func (cb *Codebook) Move(id, parentID string, index int) error {
	n := cb.Node(id)
	if n == nil {
		return Errorf(CodeNotFound, "There is no such node in the codebook.")
	}
	if parentID == id {
		return Errorf(CodeCycle, "A node cannot go under itself.")
	}
	for p := cb.Node(parentID); p != nil; p = cb.Node(p.ParentID) {
		if p.ID == id {
			return Errorf(CodeCycle, "A node cannot go under one of its own children.")
		}
	}
	if err := cb.checkParent(n.Level, parentID); err != nil {
		return err
	}
	if err := cb.checkProposedParent(parentID, n.Status); err != nil {
		return err
	}
	if err := cb.checkName(parentID, n.Name, id); err != nil {
		return err
	}
	old := n.ParentID
	siblings := cb.Children(parentID)
	siblings = slices.DeleteFunc(siblings, func(s *Node) bool { return s.ID == id })
	if index < 0 || index > len(siblings) {
		index = len(siblings)
	}
	siblings = slices.Insert(siblings, index, n)
	n.ParentID = parentID
	for i, s := range siblings {
		s.Order = i
	}
	if old != parentID {
		cb.renumber(old)
	}
	return nil
}

// Merge merges theme from into theme into: from is archived and its uses
// point to into; from stays in the codebook's history.
func (cb *Codebook) Merge(from, into string) error {
	a, b := cb.Node(into), cb.Node(from)
	switch {
	case a == nil || b == nil:
		return Errorf(CodeNotFound, "There is no such theme in the codebook.")
	case a.ID == b.ID:
		return Invalid("into", "A theme cannot be merged into itself.")
	case a.Level != LevelTheme || b.Level != LevelTheme:
		return Errorf(CodeWrongLevel, "Only themes can be merged.")
	case a.MergedInto != "":
		return Errorf(CodeConflict, "%q was itself merged into another theme; merge into that one.", a.Name)
	}
	b.MergedInto, b.Status = a.ID, StatusArchived
	for i := range cb.Nodes {
		if cb.Nodes[i].MergedInto == b.ID {
			cb.Nodes[i].MergedInto = a.ID
		}
	}
	return nil
}

// Proposal is a coder's suggestion: a new theme (or category), or new
// wording for a node. Leads accept or decline it.
type Proposal struct {
	ID   string `bson:"id" json:"id"`
	Kind string `bson:"kind" json:"kind"` // "add" or "edit"
	// NodeID is the proposed node (add: it is in the tree as proposed) or the
	// node whose wording would change (edit).
	NodeID         string         `bson:"nodeId" json:"nodeId"`
	Text           NodeText       `bson:"text" json:"text"`
	Reason         string         `bson:"reason" json:"reason"`
	ProposedBy     string         `bson:"proposedBy" json:"proposedBy"`
	ProposedByName string         `bson:"proposedByName" json:"proposedByName"`
	ProposedByType ResearcherType `bson:"proposedByType" json:"proposedByType"`
	At             time.Time      `bson:"at" json:"at"`
	State          string         `bson:"state" json:"state"` // open, accepted, declined
	DecidedBy      string         `bson:"decidedBy,omitempty" json:"decidedBy,omitempty"`
	DecidedAt      *time.Time     `bson:"decidedAt,omitempty" json:"decidedAt,omitempty"`
	Decision       string         `bson:"decision,omitempty" json:"decision,omitempty"`
}

// Proposal returns the proposal with the id, or nil.
func (cb *Codebook) Proposal(id string) *Proposal {
	for i := range cb.Proposals {
		if cb.Proposals[i].ID == id {
			return &cb.Proposals[i]
		}
	}
	return nil
}

// CodebookVersion is one accepted change: who made it, when, what changed,
// and the whole tree after it, so any past version can be read.
type CodebookVersion struct {
	ID        string    `bson:"_id" json:"-"`
	ProjectID string    `bson:"projectId" json:"-"`
	Version   int64     `bson:"version" json:"version"`
	At        time.Time `bson:"at" json:"at"`
	ActorID   string    `bson:"actorId" json:"actorId"`
	ActorName string    `bson:"actorName" json:"actorName"`
	Summary   string    `bson:"summary" json:"summary"`
	// Before and After are the changed nodes (nil when added or removed).
	Before []Node `bson:"before" json:"before"`
	After  []Node `bson:"after" json:"after"`
	Nodes  []Node `bson:"nodes" json:"nodes,omitempty"`
}
