package report

import (
	"reflect"
	"testing"

	"github.com/tandemqda/tandem/internal/tandem"
)

// queueSample: two turns "Hello there. How are you?" and "I am fine."; A
// (peer) and B (academic) submitted.
func queueSample(a, b []tandem.Excerpt) (*tandem.Codebook, []Coder, Transcript) {
	cb, coders, _ := sample()
	text := []rune("Hello there. How are you?\nI am fine.")
	t := Transcript{ID: "t1", Text: text, Turns: []tandem.Turn{{Start: 0, End: 25}, {Start: 26, End: len(text)}},
		Sets: []*tandem.CodingSet{{CoderID: "A", Excerpts: a}, {CoderID: "B", Excerpts: b}}}
	return cb, coders[:2], t
}

func ex(id string, s, e int, memo string, th ...string) tandem.Excerpt {
	return tandem.Excerpt{ID: id, Start: s, End: e, Themes: th, Memo: memo}
}

// itemView is what a test compares of an item.
type itemView struct {
	Theme      string
	Span       Span
	Applied    []string
	NotApplied []string
	Agreed     bool
	Consensus  Span
}

func view(items []Item) []itemView {
	out := []itemView{}
	for _, it := range items {
		v := itemView{Theme: it.Theme, Span: it.Span, Agreed: it.Agreed, Consensus: it.Consensus}
		for _, a := range it.Applied {
			v.Applied = append(v.Applied, a.ID)
		}
		for _, n := range it.NotApplied {
			v.NotApplied = append(v.NotApplied, n.ID)
		}
		out = append(out, v)
	}
	return out
}

