package transcript

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/tandemqda/tandem/internal/tandem"
)

// span is the text of a turn, read by code points as the API defines offsets.
func span(text string, t tandem.Turn) string {
	return string([]rune(text)[t.Start:t.End])
}

// show renders turns as "speaker@ms|text" lines for comparison.
func show(p *Parsed) []string {
	var out []string
	for _, t := range p.Turns {
		at := ""
		if t.AtMillis != nil {
			at = "@" + strconv.FormatInt(*t.AtMillis, 10)
		}
		out = append(out, t.Speaker+at+"|"+span(p.Text, t))
	}
	return out
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseFixtures(t *testing.T) {
	for _, tc := range []struct {
		file   string
		format Format
		title  string
		turns  []string
	}{
		{"interview.txt", FormatText, "interview", []string{
			"|Interview 7 – Recovery Learning Community (fictional, written for Tandem)",
			"Interviewer@5000|Thank you for coming. How did you first hear about the centre?",
			"Participant@12000|A friend told me about it. I was nervous 😬 at first.\nIt felt relaxed, though. Nobody judged me.",
			"Interviewer|What has changed for you since then?",
			"Participant|I did the facilitator training. Now I co-lead a café group on Tuesdays.",
		}},
		{"interview.md", FormatMarkdown, "interview", []string{
			"|# Interview 3 (fictional)",
			"|**Note:** names are invented.",
			"I|How would you describe the atmosphere?",
			"R|Flexible. You come when you can.",
			"I|And the people?",
			"R|They became friends. We go walking on Saturdays.",
		}},
		{"teams.vtt", FormatVTT, "teams", []string{
			"Jordan Interviewer@1000|Could you tell me about your first visit?",
			"Alex Member@5000|I walked in and someone offered me tea. Nobody asked for my diagnosis & that mattered.",
			"Jordan Interviewer@12500|That sounds important.",
		}},
		{"zoom.vtt", FormatVTT, "zoom", []string{
			"Casey Rivera@500|Shall we begin?",
			"Morgan Lee@3200|Yes. I joined the peer support group last spring. It gave me a reason to get up.",
			"Casey Rivera@8500|Thank you.",
		}},
		{"interview.srt", FormatSRT, "interview", []string{
			"Interviewer@1000|What do you do at the centre?",
			"Participant@3500|I run the writing workshop. It is mine now.",
		}},
		{"interview.docx", FormatDocx, "interview", []string{
			"|Interview 12 (fictional, written for Tandem)",
			"Interviewer|When did you start coming to the centre?",
			"Participant|About two years ago.\nI had just left hospital.",
			"Interviewer|What helped?",
			"Participant|The trainings. And the people – they believed in me.",
			"Interviewer|Anything else?",
			"Participant|Thank you for listening.",
		}},
		// Tracked changes: deleted and moved-away text is gone, inserted
		// and moved-here text is in, once.
		{"tracked.docx", FormatDocx, "tracked", []string{
			"|Interview 15 (fictional, written for Tandem)",
			"Interviewer|What changed for you last year?",
			"Participant|I moved into my own flat. It took a year.",
			"Interviewer|And the centre?",
			"Participant|The centre helped me settle. Later I found the writing group.",
			"Interviewer|Thank you.",
		}},
		// A meeting tool's layout: "Name   0:03", the words below.
		{"teams.docx", FormatDocx, "teams", []string{
			"|Peer support check-in (fictional, written for Tandem)",
			"|3 May 2024, 10:02",
			"Lopez, Maria@3000|Thanks for joining. How has the week been?",
			"Chen, Sam@9000|Better than last week.\nI went to the drop-in twice.",
			"Lopez, Maria@62000|What made the difference?",
			"Chen, Sam@75000|People remembered my name.",
		}},
		// Names in capitals on their own lines; headings and "OK" are not
		// speakers; Daniel speaks once.
		{"names.docx", FormatDocx, "names", []string{
			"|Interview 4 (fictional, written for Tandem)",
			"|Recorded at the drop-in centre.",
			"|Transcript",
			"INTERVIEWER|What brought you to the group?",
			"MARIA|A leaflet at the library. I almost did not come.\nOK\nSo I came back the week after.",
			"INTERVIEWER|And now?",
			"MARIA|Now I help run it.",
			"DANIEL|Sorry I'm late!",
		}},
		// A cover sheet, then a table of time, speaker and text: one turn a
		// row; a row without a speaker is the one above going on.
		{"table.docx", FormatDocx, "table", []string{
			"|Interview 9 (fictional, written for Tandem)",
			"|Participant\nP09",
			"|Date\n12 March 2024",
			"|Interviewer\nJo",
			"|Site\nNorthside drop-in",
			"Interviewer@4000|How did you hear about the centre?",
			"P09@9000|My nurse told me.\nI went the next week.",
			"Interviewer@21000|What was it like?",
			"Interviewer@25000|Take your time.",
			"P09@31000|Warm. Someone made me tea.",
			"|End of transcript.",
		}},
		{"interview.odt", FormatODT, "interview", []string{
			"|Interview 21 (fictional, written for Tandem)",
			"|Note: names are invented.",
			"Interviewer|How did the group start?",
			"Participant|We met in a café.\nThen at the library. It was small.",
			"Interviewer|Who came?",
			"Participant|Ten of us, maybe more.",
			"Interviewer|And now?",
			"Participant|Now I run the group on Tuesdays.",
			"Interviewer|Thank you so much.",
		}},
		{"otter.txt", FormatText, "otter", []string{
			"Speaker 1@3000|Thanks for coming in today. Shall we start?",
			"Speaker 2@7000|Yes. I have been coming to the centre for two years.",
			"Speaker 1@15000|What keeps you coming back?",
			"Speaker 2@3725000|The people, mostly.",
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			p, err := Parse(tc.file, fixture(t, tc.file), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if p.Format != tc.format || p.Title != tc.title {
				t.Errorf("format %s title %q, want %s %q", p.Format, p.Title, tc.format, tc.title)
			}
			got := show(p)
			if strings.Join(got, "\n---\n") != strings.Join(tc.turns, "\n---\n") {
				t.Errorf("turns:\n%s\nwant:\n%s", strings.Join(got, "\n---\n"), strings.Join(tc.turns, "\n---\n"))
			}
			checkInvariants(t, p)
			// Headers, deleted text, comments and footnotes are not what
			// was said.
			for _, hidden := range []string{"CONFIDENTIAL", "deleted words", "Speaker 2", "never went back", "taken out", "hated it", "Check the spelling", "Main Street"} {
				if strings.Contains(p.Text, hidden) {
					t.Errorf("text the reader of the document does not see (%q) is in the transcript: %q", hidden, p.Text)
				}
			}
		})
	}
}

// checkInvariants holds for every parsed transcript.
func checkInvariants(t testing.TB, p *Parsed) {
	t.Helper()
	if !utf8.ValidString(p.Text) || !norm.NFC.IsNormalString(p.Text) || strings.ContainsRune(p.Text, '\r') {
		t.Fatalf("text is not valid NFC with \\n line ends: %q", p.Text)
	}
	n := utf8.RuneCountInString(p.Text)
	prev := 0
	for i, tr := range p.Turns {
		if tr.Start < prev || tr.End <= tr.Start || tr.End > n {
			t.Fatalf("turn %d [%d,%d) out of order or bounds (text %d code points)", i, tr.Start, tr.End, n)
		}
		if s := span(p.Text, tr); strings.TrimSpace(s) != s {
			t.Fatalf("turn %d has space at its ends: %q", i, s)
		}
		prev = tr.End
	}
}

func TestOffsetsAreCodePointsOverNFCText(t *testing.T) {
	// "e" + combining acute becomes one code point (NFC); the emoji ZWJ
	// sequence 👩🏽‍🦱 is four code points; CRLF becomes one "\n".
	src := "P1: Cafe\u0301 first 👩🏽‍🦱 then\r\nmore\r\nP2: ok 🙂\r\n"
	p, err := Parse("x.txt", []byte(src), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	want := "Café first 👩🏽‍🦱 then\nmore\n\nok 🙂"
	if p.Text != want {
		t.Fatalf("text %q, want %q", p.Text, want)
	}
	if len(p.Turns) != 2 || p.Turns[0].Start != 0 || p.Turns[0].End != 25 || p.Turns[1].Start != 27 || p.Turns[1].End != 31 {
		t.Fatalf("turns %+v, want [0,25) and [27,31)", p.Turns)
	}
	if got := span(p.Text, p.Turns[1]); got != "ok 🙂" {
		t.Fatalf("second turn %q", got)
	}
	checkInvariants(t, p)
}

func TestEncodings(t *testing.T) {
	utf16le := []byte{0xFF, 0xFE}
	utf16be := []byte{0xFE, 0xFF}
	for _, r := range "Q: Où?\nA: Ici 🙂" {
		if r > 0xFFFF {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			utf16le = append(utf16le, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
			utf16be = append(utf16be, byte(hi>>8), byte(hi), byte(lo>>8), byte(lo))
			continue
		}
		utf16le = append(utf16le, byte(r), byte(r>>8))
		utf16be = append(utf16be, byte(r>>8), byte(r))
	}
	for name, data := range map[string][]byte{
		"utf-8":     []byte("Q: Où?\nA: Ici 🙂"),
		"utf-8 bom": append([]byte("\xEF\xBB\xBF"), "Q: Où?\r\nA: Ici 🙂"...),
		"utf-16le":  utf16le,
		"utf-16be":  utf16be,
	} {
		p, err := Parse("a.txt", data, DefaultLimits)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := strings.Join(show(p), " / "); got != "Q|Où? / A|Ici 🙂" {
			t.Errorf("%s: %s", name, got)
		}
	}
	p, err := Parse("legacy.txt", []byte("Interviewer: caf\xe9 \x93quoted\x94\nParticipant: na\xefve"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(show(p), " / "); got != "Interviewer|café “quoted” / Participant|naïve" {
		t.Errorf("windows-1252: %s", got)
	}
}

func TestNoLabelsGivesOneTurnPerParagraph(t *testing.T) {
	p, err := Parse("notes.txt", []byte("First paragraph.\n\nSecond: not a speaker, just a colon.\n00:01:02 Third with a time.\n"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(show(p), " / ")
	if got != "|First paragraph. / |Second: not a speaker, just a colon. / @62000|Third with a time." {
		t.Fatal(got)
	}
}

func TestLabelsWithTimestampsAndOwnLines(t *testing.T) {
	src := "INTERVIEWER (00:00:03): Hello.\nSPEAKER 1 [00:00:07]:\nI came for the art group.\nIt helped.\n(00:01:00) INTERVIEWER: Why?\nSPEAKER 1: People.\n"
	p, err := Parse("t.txt", []byte(src), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(show(p), " / ")
	if got != "INTERVIEWER@3000|Hello. / SPEAKER 1@7000|I came for the art group.\nIt helped. / INTERVIEWER@60000|Why? / SPEAKER 1|People." {
		t.Fatal(got)
	}
}

func TestBadFilesGetClearErrors(t *testing.T) {
	docx := fixture(t, "interview.docx")
	for name, tc := range map[string]struct {
		file string
		data []byte
		lim  Limits
		code tandem.Code
		says string
	}{
		"empty":              {"a.txt", nil, DefaultLimits, CodeEmptyFile, "empty"},
		"blank":              {"a.txt", []byte(" \n\t\r\n"), DefaultLimits, CodeEmptyFile, "empty"},
		"too large":          {"a.txt", []byte(strings.Repeat("x", 2000)), Limits{MaxBytes: 1000, MaxUnzippedBytes: 1 << 20, MaxZipEntries: 10, MaxXMLDepth: 10}, CodeTooLarge, "too large"},
		"binary junk":        {"a.txt", []byte("\x00\x01\x02\x03ELF\x00\x00binary"), DefaultLimits, CodeInvalidFile, "does not contain text"},
		"invalid utf-8":      {"a.txt", []byte("Interviewer: café and then caf\xc3"), DefaultLimits, CodeInvalidFile, "not valid UTF-8"},
		"pdf":                {"a.pdf", []byte("%PDF-1.7 text"), DefaultLimits, CodeUnsupported, ".txt, .md, .docx"},
		"unknown extension":  {"a.xyz", []byte("hello"), DefaultLimits, CodeUnsupported, ".txt, .md, .docx"},
		"old doc":            {"a.doc", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), DefaultLimits, CodeInvalidFile, "password-protected"},
		"text named docx":    {"a.docx", []byte("just text"), DefaultLimits, CodeInvalidFile, "not a Word document"},
		"truncated docx":     {"a.docx", docx[:len(docx)/2], DefaultLimits, CodeInvalidFile, "damaged"},
		"zip not docx":       {"a.docx", zipOf(t, map[string]string{"readme.txt": "hi"}), DefaultLimits, CodeInvalidFile, "not a Word document"},
		"macros":             {"a.docx", zipOf(t, map[string]string{"word/document.xml": doc(para("x")), "word/vbaProject.bin": "x"}), DefaultLimits, CodeInvalidFile, "macros"},
		"macro content type": {"a.docm", zipOf(t, map[string]string{"[Content_Types].xml": `<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>`, "word/document.xml": doc(para("x"))}), DefaultLimits, CodeInvalidFile, "macros"},
		"zip bomb":           {"a.docx", zipOf(t, map[string]string{"word/document.xml": doc(para(strings.Repeat("a", 3<<20)))}), Limits{MaxBytes: 1 << 20, MaxUnzippedBytes: 1 << 20, MaxZipEntries: 100, MaxXMLDepth: 100}, CodeInvalidFile, "unpack"},
		"sizes that wrap":    {"a.docx", wrappingSizes(t), DefaultLimits, CodeInvalidFile, "would unpack to"},
		"many entries":       {"a.docx", zipOf(t, manyEntries(50)), Limits{MaxBytes: 1 << 20, MaxUnzippedBytes: 1 << 20, MaxZipEntries: 20, MaxXMLDepth: 100}, CodeInvalidFile, "parts"},
		"deep xml":           {"a.docx", zipOf(t, map[string]string{"word/document.xml": doc(strings.Repeat("<w:x>", 300) + strings.Repeat("</w:x>", 300))}), DefaultLimits, CodeInvalidFile, "nested"},
		"broken xml":         {"a.docx", zipOf(t, map[string]string{"word/document.xml": doc("<w:p><w:r><w:t>unclosed</w:r></w:p>")}), DefaultLimits, CodeInvalidFile, "XML is damaged"},
		"encrypted entry":    {"a.docx", encryptedZip(t), DefaultLimits, CodeInvalidFile, "encrypted"},
		"docx without text":  {"a.docx", zipOf(t, map[string]string{"word/document.xml": doc("<w:p/>")}), DefaultLimits, CodeEmptyFile, "no text"},
		"vtt bad timing":     {"a.vtt", []byte("WEBVTT\n\n1\n00:00:01.000 --> 00:00:0X.000\nhello\n"), DefaultLimits, CodeInvalidFile, "Line 4"},
		"vtt end before":     {"a.vtt", []byte("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nhello\n"), DefaultLimits, CodeInvalidFile, "broken timing"},
		"vtt no timing":      {"a.vtt", []byte("WEBVTT\n\n1\nhello there\n"), DefaultLimits, CodeInvalidFile, "should be a timing"},
		"vtt without header": {"a.vtt", []byte("00:00:01.000 --> 00:00:02.000\nhi\n"), DefaultLimits, CodeInvalidFile, "WEBVTT"},
		"vtt no cues":        {"a.vtt", []byte("WEBVTT\n\nNOTE nothing\n"), DefaultLimits, CodeEmptyFile, "no captions"},
		"srt bad timing":     {"a.srt", []byte("1\n00:00:01,000 -> 00:00:02,000\nhi\n"), DefaultLimits, CodeInvalidFile, "should be a timing"},
		"utf-16 odd length":  {"a.txt", []byte{0xFF, 0xFE, 'h', 0, 'i'}, DefaultLimits, CodeInvalidFile, "UTF-16"},
		// OpenDocument text: the same limits as Word's.
		"odt with a password": {"a.odt", odtFile(t, odtMime, "encrypted bytes", odtManifest(`<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="x"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="x"/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="x"/></manifest:encryption-data>`), nil), DefaultLimits, CodeInvalidFile, "protected with a password"},
		"odt encrypted entry": {"a.odt", encryptedZipPart(t, "content.xml"), DefaultLimits, CodeInvalidFile, "password"},
		"odt macros":          {"a.odt", odtFile(t, odtMime, odtContent(`<text:p>x</text:p>`), odtManifest(""), map[string]string{"Basic/Standard/Module1.xml": "<x/>"}), DefaultLimits, CodeInvalidFile, "macros"},
		"odt dtd":             {"a.odt", odtFile(t, odtMime, `<!DOCTYPE x [<!ENTITY a "b">]>`+odtContent(`<text:p>&a;</text:p>`), odtManifest(""), nil), DefaultLimits, CodeInvalidFile, "document type declaration"},
		"odt deep xml":        {"a.odt", odtFile(t, odtMime, odtContent(strings.Repeat("<text:span>", 300)+strings.Repeat("</text:span>", 300)), odtManifest(""), nil), DefaultLimits, CodeInvalidFile, "nested"},
		"odt broken xml":      {"a.odt", odtFile(t, odtMime, odtContent(`<text:p>unclosed`), odtManifest(""), nil), DefaultLimits, CodeInvalidFile, ".odt file's text cannot be read"},
		"odt bad entity":      {"a.odt", odtFile(t, odtMime, odtContent(`<text:p>a &nbsp; b</text:p>`), odtManifest(""), nil), DefaultLimits, CodeInvalidFile, "XML is damaged"},
		"odt zip bomb":        {"a.odt", odtFile(t, odtMime, odtContent(`<text:p>`+strings.Repeat("a", 3<<20)+`</text:p>`), odtManifest(""), nil), Limits{MaxBytes: 1 << 20, MaxUnzippedBytes: 1 << 20, MaxZipEntries: 100, MaxXMLDepth: 100}, CodeInvalidFile, "unpack"},
		"odt many entries":    {"a.odt", odtFile(t, odtMime, odtContent(`<text:p>x</text:p>`), odtManifest(""), manyEntries(50)), Limits{MaxBytes: 1 << 20, MaxUnzippedBytes: 1 << 20, MaxZipEntries: 20, MaxXMLDepth: 100}, CodeInvalidFile, "parts"},
		"odt truncated":       {"a.odt", fixture(t, "interview.odt")[:900], DefaultLimits, CodeInvalidFile, "This .odt file is damaged"},
		"odt without text":    {"a.odt", odtFile(t, odtMime, odtContent(`<text:p/><text:h/>`), odtManifest(""), nil), DefaultLimits, CodeEmptyFile, "no text"},
		"odt without content": {"a.odt", zipOf(t, map[string]string{"mimetype": odtMime}), DefaultLimits, CodeInvalidFile, "no text part"},
		"spreadsheet":         {"a.ods", odtFile(t, "application/vnd.oasis.opendocument.spreadsheet", odtContent(""), odtManifest(""), nil), DefaultLimits, CodeUnsupported, "OpenDocument spreadsheet, not a text document"},
		"text named odt":      {"a.odt", []byte("just text"), DefaultLimits, CodeInvalidFile, "not an OpenDocument text"},
		"zip neither":         {"a.zip", zipOf(t, map[string]string{"readme.txt": "hi"}), DefaultLimits, CodeInvalidFile, "OpenDocument text (.odt)"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(tc.file, tc.data, tc.lim)
			if tandem.CodeOf(err) != tc.code || err == nil || !strings.Contains(err.(*tandem.Error).Message, tc.says) {
				t.Fatalf("error %v, want %s saying %q", err, tc.code, tc.says)
			}
		})
	}
}

func TestFormatFromContentBeforeName(t *testing.T) {
	vtt := fixture(t, "zoom.vtt")
	for _, name := range []string{"captions.txt", "captions", "captions.vtt"} {
		p, err := Parse(name, vtt, DefaultLimits)
		if err != nil || p.Format != FormatVTT {
			t.Errorf("%s: %v %v", name, p, err)
		}
	}
	p, err := Parse("subtitles.txt", fixture(t, "interview.srt"), DefaultLimits)
	if err != nil || p.Format != FormatSRT {
		t.Errorf("srt named .txt: %v %v", p, err)
	}
	p, err = Parse("interview.txt", fixture(t, "interview.docx"), DefaultLimits)
	if err != nil || p.Format != FormatDocx {
		t.Errorf("docx named .txt: %v %v", p, err)
	}
}

func TestWords(t *testing.T) {
	for s, want := range map[string]int{"": 0, "one": 1, "I don't know, really.": 4, "café 🙂 naïve\n\n12 people": 4} {
		if got := Words(s); got != want {
			t.Errorf("Words(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestGuessParticipant(t *testing.T) {
	turns := func(speakers ...string) []tandem.Turn {
		var out []tandem.Turn
		for _, s := range speakers {
			out = append(out, tandem.Turn{Speaker: s})
		}
		return out
	}
	for _, tc := range []struct {
		turns []tandem.Turn
		want  string
	}{
		{turns("Interviewer", "P1", "Interviewer", "P1"), "P1"},
		{turns("INT", "Maria", "Int", "Maria"), "Maria"},
		{turns("Q", "Alex"), "Alex"},
		{turns("Lead interviewer", "Sam", "Co-interviewer"), "Sam"},
		{turns("Interviewer", "P1", "P2"), ""},     // a group: not clear
		{turns("Speaker 1", "Speaker 2"), ""},      // no interviewer label
		{turns("", "Interviewer", "", "Jo"), "Jo"}, // unlabelled paragraphs
		{nil, ""},
	} {
		if got := GuessParticipant(tc.turns); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.turns, got, tc.want)
		}
	}
}

// TestStrayControlCharactersAreDropped: a short text with a stray control
// character (a bell pasted from a terminal) is read as text, without it,
// not refused as "does not contain text".
func TestStrayControlCharactersAreDropped(t *testing.T) {
	p, err := Parse("a.txt", []byte("Interviewer: Hi.\x07\n\nSam: Hello."), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if p.Text != "Hi.\n\nHello." || len(p.Turns) != 2 {
		t.Fatalf("text %q, %d turns", p.Text, len(p.Turns))
	}
}
