package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/tandemqda/tandem/internal/refiqda"
	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/transcript"
)

// ProjectImport is what importing a REFI-QDA project found (a preview) or
// made: the counts, how positions were read, and every element skipped or
// changed with its reason.
type ProjectImport struct {
	// Project is the project made (nil in a preview).
	Project    *tandem.Project `json:"-"`
	Name       string          `json:"name"`
	Origin     string          `json:"origin"`
	Sources    int             `json:"sources"`
	Codes      int             `json:"codes"`
	Selections int             `json:"selections"`
	Users      int             `json:"users"`
	// Excerpts counts the excerpts made: one per selection and coder.
	Excerpts   int                    `json:"excerpts"`
	Memos      int                    `json:"memos"`
	Consensus  bool                   `json:"consensus"`
	Convention refiqda.Convention     `json:"convention"`
	Report     []string               `json:"report"`
	Refused    []tandem.ImportRefusal `json:"refused"`
}

// ImportedCoderID is the coder id an imported user codes under: the user's
// GUID in the file, so that importing the same file twice gives the same
// ids.
func ImportedCoderID(guid string) string { return "imported-" + guid }

// importPlan is a project import worked out in memory: everything that
// will be written, so that a preview and an import say the same.
type importPlan struct {
	name        string
	codebook    *tandem.CodebookImport
	coders      []tandem.Member // imported coders, in the file's order
	transcripts []importedTranscript
}

type importedTranscript struct {
	info tandem.TranscriptInfo
	text *tandem.TranscriptText
	sets map[string][]tandem.Excerpt // coder id -> excerpts
}

// ImportProject reads a REFI-QDA project (.qdpx or .qde) and, unless
// preview, makes it a new project led by u: its codebook (mapped as the
// codebook import maps codes), its sources as transcripts, each user's
// selections as that coder's submitted coding (the consensus user's as the
// consensus), and notes linked to selections as excerpt memos. Imported
// coders are members who cannot sign in (ImportedCoderID) until the lead
// links them to people. The import makes the whole project or nothing: if
// any write fails, what was written is removed again.
func (a *App) ImportProject(ctx context.Context, u *tandem.User, data []byte, preview bool) (*ProjectImport, error) {
	rp, err := refiqda.ReadProject(data)
	if err != nil {
		return nil, err
	}
	out := &ProjectImport{Name: rp.Name, Origin: rp.Origin, Sources: len(rp.TextSources), Selections: rp.Selections(),
		Users: len(rp.Users), Convention: rp.Convention, Report: append([]string{}, rp.Report...), Refused: []tandem.ImportRefusal{}}
	plan, err := planImport(rp, u, a.Now(), out)
	if err != nil {
		return nil, err
	}
	if preview {
		return out, nil
	}
	if len(out.Refused) > 0 {
		return nil, &tandem.Error{Code: tandem.CodeImportRefused,
			Message: fmt.Sprintf("Nothing was imported: Tandem cannot take %s of this project's codebook. The preview lists them.", plural(len(out.Refused), "code", "codes")),
			Details: map[string]any{"refused": out.Refused}}
	}
	p, err := a.CreateProject(ctx, u, plan.name, "", tandem.ResearcherOther, "")
	if err != nil {
		return nil, err
	}
	if err := a.fillImport(ctx, u, p, plan, rp); err != nil {
		a.discardProject(ctx, p.ID)
		return nil, fmt.Errorf("import project %q: %w", plan.name, err)
	}
	a.Audit(ctx, p.ID, u, "project.imported", fmt.Sprintf("%s imported the project from a REFI-QDA file written by %s: %d transcripts, %d codes, %d excerpts.",
		u.Name, cmp.Or(strings.TrimSpace(rp.Origin), "another program"), out.Sources, out.Codes, out.Excerpts), nil)
	if out.Project, err = a.store.Project(ctx, p.ID); err != nil {
		return nil, err
	}
	return out, nil
}

