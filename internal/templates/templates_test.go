package templates

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/tandemqda/tandem/internal/refiqda"
	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/transcript"
)

// applied is the codebook a template starts, with GUIDs ending 1, 2, 3...
func applied(t *testing.T, tpl *tandem.Template) *tandem.Codebook {
	t.Helper()
	cb := &tandem.Codebook{}
	n := 0
	if err := tpl.Apply(cb, func() string { n++; return fmt.Sprintf("00000000-0000-0000-0000-%012d", n) }, nil); err != nil {
		t.Fatalf("%s: %v", tpl.ID, err)
	}
	return cb
}

// The files were written from the Go values they replaced; a test compared
// the two (commit c330087) before the Go values went. What stays is what a
// researcher editing the files must keep true.
func TestCodebookTemplates(t *testing.T) {
	for i, tc := range []struct {
		id, name                    string
		domains, categories, themes int
	}{{"rlc", "RLC social integration", 2, 4, 12}, {"chime", "CHIME personal recovery", 1, 5, 14}} {
		tpl := ByID(tc.id)
		if tpl == nil || &Codebooks[i] != tpl || tpl.Name != tc.name || tpl.Description == "" {
			t.Fatalf("template %d: %+v, want %s %q", i, tpl, tc.id, tc.name)
		}
		cb := applied(t, tpl)
		count := map[tandem.Level]int{}
		colours := map[string]bool{}
		for _, n := range cb.Nodes {
			count[n.Level]++
			if n.Level == tandem.LevelTheme {
				if n.Colour == "" || n.Brief == "" || n.PlainLanguage == "" || n.WhenToUse == "" || n.WhenNotToUse == "" || n.Example == "" {
					t.Errorf("%s: theme %q lacks wording: %+v", tc.id, n.Name, n.NodeText)
				}
				if colours[n.Colour] {
					t.Errorf("%s: two themes are %s", tc.id, n.Colour)
				}
				colours[n.Colour] = true
			} else if n.Brief == "" {
				t.Errorf("%s: %s %q has no brief definition", tc.id, n.Level, n.Name)
			}
		}
		if count[tandem.LevelDomain] != tc.domains || count[tandem.LevelCategory] != tc.categories || count[tandem.LevelTheme] != tc.themes {
			t.Errorf("%s: %v, want %d domains, %d categories, %d themes", tc.id, count, tc.domains, tc.categories, tc.themes)
		}

		// Tandem's own .qdc export of the codebook reads back to the same
		// template: every field and colour makes the round trip.
		qdc, err := refiqda.ExportCodebook(cb, "Tandem", refiqda.ExportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		again, err := readCodebook(qdc)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(again, tpl.Domains) {
			t.Errorf("%s: the export of the template reads back otherwise:\n%+v\nwant\n%+v", tc.id, again, tpl.Domains)
		}
	}
	if ByID("nope") != nil {
		t.Error("ByID of an unknown template")
	}

	// One theme in full, as the file has it.
	judgmentFree := Codebooks[0].Domains[0].Children[0].Children[0].Text
	want := tandem.NodeText{Name: "Judgment-free", Colour: "#F4C542",
		Brief:         "Members feel accepted without being judged or labelled by diagnosis.",
		PlainLanguage: "Nobody looks down on you or treats you as your diagnosis.",
		WhenToUse:     "The participant describes acceptance, not being judged, or being seen as a person first.",
		WhenNotToUse:  "General friendliness without any mention of judgment or labels (use Relaxed/open).",
		Example:       "“Nobody asked what my diagnosis was. They just asked how my week went.”"}
	if judgmentFree != want {
		t.Errorf("Judgment-free:\n%+v\nwant\n%+v", judgmentFree, want)
	}
	var names []string
	for _, c := range Codebooks[0].Domains[0].Children {
		for _, th := range c.Children {
			names = append(names, th.Text.Name)
		}
	}
	if strings.Join(names, ", ") != "Judgment-free, Flexible, Relaxed/open, Leadership, Meeting peers, Trainings and workshops" {
		t.Errorf("RLC Attributes themes: %v", names)
	}
}

func TestABrokenTemplateIsRefusedWithItsReason(t *testing.T) {
	for name, tc := range map[string]struct{ qdc, says string }{
		"not XML":       {"hello", "No codes were found"},
		"two levels":    {`<CodeBook><Codes><Code guid="11111111-1111-1111-1111-111111111111" name="C" isCodable="false"><Code guid="22222222-2222-2222-2222-222222222222" name="T" isCodable="true"/></Code></Codes></CodeBook>`, "the importer changed it"},
		"a dark colour": {`<CodeBook><Codes><Code guid="11111111-1111-1111-1111-111111111111" name="D" isCodable="false"><Code guid="22222222-2222-2222-2222-222222222222" name="C" isCodable="false"><Code guid="33333333-3333-3333-3333-333333333333" name="T" isCodable="true" color="#000000"/></Code></Code></Codes></CodeBook>`, "too dark"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := readCodebook([]byte(tc.qdc)); err == nil || !strings.Contains(err.Error()+tandem.MessageOf(err), tc.says) {
				t.Fatalf("readCodebook: %v, want it to say %q", err, tc.says)
			}
		})
	}
}

func TestSampleInterviews(t *testing.T) {
	if len(Interviews) != 3 {
		t.Fatalf("%d interviews", len(Interviews))
	}
	rlc := applied(t, ByID("rlc"))
	themes := map[string]bool{}
	for _, n := range rlc.Nodes {
		themes[n.Name] = n.Level == tandem.LevelTheme
	}
	for i, st := range Interviews {
		if st.Title == "" || st.Participant == "" || st.Site == "" || st.ContentNote == "" {
			t.Errorf("interview %d lacks a description: %+v", i, st)
		}
		p, err := transcript.Parse(st.FileName, []byte(st.Text), transcript.DefaultLimits)
		if err != nil {
			t.Fatalf("%s: %v", st.FileName, err)
		}
		speakers := map[string]bool{}
		for _, turn := range p.Turns {
			speakers[turn.Speaker] = true
		}
		if len(speakers) != 2 || !speakers["Interviewer"] || !speakers[st.Participant] {
			t.Errorf("%s: speakers %v, want Interviewer and %s", st.FileName, speakers, st.Participant)
		}
		if !strings.HasPrefix(st.Text, "Interviewer: This interview is fictional, written for Tandem's sample project.") {
			t.Errorf("%s does not start by saying it is fictional", st.FileName)
		}
	}
	// Every excerpt of the demo coders quotes its interview and names a
	// theme of the RLC template: an edit of a file must keep them.
	for _, sc := range tandem.SampleCoders {
		for _, ex := range sc.Excerpts {
			if !strings.Contains(Interviews[ex.Transcript].Text, ex.Quote) {
				t.Errorf("%s: %q is not in %s", sc.Name, ex.Quote, Interviews[ex.Transcript].FileName)
			}
			for _, th := range ex.Themes {
				if !themes[th] {
					t.Errorf("%s: %q is not a theme of the RLC template", sc.Name, th)
				}
			}
		}
	}
}
