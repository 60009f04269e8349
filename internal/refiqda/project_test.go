package refiqda

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemqda/tandem/internal/tandem"
)

// sampleProject is a small project with what an export must carry: text
// with emoji, combining marks and a line break; two coders, one of whom has
// left; the consensus; memos; a merged and an archived theme; metadata.
func sampleProject(t *testing.T) ProjectExport {
	t.Helper()
	cb := rlc(t)
	var themes []string
	for _, n := range cb.Nodes {
		if n.Level == tandem.LevelTheme {
			themes = append(themes, n.ID)
		}
	}
	cb.Node(themes[1]).MergedInto = themes[2]
	cb.Node(themes[3]).Status = tandem.StatusArchived
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	p := &tandem.Project{ID: "p1", Name: "Recovery & <learning>", Description: "Ten interviews.", CreatedAt: at, Members: []tandem.Member{
		{UserID: "u-lead", DisplayName: "Dana Lead", Role: tandem.RoleLead},
		{UserID: "u-peer", DisplayName: "Sam \"Peer\" O'Neil", Role: tandem.RoleCoder},
		{UserID: "u-view", DisplayName: "Vic Viewer", Role: tandem.RoleViewer},
	}}
	texts := map[string]string{
		"t1": "Interviewer: How was it?\nParticipant: It felt 😊 relaxed, café culture, nobody judged me.",
		"t2": "Participant: The group (e\u0301quipe) helped me 👩‍👩‍👧 a lot.\nInterviewer: Thanks.",
	}
	x := &tandem.TranscriptIndex{ProjectID: "p1", Transcripts: []tandem.TranscriptInfo{
		{ID: "t1", Title: "Interview 1", Participant: "P01", Site: "Centre", InterviewDate: "2026-01-02", FileName: "p01.docx",
			Attributes: map[string]string{"age group": "30-39", "gender": ""}, CodedBy: []string{"u-peer", "u-gone"}, HasConsensus: true},
		{ID: "t2", Title: "Interview\x0b 2", Participant: "P01", ContentNote: "Mentions a hospital stay.", CodedBy: []string{"u-lead"}},
	}}
	sets := map[string][]*tandem.CodingSet{
		"t1": {
			{CoderID: tandem.ConsensusCoder, Excerpts: []tandem.Excerpt{{ID: "c1", Start: 38, End: 54, Themes: []string{themes[0]}, CreatedAt: at}}},
			{CoderID: "u-peer", Excerpts: []tandem.Excerpt{
				{ID: "e2", Start: 56, End: 70, Themes: []string{themes[1], themes[2]}, Memo: "Merged theme & its target: one coding.", CreatedAt: at},
				{ID: "e1", Start: 38, End: 54, Themes: []string{themes[0], themes[3]}, Memo: "Felt <safe>\nsecond line", CreatedAt: at, UpdatedAt: at},
				{ID: "e3", Start: 25, End: 36, Themes: []string{themes[0]}, Memo: "\x01\x0b "}, // only characters XML cannot carry, and space: no note
			}},
			{CoderID: "u-gone", Excerpts: []tandem.Excerpt{{ID: "e1", Start: 0, End: 24, Themes: []string{themes[4]}}}},
		},
		"t2": {
			{CoderID: "u-lead", Excerpts: []tandem.Excerpt{{ID: "e9", Start: 22, End: 30, Themes: []string{themes[0]}}, {ID: "e8", Start: 40, End: 47, Themes: []string{themes[5]}, Memo: "Family emoji: one grapheme, five code points."}}},
		},
	}
	return ProjectExport{Project: p, Codebook: cb, Index: x, Origin: "Tandem test", Sources: func(yield func(tandem.ExcerptSource, error) bool) {
		for i := range x.Transcripts {
			info := &x.Transcripts[i]
			if !yield(tandem.ExcerptSource{Info: info, Text: []rune(texts[info.ID]), Sets: sets[info.ID]}, nil) {
				return
			}
		}
	}}
}