// planImport maps the file onto Tandem's project, codebook, transcripts and
// coding sets, adding to out's counts and report.
func planImport(rp *refiqda.ImportedProject, u *tandem.User, now time.Time, out *ProjectImport) (*importPlan, error) {
	report := func(format string, args ...any) { out.Report = append(out.Report, fmt.Sprintf(format, args...)) }
	plan := &importPlan{}
	name, err := tandem.ValidateProjectName(rp.Name)
	if err != nil || name == "" {
		name = "Imported project"
		report("The project's name %q cannot be used; it is called %q.", rp.Name, name)
	}
	plan.name = name
	im, err := rp.Codebook()
	if err != nil {
		return nil, err
	}
	plan.codebook = im
	out.Report = append(out.Report, im.Notes...)
	out.Refused = append(out.Refused, im.Refused...)
	themes := map[string]bool{}
	names := map[string]string{}
	for _, n := range im.Nodes {
		names[n.ID] = n.Name
		if n.Level == tandem.LevelTheme {
			themes[n.ID] = true
		}
	}
	// A code applied to text that groups themes in Tandem (it has codes
	// below it) gets a theme of its own name below it, made when first
	// used, that takes its codings.
	level := map[string]tandem.Level{}
	for _, n := range im.Nodes {
		level[n.ID] = n.Level
	}
	directs := map[string]string{}
	direct := func(code string) string {
		if id, ok := directs[code]; ok {
			return id
		}
		parent := code
		if level[code] == tandem.LevelDomain {
			parent = refiqda.GUID("direct-category", code)
			im.Nodes = append(im.Nodes, tandem.Node{ID: parent, Level: tandem.LevelCategory, ParentID: code,
				NodeText: tandem.NodeText{Name: names[code]}, Status: tandem.StatusActive})
		}
		id := refiqda.GUID("direct", code)
		im.Nodes = append(im.Nodes, tandem.Node{ID: id, Level: tandem.LevelTheme, ParentID: parent,
			NodeText: tandem.NodeText{Name: names[code], Brief: fmt.Sprintf("Text coded with %q itself in the imported project.", names[code])}, Status: tandem.StatusActive})
		report("%q was applied to text but groups themes in Tandem; those codings went to a new theme %q below it.", names[code], names[code])
		directs[code] = id
		themes[id] = true
		return id
	}
	// Users: the consensus, or an imported coder each.
	coder := map[string]string{} // user GUID -> coder id
	for _, usr := range rp.Users {
		if usr.ID == refiqda.ConsensusUserID {
			coder[usr.GUID] = tandem.ConsensusCoder
			continue
		}
		id := ImportedCoderID(usr.GUID)
		coder[usr.GUID] = id
		plan.coders = append(plan.coders, tandem.Member{UserID: id, DisplayName: usr.Name, Role: tandem.RoleCoder,
			ResearcherType: tandem.ResearcherOther, JoinedAt: now})
	}
	for _, src := range rp.TextSources {
		title := oneLine(src.Name)
		text := src.Text
		turns := transcript.LineTurns(text)
		if len(turns) == 0 {
			report("Skipped the source %q: it has no text.", src.Name)
			continue
		}
		info := tandem.TranscriptInfo{ID: uuid.NewString(), Title: title, Format: string(transcript.FormatText), FileName: title,
			Attributes: map[string]string{}, AssignedCoders: []string{}, CodedBy: []string{}, Words: transcript.Words(text), Chars: utf8.RuneCountInString(text),
			TurnCount: len(turns), TextHash: TextHash(text), CreatedAt: now, CreatedBy: u.ID, UpdatedAt: now}
		it := importedTranscript{info: info, sets: map[string][]tandem.Excerpt{},
			text: &tandem.TranscriptText{ID: info.ID, Text: text, Turns: turns, Participant: transcript.GuessParticipant(turns)}}
		for _, sel := range src.Selections {
			where := func() string { // only for a report line: quoting costs
				return fmt.Sprintf("the selection %q in %q", excerptWords(text, sel.Start, sel.End), src.Name)
			}
			// One excerpt per coder who applied codes to the selection.
			byCoder := map[string][]string{}
			var order []string
			for _, c := range sel.Codings {
				if !themes[c.Code] {
					c.Code = direct(c.Code)
				}
				id := coder[c.CreatingUser]
				if _, ok := byCoder[id]; !ok {
					order = append(order, id)
				}
				if !slices.Contains(byCoder[id], c.Code) {
					byCoder[id] = append(byCoder[id], c.Code)
				}
			}
			memo := ""
			if sel.Note != nil {
				m, err := tandem.CleanMemo(sel.Note.Text)
				if err != nil {
					report("Left out the memo of %s: %s", where(), tandem.MessageOf(err))
				} else {
					memo = m
				}
			}
			for i, id := range order {
				ex := tandem.Excerpt{ID: sel.GUID, Start: sel.Start, End: sel.End, Themes: byCoder[id], Memo: memo, CreatedAt: sel.CreatedAt, UpdatedAt: sel.CreatedAt}
				if i > 0 {
					ex.ID = refiqda.GUID("excerpt", sel.GUID, id)
				}
				if len(ex.Themes) > tandem.MaxThemesPerExcerpt {
					report("Kept %d of the %d themes on %s: an excerpt carries at most %d.", tandem.MaxThemesPerExcerpt, len(ex.Themes), where(), tandem.MaxThemesPerExcerpt)
					ex.Themes = ex.Themes[:tandem.MaxThemesPerExcerpt]
				}
				if ex.CreatedAt.IsZero() {
					ex.CreatedAt, ex.UpdatedAt = now, now
				}
				if len(it.sets[id]) >= tandem.MaxExcerptsPerSet {
					return nil, tandem.Invalid("file", fmt.Sprintf("One coder has more than %d selections on %q, more than Tandem keeps for one coder on one transcript. Nothing was imported.",
						tandem.MaxExcerptsPerSet, src.Name))
				}
				it.sets[id] = append(it.sets[id], ex)
				out.Excerpts++
				if memo != "" {
					out.Memos++
				}
			}
		}
		for id := range it.sets {
			if id == tandem.ConsensusCoder {
				it.info.HasConsensus = true
				out.Consensus = true
				continue
			}
			it.info.CodedBy = append(it.info.CodedBy, id)
		}
		slices.Sort(it.info.CodedBy)
		it.info.AssignedCoders = append([]string{}, it.info.CodedBy...)
		plan.transcripts = append(plan.transcripts, it)
	}
	out.Codes = len(im.Nodes)
	out.Sources = len(plan.transcripts)
	if out.Sources == 0 {
		return nil, tandem.Invalid("file", "None of this project's sources has text, so there is nothing to import.")
	}
	return plan, nil
}

