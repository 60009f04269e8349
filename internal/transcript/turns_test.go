package transcript

import (
	"strings"
	"testing"
)

// turnsOf parses a file and renders its turns as "speaker@ms|text" joined
// by " / ".
func turnsOf(t *testing.T, name string, data []byte) string {
	t.Helper()
	p, err := Parse(name, data, DefaultLimits)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	checkInvariants(t, p)
	return strings.Join(show(p), " / ")
}

// TestSpeakerLabels holds the rules for "Name: words" labels, both ways:
// labels that must be found, and words with a colon that are not speakers.
func TestSpeakerLabels(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		// A timestamp followed by Name: is always a label.
		{"timestamp then a name said once",
			"Interviewer: How was it?\n\n[00:01:02] Sam: It was good.",
			"Interviewer|How was it? / Sam@62000|It was good."},
		{"timestamp label alone in a file",
			"[00:01:02] Sam: It was good.\nIt really was.",
			"Sam@62000|It was good.\nIt really was."},
		{"timestamp after the name",
			"Maria Lopez (00:00:09): I came on a Tuesday.",
			"Maria Lopez@9000|I came on a Tuesday."},
		{"timestamp after the colon",
			"Speaker 1: [00:00:03] Hello.\nSpeaker 2: [00:00:05] Hi there.",
			"Speaker 1@3000|Hello. / Speaker 2@5000|Hi there."},
		// In a file that has labels, a capitalised name said once is one.
		{"a name said once in a labelled file",
			"Interviewer: How was it?\nSam: It was good.\nInterviewer: Thank you.",
			"Interviewer|How was it? / Sam|It was good. / Interviewer|Thank you."},
		{"two and three capitalised words, a particle",
			"P1: Hello.\nMaria Lopez: Hi.\nDr Amy Chen: Welcome.\nJoão da Silva: Olá.\nP1: Bye.",
			"P1|Hello. / Maria Lopez|Hi. / Dr Amy Chen|Welcome. / João da Silva|Olá. / P1|Bye."},
		{"a role with a lower-case word",
			"Participant: I agree.\nLead interviewer: Noted.",
			"Participant|I agree. / Lead interviewer|Noted."},
		// Not speakers.
		{"a name said once without other labels",
			"Sam: it was good.\nWe talked for an hour.",
			"|Sam: it was good. / |We talked for an hour."},
		{"Note is never a speaker",
			"Interviewer: Hi.\nNote: the participant laughs.\nP1: Yes.",
			"Interviewer|Hi.\nNote: the participant laughs. / P1|Yes."},
		{"Note twice is still not a speaker",
			"Note: first.\nInterviewer: Hi.\nNote: second.\nP1: Hello.",
			"|Note: first. / Interviewer|Hi.\nNote: second. / P1|Hello."},
		{"Note with a timestamp is not a speaker",
			"Interviewer: Hi.\n[00:10:00] Note: the tape was changed.",
			"Interviewer|Hi.\n[00:10:00] Note: the tape was changed."},
		{"cover lines before the first label",
			"Date: 3 May 2024\nLocation: Northside drop-in\nTranscribed by: Jo\nInterviewer: Hi.\nP1: Hello.",
			"|Date: 3 May 2024 / |Location: Northside drop-in / |Transcribed by: Jo / Interviewer|Hi. / P1|Hello."},
		{"reported speech is not a label",
			"Interviewer: What did she say?\nP1: She was kind.\nMy mum said: come home.",
			"Interviewer|What did she say? / P1|She was kind.\nMy mum said: come home."},
		{"interview-guide and calendar words",
			"Interviewer: What do you do?\nP1: Groups.\nMonday: art.\nProbe: ask about friends.\nP1: Yes.",
			"Interviewer|What do you do? / P1|Groups.\nMonday: art.\nProbe: ask about friends. / P1|Yes."},
		{"a reply word with a colon",
			"Interviewer: Ready?\nP1: Yes.\nWell: it depends.",
			"Interviewer|Ready? / P1|Yes.\nWell: it depends."},
		{"a lower-case name",
			"Interviewer: Ready?\nsam: yes.",
			"Interviewer|Ready?\nsam: yes."},
		{"four words said once",
			"Interviewer: Ready?\nThe Thing Is Hard: really.",
			"Interviewer|Ready?\nThe Thing Is Hard: really."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := turnsOf(t, "t.txt", []byte(tc.src)); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestNameLines holds the rules for a speaker's name alone on its line
// above the words, both ways, including prose with headings.
func TestNameLines(t *testing.T) {
	for _, tc := range []struct{ name, file, src, want string }{
		{"names in capitals that recur", "t.txt",
			"MARIA\nI went there.\n\nINTERVIEWER\nWhy?\n\nMARIA\nBecause it was warm.",
			"MARIA|I went there. / INTERVIEWER|Why? / MARIA|Because it was warm."},
		{"names that recur, not in capitals", "t.txt",
			"Maria\nI went there.\nJo\nWhy?\nMaria\nBecause.",
			"Maria|I went there. / Jo|Why? / Maria|Because."},
		{"a usual role said once, then a name said once", "t.txt",
			"Interviewer\nHow was it?\nSam\nGood.",
			"Interviewer|How was it? / Sam|Good."},
		{"the name labels turns elsewhere", "t.txt",
			"Interviewer: How was it?\nP4: Good.\nInterviewer: And then?\nP4\nWe went home.",
			"Interviewer|How was it? / P4|Good. / Interviewer|And then? / P4|We went home."},
		{"a name and a time on one line", "t.txt",
			"Speaker 1  0:03\nHello there.\n\nSpeaker 2  1:02:03\nHi.",
			"Speaker 1@3000|Hello there. / Speaker 2@3723000|Hi."},
		{"a name and a time said once", "t.txt",
			"Maria Lopez   0:03\nHello.",
			"Maria Lopez@3000|Hello."},
		{"a time before the name", "t.txt",
			"[00:00:03] Maria\nHello.\n[00:00:09] Jo\nHi.",
			"Maria@3000|Hello. / Jo@9000|Hi."},
		{"a time on the line above the name", "t.txt",
			"00:00:03\nMaria\nHello.\n0:00:09.5 --> 0:00:12.0\nJo\nHi.",
			"Maria@3000|Hello. / Jo@9500|Hi."},
		{"surname first, as meeting tools write it", "t.txt",
			"Lopez, Maria   0:03\nHello.\nChen, Sam   0:09\nHi.",
			"Lopez, Maria@3000|Hello. / Chen, Sam@9000|Hi."},
		// Not speakers.
		{"prose with headings", "t.txt",
			"Background\nThis study asked ten people.\nMethods\nWe talked to them.\nResults\nThey said a lot.",
			"|Background / |This study asked ten people. / |Methods / |We talked to them. / |Results / |They said a lot."},
		{"prose with headings in capitals", "t.txt",
			"INTRODUCTION\nThis report is short.\nMETHODS\nWe asked people.\nSUMMARY\nIt went well.",
			"|INTRODUCTION / |This report is short. / |METHODS / |We asked people. / |SUMMARY / |It went well."},
		{"Markdown headings never name a speaker", "t.md",
			"# Maria\nText one.\n# Maria\nText two.",
			"|# Maria / |Text one. / |# Maria / |Text two."},
		{"a name said once, in capitals, alone in a file", "t.txt",
			"MARIA\nI went there.",
			"|MARIA / |I went there."},
		{"short replies are not names", "t.txt",
			"MARIA\nDid you go?\nJO\nOK\nI will.\nMARIA\nYes\nGood.\nJO\nFine.",
			"MARIA|Did you go? / JO|OK\nI will. / MARIA|Yes\nGood. / JO|Fine."},
		{"a sentence is not a name", "t.txt",
			"MARIA\nDid you go?\nJO\nThank you.\nI will.\nMARIA\nGood.\nJO\nFine.",
			"MARIA|Did you go? / JO|Thank you.\nI will. / MARIA|Good. / JO|Fine."},
		{"a name needs words under it", "t.txt",
			"Interviewer: Who came?\nP1: My sister.\nMaria",
			"Interviewer|Who came? / P1|My sister.\nMaria"},
		{"a place said once is not a name", "t.txt",
			"Interviewer: Where?\nLondon\nIt was there.",
			"Interviewer|Where?\nLondon\nIt was there."},
		{"a heading before the names is not a speaker", "t.txt",
			"Background\nWe met at the centre.\nINTERVIEWER\nHello.\nMARIA\nHi.\nINTERVIEWER\nBye.",
			"|Background / |We met at the centre. / INTERVIEWER|Hello. / MARIA|Hi. / INTERVIEWER|Bye."},
		{"a part number with a time is not a speaker", "t.txt",
			"Part 2  0:03\nWe start again.",
			"|Part 2  0:03 / |We start again."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := turnsOf(t, tc.file, []byte(tc.src)); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestTimeLines: a time alone on its line goes to what follows it.
func TestTimeLines(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"before a paragraph, without labels", "00:01:02\nSome words.", "@62000|Some words."},
		{"before a label", "Interviewer: Hi.\n[00:00:09]\nP1: Hello.", "Interviewer|Hi. / P1@9000|Hello."},
		{"inside a turn it stays", "Interviewer: Hi.\n00:05:00\nStill me.", "Interviewer|Hi.\n00:05:00\nStill me."},
		{"at the end it stays", "Some words.\n00:01:02", "|Some words. / |00:01:02"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := turnsOf(t, "t.txt", []byte(tc.src)); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestCaptionLabels: captions follow the same label rules as text.
func TestCaptionLabels(t *testing.T) {
	srt := func(cues ...string) []byte {
		var b strings.Builder
		for i, c := range cues {
			b.WriteString(strings.Repeat("\n", min(i, 1)))
			b.WriteString(string(rune('1'+i)) + "\n00:00:0" + string(rune('1'+i)) + ",000 --> 00:00:0" + string(rune('2'+i)) + ",000\n" + c + "\n")
		}
		return []byte(b.String())
	}
	for _, tc := range []struct {
		name string
		file string
		data []byte
		want string
	}{
		{"a name said once after a usual label", "a.srt",
			srt("Interviewer: How was it?", "Sam: It was good."),
			"Interviewer@1000|How was it? / Sam@2000|It was good."},
		{"a cue without a name goes on with the speaker", "a.srt",
			srt("Interviewer: How was it?", "Sam: It was good.", "It really was."),
			"Interviewer@1000|How was it? / Sam@2000|It was good. It really was."},
		{"WebVTT, a name said once", "a.vtt",
			[]byte("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nP1: Hello.\n\n00:00:02.000 --> 00:00:03.000\nMaria Lopez: Hi.\n"),
			"P1@1000|Hello. / Maria Lopez@2000|Hi."},
		// Not speakers.
		{"names said once without a usual label", "a.srt",
			srt("Sam: hello.", "Jo: hi."),
			"@1000|Sam: hello. Jo: hi."},
		{"Note is never a speaker", "a.srt",
			srt("Interviewer: Hi.", "Note: music plays.", "P1: Hello."),
			"Interviewer@1000|Hi. Note: music plays. / P1@3000|Hello."},
		{"reported speech is not a name", "a.srt",
			srt("Interviewer: Hi.", "P1: She said it.", "my mum said: come home."),
			"Interviewer@1000|Hi. / P1@2000|She said it. my mum said: come home."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := turnsOf(t, tc.file, tc.data); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestWordTables: a transcript table gives one turn a row, whether a header
// row names its columns or not; other tables stay as they were and leave
// the text around them alone.
func TestWordTables(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"header row: speaker and text",
			table([]string{"Speaker", "Transcript"}, []string{"Interviewer", "How was it?"}, []string{"Maria", "Good.\nReally good."}),
			"Interviewer|How was it? / Maria|Good.\nReally good."},
		{"header row: timestamp, name, words, and a column not read",
			table([]string{"Timestamp", "Name", "Words", "Notes"}, []string{"[00:01:02]", "Interviewer:", "How was it?", "loud room"}, []string{"00:01:09", "Maria", "Good.", ""}),
			"Interviewer@62000|How was it? / Maria@69000|Good."},
		{"header row: time and text with labels in the text",
			table([]string{"Time (hh:mm:ss)", "Text"}, []string{"00:00:01", "Interviewer: Hello."}, []string{"00:00:04", "Sam: Hi."}, []string{"00:00:06", "I came early."}),
			"Interviewer@1000|Hello. / Sam@4000|Hi. / Sam@6000|I came early."},
		{"no header: names that recur and their words",
			table([]string{"Interviewer", "How did you hear about us?"}, []string{"Maria", "From a friend at church."}, []string{"Interviewer", "And what was it like?"}),
			"Interviewer|How did you hear about us? / Maria|From a friend at church. / Interviewer|And what was it like?"},
		{"no header: times, names said once, words",
			table([]string{"0:03", "Maria", "Thanks for joining us today."}, []string{"0:09", "Sam", "Glad to be here with you."}),
			"Maria@3000|Thanks for joining us today. / Sam@9000|Glad to be here with you."},
		{"the name and the time in one cell",
			table([]string{"Speaker", "Text"}, []string{"Maria Lopez 0:03", "Hello."}, []string{"Sam Chen 0:07", "Hi."}),
			"Maria Lopez@3000|Hello. / Sam Chen@7000|Hi."},
		// Not transcript tables.
		{"a cover sheet, then labelled paragraphs",
			table([]string{"Participant:", "P07"}, []string{"Date:", "3 May 2024"}, []string{"Interviewer:", "Jo Smith"}) +
				para("Interviewer: How was it?") + para("P07: Good."),
			"|Participant:\nP07 / |Date:\n3 May 2024 / |Interviewer:\nJo Smith / Interviewer|How was it? / P07|Good."},
		{"a table of times that is not a transcript",
			table([]string{"Start", "10:30"}, []string{"End", "11:45"}) + para("Interviewer: Hi.") + para("Maria: Hello."),
			"|Start\n10:30 / |End\n11:45 / Interviewer|Hi. / Maria|Hello."},
		{"a table of themes: names do not recur",
			table([]string{"Belonging", "Feeling part of the group and welcome there."}, []string{"Hope", "Believing that things can get better."}),
			"|Belonging\nFeeling part of the group and welcome there. / |Hope\nBelieving that things can get better."},
		{"a turn does not run into a table or out of it",
			para("Interviewer: Before the table.") + table([]string{"Belonging", "Feeling part of it all."}, []string{"Hope", "Things get better."}) + para("After the table."),
			"Interviewer|Before the table. / |Belonging\nFeeling part of it all. / |Hope\nThings get better. / |After the table."},
		{"labels inside cells of a table that is not a transcript",
			table([]string{"Interviewer: Anything else?", "Participant: No, thank you."}),
			"Interviewer|Anything else? / Participant|No, thank you."},
		{"a table in a table",
			table([]string{"Speaker", "Text"}, []string{"Maria", "Outer words."}) +
				strings.Replace(table([]string{"Notes", "x"}), `<w:p>`+run("x")+`</w:p>`, table([]string{"a", "b"}), 1),
			"Maria|Outer words. / |Notes\na\tb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := turnsOf(t, "t.docx", wordFile(t, tc.body)); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestWordDetails: what a Word reader sees, and no more.
func TestWordDetails(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"a heading style is never a name line",
			styled("Heading1", "MARIA") + para("Text one.") + styled("Heading1", "MARIA") + para("Text two."),
			"|MARIA / |Text one. / |MARIA / |Text two."},
		{"a heading in another language's style",
			`<w:p><w:pPr><w:pStyle w:val="berschrift1"/></w:pPr>` + run("MARIA") + `</w:p>` + para("Eins.") + `<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr>` + run("MARIA") + `</w:p>` + para("Zwei."),
			"|MARIA / |Eins. / |MARIA / |Zwei."},
		{"inserted text counts, deleted text does not",
			`<w:p>` + run("P1: I ") + `<w:del w:id="1"><w:r><w:delText>hated</w:delText></w:r></w:del><w:ins w:id="2">` + run("liked") + `</w:ins>` + run(" it.") + `</w:p>`,
			"P1|I liked it."},
		{"moved text appears once, where it went",
			`<w:p>` + run("P1: First.") + `<w:moveFrom w:id="1">` + run(" Moved.") + `</w:moveFrom></w:p><w:p>` + run("P1: Second.") + `<w:moveTo w:id="2">` + run(" Moved.") + `</w:moveTo></w:p>`,
			"P1|First. / P1|Second. Moved."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := turnsOf(t, "t.docx", wordFile(t, tc.body)); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestODTDetails: what an OpenDocument reader sees, and no more.
func TestODTDetails(t *testing.T) {
	odt := func(body string) []byte { return odtFile(t, odtMime, odtContent(body), odtManifest(""), nil) }
	for _, tc := range []struct{ name, body, want string }{
		{"spaces, tabs and line breaks",
			`<text:p>P1: a<text:s text:c="3"/>b<text:tab/>c<text:line-break/>d</text:p>`,
			"P1|a   b\tc\nd"},
		{"white space in the XML is one space",
			"<text:p>\n  <text:span>P1:</text:span>\n  one\n\n   two  </text:p>",
			"P1|one two"},
		{"a heading is never a name line",
			`<text:h text:outline-level="1">MARIA</text:h><text:p>One.</text:p><text:h text:outline-level="1">MARIA</text:h><text:p>Two.</text:p>`,
			"|MARIA / |One. / |MARIA / |Two."},
		{"names in capitals on their own lines",
			`<text:p>MARIA</text:p><text:p>One.</text:p><text:p>JO</text:p><text:p>Two.</text:p><text:p>MARIA</text:p><text:p>Three.</text:p>`,
			"MARIA|One. / JO|Two. / MARIA|Three."},
		{"deletions live in the tracked-changes region",
			`<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>x</dc:creator></office:change-info><text:p>gone</text:p></text:deletion></text:changed-region></text:tracked-changes>` +
				`<text:p>P1: kept<text:change text:change-id="c1"/> words.</text:p>`,
			"P1|kept words."},
		{"comments, footnotes and a table of contents are left out",
			`<text:table-of-content><text:index-body><text:p>Contents 1</text:p></text:index-body></text:table-of-content>` +
				`<text:p>P1: a<office:annotation><text:p>comment</text:p></office:annotation> b<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>foot</text:p></text:note-body></text:note>.</text:p>`,
			"P1|a b."},
		{"a table with a header row, a merged cell kept in line",
			`<table:table><table:table-header-rows><table:table-row><table:table-cell><text:p>Time</text:p></table:table-cell><table:table-cell><text:p>Speaker</text:p></table:table-cell><table:table-cell><text:p>Text</text:p></table:table-cell></table:table-row></table:table-header-rows>` +
				`<table:table-row><table:table-cell><text:p>0:03</text:p></table:table-cell><table:table-cell><text:p>Maria</text:p></table:table-cell><table:table-cell><text:p>Hello.</text:p></table:table-cell></table:table-row>` +
				`<table:table-row><table:table-cell><text:p>0:06</text:p></table:table-cell><table:table-cell table:number-columns-spanned="2"><text:p>[Both laugh]</text:p></table:table-cell><table:covered-table-cell/></table:table-row>` +
				`<table:table-row><table:table-cell><text:p>0:09</text:p></table:table-cell><table:table-cell><text:p>Sam</text:p></table:table-cell><table:table-cell><text:p>Hi.</text:p></table:table-cell></table:table-row></table:table>`,
			"Maria@3000|Hello. / @6000|[Both laugh] / Sam@9000|Hi."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := turnsOf(t, "t.odt", odt(tc.body)); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}
