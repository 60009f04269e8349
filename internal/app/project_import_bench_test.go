package app_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tandemqda/tandem/internal/app"
	"github.com/tandemqda/tandem/internal/mongodb/mongotest"
	"github.com/tandemqda/tandem/internal/refiqda"
	"github.com/tandemqda/tandem/internal/tandem"
)

// benchProjectFile is a .qdpx of 100 transcripts coded by 8 coders with
// 100,000 selections in all (125 per coder and transcript), each with one
// of 30 themes, every tenth with a memo.
func benchProjectFile(b *testing.B) []byte {
	b.Helper()
	const transcripts, coders, perSet, themes = 100, 8, 125, 30
	p := &refiqda.Project{Name: "Bench", Origin: "Tandem bench"}
	for u := range coders {
		p.Users = append(p.Users, refiqda.User{GUID: refiqda.GUID("user", fmt.Sprint(u)), Name: fmt.Sprintf("Coder %d", u+1)})
	}
	var cats []refiqda.Code
	for c := range 3 {
		cat := refiqda.Code{GUID: refiqda.GUID("cat", fmt.Sprint(c)), Name: fmt.Sprintf("Category %d", c+1)}
		for th := range themes / 3 {
			cat.Codes = append(cat.Codes, refiqda.Code{GUID: refiqda.GUID("theme", fmt.Sprint(c*10+th)), Name: fmt.Sprintf("Theme %d", c*10+th+1), IsCodable: true})
		}
		cats = append(cats, cat)
	}
	p.Codes = []refiqda.Code{{GUID: refiqda.GUID("domain"), Name: "Domain", Codes: cats}}
	line := "Participant: I think the group helped me a lot, because people listened without judging. "
	text := strings.Repeat(line, 60) // 5,400 characters, 900 words
	words := len(line)
	p.Sources = func(yield func(*refiqda.Source, error) bool) {
		for t := range transcripts {
			s := &refiqda.Source{GUID: refiqda.GUID("source", fmt.Sprint(t)), Name: fmt.Sprintf("Interview %d", t+1), Text: text}
			for u := range coders {
				for i := range perSet {
					start := (i % 60) * words
					sel := refiqda.Selection{GUID: refiqda.GUID("sel", fmt.Sprint(t, u, i)), Start: start, End: start + words - 1,
						CreatingUser: p.Users[u].GUID, CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
					sel.Codings = []refiqda.Coding{{GUID: refiqda.GUID("coding", fmt.Sprint(t, u, i)), Code: refiqda.GUID("theme", fmt.Sprint((t+u+i)%themes)), CreatingUser: sel.CreatingUser}}
					if i%10 == 0 {
						sel.Note = &refiqda.Note{GUID: refiqda.GUID("note", fmt.Sprint(t, u, i)), Text: "A memo on this excerpt."}
					}
					s.Selections = append(s.Selections, sel)
				}
			}
			if !yield(s, nil) {
				return
			}
		}
	}
	var buf bytes.Buffer
	if _, err := refiqda.WriteProject(&buf, p); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkImportProject imports 100 transcripts x 8 coders with 100,000
// excerpts into the embedded store; it reports the excerpts made and the
// heap in use at the end.
func BenchmarkImportProject(b *testing.B) {
	data := benchProjectFile(b)
	ctx := context.Background()
	s := mongotest.Open(b)
	a := app.New(app.Config{Store: s})
	lead := &tandem.User{ID: "lead", Name: "Lee"}
	b.ReportMetric(float64(len(data))/(1<<20), "file-MB")
	b.ResetTimer()
	for range b.N {
		im, err := a.ImportProject(ctx, lead, data, false)
		if err != nil {
			b.Fatal(err)
		}
		if im.Excerpts != 100_000 {
			b.Fatalf("%d excerpts", im.Excerpts)
		}
	}
	b.StopTimer()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapSys)/(1<<20), "heap-sys-MB")
}
