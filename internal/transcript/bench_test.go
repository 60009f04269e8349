package transcript

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkParseDocx1MiB parses a Word transcript whose .docx file is at
// least 1 MiB (a long interview of alternating turns of varied words, so that
// it compresses like real text). Target: under 200 ms.
func BenchmarkParseDocx1MiB(b *testing.B) {
	words := strings.Fields("so I went to the centre on a Tuesday and someone made me tea it felt relaxed nobody judged me the group helped with coping we walked together training leadership friends job hope recovery community café naïve 🙂")
	seed := uint32(1)
	next := func() string {
		seed = seed*1664525 + 1013904223
		return words[int(seed>>16)%len(words)]
	}
	var body strings.Builder
	var data []byte
	for round := 0; len(data) < 1<<20; round++ {
		for i := 0; i < 2000; i++ {
			speaker := "Interviewer"
			if i%2 == 1 {
				speaker = "Participant"
			}
			var s strings.Builder
			for range 40 {
				s.WriteString(next())
				s.WriteByte(' ')
			}
			fmt.Fprintf(&body, `<w:p><w:r><w:t xml:space="preserve">%s: </w:t></w:r><w:r><w:t>%s</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>%d</w:t></w:r></w:p>`, speaker, s.String(), round*2000+i)
		}
		data = zipOf(b, map[string]string{"word/document.xml": doc(body.String())})
	}
	b.Logf("docx file %d bytes, document.xml %d bytes", len(data), body.Len())
	b.ResetTimer()
	for range b.N {
		p, err := Parse("long.docx", data, DefaultLimits)
		if err != nil || len(p.Turns) < 2000 {
			b.Fatal(err)
		}
	}
}
