package refiqda

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/tandemqda/tandem/internal/tandem"
)

// ProjectExport is what a Tandem project export is made from.
type ProjectExport struct {
	Project  *tandem.Project
	Codebook *tandem.Codebook
	Index    *tandem.TranscriptIndex
	Origin   string
	// Sources yields each transcript of the index, in its order, with its
	// text and the coding sets to export (the consensus, then the coders);
	// it stops at the first error.
	Sources iter.Seq2[tandem.ExcerptSource, error]
}

// NewProject maps a Tandem project onto a REFI-QDA project: every member
// who codes (and every former member who coded) is a user, and so is the
// consensus (named "Consensus", with the id ConsensusUserID); domains and categories are codes that are not codable, themes
// codable ones (merged themes are left out: their excerpts carry the theme
// they were merged into; archived and proposed themes stay, as excerpts may
// carry them); each transcript is a text source whose metadata are variable
// values; each excerpt is a selection with a coding per theme, and its memo
// a note; each participant is a case. GUIDs are the codebook's ids for
// codes, and derived from Tandem's ids (see GUID) for everything else.
func NewProject(x ProjectExport) *Project {
	p := &Project{Name: tandem.ExportText(x.Project.Name), Origin: x.Origin, Description: tandem.ExportText(x.Project.Description),
		CreatedAt: x.Project.CreatedAt}
	users := projectUsers(x.Project, x.Index)
	for _, id := range users.order {
		u := User{GUID: users.guid[id], Name: users.name[id]}
		if id == tandem.ConsensusCoder {
			u.ID = ConsensusUserID
		}
		p.Users = append(p.Users, u)
	}
	p.Codes = codeTree(x.Codebook, "")
	vars := projectVariables(x.Project.ID, x.Index)
	for _, v := range vars {
		p.Variables = append(p.Variables, Variable{GUID: v.guid, Name: v.name, Type: VariableText})
	}
	p.Cases = projectCases(x.Project.ID, x.Index)
	themes := map[string]string{} // theme id -> the theme its uses point to now
	for _, n := range x.Codebook.Nodes {
		if r := x.Codebook.Resolve(n.ID); r != nil && r.Level == tandem.LevelTheme {
			themes[n.ID] = r.ID
		}
	}
	p.Sources = func(yield func(*Source, error) bool) {
		for src, err := range x.Sources {
			if err != nil {
				yield(nil, err)
				return
			}
			s := &Source{GUID: GUID("source", src.Info.ID), Name: tandem.ExportText(src.Info.Title), Text: string(src.Text)}
			for _, v := range vars {
				if t := v.get(src.Info); t != "" {
					s.Values = append(s.Values, VariableValue{VariableGUID: v.guid, Text: tandem.ExportText(t)})
				}
			}
			for _, set := range src.Sets {
				s.Selections = append(s.Selections, selections(src.Info, set, themes, users)...)
			}
			if !yield(s, nil) {
				return
			}
		}
	}
	return p
}

// codeTree is the codebook below parent as codes, in the codebook's order,
// without merged themes.
func codeTree(cb *tandem.Codebook, parent string) []Code {
	var out []Code
	for _, n := range cb.Children(parent) {
		if n.MergedInto != "" {
			continue
		}
		c := codeOf(n)
		c.Codes = codeTree(cb, n.ID)
		out = append(out, c)
	}
	return out
}

// codeOf is a codebook node as a code: only themes are codable, and the
// description carries the definition fields. Text stored before input was
// checked may hold control characters, which XML cannot carry: they are
// dropped.
func codeOf(n *tandem.Node) Code {
	return Code{GUID: n.ID, Name: tandem.ExportText(n.Name), IsCodable: n.Level == tandem.LevelTheme, Color: n.Colour,
		Description: tandem.ExportText(describe(&n.NodeText))}
}

// selections maps one coding set's excerpts, in the order of the text.
func selections(info *tandem.TranscriptInfo, set *tandem.CodingSet, themes map[string]string, users projectUserList) []Selection {
	excerpts := slices.Clone(set.Excerpts)
	slices.SortStableFunc(excerpts, func(a, b tandem.Excerpt) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), strings.Compare(a.ID, b.ID))
	})
	user := users.guid[set.CoderID]
	out := make([]Selection, 0, len(excerpts))
	for _, e := range excerpts {
		sel := Selection{GUID: GUID("selection", info.ID, set.CoderID, e.ID), Start: e.Start, End: e.End, CreatingUser: user, CreatedAt: e.CreatedAt}
		var seen []string
		for _, id := range e.Themes {
			theme, ok := themes[id]
			if !ok || slices.Contains(seen, theme) {
				continue
			}
			seen = append(seen, theme)
			sel.Codings = append(sel.Codings, Coding{GUID: GUID("coding", info.ID, set.CoderID, e.ID, theme), Code: theme, CreatingUser: user})
		}
		if memo := tandem.ExportText(e.Memo); strings.TrimSpace(memo) != "" {
			sel.Note = &Note{GUID: GUID("note", info.ID, set.CoderID, e.ID), Name: fmt.Sprintf("Memo by %s", users.name[set.CoderID]),
				Text: memo, CreatingUser: user, CreatedAt: e.CreatedAt}
		}
		out = append(out, sel)
	}
	return out
}

