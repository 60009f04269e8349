package tandem

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// MaxImportCodes bounds the codes (or spreadsheet rows) of one import.
const MaxImportCodes = 10000

// CodebookImport is a codebook read from a file (a REFI-QDA .qdc or an Excel
// sheet), ready to preview against a project's codebook.
type CodebookImport struct {
	// Nodes come parents first: a parent before its children.
	Nodes []Node
	// Fields are the NodeText fields the file gives (JSON names); the
	// others are left as they are when an existing entry is matched.
	Fields []string
	// Given, when it has an entry for a node id, narrows Fields for that
	// node to the fields its entry in the file gives: a colour or a
	// description missing from one code means "no change", never "empty".
	Given map[string][]string
	// Notes say what was changed to fit Tandem's codebook.
	Notes []string
	// Skipped says what in the file was left out, and why.
	Skipped []string
	// Refused lists the rows or elements that cannot be imported.
	Refused []ImportRefusal
}

// ImportRefusal is a part of an import file that cannot be imported, and why.
type ImportRefusal struct {
	Row    int    `json:"row"` // spreadsheet row, from 1; 0 when not a row
	Where  string `json:"where"`
	Reason string `json:"reason"`
}

// Import actions of an ImportItem.
const (
	ImportAdd    = "add"
	ImportChange = "change"
	ImportSame   = "same"
)

// ImportItem is what an imported node does to the codebook.
type ImportItem struct {
	Action string `json:"action"`
	Node   Node   `json:"node"`
	// TargetID is the codebook node it matches (change and same).
	TargetID string `json:"targetId,omitempty"`
	// Changed lists the fields whose wording differs (change).
	Changed []string `json:"changed"`
}

// textFields names the fields of NodeText as in JSON, with their values.
func textFields(t *NodeText) []struct {
	Name string
	V    *string
} {
	return []struct {
		Name string
		V    *string
	}{
		{"name", &t.Name}, {"colour", &t.Colour}, {"brief", &t.Brief}, {"full", &t.Full}, {"whenToUse", &t.WhenToUse},
		{"whenNotToUse", &t.WhenNotToUse}, {"example", &t.Example}, {"plainLanguage", &t.PlainLanguage},
	}
}

// Field returns the field of the JSON name (as in AllTextFields), or nil.
func (t *NodeText) Field(name string) *string {
	for _, f := range textFields(t) {
		if f.Name == name {
			return f.V
		}
	}
	return nil
}

// PlanImport matches each imported node with the codebook: by id when the
// node sits under the matched parent, otherwise by level and name (ignoring
// case) under that parent. Matched nodes whose given fields differ are
// changes; the rest are additions.
func (cb *Codebook) PlanImport(im *CodebookImport) []ImportItem {
	target := map[string]string{} // imported id -> codebook id
	items := make([]ImportItem, 0, len(im.Nodes))
	for _, n := range im.Nodes {
		parent, parentMatched := "", true
		if n.ParentID != "" {
			parent, parentMatched = target[n.ParentID]
		}
		var match *Node
		if parentMatched {
			if old := cb.Node(n.ID); old != nil && old.MergedInto == "" && old.Level == n.Level && old.ParentID == parent {
				match = old
			} else {
				for _, sib := range cb.Children(parent) {
					if sib.MergedInto == "" && sib.Level == n.Level && strings.EqualFold(sib.Name, n.Name) {
						match = sib
						break
					}
				}
			}
		}
		if match == nil {
			items = append(items, ImportItem{Action: ImportAdd, Node: n, Changed: []string{}})
			continue
		}
		target[n.ID] = match.ID
		item := ImportItem{Action: ImportSame, Node: n, TargetID: match.ID, Changed: []string{}}
		merged := match.NodeText
		im.Overlay(&merged, n)
		if merged != match.NodeText {
			item.Action = ImportChange
			old, now := textFields(&match.NodeText), textFields(&merged)
			for i := range old {
				if *old[i].V != *now[i].V {
					item.Changed = append(item.Changed, old[i].Name)
				}
			}
		}
		items = append(items, item)
	}
	return items
}

