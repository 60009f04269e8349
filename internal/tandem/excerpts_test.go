package tandem

import (
	"reflect"
	"strings"
	"testing"
)

// excerptProject is a small study: two themes in one category of one
// domain, a third theme in another category, and a theme merged into the
// first; a peer and an academic coder; one transcript of three turns.
func excerptProject(t *testing.T) (*Codebook, *Project, *TranscriptIndex, ExcerptSource) {
	t.Helper()
	cb := &Codebook{}
	for _, n := range []struct {
		id     string
		level  Level
		parent string
		name   string
	}{
		{"d", LevelDomain, "", "RLC Attributes"},
		{"c1", LevelCategory, "d", "Atmosphere"},
		{"welcome", LevelTheme, "c1", "Welcoming"},
		{"safe", LevelTheme, "c1", "Safe space"},
		{"old", LevelTheme, "c1", "Friendly"},
		{"c2", LevelCategory, "d", "Opportunities"},
		{"learn", LevelTheme, "c2", "Learning"},
	} {
		if _, err := cb.Add(n.id, n.level, n.parent, NodeText{Name: n.name}, StatusActive, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := cb.Merge("old", "welcome"); err != nil {
		t.Fatal(err)
	}
	p := &Project{Members: []Member{
		{UserID: "u-peer", DisplayName: "Pat Peer", ResearcherType: ResearcherPeer},
		{UserID: "u-acad", DisplayName: "Alex Academic", ResearcherType: ResearcherAcademic},
		{UserID: "u-other", DisplayName: "Nur Nurse", ResearcherType: ResearcherOther, ResearcherTypeLabel: "nurse"},
	}}
	// Turns: "How was it?" [0,11), the answer [12,47), "Good." [48,53).
	text := "How was it?\nIt felt welcoming. I learned a lot.\nGood."
	info := &TranscriptInfo{ID: "t1", Title: "Interview 1", Participant: "P01"}
	x := &TranscriptIndex{Transcripts: []TranscriptInfo{*info, {ID: "t2", Title: "Interview 2"}}}
	src := ExcerptSource{Info: info, Text: []rune(text), Turns: []Turn{
		{Speaker: "Interviewer", Start: 0, End: 11}, {Speaker: "Participant", Start: 12, End: 47}, {Speaker: "Interviewer", Start: 48, End: 53}},
		Sets: []*CodingSet{
			{CoderID: "u-peer", Status: CodingSubmitted, Excerpts: []Excerpt{
				{ID: "p1", Start: 12, End: 29, Themes: []string{"old", "safe"}, Memo: "=felt at home"},
				{ID: "p2", Start: 31, End: 47, Themes: []string{"learn"}},
			}},
			{CoderID: "u-acad", Status: CodingInProgress, Excerpts: []Excerpt{
				{ID: "a1", Start: 5, End: 29, Themes: []string{"welcome"}},
			}},
			{CoderID: "gone", Status: CodingSubmitted, Excerpts: []Excerpt{
				{ID: "g1", Start: 48, End: 53, Themes: []string{"learn"}},
			}},
			{CoderID: ConsensusCoder, Status: CodingInProgress, Excerpts: []Excerpt{
				{ID: "k1", Start: 12, End: 29, Themes: []string{"welcome"}, Memo: "All agree."},
			}},
		}}
	return cb, p, x, src
}

func TestExcerptRows(t *testing.T) {
	cb, p, x, src := excerptProject(t)
	consensus := ExcerptRow{TranscriptID: "t1", Transcript: "Interview 1", Participant: "P01", Speaker: "Participant", Turn: 2, LastTurn: 2,
		Start: 12, End: 29, Text: "It felt welcoming", Memo: "All agree.", ExcerptID: "k1", CoderID: ConsensusCoder, Coder: "Consensus",
		ThemeID: "welcome", Domain: "RLC Attributes", Category: "Atmosphere", Theme: "Welcoming"}
	// The academic's excerpt starts in the interviewer's question and runs
	// on into the participant's answer: the speaker is the first turn's.
	acad := ExcerptRow{TranscriptID: "t1", Transcript: "Interview 1", Participant: "P01", Speaker: "Interviewer", Turn: 1, LastTurn: 2,
		Start: 5, End: 29, Text: "as it?\nIt felt welcoming", ExcerptID: "a1", CoderID: "u-acad", Coder: "Alex Academic",
		ResearcherType: "academic", Status: CodingInProgress, ThemeID: "welcome", Domain: "RLC Attributes", Category: "Atmosphere", Theme: "Welcoming"}
	// The peer's first excerpt carries a merged theme (read as the one it
	// was merged into) and a second theme: one row each, codebook order.
	peerWelcome := ExcerptRow{TranscriptID: "t1", Transcript: "Interview 1", Participant: "P01", Speaker: "Participant", Turn: 2, LastTurn: 2,
		Start: 12, End: 29, Text: "It felt welcoming", Memo: "=felt at home", ExcerptID: "p1", CoderID: "u-peer", Coder: "Pat Peer",
		ResearcherType: "peer", Status: CodingSubmitted, ThemeID: "welcome", Domain: "RLC Attributes", Category: "Atmosphere", Theme: "Welcoming"}
	peerSafe := peerWelcome
	peerSafe.ThemeID, peerSafe.Theme = "safe", "Safe space"
	peerLearn := ExcerptRow{TranscriptID: "t1", Transcript: "Interview 1", Participant: "P01", Speaker: "Participant", Turn: 2, LastTurn: 2,
		Start: 31, End: 47, Text: "I learned a lot.", ExcerptID: "p2", CoderID: "u-peer", Coder: "Pat Peer", ResearcherType: "peer",
		Status: CodingSubmitted, ThemeID: "learn", Domain: "RLC Attributes", Category: "Opportunities", Theme: "Learning"}
	gone := ExcerptRow{TranscriptID: "t1", Transcript: "Interview 1", Participant: "P01", Speaker: "Interviewer", Turn: 3, LastTurn: 3,
		Start: 48, End: 53, Text: "Good.", ExcerptID: "g1", CoderID: "gone", Coder: "Former member", Status: CodingSubmitted,
		ThemeID: "learn", Domain: "RLC Attributes", Category: "Opportunities", Theme: "Learning"}
	for _, tc := range []struct {
		name                      string
		sets, themes, transcripts string
		want                      []ExcerptRow
	}{
		{"both, everything", "", "", "", []ExcerptRow{acad, consensus, peerWelcome, peerSafe, peerLearn, gone}},
		{"consensus only", "consensus", "", "", []ExcerptRow{consensus}},
		{"coders only", "coders", "", "", []ExcerptRow{acad, peerWelcome, peerSafe, peerLearn, gone}},
		{"a theme", "both", "safe", "", []ExcerptRow{peerSafe}},
		{"a merged theme stands for the theme it is in now", "coders", "old", "", []ExcerptRow{acad, peerWelcome}},
		{"a category: its themes", "coders", "c2", "", []ExcerptRow{peerLearn, gone}},
		{"a domain: every theme", "consensus", "d", "t1", []ExcerptRow{consensus}},
		{"another transcript", "both", "", "t2", nil},
		{"two themes, spaces", "coders", " learn , safe ", "", []ExcerptRow{peerSafe, peerLearn, gone}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ParseExcerptFilter(cb, x, tc.sets, tc.themes, tc.transcripts)
			if err != nil {
				t.Fatal(err)
			}
			got := ExcerptRows(cb, p, src, f)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("rows:\n%+v\nwant:\n%+v", got, tc.want)
			}
		})
	}
}

