package httpapi

import (
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/tandemqda/tandem/internal/app"
	"github.com/tandemqda/tandem/internal/tandem"
)

// codingSetView is a coding set as a member may see it. When the project
// codes blind and the set is another coder's (Hidden), only its status
// shows: no excerpts, and no version or time of change either, which would
// tell how much and when another coder wrote.
type codingSetView struct {
	CoderID        string                `json:"coderId"`
	CoderName      string                `json:"coderName"`
	ResearcherType tandem.ResearcherType `json:"researcherType"`
	Status         tandem.CodingStatus   `json:"status"`
	SubmittedAt    *time.Time            `json:"submittedAt,omitempty"`
	UpdatedAt      *time.Time            `json:"updatedAt,omitempty"`
	Version        *int64                `json:"version,omitempty"`
	// TextVersion is the version of the transcript's text the excerpts'
	// positions refer to (they hold for any later version too, until a
	// redaction moves them).
	TextVersion  *int64           `json:"textVersion,omitempty"`
	Hidden       bool             `json:"hidden"`
	ExcerptCount *int             `json:"excerptCount,omitempty"`
	Excerpts     []tandem.Excerpt `json:"excerpts"`
}

// viewCodingSet shows a coding set as the viewer may see it.
func viewCodingSet(p *tandem.Project, viewer *tandem.Member, info *tandem.TranscriptInfo, set *tandem.CodingSet) *codingSetView {
	v := &codingSetView{CoderID: set.CoderID, Status: set.Status, SubmittedAt: set.SubmittedAt}
	if m := p.Member(set.CoderID); m != nil {
		v.CoderName, v.ResearcherType = m.DisplayName, m.ResearcherType
	} else {
		v.CoderName = "Former member"
	}
	if set.CoderID != viewer.UserID && !info.SeesAllCoding(viewer, p.OpenCoding) {
		v.Hidden = true
		return v
	}
	n, version, textVersion, updated := len(set.Excerpts), set.Version, set.TextVersion, set.UpdatedAt
	v.ExcerptCount, v.Version, v.TextVersion, v.UpdatedAt = &n, &version, &textVersion, &updated
	v.Excerpts = set.Excerpts
	tandem.SortExcerpts(v.Excerpts)
	return v
}

// listCodings returns every coding set of a transcript the member may see,
// their own first (an empty one when they code and have not started).
func (s *Server) listCodings(c *fiber.Ctx) error {
	sc := scopeOf(c)
	info, sets, err := s.app.CodingSets(c.UserContext(), sc, c.Params("tid"))
	if err != nil {
		return err
	}
	views := make([]*codingSetView, 0, len(sets))
	for _, set := range sets {
		views = append(views, viewCodingSet(sc.Project, sc.Member, info, set))
	}
	return c.JSON(fiber.Map{"openCoding": sc.Project.OpenCoding, "revealed": info.Revealed,
		"seesAll": info.SeesAllCoding(sc.Member, sc.Project.OpenCoding), "sets": views})
}

func (s *Server) getCoding(c *fiber.Ctx) error {
	sc := scopeOf(c)
	info, set, err := s.app.CodingSet(c.UserContext(), sc, c.Params("tid"), sc.Coder(c.Params("coder")))
	if err != nil {
		return err
	}
	return c.JSON(viewCodingSet(sc.Project, sc.Member, info, set))
}

// codingError adds to a version conflict on a coding set the set as it is
// now, as the member may see it, so the app can reload and keep the
// pending edit.
func codingError(sc app.Scope, err error) error {
	var stale *app.Stale[app.SetOn]
	if !errors.As(err, &stale) {
		return err
	}
	return &tandem.Error{Code: tandem.CodeVersionConflict, Message: stale.Message(),
		Details: map[string]any{"current": viewCodingSet(sc.Project, sc.Member, stale.Current.Transcript, stale.Current.Set)}}
}