func writeSample(t *testing.T) ([]byte, ProjectCounts) {
	t.Helper()
	var buf bytes.Buffer
	n, err := WriteProject(&buf, NewProject(sampleProject(t)))
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), n
}

// unzip returns the entries of a zip by name, in order.
func unzip(t *testing.T, data []byte) ([]string, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, f.Name)
		files[f.Name] = b
	}
	return names, files
}

// validateProject runs xmllint against the REFI-QDA project schema.
func validateProject(t *testing.T, qde []byte) {
	t.Helper()
	validateAgainst(t, qde, "testdata/Project.xsd")
}

// qde is what the tests read back of project.qde.
type qde struct {
	Users []struct {
		GUID string `xml:"guid,attr"`
		Name string `xml:"name,attr"`
		ID   string `xml:"id,attr"`
	} `xml:"Users>User"`
	Variables []struct {
		GUID string `xml:"guid,attr"`
		Name string `xml:"name,attr"`
	} `xml:"Variables>Variable"`
	Cases []struct {
		Name    string `xml:"name,attr"`
		Sources []struct {
			Target string `xml:"targetGUID,attr"`
		} `xml:"SourceRef"`
	} `xml:"Cases>Case"`
	Sources []struct {
		GUID       string `xml:"guid,attr"`
		Name       string `xml:"name,attr"`
		Path       string `xml:"plainTextPath,attr"`
		Selections []struct {
			GUID    string `xml:"guid,attr"`
			Start   int    `xml:"startPosition,attr"`
			End     int    `xml:"endPosition,attr"`
			User    string `xml:"creatingUser,attr"`
			Codings []struct {
				User string `xml:"creatingUser,attr"`
				Code struct {
					Target string `xml:"targetGUID,attr"`
				} `xml:"CodeRef"`
			} `xml:"Coding"`
			NoteRefs []struct {
				Target string `xml:"targetGUID,attr"`
			} `xml:"NoteRef"`
		} `xml:"PlainTextSelection"`
		Values []struct {
			Variable struct {
				Target string `xml:"targetGUID,attr"`
			} `xml:"VariableRef"`
			Text string `xml:"TextValue"`
		} `xml:"VariableValue"`
	} `xml:"Sources>TextSource"`
	Notes []struct {
		GUID string `xml:"guid,attr"`
		Text string `xml:"PlainTextContent"`
	} `xml:"Notes>Note"`
}

func TestProjectExportValidates(t *testing.T) {
	data, n := writeSample(t)
	names, files := unzip(t, data)
	if want := []string{"sources/" + GUID("source", "t1") + ".txt", "sources/" + GUID("source", "t2") + ".txt", "project.qde"}; !slices.Equal(names, want) {
		t.Fatalf("entries %v, want %v", names, want)
	}
	validateProject(t, files["project.qde"])
	if n != (ProjectCounts{Sources: 2, Selections: 7, Codings: 8, Notes: 3}) {
		t.Errorf("counts %+v", n)
	}
}

func TestEmptyProjectExportValidates(t *testing.T) {
	x := ProjectExport{Project: &tandem.Project{ID: "p0", Name: "New study"}, Codebook: &tandem.Codebook{}, Index: &tandem.TranscriptIndex{},
		Sources: func(func(tandem.ExcerptSource, error) bool) {}}
	var buf bytes.Buffer
	if _, err := WriteProject(&buf, NewProject(x)); err != nil {
		t.Fatal(err)
	}
	names, files := unzip(t, buf.Bytes())
	if !slices.Equal(names, []string{"project.qde"}) {
		t.Fatalf("entries %v", names)
	}
	validateProject(t, files["project.qde"])
}

func TestProjectExportIsDeterministic(t *testing.T) {
	a, _ := writeSample(t)
	b, _ := writeSample(t)
	if !bytes.Equal(a, b) {
		t.Fatal("two exports of the same project differ")
	}
}

