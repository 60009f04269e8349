package tandem

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// tree builds: D1 > C1 > {T1, T2}, D1 > C2, D2.
func tree(t *testing.T) *Codebook {
	t.Helper()
	cb := &Codebook{}
	for _, n := range []struct {
		id, parent string
		level      Level
	}{{"d1", "", LevelDomain}, {"c1", "d1", LevelCategory}, {"t1", "c1", LevelTheme}, {"t2", "c1", LevelTheme}, {"c2", "d1", LevelCategory}, {"d2", "", LevelDomain}} {
		if _, err := cb.Add(n.id, n.level, n.parent, NodeText{Name: strings.ToUpper(n.id)}, StatusActive, nil); err != nil {
			t.Fatalf("add %s: %v", n.id, err)
		}
	}
	return cb
}

func names(ns []*Node) string {
	var s []string
	for _, n := range ns {
		s = append(s, n.ID)
	}
	return strings.Join(s, " ")
}

func TestCodebookInvariants(t *testing.T) {
	for name, tc := range map[string]struct {
		op   func(cb *Codebook) error
		code Code
	}{
		"theme under domain": {func(cb *Codebook) error {
			_, err := cb.Add("x", LevelTheme, "d1", NodeText{Name: "X"}, StatusActive, nil)
			return err
		}, CodeWrongLevel},
		"theme at the top": {func(cb *Codebook) error {
			_, err := cb.Add("x", LevelTheme, "", NodeText{Name: "X"}, StatusActive, nil)
			return err
		}, CodeWrongLevel},
		"domain under a category": {func(cb *Codebook) error {
			_, err := cb.Add("x", LevelDomain, "c1", NodeText{Name: "X"}, StatusActive, nil)
			return err
		}, CodeWrongLevel},
		"category under a theme": {func(cb *Codebook) error {
			_, err := cb.Add("x", LevelCategory, "t1", NodeText{Name: "X"}, StatusActive, nil)
			return err
		}, CodeWrongLevel},
		"unknown level": {func(cb *Codebook) error {
			_, err := cb.Add("x", "code", "c1", NodeText{Name: "X"}, StatusActive, nil)
			return err
		}, CodeInvalidInput},
		"duplicate sibling name": {func(cb *Codebook) error {
			_, err := cb.Add("x", LevelTheme, "c1", NodeText{Name: " t1 "}, StatusActive, nil)
			return err
		}, CodeDuplicateName},
		"empty name": {func(cb *Codebook) error {
			_, err := cb.Add("x", LevelTheme, "c1", NodeText{Name: "  "}, StatusActive, nil)
			return err
		}, CodeInvalidInput},
		"long name":               {func(cb *Codebook) error { return cb.Edit("t1", NodeText{Name: strings.Repeat("n", 256)}) }, CodeInvalidInput},
		"name of 255 characters":  {func(cb *Codebook) error { return cb.Edit("t1", NodeText{Name: strings.Repeat("é", 255)}) }, ""},
		"long brief":              {func(cb *Codebook) error { return cb.Edit("t1", NodeText{Name: "T1", Brief: strings.Repeat("b", 301)}) }, CodeInvalidInput},
		"bad colour":              {func(cb *Codebook) error { return cb.Edit("t1", NodeText{Name: "T1", Colour: "red"}) }, CodeInvalidInput},
		"unreadable colour":       {func(cb *Codebook) error { return cb.Edit("t1", NodeText{Name: "T1", Colour: "#1F2A44"}) }, CodeInvalidInput},
		"rename to a sibling":     {func(cb *Codebook) error { return cb.Edit("t2", NodeText{Name: "T1"}) }, CodeDuplicateName},
		"move domain under theme": {func(cb *Codebook) error { return cb.Move("d2", "t1", 0) }, CodeWrongLevel},
		"move theme under domain": {func(cb *Codebook) error { return cb.Move("t1", "d2", 0) }, CodeWrongLevel},
		"move under itself":       {func(cb *Codebook) error { return cb.Move("c1", "c1", 0) }, CodeCycle},
		"move under own child":    {func(cb *Codebook) error { return cb.Move("d1", "c1", 0) }, CodeCycle},
		"move onto a name in use": {func(cb *Codebook) error {
			cb.Add("t3", LevelTheme, "c2", NodeText{Name: "T1"}, StatusActive, nil)
			return cb.Move("t3", "c1", 0)
		}, CodeDuplicateName},
		"merge a category":  {func(cb *Codebook) error { return cb.Merge("c2", "c1") }, CodeWrongLevel},
		"merge into itself": {func(cb *Codebook) error { return cb.Merge("t1", "t1") }, CodeInvalidInput},
		"merge into a merged theme": {func(cb *Codebook) error {
			cb.Merge("t2", "t1")
			cb.Add("t3", LevelTheme, "c2", NodeText{Name: "T3"}, StatusActive, nil)
			return cb.Merge("t3", "t2")
		}, CodeConflict},
		"restore a merged theme":  {func(cb *Codebook) error { cb.Merge("t2", "t1"); return cb.SetStatus("t2", StatusActive) }, CodeConflict},
		"status proposed by hand": {func(cb *Codebook) error { return cb.SetStatus("t1", StatusProposed) }, CodeInvalidInput},
		"edit a missing node":     {func(cb *Codebook) error { return cb.Edit("nope", NodeText{Name: "X"}) }, CodeNotFound},
		"active theme under a proposed category": {func(cb *Codebook) error {
			cb.Add("cp", LevelCategory, "d1", NodeText{Name: "CP"}, StatusProposed, nil)
			_, err := cb.Add("x", LevelTheme, "cp", NodeText{Name: "X"}, StatusActive, nil)
			return err
		}, CodeProposedParent},
		"move an active theme under a proposed category": {func(cb *Codebook) error {
			cb.Add("cp", LevelCategory, "d1", NodeText{Name: "CP"}, StatusProposed, nil)
			return cb.Move("t1", "cp", 0)
		}, CodeProposedParent},
		"accept a theme before its proposed category": {func(cb *Codebook) error {
			cb.Add("cp", LevelCategory, "d1", NodeText{Name: "CP"}, StatusProposed, nil)
			cb.Add("tp", LevelTheme, "cp", NodeText{Name: "TP"}, StatusProposed, nil)
			return cb.SetStatus("tp", StatusActive)
		}, CodeProposedParent},
	} {
		t.Run(name, func(t *testing.T) {
			cb := tree(t)
			if err := tc.op(cb); err != nil && CodeOf(err) != tc.code || err == nil && tc.code != "" {
				t.Fatalf("error %v, want %s", err, tc.code)
			}
		})
	}
}

