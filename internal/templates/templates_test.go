package templates

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/tandemqda/tandem/internal/tandem"
)

// clearColours returns nodes without their colours: the Go templates leave
// colours to Apply, the files carry them.
func clearColours(nodes []tandem.TemplateNode) []tandem.TemplateNode {
	var out []tandem.TemplateNode
	for _, n := range nodes {
		n.Text.Colour = ""
		n.Children = clearColours(n.Children)
		out = append(out, n)
	}
	return out
}

// applied is the codebook a template starts, with ids 1, 2, 3...
func applied(t *testing.T, tpl *tandem.Template) []tandem.Node {
	t.Helper()
	cb := &tandem.Codebook{}
	n := 0
	if err := tpl.Apply(cb, func() string { n++; return fmt.Sprint(n) }, nil); err != nil {
		t.Fatal(err)
	}
	return cb.Nodes
}

func TestCodebooksFromTheFilesEqualTheGoTemplates(t *testing.T) {
	if len(Codebooks) != len(tandem.Templates) {
		t.Fatalf("%d templates from files, %d in Go", len(Codebooks), len(tandem.Templates))
	}
	for i, want := range tandem.Templates {
		got := Codebooks[i]
		if got.ID != want.ID || got.Name != want.Name || got.Description != want.Description {
			t.Errorf("template %d: %q %q %q, want %q %q %q", i, got.ID, got.Name, got.Description, want.ID, want.Name, want.Description)
		}
		if !reflect.DeepEqual(clearColours(got.Domains), want.Domains) {
			t.Errorf("template %s: the codes differ:\n got %+v\nwant %+v", want.ID, got.Domains, want.Domains)
		}
		if a, b := applied(t, ByID(want.ID)), applied(t, &want); !reflect.DeepEqual(a, b) {
			t.Errorf("template %s: the codebook it starts differs (colours included)", want.ID)
		}
	}
	if ByID("nope") != nil {
		t.Error("ByID of an unknown template")
	}
}

func TestInterviewsFromTheFilesEqualTheGoValues(t *testing.T) {
	if !reflect.DeepEqual(Interviews, tandem.SampleTranscripts) {
		t.Fatalf("interviews from the files:\n%+v\nwant\n%+v", Interviews, tandem.SampleTranscripts)
	}
}