// Overlay copies into t the fields of the imported node that the import
// gives for it.
func (im *CodebookImport) Overlay(t *NodeText, from Node) {
	fields := im.Fields
	if given, ok := im.Given[from.ID]; ok {
		fields = given
	}
	to, src := textFields(t), textFields(&from.NodeText)
	for i := range to {
		if slices.Contains(fields, to[i].Name) && slices.Contains(im.Fields, to[i].Name) {
			*to[i].V = *src[i].V
		}
	}
}

// AllTextFields are the JSON names of every NodeText field.
var AllTextFields = []string{"name", "colour", "brief", "full", "whenToUse", "whenNotToUse", "example", "plainLanguage"}

// AllNew plans the import into an empty codebook: everything is added.
func (im *CodebookImport) AllNew() []ImportItem {
	items := make([]ImportItem, len(im.Nodes))
	for i, n := range im.Nodes {
		items[i] = ImportItem{Action: ImportAdd, Node: n, Changed: []string{}}
	}
	return items
}

// ProposeImport merges an import into a codebook that has entries, as
// proposals for the lead to accept or decline: a new entry goes into the
// tree as proposed (with a new id when its id is taken), a new wording of
// an entry becomes an edit proposal, and what is already there is left
// alone. source names the file in each proposal's reason; newID makes ids.
// It returns how many entries were added and changed; nothing at all to
// import is an error.
func (cb *Codebook) ProposeImport(im *CodebookImport, source string, by *Member, now time.Time, newID func() string) (added, changed int, err error) {
	ids := map[string]string{} // id in the file -> id in this codebook
	proposal := func(kind, nodeID string, text NodeText) {
		cb.Proposals = append(cb.Proposals, Proposal{ID: newID(), Kind: kind, NodeID: nodeID, Text: text,
			Reason: "Imported from " + source, ProposedBy: by.UserID, ProposedByName: by.DisplayName, ProposedByType: by.ResearcherType,
			At: now, State: "open"})
	}
	for _, it := range cb.PlanImport(im) {
		n := it.Node
		switch it.Action {
		case ImportSame:
			ids[n.ID] = it.TargetID
		case ImportChange:
			ids[n.ID] = it.TargetID
			text := cb.Node(it.TargetID).NodeText
			im.Overlay(&text, n)
			proposal("edit", it.TargetID, text)
			changed++
		case ImportAdd:
			id := n.ID
			if cb.Node(id) != nil {
				id = newID()
			}
			ids[n.ID] = id
			parent := n.ParentID
			if mapped, ok := ids[parent]; ok {
				parent = mapped
			}
			if _, err := cb.Add(id, n.Level, parent, n.NodeText, StatusProposed, by); err != nil {
				return 0, 0, fmt.Errorf("%s %q: %w", n.Level, n.Name, err)
			}
			proposal("add", id, n.NodeText)
			added++
		}
	}
	if added+changed == 0 {
		return 0, 0, Invalid("file", "Everything in this file is already in the codebook: there is nothing to import.")
	}
	return added, changed, nil
}

// PathSeparator joins the names of a chain of codes into one theme name.
const PathSeparator = " / "

// PathName joins the names of a chain of codes into one theme name. When
// that is longer than a name may be, middle levels are dropped ("A / … / Y /
// Z"), never letters from a name: the first level says where the chain
// starts, the last says what the code is, and every name kept stays whole
// and can be searched for. It reports whether it shortened the path.
func PathName(path []string) (string, bool) {
	full := strings.Join(path, PathSeparator)
	if len([]rune(full)) <= MaxNodeName {
		return full, false
	}
	for keep := len(path) - 2; keep >= 1; keep-- {
		name := path[0] + PathSeparator + "…" + PathSeparator + strings.Join(path[len(path)-keep:], PathSeparator)
		if len([]rune(name)) <= MaxNodeName {
			return name, true
		}
	}
	last := path[len(path)-1]
	if name := "…" + PathSeparator + last; len([]rune(name)) <= MaxNodeName {
		return name, true
	}
	return last, true // too long on its own: refused with the file's name
}