func TestCodebookMoveReorderMerge(t *testing.T) {
	cb := tree(t)
	if err := cb.Move("t2", "c1", 0); err != nil {
		t.Fatal(err)
	}
	if got := names(cb.Children("c1")); got != "t2 t1" {
		t.Fatalf("reorder: %s", got)
	}
	if err := cb.Move("t2", "c2", -1); err != nil {
		t.Fatal(err)
	}
	if got := names(cb.Children("c1")) + " | " + names(cb.Children("c2")); got != "t1 | t2" || cb.Node("t1").Order != 0 {
		t.Fatalf("move: %s", got)
	}
	if err := cb.Move("c2", "d2", 0); err != nil {
		t.Fatal(err)
	}
	if got := names(cb.Children("d1")) + " | " + names(cb.Children("d2")); got != "c1 | c2" {
		t.Fatalf("move category: %s", got)
	}
	// Merging t1 into t2 points t1's uses, and anything merged into t1, to t2.
	cb.Add("t3", LevelTheme, "c1", NodeText{Name: "T3"}, StatusActive, nil)
	if err := cb.Merge("t3", "t1"); err != nil {
		t.Fatal(err)
	}
	if err := cb.Merge("t1", "t2"); err != nil {
		t.Fatal(err)
	}
	if cb.Resolve("t3").ID != "t2" || cb.Resolve("t1").ID != "t2" || cb.Node("t1").Status != StatusArchived {
		t.Fatalf("merge chain: t3 -> %s, t1 -> %s", cb.Resolve("t3").ID, cb.Resolve("t1").ID)
	}
	// A merged theme's name is free again.
	if _, err := cb.Add("t4", LevelTheme, "c1", NodeText{Name: "T1"}, StatusActive, nil); err != nil {
		t.Fatalf("reuse the name of a merged theme: %v", err)
	}
}

