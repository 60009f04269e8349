package tandem

import (
	"fmt"
	"reflect"
	"testing"
)

func TestPlanImport(t *testing.T) {
	cb := tree(t) // D1 > C1 > {T1, T2}, D1 > C2, D2
	cb.Edit("t1", NodeText{Name: "T1", Brief: "old"})
	node := func(id, parent string, level Level, name, brief string) Node {
		return Node{ID: id, ParentID: parent, Level: level, NodeText: NodeText{Name: name, Brief: brief}}
	}
	for name, tc := range map[string]struct {
		fields []string
		nodes  []Node
		want   []string // action:target:changed per node
	}{
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
			items := cb.PlanImport(&CodebookImport{Fields: tc.fields, Nodes: tc.nodes})
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