// projectUserList is the users of a project export, by Tandem user id
// (tandem.ConsensusCoder for the consensus).
type projectUserList struct {
	order      []string
	guid, name map[string]string
}

// projectUsers lists the members who code (leads and coders, in the
// project's order), then anyone who coded and is no longer a member
// ("Former member 1", "Former member 2"... in the order of the index), then
// the consensus.
func projectUsers(p *tandem.Project, x *tandem.TranscriptIndex) projectUserList {
	u := projectUserList{guid: map[string]string{}, name: map[string]string{}}
	add := func(id, name string) {
		if _, ok := u.guid[id]; ok {
			return
		}
		u.order = append(u.order, id)
		u.guid[id] = GUID("user", id)
		u.name[id] = tandem.ExportText(name)
	}
	for _, m := range p.Members {
		if m.Role != tandem.RoleViewer {
			add(m.UserID, m.DisplayName)
		}
	}
	former := 0
	for _, t := range x.Transcripts {
		for _, id := range t.CodedBy {
			if m := p.Member(id); m != nil {
				add(id, m.DisplayName) // a member who coded and is a viewer now
				continue
			}
			if _, ok := u.guid[id]; !ok {
				former++
				add(id, fmt.Sprintf("Former member %d", former))
			}
		}
	}
	add(tandem.ConsensusCoder, "Consensus")
	u.guid[tandem.ConsensusCoder] = GUID("consensus", p.ID)
	return u
}

// projectVariable is a transcript metadata field written as a variable.
type projectVariable struct {
	guid, name string
	get        func(*tandem.TranscriptInfo) string
}

// projectVariables lists the metadata fields that any transcript fills:
// the fixed ones, then the free attributes by name.
func projectVariables(projectID string, x *tandem.TranscriptIndex) []projectVariable {
	fixed := []projectVariable{
		{name: "Participant", get: func(t *tandem.TranscriptInfo) string { return t.Participant }},
		{name: "Interview date", get: func(t *tandem.TranscriptInfo) string { return t.InterviewDate }},
		{name: "Interviewer", get: func(t *tandem.TranscriptInfo) string { return t.Interviewer }},
		{name: "Site", get: func(t *tandem.TranscriptInfo) string { return t.Site }},
		{name: "Content note", get: func(t *tandem.TranscriptInfo) string { return t.ContentNote }},
		{name: "Original file", get: func(t *tandem.TranscriptInfo) string { return t.FileName }},
	}
	var out []projectVariable
	for _, v := range fixed {
		if slices.ContainsFunc(x.Transcripts, func(t tandem.TranscriptInfo) bool { return v.get(&t) != "" }) {
			v.guid = GUID("variable", projectID, v.name)
			out = append(out, v)
		}
	}
	var attrs []string
	for _, t := range x.Transcripts {
		for k, v := range t.Attributes {
			if v != "" && !slices.Contains(attrs, k) {
				attrs = append(attrs, k)
			}
		}
	}
	slices.Sort(attrs)
	for _, k := range attrs {
		out = append(out, projectVariable{guid: GUID("attribute", projectID, k), name: tandem.ExportText(k),
			get: func(t *tandem.TranscriptInfo) string { return t.Attributes[k] }})
	}
	return out
}

// projectCases makes a case of each participant, with the transcripts of
// them, in the order of the index.
func projectCases(projectID string, x *tandem.TranscriptIndex) []Case {
	var out []Case
	at := map[string]int{}
	for _, t := range x.Transcripts {
		name := strings.TrimSpace(t.Participant)
		if name == "" {
			continue
		}
		i, ok := at[name]
		if !ok {
			i = len(out)
			at[name] = i
			out = append(out, Case{GUID: GUID("case", projectID, name), Name: tandem.ExportText(name)})
		}
		out[i].Sources = append(out[i].Sources, GUID("source", t.ID))
	}
	return out
}
