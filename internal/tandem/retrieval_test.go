package tandem

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestUsageAndCooccurrence(t *testing.T) {
	cb := &Codebook{}
	cb.Add("d", LevelDomain, "", NodeText{Name: "D"}, StatusActive, nil)
	cb.Add("c", LevelCategory, "d", NodeText{Name: "C"}, StatusActive, nil)
	for _, id := range []string{"x", "y", "z", "old"} {
		cb.Add(id, LevelTheme, "c", NodeText{Name: id}, StatusActive, nil)
	}
	if err := cb.Merge("old", "x"); err != nil {
		t.Fatal(err)
	}
	ex := func(start, end int, themes ...string) Excerpt { return Excerpt{Start: start, End: end, Themes: themes} }
	sets := []*CodingSet{
		{TranscriptID: "t1", CoderID: "c1", Excerpts: []Excerpt{ex(20, 30, "x", "y"), ex(0, 10, "x"), ex(25, 26, "z"), ex(5, 15, "y")}},
		{TranscriptID: "t1", CoderID: "c2", Excerpts: []Excerpt{ex(0, 10, "x")}},
		{TranscriptID: "t2", CoderID: "c1", Excerpts: []Excerpt{ex(0, 5, "old")}},
	}
	u := Usage(cb, sets)
	want := map[string]ThemeUsage{
		"x": {Excerpts: 4, Transcripts: 2, Coders: 2, ByTranscript: map[string]int{"t1": 3, "t2": 1}},
		"y": {Excerpts: 2, Transcripts: 1, Coders: 1, ByTranscript: map[string]int{"t1": 2}},
		"z": {Excerpts: 1, Transcripts: 1, Coders: 1, ByTranscript: map[string]int{"t1": 1}},
	}
	if len(u) != len(want) {
		t.Fatalf("usage of %d themes: %v", len(u), u)
	}
	for id, w := range want {
		if !reflect.DeepEqual(*u[id], w) {
			t.Errorf("%s: %+v, want %+v", id, *u[id], w)
		}
	}
	got := Cooccurrences(cb, sets)
	wantCo := []Cooccurrence{{"x", "y", 2}, {"x", "z", 1}, {"y", "z", 1}}
	if !reflect.DeepEqual(got, wantCo) {
		t.Fatalf("co-occurrence %v, want %v", got, wantCo)
	}
	if sub := cb.Subtree("c"); len(sub) != 5 || !sub["old"] || sub["d"] {
		t.Fatalf("subtree %v", sub)
	}
}

func TestPassage(t *testing.T) {
	// Turns: [0, 26) the question, [27, 70) the answer (the emoji is one
	// code point), [71, 84) the next question.
	text := []rune("How did you hear about it?\nA friend told me. I was nervous 😬 at first.\nWhat changed?")
	turns := []Turn{{Speaker: "Interviewer", Start: 0, End: 26}, {Speaker: "Sam", Start: 27, End: 70}, {Speaker: "Interviewer", Start: 71, End: 84}}
	nervous := strings.Index(string(text), "I was nervous")
	start := len([]rune(string(text)[:nervous]))
	end := start + len([]rune("I was nervous"))
	titled := []rune("Interview 7\n\n" + string(text))
	shift := func(ts []Turn, by int) []Turn {
		out := slices.Clone(ts)
		for i := range out {
			out[i].Start += by
			out[i].End += by
		}
		return out
	}
	for _, c := range []struct {
		name       string
		text       []rune
		turns      []Turn
		start, end int
		context    int
		want       []PassageTurn
	}{
		{"no context", text, turns, start, end, 0,
			[]PassageTurn{{Speaker: "Sam", Text: "I was nervous", CutStart: true, CutEnd: true}}},
		{"cut at word boundaries, not mid-word", text, turns, start, end, 8,
			[]PassageTurn{{Speaker: "Sam", Before: "me. ", Text: "I was nervous", After: " 😬 at", CutStart: true, CutEnd: true}}},
		{"across turns, each with its speaker", text, turns, start, end, 200,
			[]PassageTurn{
				{Speaker: "Interviewer", Before: "How did you hear about it?"},
				{Speaker: "Sam", Before: "A friend told me. ", Text: "I was nervous", After: " 😬 at first."},
				{Speaker: "Interviewer", After: "What changed?"},
			}},
		{"into the turns around, cut there", text, turns, start, end, 25,
			[]PassageTurn{
				{Speaker: "Interviewer", Before: "it?", CutStart: true},
				{Speaker: "Sam", Before: "A friend told me. ", Text: "I was nervous", After: " 😬 at first."},
				{Speaker: "Interviewer", After: "What", CutEnd: true},
			}},
		{"an excerpt over two turns", text, turns, 64, 75, 0,
			[]PassageTurn{{Speaker: "Sam", Text: "first.", CutStart: true}, {Speaker: "Interviewer", Text: "What", CutEnd: true}}},
		{"text outside the turns has no speaker", titled, shift(turns, 13), start + 13, end + 13, 60,
			[]PassageTurn{
				{Speaker: "", Before: "Interview 7"},
				{Speaker: "Interviewer", Before: "How did you hear about it?"},
				{Speaker: "Sam", Before: "A friend told me. ", Text: "I was nervous", After: " 😬 at first."},
				{Speaker: "Interviewer", After: "What changed?"},
			}},
		{"no turns", []rune("one two three four five"), nil, 8, 13, 5,
			[]PassageTurn{{Before: "two ", Text: "three", After: " four", CutStart: true, CutEnd: true}}},
		{"a word longer than the context is left out", []rune("unbelievably good"), nil, 13, 17, 3,
			[]PassageTurn{{Text: "good", CutStart: true}}},
		{"offsets past the end are clamped", []rune("short"), nil, 2, 99, 10,
			[]PassageTurn{{Before: "sh", Text: "ort"}}},
		{"spaces only: an empty list, not null in JSON", []rune("a   b"), nil, 1, 4, 0,
			[]PassageTurn{}},
	} {
		got := Passage(c.text, c.turns, c.start, c.end, c.context)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, c.want)
		}
	}
}