// TestProjectExportContents reads the file back as another tool would: each
// selection cuts the excerpt's text out of its source, by code points;
// codings and notes carry their coder; merged themes point to their target.
func TestProjectExportContents(t *testing.T) {
	x := sampleProject(t)
	data, _ := writeSample(t)
	_, files := unzip(t, data)
	var doc qde
	if err := xml.Unmarshal(files["project.qde"], &doc); err != nil {
		t.Fatal(err)
	}
	users := map[string]string{}
	for _, u := range doc.Users {
		users[u.GUID] = u.Name
		if (u.ID == ConsensusUserID) != (u.Name == "Consensus") {
			t.Errorf("user %q has the id %q", u.Name, u.ID)
		}
	}
	wantUsers := map[string]string{GUID("user", "u-lead"): "Dana Lead", GUID("user", "u-peer"): `Sam "Peer" O'Neil`,
		GUID("user", "u-gone"): "Former member 1", GUID("consensus", "p1"): "Consensus"}
	if len(users) != len(wantUsers) {
		t.Errorf("users %v, want %v", users, wantUsers)
	}
	for g, name := range wantUsers {
		if users[g] != name {
			t.Errorf("user %s is %q, want %q", g, users[g], name)
		}
	}
	notes := map[string]string{}
	for _, n := range doc.Notes {
		notes[n.GUID] = n.Text
	}
	// Every excerpt, by the GUID its selection must have.
	type want struct {
		text, user, memo string
		codes            []string
	}
	wants := map[string]want{}
	for src, err := range x.Sources {
		if err != nil {
			t.Fatal(err)
		}
		for _, set := range src.Sets {
			user := GUID("user", set.CoderID)
			if set.CoderID == tandem.ConsensusCoder {
				user = GUID("consensus", "p1")
			}
			for _, e := range set.Excerpts {
				var codes []string
				for _, th := range e.Themes {
					if r := x.Codebook.Resolve(th).ID; !slices.Contains(codes, r) {
						codes = append(codes, r)
					}
				}
				memo := e.Memo
				if strings.TrimSpace(tandem.ExportText(memo)) == "" {
					memo = ""
				}
				wants[GUID("selection", src.Info.ID, set.CoderID, e.ID)] = want{string(src.Text[e.Start:e.End]), user, memo, codes}
			}
		}
	}
	seen := 0
	for _, s := range doc.Sources {
		text := []rune(string(files["sources/"+strings.TrimPrefix(s.Path, "internal://")]))
		if len(text) == 0 {
			t.Fatalf("source %s: no text at %q", s.Name, s.Path)
		}
		for _, sel := range s.Selections {
			w, ok := wants[sel.GUID]
			if !ok {
				t.Fatalf("selection %s is no excerpt", sel.GUID)
			}
			seen++
			if got := string(text[sel.Start:sel.End]); got != w.text {
				t.Errorf("selection %d-%d of %s cuts %q, the excerpt is %q", sel.Start, sel.End, s.Name, got, w.text)
			}
			if sel.User != w.user {
				t.Errorf("selection %q made by %s, want %s", w.text, users[sel.User], users[w.user])
			}
			var codes []string
			for _, c := range sel.Codings {
				codes = append(codes, c.Code.Target)
				if c.User != w.user {
					t.Errorf("coding of %q made by %s, want %s", w.text, users[c.User], users[w.user])
				}
			}
			if !slices.Equal(codes, w.codes) {
				t.Errorf("selection %q codes %v, want %v", w.text, codes, w.codes)
			}
			var memo string
			if len(sel.NoteRefs) == 1 {
				memo = notes[sel.NoteRefs[0].Target]
			}
			if memo != w.memo {
				t.Errorf("selection %q memo %q, want %q", w.text, memo, w.memo)
			}
		}
	}
	if seen != len(wants) {
		t.Errorf("%d selections, want %d", seen, len(wants))
	}
	// Metadata: variables on the sources, and one case for both interviews of P01.
	vars := map[string]string{}
	for _, v := range doc.Variables {
		vars[v.GUID] = v.Name
	}
	got := map[string]string{}
	for _, v := range doc.Sources[0].Values {
		got[vars[v.Variable.Target]] = v.Text
	}
	if w := map[string]string{"Participant": "P01", "Interview date": "2026-01-02", "Site": "Centre", "Original file": "p01.docx", "age group": "30-39"}; !equalMaps(got, w) {
		t.Errorf("variable values of interview 1: %v, want %v", got, w)
	}
	if len(doc.Cases) != 1 || doc.Cases[0].Name != "P01" || len(doc.Cases[0].Sources) != 2 {
		t.Errorf("cases %+v", doc.Cases)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestProjectExportStopsAtASourceError(t *testing.T) {
	x := sampleProject(t)
	broken := errors.New("the store went away")
	x.Sources = func(yield func(tandem.ExcerptSource, error) bool) { yield(tandem.ExcerptSource{}, broken) }
	if _, err := WriteProject(io.Discard, NewProject(x)); !errors.Is(err, broken) {
		t.Fatalf("error %v, want the source's", err)
	}
}

// TestProjectExportOffsetsOnAnyText exports random texts of emoji,
// combining marks, CJK, right-to-left script and line breaks with random
// excerpts: every selection cuts out exactly its excerpt's text.
func TestProjectExportOffsetsOnAnyText(t *testing.T) {
	pool := []rune("aé\u0301 \n😊👩\u200d👧中文שלום\t.\"<&>")
	r := rand.New(rand.NewPCG(14, 14))
	x := ProjectExport{Project: &tandem.Project{ID: "p", Name: "Random", Members: []tandem.Member{{UserID: "c", DisplayName: "C", Role: tandem.RoleCoder}}},
		Codebook: &tandem.Codebook{}, Index: &tandem.TranscriptIndex{}}
	texts := map[string][]rune{}
	var sets []*tandem.CodingSet
	for i := range 20 {
		id := fmt.Sprintf("t%d", i)
		text := make([]rune, 1+r.IntN(400))
		for j := range text {
			text[j] = pool[r.IntN(len(pool))]
		}
		texts[id] = text
		x.Index.Transcripts = append(x.Index.Transcripts, tandem.TranscriptInfo{ID: id, Title: id, CodedBy: []string{"c"}})
		set := &tandem.CodingSet{CoderID: "c"}
		for k := range r.IntN(30) {
			start := r.IntN(len(text))
			set.Excerpts = append(set.Excerpts, tandem.Excerpt{ID: fmt.Sprint(k), Start: start, End: start + 1 + r.IntN(len(text)-start)})
		}
		sets = append(sets, set)
	}
	x.Sources = func(yield func(tandem.ExcerptSource, error) bool) {
		for i := range x.Index.Transcripts {
			info := &x.Index.Transcripts[i]
			if !yield(tandem.ExcerptSource{Info: info, Text: texts[info.ID], Sets: sets[i : i+1]}, nil) {
				return
			}
		}
	}
	var buf bytes.Buffer
	if _, err := WriteProject(&buf, NewProject(x)); err != nil {
		t.Fatal(err)
	}
	_, files := unzip(t, buf.Bytes())
	validateProject(t, files["project.qde"])
	var doc qde
	if err := xml.Unmarshal(files["project.qde"], &doc); err != nil {
		t.Fatal(err)
	}
	cuts := 0
	for i, s := range doc.Sources {
		text := []rune(string(files["sources/"+strings.TrimPrefix(s.Path, "internal://")]))
		if string(text) != string(texts[x.Index.Transcripts[i].ID]) {
			t.Fatalf("source %s: the text changed", s.Name)
		}
		want := map[string]string{}
		for _, e := range sets[i].Excerpts {
			want[GUID("selection", s.Name, "c", e.ID)] = string(text[e.Start:e.End])
		}
		for _, sel := range s.Selections {
			if got := string(text[sel.Start:sel.End]); got != want[sel.GUID] {
				t.Errorf("source %s: %d-%d cuts %q, want %q", s.Name, sel.Start, sel.End, got, want[sel.GUID])
			}
			cuts++
		}
	}
	if cuts == 0 {
		t.Fatal("no selection was checked")
	}
}