// excerptIn is an excerpt in a request; absent fields are nil.
type excerptIn struct {
	Version *int64 `json:"version"`
	// TextVersion is the version of the transcript's text Start and End
	// were taken on; they are moved when names were removed since.
	TextVersion *int64    `json:"textVersion"`
	ID          *string   `json:"id"`
	Start       *int      `json:"start"`
	End         *int      `json:"end"`
	Themes      *[]string `json:"themes"`
	Memo        *string   `json:"memo"`
}

// decodeSetVersion reads a body that is only {"version": n}.
func decodeSetVersion(c *fiber.Ctx) (int64, error) {
	var in struct {
		Version *int64 `json:"version"`
	}
	if err := decode(c, &in); err != nil {
		return 0, err
	}
	if err := needSetVersion(in.Version); err != nil {
		return 0, err
	}
	return *in.Version, nil
}

func needSetVersion(v *int64) error {
	if v == nil {
		return tandem.Invalid("version", "Send the version of your coding that the change is based on.")
	}
	return nil
}

// excerptWritten is the answer to an excerpt write: the set's new version
// and the excerpt, not the whole set.
type excerptWritten struct {
	Version int64           `json:"version"`
	Excerpt *tandem.Excerpt `json:"excerpt,omitempty"`
}

func (s *Server) addExcerpt(c *fiber.Ctx) error {
	var in excerptIn
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := needSetVersion(in.Version); err != nil {
		return err
	}
	if in.Start == nil || in.End == nil {
		return tandem.Invalid("start", "Send where the excerpt starts and ends.")
	}
	if in.Themes == nil {
		return tandem.Invalid("themes", "Choose at least one theme.")
	}
	e := app.NewExcerpt{ID: uuid.NewString(), TextVersion: in.TextVersion, Start: *in.Start, End: *in.End, Themes: *in.Themes}
	if in.ID != nil {
		parsed, err := uuid.Parse(*in.ID)
		if err != nil {
			return tandem.Invalid("id", "An excerpt id is a UUID.")
		}
		e.ID = parsed.String()
	}
	if in.Memo != nil {
		var err error
		if e.Memo, err = tandem.CleanMemo(*in.Memo); err != nil {
			return err
		}
	}
	sc := scopeOf(c)
	w, err := s.app.AddExcerpt(c.UserContext(), sc, c.Params("tid"), sc.Coder(c.Params("coder")), *in.Version, e)
	if err != nil {
		return codingError(sc, err)
	}
	status := fiber.StatusOK // an add sent again that already went in
	if w.Created {
		status = fiber.StatusCreated
	}
	return c.Status(status).JSON(excerptWritten{Version: w.Version, Excerpt: w.Excerpt})
}

func (s *Server) patchExcerpt(c *fiber.Ctx) error {
	var in excerptIn
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := needSetVersion(in.Version); err != nil {
		return err
	}
	if in.ID != nil {
		return tandem.Invalid("id", "An excerpt's id cannot change.")
	}
	if in.Memo != nil {
		memo, err := tandem.CleanMemo(*in.Memo)
		if err != nil {
			return err
		}
		in.Memo = &memo
	}
	sc := scopeOf(c)
	w, err := s.app.PatchExcerpt(c.UserContext(), sc, c.Params("tid"), sc.Coder(c.Params("coder")), c.Params("eid"), *in.Version,
		app.ExcerptPatch{TextVersion: in.TextVersion, Start: in.Start, End: in.End, Themes: in.Themes, Memo: in.Memo})
	if err != nil {
		return codingError(sc, err)
	}
	return c.JSON(excerptWritten{Version: w.Version, Excerpt: w.Excerpt})
}

func (s *Server) deleteExcerpt(c *fiber.Ctx) error {
	version, err := strconv.ParseInt(c.Query("version"), 10, 64)
	if err != nil {
		return tandem.Invalid("version", "Send the version of your coding that the change is based on (?version=).")
	}
	sc := scopeOf(c)
	w, err := s.app.DeleteExcerpt(c.UserContext(), sc, c.Params("tid"), sc.Coder(c.Params("coder")), c.Params("eid"), version)
	if err != nil {
		return codingError(sc, err)
	}
	return c.JSON(excerptWritten{Version: w.Version})
}

