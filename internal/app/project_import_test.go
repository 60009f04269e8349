package app_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/tandemqda/tandem/internal/app"
	"github.com/tandemqda/tandem/internal/mongodb"
	"github.com/tandemqda/tandem/internal/mongodb/mongotest"
	"github.com/tandemqda/tandem/internal/refiqda"
	"github.com/tandemqda/tandem/internal/tandem"
)

// exportQDPX writes project p as Tandem's export does.
func exportQDPX(t *testing.T, a *app.App, p *tandem.Project) []byte {
	t.Helper()
	x, err := a.ProjectExport(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := refiqda.WriteProject(&buf, refiqda.NewProject(refiqda.ProjectExport{Project: x.Project, Codebook: x.Codebook, Index: x.Index,
		Origin: "Tandem test", Sources: x.Sources})); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// projectView is what a user sees of a project, by names rather than ids:
// each transcript's text, the codebook as paths, and every excerpt with its
// coder's name, its themes' paths and its memo.
type projectView struct {
	texts    []string
	codebook []string
	excerpts []string
}

func viewOf(t *testing.T, s *mongodb.Store, p *tandem.Project) projectView {
	t.Helper()
	ctx := context.Background()
	cb, err := s.Codebook(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	path := func(id string) string {
		n := cb.Node(id)
		var parts []string
		for n != nil {
			parts = append([]string{n.Name}, parts...)
			n = cb.Node(n.ParentID)
		}
		return strings.Join(parts, " > ")
	}
	var v projectView
	for _, n := range cb.Nodes {
		v.codebook = append(v.codebook, fmt.Sprintf("%s %s [%s] %q %q %s", n.Level, path(n.ID), n.Colour, n.Brief, n.Full, n.Status))
	}
	x, err := s.TranscriptIndex(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	name := func(coder string) string {
		if coder == tandem.ConsensusCoder {
			return "Consensus"
		}
		if m := p.Member(coder); m != nil {
			return m.DisplayName
		}
		return "?" + coder
	}
	for _, info := range x.Transcripts {
		text, err := s.TranscriptText(ctx, info.ID)
		if err != nil {
			t.Fatal(err)
		}
		v.texts = append(v.texts, info.Title+": "+text.Text)
		coders := slices.Clone(info.CodedBy)
		if info.HasConsensus {
			coders = append(coders, tandem.ConsensusCoder)
		}
		for _, c := range coders {
			set, err := s.CodingSet(ctx, p.ID, info.ID, c)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range set.Excerpts {
				var themes []string
				for _, th := range e.Themes {
					themes = append(themes, path(th))
				}
				slices.Sort(themes)
				v.excerpts = append(v.excerpts, fmt.Sprintf("%s | %s | %d-%d | %s | %q", info.Title, name(c), e.Start, e.End, strings.Join(themes, "; "), e.Memo))
			}
		}
	}
	slices.Sort(v.codebook)
	slices.Sort(v.excerpts)
	return v
}

// Tandem -> .qdpx -> Tandem gives the same project: texts, codebook, every
// excerpt with its coder, memos and the consensus.
func TestImportProjectRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := mongotest.Open(t)
	a := app.New(app.Config{Store: s})
	lead := &tandem.User{ID: "lead-1", Name: "Lee", Email: "lee@example.org"}
	if err := s.CreateUser(ctx, lead); err != nil {
		t.Fatal(err)
	}
	p, err := a.CreateSample(ctx, lead, tandem.ResearcherAcademic, "")
	if err != nil {
		t.Fatal(err)
	}
	// A memo on a coder's excerpt, and a consensus on the first transcript.
	x, _ := s.TranscriptIndex(ctx, p.ID)
	first := x.Transcripts[0]
	set, err := s.UpdateCodingSet(ctx, p.ID, first.ID, first.CodedBy[0], func(set *tandem.CodingSet) error {
		set.Excerpts[0].Memo = "Felt <safe> & heard.\nSecond line."
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateCodingSet(ctx, p.ID, first.ID, tandem.ConsensusCoder, func(c *tandem.CodingSet) error {
		c.Excerpts = []tandem.Excerpt{set.Excerpts[1]}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateTranscriptIndex(ctx, p.ID, func(x *tandem.TranscriptIndex) error {
		x.Transcripts[0].HasConsensus = true
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	p, _ = s.Project(ctx, p.ID)
	data := exportQDPX(t, a, p)

	pre, err := a.ImportProject(ctx, lead, data, true)
	if err != nil {
		t.Fatal(err)
	}
	if pre.Project != nil || pre.Sources != 3 || pre.Users != 4 || !pre.Consensus || pre.Memos != 1 || len(pre.Refused) != 0 {
		t.Errorf("preview %+v", pre)
	}
	if u, _ := s.User(ctx, lead.ID); len(u.ProjectIDs) != 1 {
		t.Fatalf("a preview made a project: %v", u.ProjectIDs)
	}
	im, err := a.ImportProject(ctx, lead, data, false)
	if err != nil {
		t.Fatal(err)
	}
	q := im.Project
	if q.ID == p.ID || q.Name != p.Name || q.Member(lead.ID) == nil || q.Member(lead.ID).Role != tandem.RoleLead {
		t.Fatalf("imported project %+v", q)
	}
	for _, l := range im.Report {
		if !strings.HasPrefix(l, "Positions were read") && !strings.Contains(l, "<Variable") && !strings.Contains(l, "<Case") {
			t.Errorf("report line on Tandem's own file: %s", l)
		}
	}
	want, got := viewOf(t, s, p), viewOf(t, s, q)
	for _, part := range []struct {
		what      string
		want, got []string
	}{{"texts", want.texts, got.texts}, {"codebook", want.codebook, got.codebook}, {"excerpts", want.excerpts, got.excerpts}} {
		if !slices.Equal(part.want, part.got) {
			t.Errorf("%s differ:\nwant %q\ngot  %q", part.what, part.want, part.got)
		}
	}
	if len(want.excerpts) < 10 || !slices.ContainsFunc(got.excerpts, func(e string) bool { return strings.Contains(e, "| Consensus |") }) ||
		!slices.ContainsFunc(got.excerpts, func(e string) bool { return strings.Contains(e, "Felt <safe>") }) {
		t.Errorf("the round trip lost the consensus or the memo: %q", got.excerpts)
	}
}

// The NVivo 12 sample imports with its 303 codings on word boundaries.
func TestImportNVivoProject(t *testing.T) {
	ctx := context.Background()
	s := mongotest.Open(t)
	a := app.New(app.Config{Store: s})
	lead := &tandem.User{ID: "lead-1", Name: "Lee", Email: "lee@example.org"}
	if err := s.CreateUser(ctx, lead); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../refiqda/testdata/nvivo12-windows-two-sources.qdpx")
	if err != nil {
		t.Fatal(err)
	}
	im, err := a.ImportProject(ctx, lead, data, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d sources, %d codes, %d selections, %d excerpts, %d users; report:\n%s", im.Sources, im.Codes, im.Selections, im.Excerpts, im.Users, strings.Join(im.Report, "\n"))
	if im.Sources != 2 || im.Selections != 303 || im.Excerpts != 303 || im.Users != 2 || im.Convention != refiqda.UTF16 || len(im.Refused) != 0 {
		t.Errorf("import %+v", im)
	}
	v := viewOf(t, s, im.Project)
	if len(v.excerpts) != im.Excerpts {
		t.Errorf("%d excerpts stored, %d said", len(v.excerpts), im.Excerpts)
	}
}

// An import that fails half-way leaves nothing behind: every document in
// the store is as it was before. The request is cancelled (the lead closed
// the page) once the project, its coders and its codebook are written.
func TestImportProjectAllOrNothing(t *testing.T) {
	s := mongotest.Open(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls, cancelAt := 0, 0
	a := app.New(app.Config{Store: s, Now: func() time.Time {
		if calls++; calls == cancelAt {
			cancel()
		}
		return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	}})
	lead := &tandem.User{ID: "lead-1", Name: "Lee", Email: "lee@example.org"}
	if err := s.CreateUser(ctx, lead); err != nil {
		t.Fatal(err)
	}
	snapshot := func() []string {
		var docs []string
		if err := s.EachDocument(context.Background(), func(coll string, doc bson.Raw) error {
			d := doc.String()
			if coll == "users" { // its list of projects gains the project and loses it again
				d = userVersion.ReplaceAllString(d, "")
			}
			docs = append(docs, coll+" "+d)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return docs
	}
	data, err := os.ReadFile("../refiqda/testdata/nvivo12-windows-two-sources.qdpx")
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot()
	// The clock is read when the import plans (1), creates the project (2),
	// logs it (3) and versions the codebook (4): the request ends there.
	cancelAt = calls + 4
	_, err = a.ImportProject(ctx, lead, data, false)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "codebook's first version") {
		t.Fatalf("an import cancelled half-way: %v", err)
	}
	after := snapshot()
	if !slices.Equal(before, after) {
		t.Errorf("the failed import left documents behind:\nbefore %q\nafter %q", before, after)
	}
}

var userVersion = regexp.MustCompile(`"version": \{[^}]*\}`)
