package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tandemqda/tandem/internal/tandem"
)

func TestParticipantKey(t *testing.T) {
	for _, tc := range []struct{ tid, participant, want string }{
		{"t1", "P1", "participant:p1"},
		{"t2", " p1 ", "participant:p1"}, // the same person interviewed twice
		{"t3", "", "transcript:t3"},
		{"t4", "  ", "transcript:t4"},
	} {
		if got := ParticipantKey(tc.tid, tc.participant); got != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.tid, tc.participant, got, tc.want)
		}
	}
}

// TestBuildFindings: domain D1 holds C1 (T1, T2, and Old merged into T2)
// and C2 (T4, and P only proposed); D2 holds C3 (T3).
//
//	t1 (P1):  e1 T1, e2 T1+T2
//	t2 (p1):  e3 T1              the same participant again
//	t3 (-):   e4 T3              no participant: counts as its own
//	t4 (P2):  e5 Old             counts as T2
//	t5 (P3):  no consensus set: left out of every count
//
// Out of 4 transcripts and 3 participants (P1, t3, P2):
// T1 in t1 t2 (1 participant, 3 excerpts); T2 in t1 t4 (2, 2 excerpts);
// C1 and D1 in t1 t2 t4 (2 participants, 4 excerpts: e2 counts once);
// C2 and T4 nowhere; D2, C3 and T3 in t3 (1, 1 excerpt).
func TestBuildFindings(t *testing.T) {
	cb := &tandem.Codebook{}
	add := func(id string, level tandem.Level, parent string) {
		if _, err := cb.Add(id, level, parent, tandem.NodeText{Name: id}, tandem.StatusActive, nil); err != nil {
			t.Fatal(err)
		}
	}
	add("D1", tandem.LevelDomain, "")
	add("C1", tandem.LevelCategory, "D1")
	add("T1", tandem.LevelTheme, "C1")
	add("T2", tandem.LevelTheme, "C1")
	add("Old", tandem.LevelTheme, "C1")
	add("C2", tandem.LevelCategory, "D1")
	add("T4", tandem.LevelTheme, "C2")
	add("D2", tandem.LevelDomain, "")
	add("C3", tandem.LevelCategory, "D2")
	add("T3", tandem.LevelTheme, "C3")
	if _, err := cb.Add("P", tandem.LevelTheme, "C2", tandem.NodeText{Name: "P"}, tandem.StatusProposed, nil); err != nil {
		t.Fatal(err)
	}
	if err := cb.Merge("Old", "T2"); err != nil {
		t.Fatal(err)
	}
	set := func(ex ...[]string) *tandem.CodingSet {
		s := &tandem.CodingSet{CoderID: tandem.ConsensusCoder, Excerpts: []tandem.Excerpt{}}
		for i, th := range ex {
			s.Excerpts = append(s.Excerpts, tandem.Excerpt{ID: fmt.Sprint("e", i), Start: i, End: i + 1, Themes: th})
		}
		return s
	}
	ts := []ConsensusTranscript{
		{ID: "t1", Title: "One", Participant: "P1", Consensus: set([]string{"T1"}, []string{"T1", "T2"})},
		{ID: "t2", Title: "Two", Participant: "p1", Consensus: set([]string{"T1"})},
		{ID: "t3", Title: "Three", Consensus: set([]string{"T3"})},
		{ID: "t4", Title: "Four", Participant: "P2", Consensus: set([]string{"Old"})},
		{ID: "t5", Title: "Five", Participant: "P3"},
	}
	xs := []tandem.Exemplar{
		{ID: "x1", ThemeID: "T1", TranscriptID: "t1", Text: "first"},
		{ID: "x2", ThemeID: "T1", TranscriptID: "t2", Text: "the example", CodebookExample: true},
		{ID: "x3", ThemeID: "Old", TranscriptID: "t4", Text: "merged since"},
		{ID: "x4", ThemeID: "T1", TranscriptID: "t5", Text: "no consensus"},
	}
	f := BuildFindings(cb, ts, xs)
	if f.Transcripts != 4 || f.Participants != 3 {
		t.Fatalf("out of %d transcripts and %d participants, want 4 and 3", f.Transcripts, f.Participants)
	}
	var got []string
	for _, r := range f.Rows {
		var q []string
		for _, x := range r.Quotes {
			q = append(q, x.ID+"@"+x.Participant)
		}
		got = append(got, fmt.Sprintf("%s %s %d/%d/%d %s", r.Level, r.NodeID, r.Transcripts, r.Participants, r.Excerpts, strings.Join(q, ",")))
	}
	want := []string{
		"domain D1 3/2/4 ",
		"category C1 3/2/4 ",
		"theme T1 2/1/3 x2@p1,x1@P1",
		"theme T2 2/2/2 x3@P2",
		"category C2 0/0/0 ",
		"theme T4 0/0/0 ",
		"domain D2 1/1/1 ",
		"category C3 1/1/1 ",
		"theme T3 1/1/1 ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if empty := BuildFindings(cb, nil, nil); empty.Transcripts != 0 || len(empty.Rows) != 9 || empty.Rows[2].Quotes == nil {
		t.Errorf("no consensus yet: %+v", empty)
	}
}

func TestCandidates(t *testing.T) {
	cb := &tandem.Codebook{}
	for _, n := range []struct {
		id    string
		level tandem.Level
		up    string
	}{{"D", tandem.LevelDomain, ""}, {"C", tandem.LevelCategory, "D"}, {"T", tandem.LevelTheme, "C"}, {"U", tandem.LevelTheme, "C"}, {"Old", tandem.LevelTheme, "C"}} {
		if _, err := cb.Add(n.id, n.level, n.up, tandem.NodeText{Name: n.id}, tandem.StatusActive, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := cb.Merge("Old", "T"); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("x", tandem.MaxExemplarChars+5)
	texts := map[string][]rune{"t1": []rune("Hello there. I felt at home 😊 there."), "t2": []rune(long)}
	ex := func(id string, s, e int, th ...string) tandem.Excerpt {
		return tandem.Excerpt{ID: id, Start: s, End: e, Themes: th}
	}
	ts := []ConsensusTranscript{
		{ID: "t1", Title: "One", Participant: "P1", Consensus: &tandem.CodingSet{Excerpts: []tandem.Excerpt{
			ex("b", 13, 30, "Old"), ex("a", 0, 13, "T", "U"), ex("c", 0, 5, "U")}}},
		{ID: "t2", Title: "Two", Consensus: &tandem.CodingSet{Excerpts: []tandem.Excerpt{ex("d", 0, len(long), "T")}}},
		{ID: "t3", Title: "Three"},
	}
	read := 0
	got := Candidates(cb, "T", ts, []tandem.Exemplar{{ThemeID: "T", TranscriptID: "t1", ExcerptID: "b"}, {ThemeID: "U", TranscriptID: "t1", ExcerptID: "a"}},
		func(id string) []rune { read++; return texts[id] })
	var lines []string
	for _, c := range got {
		lines = append(lines, fmt.Sprintf("%s/%s %q picked=%v long=%v %d", c.TranscriptID, c.ExcerptID, c.Text[:min(len(c.Text), 30)], c.Picked, c.TooLong, len([]rune(c.Text))))
	}
	want := []string{
		`t1/a "Hello there." picked=false long=false 12`,
		`t1/b "I felt at home 😊" picked=true long=false 16`,
		`t2/d "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" picked=false long=true 5000`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") || read != 2 {
		t.Errorf("candidates (%d texts read):\n%s\nwant:\n%s", read, strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}
