package tandem

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestPlanImport(t *testing.T) {
	cb := tree(t) // D1 > C1 > {T1, T2}, D1 > C2, D2
	cb.Edit("t1", NodeText{Name: "T1", Brief: "old"})
	node := func(id, parent string, level Level, name, brief string) Node {
		return Node{ID: id, ParentID: parent, Level: level, NodeText: NodeText{Name: name, Brief: brief}}
	}
	for name, tc := range map[string]struct {
		fields []string
		given  map[string][]string
		nodes  []Node
		want   []string // action:target:changed per node
	}{
		"a field one entry of the file lacks is no change, never empty": {
			fields: AllTextFields,
			given:  map[string][]string{"t1": {"name"}, "d1": {"name", "colour"}},
			nodes:  []Node{node("d1", "", LevelDomain, "D1", ""), node("c1", "d1", LevelCategory, "C1", ""), node("t1", "c1", LevelTheme, "T1", "")},
			want:   []string{"same:d1:[]", "same:c1:[]", "same:t1:[]"},
		},
		"a field an entry gives is compared": {
			fields: AllTextFields,
			given:  map[string][]string{"t1": {"name", "brief"}},
			nodes:  []Node{node("d1", "", LevelDomain, "D1", ""), node("c1", "d1", LevelCategory, "C1", ""), node("t1", "c1", LevelTheme, "T1", "")},
			want:   []string{"same:d1:[]", "same:c1:[]", "change:t1:[brief]"},
		},
		"same ids, one new wording": {
			fields: AllTextFields,
			nodes:  []Node{node("d1", "", LevelDomain, "D1", ""), node("c1", "d1", LevelCategory, "C1", ""), node("t1", "c1", LevelTheme, "T1", "new")},
			want:   []string{"same:d1:[]", "same:c1:[]", "change:t1:[brief]"},
		},
		"matched by name ignoring case when ids differ": {
			fields: AllTextFields,
			nodes:  []Node{node("x1", "", LevelDomain, "d1", ""), node("x2", "x1", LevelCategory, "c1", ""), node("x3", "x2", LevelTheme, "T9", "")},
			want:   []string{"change:d1:[name]", "change:c1:[name]", "add::[]"},
		},
		"fields the file does not give stay as they are": {
			fields: []string{"name"},
			nodes:  []Node{node("d1", "", LevelDomain, "D1", ""), node("c1", "d1", LevelCategory, "C1", ""), node("t1", "c1", LevelTheme, "T1", "")},
			want:   []string{"same:d1:[]", "same:c1:[]", "same:t1:[]"},
		},
		"children of a new entry are new": {
			fields: AllTextFields,
			nodes:  []Node{node("d9", "", LevelDomain, "D9", ""), node("c1", "d9", LevelCategory, "C1", "")},
			want:   []string{"add::[]", "add::[]"},
		},
		"an id under another parent is matched by name instead": {
			fields: AllTextFields,
			nodes:  []Node{node("d2", "", LevelDomain, "D2", ""), node("c1", "d2", LevelCategory, "C1", "")},
			want:   []string{"same:d2:[]", "add::[]"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			items := cb.PlanImport(&CodebookImport{Fields: tc.fields, Given: tc.given, Nodes: tc.nodes})
			var got []string
			for _, it := range items {
				got = append(got, it.Action+":"+it.TargetID+":"+fmt.Sprint(it.Changed))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestProposeImport(t *testing.T) {
	node := func(id, parent string, level Level, name, brief string) Node {
		return Node{ID: id, ParentID: parent, Level: level, NodeText: NodeText{Name: name, Brief: brief}}
	}
	lead := &Member{UserID: "lead", DisplayName: "Lee", ResearcherType: ResearcherAcademic}
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for name, tc := range map[string]struct {
		nodes            []Node
		added, changed   int
		proposals        []string // kind:node id
		field            string   // the field of the error; "" for none
		newThemeParentID string   // for the theme "T9" when added
	}{
		"a new wording and a new theme": {
			nodes:            []Node{node("d1", "", LevelDomain, "D1", ""), node("c1", "d1", LevelCategory, "C1", ""), node("t1", "c1", LevelTheme, "T1", "new"), node("t9", "c1", LevelTheme, "T9", "")},
			added:            1,
			changed:          1,
			proposals:        []string{"edit:t1", "add:t9"},
			newThemeParentID: "c1",
		},
		"an id already taken gets a new one": {
			nodes:     []Node{node("d1", "", LevelDomain, "D1", ""), node("c1", "d1", LevelCategory, "C1", ""), node("c2", "c1", LevelTheme, "T9", "")},
			added:     1,
			proposals: []string{"add:new-1"},
		},
		"nothing new": {
			nodes: []Node{node("d1", "", LevelDomain, "D1", "")},
			field: "file",
		},
	} {
		t.Run(name, func(t *testing.T) {
			cb := tree(t) // D1 > C1 > {T1, T2}, D1 > C2, D2
			n := 0
			newID := func() string { n++; return fmt.Sprintf("new-%d", n) }
			added, changed, err := cb.ProposeImport(&CodebookImport{Fields: AllTextFields, Nodes: tc.nodes}, "rlc.xlsx", lead, at, newID)
			if tc.field != "" {
				if FieldOf(err) != tc.field || len(cb.Proposals) != 0 {
					t.Fatalf("error %v with %d proposals, want one on %q and none", err, len(cb.Proposals), tc.field)
				}
				return
			}
			if err != nil || added != tc.added || changed != tc.changed {
				t.Fatalf("added %d, changed %d, %v; want %d, %d", added, changed, err, tc.added, tc.changed)
			}
			var got []string
			for _, p := range cb.Proposals {
				got = append(got, p.Kind+":"+p.NodeID)
				if p.Reason != "Imported from rlc.xlsx" || p.ProposedBy != "lead" || p.ProposedByType != ResearcherAcademic || !p.At.Equal(at) || p.State != "open" {
					t.Fatalf("proposal %+v", p)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.proposals) {
				t.Fatalf("proposals %v, want %v", got, tc.proposals)
			}
			for _, p := range cb.Proposals {
				if p.Kind == "add" {
					if nd := cb.Node(p.NodeID); nd == nil || nd.Status != StatusProposed {
						t.Fatalf("the added entry %s is not in the tree as proposed: %+v", p.NodeID, nd)
					}
				}
			}
			if tc.newThemeParentID != "" {
				if nd := cb.Node("t9"); nd == nil || nd.ParentID != tc.newThemeParentID {
					t.Fatalf("the new theme %+v is not under %s", nd, tc.newThemeParentID)
				}
			}
		})
	}
}

func TestPathName(t *testing.T) {
	a, b := strings.Repeat("a", 100), strings.Repeat("b", 100)
	for _, tc := range []struct {
		path  []string
		want  string
		short bool
	}{
		{[]string{"A", "B", "C"}, "A / B / C", false},
		{[]string{a, strings.Repeat("x", 60), b, "C"}, a + " / … / " + b + " / C", true},
		{[]string{a, b, "x", b}, a + " / … / x / " + b, true},
		{[]string{a, strings.Repeat("x", 60), b, strings.Repeat("c", 200)}, "… / " + strings.Repeat("c", 200), true},
		{[]string{"x", strings.Repeat("c", 300)}, strings.Repeat("c", 300), true},
	} {
		got, short := PathName(tc.path)
		if got != tc.want || short != tc.short {
			t.Errorf("PathName(%d names) = %q %v, want %q %v", len(tc.path), got, short, tc.want, tc.short)
		}
	}
}