// oneLine is a name on one line, for titles.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "Untitled source"
	}
	return s
}

// excerptWords is a short quote of [start, end) of text, for the report.
func excerptWords(text string, start, end int) string {
	r := []rune(text)
	q := strings.Join(strings.Fields(string(r[start:end])), " ")
	if q := []rune(q); len(q) > 40 {
		return string(q[:18]) + "…" + string(q[len(q)-18:])
	}
	return q
}

// fillImport writes the plan into the new project p.
func (a *App) fillImport(ctx context.Context, u *tandem.User, p *tandem.Project, plan *importPlan, rp *refiqda.ImportedProject) error {
	lead := p.Members[0]
	if _, err := a.store.UpdateProject(ctx, p.ID, func(p *tandem.Project) error {
		p.Description = rp.Description
		if d, err := tandem.ValidateDescription(rp.Description); err == nil {
			p.Description = d
		} else {
			p.Description = ""
		}
		p.Members = append(p.Members, plan.coders...)
		return nil
	}); err != nil {
		return fmt.Errorf("add the imported coders: %w", err)
	}
	cb, err := a.store.UpdateCodebook(ctx, p.ID, func(cb *tandem.Codebook) error {
		for _, n := range plan.codebook.Nodes {
			if _, err := cb.Add(n.ID, n.Level, n.ParentID, n.NodeText, tandem.StatusActive, &lead); err != nil {
				return err
			}
		}
		cb.Version++
		return nil
	})
	if err != nil {
		return fmt.Errorf("write the codebook: %w", err)
	}
	if err := a.store.PutCodebookVersion(ctx, &tandem.CodebookVersion{ProjectID: p.ID, Version: cb.Version, At: a.Now(), ActorID: u.ID,
		ActorName: lead.DisplayName, Summary: "imported from a REFI-QDA project", After: cb.Nodes, Nodes: cb.Nodes}); err != nil {
		return fmt.Errorf("write the codebook's first version: %w", err)
	}
	return a.store.Batch(ctx, func(ctx context.Context) error {
		for _, it := range plan.transcripts {
			it.text.ProjectID = p.ID
			if err := a.store.PutTranscriptText(ctx, it.text); err != nil {
				return fmt.Errorf("write the text of %q: %w", it.info.Title, err)
			}
			for id, excerpts := range it.sets {
				tandem.SortExcerpts(excerpts)
				if _, err := a.store.UpdateCodingSet(ctx, p.ID, it.info.ID, id, func(set *tandem.CodingSet) error {
					now := a.Now()
					set.Excerpts, set.UpdatedAt = excerpts, now
					if id != tandem.ConsensusCoder {
						set.Status, set.SubmittedAt = tandem.CodingSubmitted, &now
					}
					return nil
				}); err != nil {
					return fmt.Errorf("write the coding of %q: %w", it.info.Title, err)
				}
			}
		}
		if _, err := a.store.UpdateTranscriptIndex(ctx, p.ID, func(x *tandem.TranscriptIndex) error {
			for _, it := range plan.transcripts {
				x.Transcripts = append(x.Transcripts, it.info)
			}
			return nil
		}); err != nil {
			return fmt.Errorf("list the transcripts: %w", err)
		}
		return nil
	})
}

// discardProject removes a project whose import failed, with everything
// written so far, as a deletion does; a failure is logged (the next start
// finishes it, as for a deletion).
func (a *App) discardProject(ctx context.Context, id string) {
	ctx = context.WithoutCancel(ctx)
	now := a.Now()
	if _, err := a.store.UpdateProject(ctx, id, func(p *tandem.Project) error {
		p.DeletedAt = &now
		return nil
	}); err != nil {
		a.log.Error("mark a failed import deleted", "project", id, "error", err)
		return
	}
	if err := a.store.PurgeProject(ctx, id); err != nil {
		a.log.Error("remove a failed import", "project", id, "error", err)
		return
	}
	if err := a.store.RemoveProject(ctx, id); err != nil {
		a.log.Error("remove a failed import", "project", id, "error", err)
	}
}
