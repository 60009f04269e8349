package transcript

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated fixtures in testdata")

// Tracked changes as Word writes them: w:del and w:ins with their author
// and date, a sentence moved (w:moveFrom, w:moveTo), a paragraph's old
// style (w:pPrChange) and a deleted paragraph.
const change = `w:author="Robin Lead" w:date="2024-05-03T10:00:00Z"`

func trackedDocx(t testing.TB) []byte {
	return wordFile(t, styled("Title", "Interview 15 (fictional, written for Tandem)")+
		para("Interviewer: What changed for you last year?")+
		`<w:p><w:del w:id="1" `+change+`><w:r><w:delText>Speaker 2</w:delText></w:r></w:del>`+
		`<w:ins w:id="2" `+change+`>`+run("Participant")+`</w:ins>`+run(": I moved into my own flat.")+
		`<w:moveFromRangeStart w:id="3" `+change+` w:name="move1"/>`+
		`<w:moveFrom w:id="4" `+change+`>`+run(" Later I found the writing group.")+`</w:moveFrom>`+
		`<w:moveFromRangeEnd w:id="3"/>`+
		`<w:ins w:id="5" `+change+`>`+run(" It took a year.")+`</w:ins></w:p>`+
		para("Interviewer: And the centre?")+
		`<w:p>`+run("Participant: The centre helped me settle.")+
		`<w:moveToRangeStart w:id="6" `+change+` w:name="move1"/>`+
		`<w:moveTo w:id="7" `+change+`>`+run(" Later I found the writing group.")+`</w:moveTo>`+
		`<w:moveToRangeEnd w:id="6"/>`+
		`<w:del w:id="8" `+change+`><w:r><w:delText xml:space="preserve"> I never went back.</w:delText></w:r></w:del></w:p>`+
		`<w:p><w:pPr><w:pPrChange w:id="9" `+change+`><w:pPr><w:pStyle w:val="Heading1"/></w:pPr></w:pPrChange></w:pPr>`+
		`<w:r><w:rPr><w:b/><w:rPrChange w:id="10" `+change+`><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr><w:t>Interviewer: Thank you.</w:t></w:r></w:p>`+
		`<w:p><w:pPr><w:rPr><w:del w:id="11" `+change+`/></w:rPr></w:pPr>`+
		`<w:del w:id="12" `+change+`><w:r><w:delText>Participant: This answer was taken out.</w:delText></w:r></w:del></w:p>`)
}

// A meeting tool's transcript: the name and the time on one line, the words
// on the next.
func teamsDocx(t testing.TB) []byte {
	return wordFile(t, styled("Title", "Peer support check-in (fictional, written for Tandem)")+
		para("3 May 2024, 10:02")+
		para("Lopez, Maria   0:03")+para("Thanks for joining. How has the week been?")+
		para("Chen, Sam   0:09")+para("Better than last week.")+para("I went to the drop-in twice.")+
		para("Lopez, Maria   1:02")+para("What made the difference?")+
		para("Chen, Sam   1:15")+para("People remembered my name."))
}

// A transcript typed by hand: each speaker's name in capitals on a line of
// its own, headings in Word's heading style.
func namesDocx(t testing.TB) []byte {
	return wordFile(t, styled("Heading1", "Interview 4 (fictional, written for Tandem)")+
		para("Recorded at the drop-in centre.")+
		styled("Heading1", "Transcript")+
		para("INTERVIEWER")+para("What brought you to the group?")+
		para("MARIA")+para("A leaflet at the library. I almost did not come.")+para("OK")+para("So I came back the week after.")+
		para("INTERVIEWER")+para("And now?")+
		para("MARIA")+para("Now I help run it.")+
		para("DANIEL")+para("Sorry I'm late!"))
}

// A transcription service's table (time, speaker, text) after a cover
// sheet of the interview's details.
func tableDocx(t testing.TB) []byte {
	return wordFile(t, styled("Title", "Interview 9 (fictional, written for Tandem)")+
		table([]string{"Participant", "P09"}, []string{"Date", "12 March 2024"}, []string{"Interviewer", "Jo"}, []string{"Site", "Northside drop-in"})+
		`<w:p/>`+
		table([]string{"Time", "Speaker", "Text"},
			[]string{"00:00:04", "Interviewer", "How did you hear about the centre?"},
			[]string{"00:00:09", "P09", "My nurse told me.\nI went the next week."},
			[]string{"00:00:21", "Interviewer", "What was it like?"},
			[]string{"00:00:25", "", "Take your time."},
			[]string{"00:00:31", "P09", "Warm. Someone made me tea."})+
		para("End of transcript."))
}