func (s *Server) submitCoding(c *fiber.Ctx) error {
	version, err := decodeSetVersion(c)
	if err != nil {
		return err
	}
	sc := scopeOf(c)
	info, set, err := s.app.Submit(c.UserContext(), sc, c.Params("tid"), sc.Coder(c.Params("coder")), version)
	if err != nil {
		return codingError(sc, err)
	}
	return c.JSON(viewCodingSet(sc.Project, sc.Member, info, set))
}

// reopenCoding puts a submitted set back in progress: its coder may until the
// lead reveals the transcript's coding; a lead may any time.
func (s *Server) reopenCoding(c *fiber.Ctx) error {
	version, err := decodeSetVersion(c)
	if err != nil {
		return err
	}
	sc := scopeOf(c)
	info, set, err := s.app.Reopen(c.UserContext(), sc, c.Params("tid"), sc.Coder(c.Params("coder")), version)
	if err != nil {
		return codingError(sc, err)
	}
	return c.JSON(viewCodingSet(sc.Project, sc.Member, info, set))
}

// revealCoding shows (or hides again) every coder's coding of a transcript
// to all members while the project codes blind.
func (s *Server) revealCoding(c *fiber.Ctx) error {
	var in struct {
		Revealed *bool `json:"revealed"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.Revealed == nil {
		return tandem.Invalid("revealed", "Say whether to reveal the coding (true) or hide it again (false).")
	}
	info, err := s.app.Reveal(c.UserContext(), scopeOf(c), c.Params("tid"), *in.Revealed)
	if err != nil {
		return err
	}
	return c.JSON(info)
}

// progressCell is one coder's state on one transcript.
// Of a set the member may not see (blind), only its status shows: its
// version and excerpt count would tell how much another coder wrote.
type progressCell struct {
	CoderID      string              `json:"coderId"`
	Status       tandem.CodingStatus `json:"status"`
	SubmittedAt  *time.Time          `json:"submittedAt,omitempty"`
	Version      *int64              `json:"version,omitempty"`
	ExcerptCount *int                `json:"excerptCount,omitempty"`
}

// progress is the transcript x coder matrix: for each transcript the member
// may read, every coding set's status and (where visible) excerpt count.
func (s *Server) progress(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p, m := sc.Project, sc.Member
	all, err := s.app.Progress(c.UserContext(), sc)
	if err != nil {
		return err
	}
	type row struct {
		ID             string         `json:"id"`
		Title          string         `json:"title"`
		AssignedCoders []string       `json:"assignedCoders"`
		Revealed       bool           `json:"revealed"`
		Phase          tandem.Phase   `json:"phase"`
		Mine           bool           `json:"mine"`
		Sets           []progressCell `json:"sets"`
	}
	rows := make([]row, 0, len(all))
	for _, tp := range all {
		info := tp.Transcript
		r := row{ID: info.ID, Title: info.Title, AssignedCoders: info.AssignedCoders, Revealed: info.Revealed, Phase: info.CurrentPhase(),
			Mine: slices.Contains(info.AssignedCoders, m.UserID), Sets: []progressCell{}}
		if r.AssignedCoders == nil {
			r.AssignedCoders = []string{}
		}
		for _, set := range tp.Sets {
			cell := progressCell{CoderID: set.CoderID, Status: set.Status, SubmittedAt: set.SubmittedAt}
			if set.CoderID == m.UserID || info.SeesAllCoding(m, p.OpenCoding) {
				n, v := len(set.Excerpts), set.Version
				cell.ExcerptCount, cell.Version = &n, &v
			}
			r.Sets = append(r.Sets, cell)
		}
		rows = append(rows, r)
	}
	return c.JSON(fiber.Map{"openCoding": p.OpenCoding, "members": viewMembers(p, m), "transcripts": rows})
}
