package refiqda

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tandemqda/tandem/internal/tandem"
)

// The NVivo 12 sample (testdata/nvivo12-windows-two-sources.qdpx, see
// testdata/README.md) counts UTF-16 code units with CRLF as two; read as
// such, its 303 codings each start and end between words.
func TestReadNVivoProject(t *testing.T) {
	data, err := os.ReadFile("testdata/nvivo12-windows-two-sources.qdpx")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ReadProject(data)
	if err != nil {
		t.Fatal(err)
	}
	if p.Convention != UTF16 {
		t.Errorf("convention %s, want utf16", p.Convention)
	}
	if len(p.TextSources) != 2 || len(p.Users) != 2 || p.Origin != "NVivo for Windows 12.6" {
		t.Fatalf("%d sources, %d users, origin %q", len(p.TextSources), len(p.Users), p.Origin)
	}
	codings := 0
	for _, s := range p.TextSources {
		if strings.Contains(s.Text, "\r") {
			t.Errorf("%s keeps a CR", s.Name)
		}
		text := []rune(s.Text)
		for _, sel := range s.Selections {
			if !onWords(text, sel.Start, sel.End) {
				t.Errorf("selection %s [%d,%d) is not on word boundaries: %q", sel.GUID, sel.Start, sel.End, string(text[sel.Start:sel.End]))
			}
			codings += len(sel.Codings)
		}
	}
	if codings != 303 || p.Selections() != 303 {
		t.Errorf("%d codings on %d selections, want 303", codings, p.Selections())
	}
	im, err := p.Codebook()
	if err != nil || len(im.Nodes) == 0 {
		t.Fatalf("codebook: %v", err)
	}
	t.Logf("report:\n%s", strings.Join(p.Report, "\n"))
	if !slices.ContainsFunc(p.Report, func(l string) bool { return strings.Contains(l, "UTF-16") }) {
		t.Errorf("the report does not say how positions were read: %q", p.Report)
	}
}

// A project Tandem wrote reads back with the same texts, users,
// selections (positions, coder, codes) and memos.
func TestReadProjectRoundTrip(t *testing.T) {
	data, _ := writeSample(t)
	want := NewProject(sampleProject(t))
	p, err := ReadProject(data)
	if err != nil {
		t.Fatal(err)
	}
	if p.Convention != CodePoints {
		t.Errorf("convention %s", p.Convention)
	}
	if p.Name != want.Name || p.Description != want.Description || !p.CreatedAt.Equal(want.CreatedAt) {
		t.Errorf("project %q %q %v, want %q %q %v", p.Name, p.Description, p.CreatedAt, want.Name, want.Description, want.CreatedAt)
	}
	if !slices.Equal(p.Users, want.Users) {
		t.Errorf("users %+v, want %+v", p.Users, want.Users)
	}
	i := 0
	for w, err := range want.Sources {
		if err != nil {
			t.Fatal(err)
		}
		if i >= len(p.TextSources) {
			t.Fatalf("only %d sources back", i)
		}
		g := p.TextSources[i]
		i++
		if g.GUID != w.GUID || g.Name != w.Name || g.Text != w.Text {
			t.Errorf("source %s %q back as %s %q (text same: %v)", w.GUID, w.Name, g.GUID, g.Name, g.Text == w.Text)
		}
		if len(g.Selections) != len(w.Selections) {
			t.Fatalf("%s: %d selections, want %d", w.Name, len(g.Selections), len(w.Selections))
		}
		for j, ws := range w.Selections {
			gs := g.Selections[j]
			if gs.GUID != ws.GUID || gs.Start != ws.Start || gs.End != ws.End || gs.CreatingUser != ws.CreatingUser || !gs.CreatedAt.Equal(ws.CreatedAt) {
				t.Errorf("selection %+v back as %+v", ws, gs)
			}
			if !slices.Equal(gs.Codings, ws.Codings) {
				t.Errorf("codings %+v back as %+v", ws.Codings, gs.Codings)
			}
			if (gs.Note == nil) != (ws.Note == nil) || gs.Note != nil && (gs.Note.Text != ws.Note.Text || gs.Note.GUID != ws.Note.GUID) {
				t.Errorf("note %+v back as %+v", ws.Note, gs.Note)
			}
		}
	}
	if i != len(p.TextSources) {
		t.Errorf("%d sources back, want %d", len(p.TextSources), i)
	}
	if !slices.ContainsFunc(p.Users, func(u User) bool { return u.ID == ConsensusUserID && u.Name == "Consensus" }) {
		t.Errorf("no consensus user in %+v", p.Users)
	}
	for _, l := range p.Report {
		if !strings.HasPrefix(l, "Positions were read") && !strings.Contains(l, "<Variable") {
			t.Errorf("unexpected report line for Tandem's own file: %s", l)
		}
	}
}