func TestQueue(t *testing.T) {
	for _, tc := range []struct {
		name       string
		a, b       []tandem.Excerpt
		rule       string
		minOverlap int
		want       []itemView
	}{
		{
			name: "turns: both applied T to the first turn, only A applied U",
			a:    []tandem.Excerpt{ex("a1", 0, 11, "", "T"), ex("a2", 26, 30, "", "U")},
			b:    []tandem.Excerpt{ex("b1", 6, 24, "", "T")},
			rule: UnitTurn, minOverlap: 1,
			want: []itemView{
				{"T", Span{0, 25}, []string{"A", "B"}, nil, true, Span{0, 24}},
				{"U", Span{26, 36}, []string{"A"}, []string{"B"}, false, Span{26, 30}},
			},
		},
		{
			name: "sentences: the excerpts fall into different sentences",
			a:    []tandem.Excerpt{ex("a1", 0, 11, "", "T")},
			b:    []tandem.Excerpt{ex("b1", 13, 24, "", "T")},
			rule: UnitSentence, minOverlap: 1,
			want: []itemView{
				{"T", Span{0, 12}, []string{"A"}, []string{"B"}, false, Span{0, 11}},
				{"T", Span{13, 25}, []string{"B"}, []string{"A"}, false, Span{13, 24}},
			},
		},
		{
			name: "turns: an excerpt across two turns is clipped to each",
			a:    []tandem.Excerpt{ex("a1", 20, 30, "", "T")},
			b:    []tandem.Excerpt{ex("b1", 0, 25, "", "T")},
			rule: UnitTurn, minOverlap: 1,
			want: []itemView{
				{"T", Span{0, 25}, []string{"A", "B"}, nil, true, Span{0, 25}},
				{"T", Span{26, 36}, []string{"A"}, []string{"B"}, false, Span{26, 30}},
			},
		},
		{
			name: "turns: too little overlap does not count",
			a:    []tandem.Excerpt{ex("a1", 22, 36, "", "T")},
			b:    []tandem.Excerpt{ex("b1", 26, 36, "", "T")},
			rule: UnitTurn, minOverlap: 5,
			want: []itemView{
				{"T", Span{26, 36}, []string{"A", "B"}, nil, true, Span{26, 36}},
			},
		},
		{
			name: "span: overlapping excerpts form one cluster with their envelope",
			a:    []tandem.Excerpt{ex("a1", 0, 11, "", "T")},
			b:    []tandem.Excerpt{ex("b1", 6, 24, "", "T")},
			rule: UnitSpan, minOverlap: 3,
			want: []itemView{{"T", Span{0, 24}, []string{"A", "B"}, nil, true, Span{0, 24}}},
		},
		{
			name: "span: an overlap below the minimum leaves two clusters",
			a:    []tandem.Excerpt{ex("a1", 0, 8, "", "T")},
			b:    []tandem.Excerpt{ex("b1", 6, 24, "", "T")},
			rule: UnitSpan, minOverlap: 3,
			want: []itemView{
				{"T", Span{0, 8}, []string{"A"}, []string{"B"}, false, Span{0, 8}},
				{"T", Span{6, 24}, []string{"B"}, []string{"A"}, false, Span{6, 24}},
			},
		},
		{
			name: "span: one coder's two excerpts are linked through the other's",
			a:    []tandem.Excerpt{ex("a1", 0, 5, "", "T"), ex("a2", 10, 15, "", "T")},
			b:    []tandem.Excerpt{ex("b1", 2, 12, "", "T")},
			rule: UnitSpan, minOverlap: 2,
			want: []itemView{{"T", Span{0, 15}, []string{"A", "B"}, nil, true, Span{0, 15}}},
		},
		{
			name: "nobody applied anything",
			rule: UnitTurn, minOverlap: 1,
			want: []itemView{},
		},
	} {
		cb, coders, tr := queueSample(tc.a, tc.b)
		if got := view(Queue(cb, coders, tr, tc.rule, tc.minOverlap)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
}

func TestQueueItemDetails(t *testing.T) {
	cb, coders, tr := queueSample([]tandem.Excerpt{ex("a1", 26, 30, "Feels fine", "U")}, nil)
	items := Queue(cb, coders, tr, UnitTurn, 1)
	if len(items) != 1 {
		t.Fatalf("items: %+v", items)
	}
	it := items[0]
	if it.Text != "I am fine." || it.Applied[0].Memos[0] != "Feels fine" || it.Applied[0].Type != tandem.ResearcherPeer ||
		it.NotApplied[0].Type != tandem.ResearcherAcademic || !reflect.DeepEqual(it.Applied[0].Spans, []Span{{26, 30}}) {
		t.Errorf("item: %+v", it)
	}
	// The id stays when an excerpt changes; the fingerprint does not.
	tr.Sets[0].Excerpts[0].End = 33
	again := Queue(cb, coders, tr, UnitTurn, 1)[0]
	if again.ID != it.ID || again.Fingerprint == it.Fingerprint {
		t.Errorf("after a change: id %s -> %s, fingerprint %s -> %s", it.ID, again.ID, it.Fingerprint, again.Fingerprint)
	}
	// Another rule is another item.
	if other := Queue(cb, coders, tr, UnitSentence, 1)[0]; other.ID == it.ID {
		t.Errorf("the sentence rule gives the turn rule's id")
	}
}

func TestQueueItemBuildsTheOneAsked(t *testing.T) {
	cb, coders, tr := queueSample([]tandem.Excerpt{ex("a1", 0, 11, "", "T"), ex("a2", 26, 30, "", "U")}, []tandem.Excerpt{ex("b1", 6, 24, "", "T")})
	all := Queue(cb, coders, tr, UnitTurn, 1)
	for _, want := range all {
		if got := QueueItem(cb, coders, tr, UnitTurn, 1, want.ID); got == nil || !reflect.DeepEqual(*got, want) {
			t.Errorf("item %s: %+v, want %+v", want.ID, got, want)
		}
	}
	if got := QueueItem(cb, coders, tr, UnitTurn, 1, "nope"); got != nil {
		t.Errorf("an unknown id: %+v", got)
	}
}

func TestItemTextCountsCodePoints(t *testing.T) {
	cb, coders, _ := sample()
	text := []rune("Café 😬 ok\nnaïve e\u0301 end")
	tr := Transcript{ID: "t", Text: text, Turns: []tandem.Turn{{Start: 0, End: 9}, {Start: 10, End: len(text)}},
		Sets: []*tandem.CodingSet{{CoderID: "A", Excerpts: []tandem.Excerpt{ex("a", 5, 6, "", "T"), ex("b", 10, 17, "", "T")}}}}
	items := Queue(cb, coders[:1], tr, UnitSpan, 1)
	if len(items) != 2 || items[0].Text != "😬" || items[1].Text != "naïve e" {
		t.Fatalf("texts: %+v", items)
	}
	if items := Queue(cb, coders[:1], tr, UnitTurn, 1); items[1].Text != "naïve e\u0301 end" {
		t.Fatalf("turn text: %q", items[1].Text)
	}
}