func TestParseExcerptFilterRefuses(t *testing.T) {
	cb, _, x, _ := excerptProject(t)
	for _, tc := range []struct{ sets, themes, transcripts, field string }{
		{"all", "", "", "sets"},
		{"Consensus", "", "", "sets"},
		{"", "no-such-theme", "", "themes"},
		{"", "welcome,nope", "", "themes"},
		{"", "", "t9", "transcripts"},
	} {
		_, err := ParseExcerptFilter(cb, x, tc.sets, tc.themes, tc.transcripts)
		e, ok := err.(*Error)
		if !ok || e.Code != CodeInvalidInput || e.Details.(map[string]string)["field"] != tc.field {
			t.Errorf("%q %q %q: %v, want invalid %s", tc.sets, tc.themes, tc.transcripts, err, tc.field)
			continue
		}
		if strings.Contains(e.Message, "id") || !strings.HasSuffix(e.Message, ".") {
			t.Errorf("message %q is not plain", e.Message)
		}
	}
}

func TestExcerptFilterDescribe(t *testing.T) {
	cb, _, x, _ := excerptProject(t)
	f, err := ParseExcerptFilter(cb, x, "consensus", "c1,learn", "t2")
	if err != nil {
		t.Fatal(err)
	}
	sets, themes, transcripts := f.Describe()
	if sets != "the consensus only" || themes != "Atmosphere (category); Learning (theme)" || transcripts != "Interview 2" {
		t.Errorf("Describe: %q, %q, %q", sets, themes, transcripts)
	}
	f, _ = ParseExcerptFilter(cb, x, "", "", "")
	if sets, themes, transcripts = f.Describe(); sets != "the consensus and every coder's coding" || themes != "all" || transcripts != "all" {
		t.Errorf("Describe of no filter: %q, %q, %q", sets, themes, transcripts)
	}
}

func TestTurnsOf(t *testing.T) {
	turns := []Turn{{Speaker: "A", Start: 0, End: 10}, {Speaker: "B", Start: 11, End: 20}, {Speaker: "A", Start: 20, End: 30}}
	for _, tc := range []struct {
		start, end, first, last int
		speaker                 string
	}{
		{0, 5, 1, 1, "A"},
		{10, 11, 0, 0, ""},  // the line break between two turns
		{10, 15, 2, 2, "B"}, // starts on the line break: the first turn it touches
		{5, 25, 1, 3, "A"},
		{25, 25, 3, 3, "A"}, // empty: the turn it sits in
		{40, 45, 0, 0, ""},  // outside every turn
	} {
		first, last, speaker := turnsOf(turns, tc.start, tc.end)
		if first != tc.first || last != tc.last || speaker != tc.speaker {
			t.Errorf("[%d,%d): %d %d %q, want %d %d %q", tc.start, tc.end, first, last, speaker, tc.first, tc.last, tc.speaker)
		}
	}
}

func TestExcerptCounts(t *testing.T) {
	cb, p, x, src := excerptProject(t)
	f, _ := ParseExcerptFilter(cb, x, "", "", "")
	var c ExcerptCounts
	for _, r := range ExcerptRows(cb, p, src, f) {
		c.Add(&r)
	}
	if c.Rows != 6 || c.Excerpts != 5 || c.Transcripts != 1 {
		t.Errorf("counts %+v, want 6 rows, 5 excerpts, 1 transcript", c)
	}
}