func TestColourContrast(t *testing.T) {
	// WCAG 2.1: black on white is 21:1.
	for colour, want := range map[string]float64{"#FFFFFF": 21, "#000000": 1} {
		if got := ContrastWithBlack(colour); got < want-0.01 || got > want+0.01 {
			t.Errorf("ContrastWithBlack(%s) = %.2f, want %.2f", colour, got, want)
		}
	}
	// WebAIM's published ratio of #767676 against white is 4.54:1; the same
	// luminance gives white-on-it = 1.05 / (L + 0.05).
	l := ContrastWithBlack("#767676")*0.05 - 0.05
	if got := 1.05 / (l + 0.05); got < 4.535 || got > 4.545 {
		t.Errorf("#767676 on white = %.3f, want 4.54", got)
	}
	n := NodeText{Name: "x", Colour: "#f4c542"}
	if err := n.Validate(LevelTheme); err != nil || n.Colour != "#F4C542" {
		t.Fatalf("light colour: %v %q", err, n.Colour)
	}
}

func TestTemplateApply(t *testing.T) {
	theme := func(name, colour string) TemplateNode {
		return TemplateNode{Text: NodeText{Name: name, Colour: colour, Brief: name + " brief", Example: name + " example"}}
	}
	tpl := &Template{ID: "t", Name: "T", Domains: []TemplateNode{{Text: NodeText{Name: "D", Brief: "a domain"}, Children: []TemplateNode{
		{Text: NodeText{Name: "C"}, Children: []TemplateNode{theme("A", ""), theme("B", "#d3c0f5"), theme("E", "")}}}}}}
	cb := &Codebook{}
	i := 0
	if err := tpl.Apply(cb, func() string { i++; return strings.Repeat("x", i) }, nil); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range cb.Nodes {
		got = append(got, fmt.Sprintf("%s %s %s %s %q %q", n.Level, n.ID, n.ParentID, n.Name, n.Colour, n.Brief))
	}
	// A theme without a colour gets the palette's colour for its place; a
	// colour the template gives is kept.
	want := []string{`domain x  D "" "a domain"`, `category xx x C "" ""`, `theme xxx xx A "#F4C542" "A brief"`,
		`theme xxxx xx B "#D3C0F5" "B brief"`, `theme xxxxx xx E "#B5E3A1" "E brief"`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("applied:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if err := tpl.Apply(cb, func() string { return "y" }, nil); CodeOf(err) != CodeNotEmpty {
		t.Errorf("applied twice: %v", err)
	}
}

func TestLeastUsedColour(t *testing.T) {
	all := append([]string(nil), themeColours...)
	for _, c := range []struct {
		name string
		used []string
		want string
	}{
		{"nothing used: the first", nil, "#F4C542"},
		{"the first used: the second", []string{"#F4C542"}, "#9AD1F5"},
		{"a gap is filled first", []string{"#F4C542", "#B5E3A1"}, "#9AD1F5"},
		{"the second taken by hand: the first is still free", []string{"#9AD1F5"}, "#F4C542"},
		{"any case", []string{"#f4c542", "#9ad1f5"}, "#B5E3A1"},
		{"colours outside the palette do not count", []string{"#FFFFFF", "#F4C542"}, "#9AD1F5"},
		{"every colour once: the first again", all, "#F4C542"},
		{"every colour once, the first twice: the second", append(slices.Clone(all), "#F4C542"), "#9AD1F5"},
		{"the least used wins over palette order", append(slices.Clone(all), all[:len(all)-1]...), "#E8DAEF"},
	} {
		if got := LeastUsedColour(c.used); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestNewThemeGetsAnUnusedColour(t *testing.T) {
	cb := &Codebook{}
	mustAdd := func(id, parent string, level Level, text NodeText) *Node {
		t.Helper()
		n, err := cb.Add(id, level, parent, text, StatusActive, nil)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	mustAdd("d", "", LevelDomain, NodeText{Name: "D"})
	mustAdd("c", "d", LevelCategory, NodeText{Name: "C"})
	// The lead gave the first theme the palette's second colour: the next
	// theme gets the first, not the second again.
	mustAdd("t1", "c", LevelTheme, NodeText{Name: "T1", Colour: "#9ad1f5"})
	if n := mustAdd("t2", "c", LevelTheme, NodeText{Name: "T2"}); n.Colour != "#F4C542" {
		t.Errorf("second theme got %s, want #F4C542 (unused)", n.Colour)
	}
	if n := mustAdd("t3", "c", LevelTheme, NodeText{Name: "T3"}); n.Colour != "#B5E3A1" {
		t.Errorf("third theme got %s, want #B5E3A1", n.Colour)
	}
	// A merged theme's colour is free again.
	if err := cb.Merge("t2", "t1"); err != nil {
		t.Fatal(err)
	}
	if got := cb.NextThemeColour(); got != "#F4C542" {
		t.Errorf("after a merge: %s, want #F4C542", got)
	}
}
