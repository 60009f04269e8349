package mongodb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemqda/tandem/internal/mongodb/mongotest"
	"github.com/tandemqda/tandem/internal/tandem"
)

func info(i int) tandem.TranscriptInfo {
	return tandem.TranscriptInfo{ID: fmt.Sprintf("t%05d", i), Title: fmt.Sprintf("Interview %d", i), Format: "docx", FileName: "interview.docx",
		Participant: "Alex", InterviewDate: "2026-03-14", Interviewer: "Jordan", Site: "Riverside", Attributes: map[string]string{"age band": "30-39"},
		ContentNote: "Discusses a hospital stay.", AssignedCoders: []string{"u1", "u2"}, Words: 9000, TurnCount: 400, TextHash: strings.Repeat("a", 64),
		CreatedAt: time.Now(), UpdatedAt: time.Now()}
}

// BenchmarkListTranscripts reads the index of a project with 200 transcripts
// while 10 other projects hold 2,000 more. Target: under 50 ms.
func BenchmarkListTranscripts(b *testing.B) {
	s := mongotest.Open(b)
	ctx := context.Background()
	for p := range 11 {
		_, err := s.UpdateTranscriptIndex(ctx, fmt.Sprint("p", p), func(x *tandem.TranscriptIndex) error {
			for i := range 200 {
				x.Transcripts = append(x.Transcripts, info(p*1000+i))
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		x, err := s.TranscriptIndex(ctx, "p5")
		if err != nil || len(x.Transcripts) != 200 {
			b.Fatal(err)
		}
	}
}

// BenchmarkFetchTranscript reads a 20,000-word transcript with 1,000 turns.
// Target: under 50 ms.
func BenchmarkFetchTranscript(b *testing.B) {
	s := mongotest.Open(b)
	ctx := context.Background()
	var text strings.Builder
	var turns []tandem.Turn
	words := strings.Fields("so I went to the centre on a Tuesday and someone made me tea it felt relaxed nobody judged me")
	for t := range 1000 {
		start := len([]rune(text.String()))
		for w := range 20 {
			text.WriteString(words[(t+w)%len(words)])
			text.WriteByte(' ')
		}
		at := int64(t * 5000)
		turns = append(turns, tandem.Turn{Speaker: []string{"Interviewer", "Participant"}[t%2], Start: start, End: len([]rune(text.String())) - 1, AtMillis: &at})
		text.WriteString("\n\n")
	}
	if err := s.PutTranscriptText(ctx, &tandem.TranscriptText{ID: "big", ProjectID: "p", Text: text.String(), Turns: turns}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		t, err := s.TranscriptText(ctx, "big")
		if err != nil || len(t.Turns) != 1000 {
			b.Fatal(err)
		}
	}
}