// An OpenDocument text as LibreOffice writes one: styles, spans, spaces,
// a tab, a line break, a comment, a footnote, tracked changes (a deletion
// kept in the tracked-changes region, an insertion in the text) and a table
// of speakers and their words.
func interviewODT(t testing.TB) []byte {
	content := odtContent(
		`<text:tracked-changes text:track-changes="false">` +
			`<text:changed-region xml:id="ct1" text:id="ct1"><text:deletion><office:change-info><dc:creator>Robin Lead</dc:creator><dc:date>2024-05-03T10:00:00</dc:date></office:change-info>` +
			`<text:p>Participant: I hated it at first.</text:p></text:deletion></text:changed-region>` +
			`<text:changed-region xml:id="ct2" text:id="ct2"><text:insertion><office:change-info><dc:creator>Robin Lead</dc:creator><dc:date>2024-05-03T10:01:00</dc:date></office:change-info></text:insertion></text:changed-region>` +
			`</text:tracked-changes>` +
			`<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>` +
			`<text:h text:style-name="Heading_20_1" text:outline-level="1">Interview 21 (fictional, written for Tandem)</text:h>` +
			`<text:p text:style-name="P1">Note: names are invented.<office:annotation><dc:creator>Robin Lead</dc:creator><text:p>Check the spelling of the café.</text:p></office:annotation></text:p>` +
			`<text:p text:style-name="Standard">Interviewer:<text:tab/>How did the group start?</text:p>` +
			"<text:p text:style-name=\"Standard\"><text:change text:change-id=\"ct1\"/><text:span text:style-name=\"T1\">Participant</text:span>: We met\n      in a café.<text:line-break/>Then at the library." +
			`<text:change-start text:change-id="ct2"/> It was small.<text:change-end text:change-id="ct2"/></text:p>` +
			`<text:p text:style-name="Standard">Interviewer: Who came?</text:p>` +
			`<text:p text:style-name="Standard">Participant: Ten of us,<text:s/>maybe more.<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>The library on Main Street.</text:p></text:note-body></text:note></text:p>` +
			`<table:table table:name="Table1"><table:table-column table:number-columns-repeated="2"/>` +
			`<table:table-row><table:table-cell office:value-type="string"><text:p>Interviewer</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>And now?</text:p></table:table-cell></table:table-row>` +
			`<table:table-row><table:table-cell office:value-type="string"><text:p>Participant</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Now I run the group on Tuesdays.</text:p></table:table-cell></table:table-row>` +
			`<table:table-row><table:table-cell office:value-type="string"><text:p>Interviewer</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Thank you so much.</text:p></table:table-cell></table:table-row>` +
			`</table:table>`)
	content = strings.Replace(content, `<office:body>`, `<office:automatic-styles><style:style xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" style:name="T1" style:family="text"/></office:automatic-styles><office:body>`, 1)
	return odtFile(t, odtMime, content, odtManifest(""), map[string]string{
		"meta.xml": `<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="` + officeNS + `" office:version="1.3"><office:meta/></office:document-meta>`,
	})
}

// An automatic transcription's text export: the speaker and the time on one
// line, the words on the next.
const otterTxt = `Speaker 1  0:03
Thanks for coming in today. Shall we start?

Speaker 2  0:07
Yes. I have been coming to the centre for two years.

Speaker 1  0:15
What keeps you coming back?

Speaker 2  1:02:05
The people, mostly.
`

// generated are the fixtures this file writes into testdata (go test -run
// TestGeneratedFixtures -update).
var generated = map[string]func(testing.TB) []byte{
	"tracked.docx":  trackedDocx,
	"teams.docx":    teamsDocx,
	"names.docx":    namesDocx,
	"table.docx":    tableDocx,
	"interview.odt": interviewODT,
	"otter.txt":     func(testing.TB) []byte { return []byte(otterTxt) },
}

// TestGeneratedFixtures checks that the fixtures in testdata are the ones
// the code above writes (zips compared part by part, as compression may
// differ between Go versions); -update writes them.
func TestGeneratedFixtures(t *testing.T) {
	for name, build := range generated {
		want := build(t)
		if *update {
			if err := os.WriteFile("testdata/"+name, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got := fixture(t, name)
		if a, b := zipParts(t, got), zipParts(t, want); a != b {
			t.Errorf("testdata/%s is not what the code writes; run go test ./internal/transcript -run TestGeneratedFixtures -update", name)
		}
	}
}

// zipParts lists a zip's parts and their content, or returns the bytes of
// a file that is not a zip.
func zipParts(t *testing.T, data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return string(data)
	}
	var b strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		part, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %d\n%s\n", f.Name, f.Method, part)
	}
	return b.String()
}
