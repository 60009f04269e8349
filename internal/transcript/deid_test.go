package transcript

import (
	"slices"
	"strings"
	"testing"

	"github.com/tandemqda/tandem/internal/tandem"
)

func TestIdentifiers(t *testing.T) {
	src := "Interviewer: Hello Maria, thanks for coming to Riverside.\n" +
		"Maria Lopez: Thanks. My support worker Tomasz came too 🙂. Tomasz is great.\n" +
		"Interviewer: Was Riverside helpful?\n" +
		"Maria Lopez: Yes! Email me at maria.l@example.org or call 07700 900123. The staff at Riverside know me.\n"
	p, err := Parse("i.txt", []byte(src), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Candidate{}
	for _, c := range Identifiers(p.Text, p.Turns, []string{"riverside"}, nil) {
		got[c.Text] = c
		for _, s := range c.Spans {
			if w := span(p.Text, tandem.Turn{Start: s[0], End: s[1]}); !strings.EqualFold(w, c.Text) {
				t.Errorf("candidate %q has a span reading %q", c.Text, w)
			}
		}
	}
	for text, kind := range map[string]string{
		"Maria": "speaker", "riverside": "listed", "Tomasz": "capitalised",
		"maria.l@example.org": "email", "07700 900123": "phone",
	} {
		if got[text].Kind != kind {
			t.Errorf("%q: kind %q, want %q (all: %v)", text, got[text].Kind, kind, got)
		}
	}
	if len(got["riverside"].Spans) != 3 || len(got["Maria"].Spans) != 1 {
		t.Errorf("spans: riverside %v, Maria %v", got["riverside"].Spans, got["Maria"].Spans)
	}
	if _, ok := got["Riverside"]; ok {
		t.Error("Riverside is listed twice (as typed by the lead and as a capitalised word)")
	}
	for _, common := range []string{"Thanks", "Yes", "The", "Interviewer", "Email"} {
		if _, ok := got[common]; ok {
			t.Errorf("%q is not an identifier", common)
		}
	}
}

// TestIdentifiersAfterReplacing: a pseudonym the lead put in is not
// suggested again, a listed name of several words is suggested whole (not
// also word by word), and speaker labels that name someone are flagged.
func TestIdentifiersAfterReplacing(t *testing.T) {
	src := "Interviewer: How did you find Harbour Lights?\n" +
		"Priya S: Rosa told me. Rosa goes to Harbour Lights on Tuesdays, and Harbour staff are kind.\n" +
		"Interviewer: And Lights Out, the group?\n" +
		"Priya S: Rosa runs Lights Out. Harbour Lights is home for Rosa and Tomasz. Tomasz helps.\n"
	p, err := Parse("i.txt", []byte(src), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		listed     []string
		pseudonyms []string
		want       map[string]int // candidate -> number of spans
		absent     []string
	}{
		{"before anything is listed", nil, nil, map[string]int{"Rosa": 4, "Harbour": 4, "Lights": 5, "Tomasz": 2, "Priya": 0}, nil},
		{"Rosa is the pseudonym put in", nil, []string{"Rosa"}, map[string]int{"Harbour": 4, "Tomasz": 2}, []string{"Rosa"}},
		{"a pseudonym of two words", nil, []string{"Rosa Tomasz"}, map[string]int{"Harbour": 4}, []string{"Rosa", "Tomasz"}},
		{"Harbour Lights is listed", []string{"Harbour Lights"}, nil, map[string]int{"Harbour Lights": 3, "Harbour": 1, "Lights": 2}, nil},
		{"both names are listed", []string{"Harbour Lights", "Lights Out"}, []string{"Rosa"}, map[string]int{"Harbour Lights": 3, "Lights Out": 2, "Harbour": 1, "Tomasz": 2}, []string{"Lights", "Rosa"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]int{}
			for _, c := range Identifiers(p.Text, p.Turns, tt.listed, tt.pseudonyms) {
				got[c.Text] = len(c.Spans)
			}
			for w, n := range tt.want {
				if got[w] != n {
					t.Errorf("%q: %d spans, want %d (all: %v)", w, got[w], n, got)
				}
			}
			for _, w := range tt.absent {
				if _, ok := got[w]; ok {
					t.Errorf("%q is suggested (all: %v)", w, got)
				}
			}
		})
	}
	for _, tt := range []struct {
		pseudonyms []string
		want       []SpeakerLabel
	}{
		{nil, []SpeakerLabel{{"Priya S", 2}}},
		{[]string{"priya s"}, nil},
	} {
		if got := SpeakerLabels(p.Turns, tt.pseudonyms); !slices.Equal(got, tt.want) {
			t.Errorf("SpeakerLabels with pseudonyms %v = %v, want %v", tt.pseudonyms, got, tt.want)
		}
	}
}

func TestRedactMovesTurns(t *testing.T) {
	p, err := Parse("i.txt", []byte("P1: I'm Zoë 🙂 from Leeds.\nP2: Hi Zoë.\n"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	// "I'm Zoë 🙂 from Leeds.\n\nHi Zoë." : Zoë at [4,7) and [26,29); Leeds at [15,20).
	text, turns, _, err := Redact(p.Text, p.Turns, []Replacement{{26, 29, "[NAME]"}, {4, 7, "[NAME]"}, {15, 20, "[PLACE]"}})
	if err != nil {
		t.Fatal(err)
	}
	if text != "I'm [NAME] 🙂 from [PLACE].\n\nHi [NAME]." {
		t.Fatalf("text %q", text)
	}
	got := []string{span(text, turns[0]), span(text, turns[1])}
	if got[0] != "I'm [NAME] 🙂 from [PLACE]." || got[1] != "Hi [NAME]." {
		t.Fatalf("turns read %q", got)
	}
	checkInvariants(t, &Parsed{Text: text, Turns: turns})

	for name, reps := range map[string][]Replacement{
		"overlap":      {{4, 10, "x"}, {6, 12, "y"}},
		"outside":      {{30, 99, "x"}},
		"empty":        {{5, 5, "x"}},
		"across turns": {{20, 29, "x"}},
		"line break":   {{4, 7, "a\nb"}},
		"nothing":      {{4, 7, ""}},
		"only spaces":  {{4, 7, "  "}},
	} {
		if _, _, _, err := Redact(p.Text, p.Turns, reps); tandem.CodeOf(err) != tandem.CodeInvalidInput {
			t.Errorf("%s: %v", name, err)
		}
	}
}