const (
	g1 = "11111111-1111-1111-1111-111111111111"
	g2 = "22222222-2222-2222-2222-222222222222"
	g3 = "33333333-3333-3333-3333-333333333333"
	gU = "44444444-4444-4444-4444-444444444444"
	gS = "55555555-5555-5555-5555-555555555555"
	gN = "66666666-6666-6666-6666-666666666666"
)

// qdeOf is a small project: one user, a three-level codebook with the theme
// g3, one source at path with selections (each "start-end" on code g3).
func qdeOf(root, origin, path string, sels ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?>`+"\n"+`%s origin="%s" name="Study">`, root, origin)
	fmt.Fprintf(&b, `<Users><User guid="%s" name="Ana"/></Users>`, gU)
	fmt.Fprintf(&b, `<CodeBook><Codes><Code guid="%s" name="D" isCodable="false"><Code guid="%s" name="C" isCodable="false">`+
		`<Code guid="%s" name="Hope" isCodable="true"/></Code></Code></Codes></CodeBook>`, g1, g2, g3)
	fmt.Fprintf(&b, `<Sources><TextSource guid="%s" name="Interview" plainTextPath="%s">`, gS, path)
	for i, s := range sels {
		var a, e int
		fmt.Sscanf(s, "%d-%d", &a, &e)
		fmt.Fprintf(&b, `<PlainTextSelection guid="aaaaaaaa-0000-0000-0000-%012d" startPosition="%d" endPosition="%d" creatingUser="%s">`+
			`<Coding guid="bbbbbbbb-0000-0000-0000-%012d" creatingUser="%s"><CodeRef targetGUID="%s"/></Coding></PlainTextSelection>`, i, a, e, gU, i, gU, g3)
	}
	b.WriteString(`</TextSource></Sources></Project>`)
	return b.String()
}

const ns = `<Project xmlns="urn:QDA-XML:project:1.0"`

// crlfText has Windows line breaks and an emoji, so that each convention
// puts "hope" somewhere else.
const crlfText = "Interviewer: Why?\r\nParticipant: 😊 I had hope\r\nthen."

// Tools' conventions: file naming, folder case, namespaces, GUID forms and
// position counting. Every fixture must give the selection "hope".
func TestReadProjectConventions(t *testing.T) {
	hopeCP := strings.Index(crlfText, "hope")
	hopeCP = len([]rune(crlfText[:hopeCP])) // code points, CRLF as two
	for name, tc := range map[string]struct {
		parts map[string]string
		want  Convention
	}{
		"Tandem, code points": {map[string]string{"project.qde": qdeOf(ns, "Tandem", "internal://"+gS+".txt", fmt.Sprintf("%d-%d", hopeCP, hopeCP+4)),
			"sources/" + gS + ".txt": crlfText}, CodePoints},
		"ATLAS.ti: named after the project, CRLF as one": {map[string]string{"My Study.qde": qdeOf(ns, "ATLAS.ti 23.2", "internal://"+gS+".txt", fmt.Sprintf("%d-%d", hopeCP-1, hopeCP+3)),
			"sources/" + gS + ".txt": crlfText}, CRLFAsOne},
		"NVivo Windows: UTF-16, Sources/": {map[string]string{"project.qde": qdeOf(ns, "NVivo for Windows 14", "internal://"+gS+".txt", fmt.Sprintf("%d-%d", hopeCP+1, hopeCP+5)),
			"Sources/" + gS + ".txt": crlfText}, UTF16},
		"NVivo Mac: lower-case sources/, upper-case GUIDs in braces": {map[string]string{"project.qde": strings.ReplaceAll(qdeOf(ns, "NVivo for Mac 15", "internal://"+strings.ToUpper(gS)+".txt", fmt.Sprintf("%d-%d", hopeCP, hopeCP+4)), `guid="`+gS, `guid="{`+strings.ToUpper(gS)+`}`),
			"sources/" + strings.ToUpper(gS) + ".txt": crlfText}, CodePoints},
		"no origin, selections fit only UTF-16": {map[string]string{"project.qde": qdeOf(ns, "", "internal://"+gS+".txt", fmt.Sprintf("%d-%d", hopeCP+1, hopeCP+5)),
			"sources/" + gS + ".txt": crlfText}, UTF16},
		"old namespace 1:0": {map[string]string{"project.qde": qdeOf(`<Project xmlns="urn:QDA-XML:project:1:0"`, "", "internal://"+gS+".txt", fmt.Sprintf("%d-%d", hopeCP, hopeCP+4)),
			"sources/" + gS + ".txt": crlfText}, CodePoints},
		"no namespace, relative path": {map[string]string{"project.qde": qdeOf(`<Project`, "", "texts/interview.txt", fmt.Sprintf("%d-%d", hopeCP, hopeCP+4)),
			"texts/interview.txt": crlfText}, CodePoints},
		"prefixed namespace": {map[string]string{"project.qde": strings.Replace(regexp.MustCompile(`<(/?)([A-Z])`).ReplaceAllString(
			qdeOf(ns, "", "internal://"+gS+".txt", fmt.Sprintf("%d-%d", hopeCP, hopeCP+4)), "<${1}q:$2"), "xmlns=", "xmlns:q=", 1),
			"sources/" + gS + ".txt": crlfText}, CodePoints},
	} {
		t.Run(name, func(t *testing.T) {
			p, err := ReadProject(qdpxOf(t, tc.parts))
			if err != nil {
				t.Fatal(err)
			}
			if p.Convention != tc.want {
				t.Errorf("convention %s, want %s", p.Convention, tc.want)
			}
			if len(p.TextSources) != 1 || len(p.TextSources[0].Selections) != 1 {
				t.Fatalf("sources %+v; report %q", p.TextSources, p.Report)
			}
			s := p.TextSources[0]
			sel := s.Selections[0]
			if got := string([]rune(s.Text)[sel.Start:sel.End]); got != "hope" {
				t.Errorf("selection %q, want hope; report %q", got, p.Report)
			}
			if s.GUID != gS || sel.CreatingUser != gU || sel.Codings[0].Code != g3 {
				t.Errorf("GUIDs %s %s %s", s.GUID, sel.CreatingUser, sel.Codings[0].Code)
			}
			if _, err := p.Codebook(); err != nil {
				t.Errorf("codebook: %v", err)
			}
		})
	}
}

// bomb is a project with a part that says it unpacks to a terabyte.
func bomb(t *testing.T, qde string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if w, err := zw.Create("project.qde"); err == nil {
		w.Write([]byte(qde))
	}
	if _, err := zw.CreateRaw(&zip.FileHeader{Name: "sources/big.txt", Method: zip.Deflate, UncompressedSize64: 1 << 40}); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Bad files are refused with a message that says why; bad parts of a good
// file are skipped and each named in the report.
func TestReadProjectBadInput(t *testing.T) {
	src := map[string]string{"sources/" + gS + ".txt": "I had hope then."}
	with := func(qde string) []byte {
		parts := map[string]string{"project.qde": qde}
		for k, v := range src {
			parts[k] = v
		}
		return qdpxOf(t, parts)
	}
	good := qdeOf(ns, "", "internal://"+gS+".txt", "6-10")
	for name, tc := range map[string]struct {
		data   []byte
		refuse string // part of the error, or "" when it reads
		report string // part of a report line
		sels   int
	}{
		"zip bomb":                 {bomb(t, good), "would unpack to more than 16 GB", "", 0},
		"huge source":              {qdpxOf(t, map[string]string{"project.qde": good, "sources/" + gS + ".txt": strings.Repeat(" ", MaxSourceBytes+1)}), "larger than 32 MB", "", 0},
		"../ entry":                {qdpxOf(t, map[string]string{"project.qde": good, "../evil.txt": "x"}), "points outside the project", "", 0},
		"absolute entry":           {qdpxOf(t, map[string]string{"project.qde": good, "/etc/evil": "x"}), "points outside the project", "", 0},
		"DTD":                      {with(`<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]>` + strings.TrimPrefix(good, `<?xml version="1.0" encoding="utf-8"?>`)), "document type declaration", "", 0},
		"not REFI at all":          {with(`<?xml version="1.0"?><html><body>hello</body></html>`), "not a REFI-QDA project", "", 0},
		"not XML":                  {[]byte("hello, world"), "not a REFI-QDA project", "", 0},
		"damaged XML":              {with(good[:200]), "XML is damaged", "", 0},
		"two qde files":            {qdpxOf(t, map[string]string{"a.qde": good, "b.qde": good}), "2 .qde files", "", 0},
		"no qde":                   {qdpxOf(t, map[string]string{"sources/a.txt": "x"}), "no .qde file", "", 0},
		"no codes":                 {with(strings.NewReplacer("<CodeBook>", "<Graphs>", "</CodeBook>", "</Graphs>").Replace(good)), "has no codes", "", 0},
		"out of range":             {with(qdeOf(ns, "", "internal://"+gS+".txt", "6-10", "6-400")), "", "outside the source's text", 1},
		"inside a word":            {with(qdeOf(ns, "", "internal://"+gS+".txt", "7-9")), "", `it started inside a word and it ended inside a word; it is now "hope"`, 1},
		"dangling code":            {with(strings.Replace(good, `<CodeRef targetGUID="`+g3, `<CodeRef targetGUID="`+g1[:35]+"9", 1)), "", "is not in the codebook", 0},
		"dangling user":            {with(strings.Replace(good, `creatingUser="`+gU+`"><Coding`, `creatingUser="`+g1+`"><Coding`, 1)), "", "is not one of the project's users", 0},
		"duplicate selection":      {with(strings.Replace(qdeOf(ns, "", "internal://"+gS+".txt", "6-10", "0-1"), "aaaaaaaa-0000-0000-0000-000000000001", "AAAAAAAA-0000-0000-0000-000000000000", 1)), "", "another selection has the same GUID", 1},
		"duplicate source":         {with(strings.Replace(good, "</TextSource>", "</TextSource><TextSource guid='"+gS+"' name='Again' plainTextPath='internal://"+gS+".txt'/>", 1)), "", "another source has the same GUID", 1},
		"missing source":           {qdpxOf(t, map[string]string{"project.qde": good}), "its text is not in the file", "", 0},
		"unknown elements":         {with(strings.Replace(good, "<Sources>", "<Sets><Set/></Sets><Sources><PDFSource guid='x'/>", 1)), "", "<PDFSource>", 1},
		"bare qde, text elsewhere": {[]byte(good), "import the whole .qdpx", "", 0},
		"bare qde with its text":   {[]byte(strings.Replace(good, `plainTextPath="internal://`+gS+`.txt">`, `><PlainTextContent>I had hope then.</PlainTextContent>`, 1)), "", "", 1},
	} {
		t.Run(name, func(t *testing.T) {
			p, err := ReadProject(tc.data)
			if tc.refuse != "" {
				if err == nil || !strings.Contains(tandem.MessageOf(err), tc.refuse) {
					t.Fatalf("read: %v, want a message with %q", err, tc.refuse)
				}
				return
			}
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if p.Selections() != tc.sels {
				t.Errorf("%d selections, want %d; report %q", p.Selections(), tc.sels, p.Report)
			}
			if tc.report != "" && !slices.ContainsFunc(p.Report, func(l string) bool { return strings.Contains(l, tc.report) }) {
				t.Errorf("no report line with %q in %q", tc.report, p.Report)
			}
		})
	}
}

func FuzzReadQDE(f *testing.F) {
	f.Add([]byte(qdeOf(ns, "", "internal://x.txt", "6-10")))
	f.Add([]byte(strings.Replace(qdeOf(ns, "ATLAS.ti", "", "0-4", "2-3"), `plainTextPath="">`, `><PlainTextContent>I had hope then.</PlainTextContent>`, 1)))
	f.Add([]byte(`<Project><Sources><TextSource guid="{55555555-5555-5555-5555-555555555555}"><PlainTextContent>a&#x1F60A;b</PlainTextContent></TextSource></Sources></Project>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadProject(data)
		if err != nil {
			return
		}
		for _, s := range p.TextSources {
			text := []rune(s.Text)
			for _, sel := range s.Selections {
				if !onWords(text, sel.Start, sel.End) {
					t.Fatalf("selection [%d,%d) of %d kept off word boundaries", sel.Start, sel.End, len(text))
				}
			}
		}
	})
}

// A selection's own description is kept as its memo, before a linked note;
// an empty one (NVivo writes one on every selection) is nothing.
func TestReadSelectionDescriptionIsItsMemo(t *testing.T) {
	qde := strings.Replace(qdeOf(ns, "", "internal://"+gS+".txt", "6-10", "0-1"), `"><Coding`, `"><Description>Said twice.</Description><Coding`, 1)
	qde = strings.Replace(qde, `<Coding guid="bbbbbbbb-0000-0000-0000-000000000001"`, `<Description /><Coding guid="bbbbbbbb-0000-0000-0000-000000000001"`, 1)
	p, err := ReadProject(qdpxOf(t, map[string]string{"project.qde": qde, "sources/" + gS + ".txt": "I had hope then."}))
	if err != nil {
		t.Fatal(err)
	}
	sels := p.TextSources[0].Selections
	if len(sels) != 2 || sels[0].Note == nil || sels[0].Note.Text != "Said twice." || sels[1].Note != nil {
		t.Fatalf("selections %+v", sels)
	}
	if len(p.Report) != 1 { // only how positions were read
		t.Errorf("report %q", p.Report)
	}
}
