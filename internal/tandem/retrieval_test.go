package tandem

import (
	"reflect"
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
