package httpapi

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

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

// seesAllCoding reports whether the member may see every coder's excerpts on
// the transcript: leads always; others when the project codes openly or the
// lead has revealed the transcript's coding.
func seesAllCoding(p *tandem.Project, m *tandem.Member, info *tandem.TranscriptInfo) bool {
	return m.Role == tandem.RoleLead || p.OpenCoding || info.Revealed
}

func viewCodingSet(p *tandem.Project, viewer *tandem.Member, info *tandem.TranscriptInfo, set *tandem.CodingSet) *codingSetView {
	v := &codingSetView{CoderID: set.CoderID, Status: set.Status, SubmittedAt: set.SubmittedAt}
	if m := p.Member(set.CoderID); m != nil {
		v.CoderName, v.ResearcherType = m.DisplayName, m.ResearcherType
	} else {
		v.CoderName = "Former member"
	}
	if set.CoderID != viewer.UserID && !seesAllCoding(p, viewer, info) {
		v.Hidden = true
		return v
	}
	n, version, textVersion, updated := len(set.Excerpts), set.Version, set.TextVersion, set.UpdatedAt
	v.ExcerptCount, v.Version, v.TextVersion, v.UpdatedAt = &n, &version, &textVersion, &updated
	v.Excerpts = set.Excerpts
	tandem.SortExcerpts(v.Excerpts)
	return v
}

// emptySet is the set of a coder who has not coded the transcript yet.
func emptySet(info *tandem.TranscriptInfo, coderID string) *tandem.CodingSet {
	return &tandem.CodingSet{TranscriptID: info.ID, CoderID: coderID, Status: tandem.CodingInProgress, Excerpts: []tandem.Excerpt{},
		TextVersion: info.OffsetsVersion}
}

// loadSet returns a coder's set, or an empty one, with its excerpts on the
// current text while a redaction moves them.
func (s *Server) loadSet(c *fiber.Ctx, info *tandem.TranscriptInfo, coderID string) (*tandem.CodingSet, error) {
	p, _ := currentProject(c)
	set, err := s.store.CodingSet(c.UserContext(), p.ID, info.ID, coderID)
	if errors.Is(err, tandem.ErrNotFound) {
		return emptySet(info, coderID), nil
	}
	if err != nil {
		return nil, err
	}
	follow, err := s.followingText(c.UserContext(), info)
	if err != nil || follow == nil {
		return set, err
	}
	return follow(set), nil
}

// listCodings returns every coding set of a transcript the member may see,
// their own first (an empty one when they code and have not started).
func (s *Server) listCodings(c *fiber.Ctx) error {
	p, m := currentProject(c)
	info, err := s.visibleTranscript(c)
	if err != nil {
		return err
	}
	coders := slices.Clone(info.CodedBy)
	if m.Role.AtLeast(tandem.RoleCoder) && !slices.Contains(coders, m.UserID) && canCode(m, info) {
		coders = append(coders, m.UserID)
	}
	slices.SortStableFunc(coders, func(a, b string) int {
		switch {
		case a == m.UserID:
			return -1
		case b == m.UserID:
			return 1
		}
		return 0
	})
	sets := make([]*codingSetView, 0, len(coders))
	for _, id := range coders {
		set, err := s.loadSet(c, info, id)
		if err != nil {
			return err
		}
		sets = append(sets, viewCodingSet(p, m, info, set))
	}
	return c.JSON(fiber.Map{"openCoding": p.OpenCoding, "revealed": info.Revealed, "seesAll": seesAllCoding(p, m, info), "sets": sets})
}

// coderParam reads :coder ("me" is the caller).
func coderParam(c *fiber.Ctx) string {
	if id := c.Params("coder"); id != "me" {
		return id
	}
	return currentUser(c).ID
}

func (s *Server) getCoding(c *fiber.Ctx) error {
	p, m := currentProject(c)
	info, err := s.visibleTranscript(c)
	if err != nil {
		return err
	}
	coder := coderParam(c)
	if coder != m.UserID && !seesAllCoding(p, m, info) {
		return tandem.Errorf(tandem.CodeNotFound, "Other coders' coding is hidden while the project codes independently.")
	}
	set, err := s.loadSet(c, info, coder)
	if err != nil {
		return err
	}
	return c.JSON(viewCodingSet(p, m, info, set))
}

// canCode reports whether the member may code the transcript: leads any,
// coders those assigned to them.
func canCode(m *tandem.Member, info *tandem.TranscriptInfo) bool {
	return m.Role == tandem.RoleLead || (m.Role == tandem.RoleCoder && slices.Contains(info.AssignedCoders, m.UserID))
}

// codingTarget checks that the caller may write :coder's set on :tid, which
// must be their own, and returns the transcript.
func (s *Server) codingTarget(c *fiber.Ctx) (*tandem.TranscriptInfo, error) {
	_, m := currentProject(c)
	info, err := s.visibleTranscript(c)
	if err != nil {
		return nil, err
	}
	if coderParam(c) != m.UserID {
		return nil, tandem.Errorf(tandem.CodeForbidden, "You can change only your own coding.")
	}
	if !canCode(m, info) {
		return nil, tandem.Errorf(tandem.CodeForbidden, "This transcript is not assigned to you for coding. Ask a lead to assign it.")
	}
	if info.RedactionTo != 0 {
		return nil, busyRedacting()
	}
	return info, nil
}

// textLength returns the transcript's length in code points.
func (s *Server) textLength(c *fiber.Ctx, info *tandem.TranscriptInfo) (int, error) {
	if info.Chars > 0 {
		return info.Chars, nil
	}
	t, err := s.store.TranscriptText(c.UserContext(), info.ID)
	if err != nil {
		return 0, err
	}
	return len([]rune(t.Text)), nil
}

// markCoded records in the transcript's entry that the member codes it, so
// that their set is listed; it is done before the set is first written.
func (s *Server) markCoded(c *fiber.Ctx, info *tandem.TranscriptInfo, coderID string) error {
	if slices.Contains(info.CodedBy, coderID) {
		return nil
	}
	p, _ := currentProject(c)
	_, err := s.store.UpdateTranscriptIndex(c.UserContext(), p.ID, func(x *tandem.TranscriptIndex) error {
		e := x.Transcript(info.ID)
		if e == nil {
			return tandem.Errorf(tandem.CodeNotFound, "This transcript was deleted.")
		}
		if slices.Contains(e.CodedBy, coderID) {
			return nil
		}
		if e.RedactionTo != 0 {
			return busyRedacting()
		}
		e.CodedBy = append(e.CodedBy, coderID)
		return nil
	})
	return err
}

// staleSet is the 409 of a write based on an old version of a set; it
// carries the current set so the app can reload and keep the pending edit.
func staleSet(p *tandem.Project, m *tandem.Member, info *tandem.TranscriptInfo, set *tandem.CodingSet) error {
	return &tandem.Error{Code: tandem.CodeVersionConflict,
		Message: "Your coding changed in another tab or device. The latest is loaded; your last change is kept so you can apply it again.",
		Details: map[string]any{"current": viewCodingSet(p, m, info, set)}}
}

// changeSet applies fn to the caller's set on :tid when version is current.
func (s *Server) changeSet(c *fiber.Ctx, info *tandem.TranscriptInfo, version int64, fn func(set *tandem.CodingSet) error) (*tandem.CodingSet, error) {
	p, m := currentProject(c)
	if version != 0 && !slices.Contains(info.CodedBy, m.UserID) {
		return nil, staleSet(p, m, info, emptySet(info, m.UserID)) // without creating the set
	}
	if err := s.markCoded(c, info, m.UserID); err != nil {
		return nil, err
	}
	return s.store.UpdateCodingSet(c.UserContext(), p.ID, info.ID, m.UserID, func(set *tandem.CodingSet) error {
		if set.Version != version {
			return staleSet(p, m, info, set)
		}
		if set.Version == 0 {
			set.TextVersion = info.OffsetsVersion // a new set's positions are on today's text
		}
		if err := fn(set); err != nil {
			return err
		}
		set.UpdatedAt = s.now()
		return nil
	})
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
	id := uuid.NewString()
	if in.ID != nil {
		parsed, err := uuid.Parse(*in.ID)
		if err != nil {
			return tandem.Invalid("id", "An excerpt id is a UUID.")
		}
		id = parsed.String()
	}
	memo := ""
	if in.Memo != nil {
		var err error
		if memo, err = tandem.CleanMemo(*in.Memo); err != nil {
			return err
		}
	}
	info, err := s.codingTarget(c)
	if err != nil {
		return err
	}
	length, err := s.textLength(c, info)
	if err != nil {
		return err
	}
	start, end, err := s.positionsNow(c.UserContext(), info, in.TextVersion, *in.Start, *in.End)
	if err != nil {
		return err
	}
	if err := tandem.CheckSpan(start, end, length); err != nil {
		return err
	}
	p, _ := currentProject(c)
	cb, err := s.store.Codebook(c.UserContext(), p.ID)
	if err != nil {
		return err
	}
	themes, err := tandem.ResolveThemes(cb, *in.Themes)
	if err != nil {
		return err
	}
	now := s.now()
	e := tandem.Excerpt{ID: id, Start: start, End: end, Themes: themes, Memo: memo, CreatedAt: now, UpdatedAt: now}
	var out *tandem.Excerpt
	set, err := s.changeSet(c, info, *in.Version, func(set *tandem.CodingSet) error {
		if err := set.CheckWritable(); err != nil {
			return err
		}
		if _, err := set.AddExcerpt(e); err != nil {
			return err
		}
		x := *set.Excerpt(id)
		out = &x
		return nil
	})
	var ve *tandem.Error
	if errors.As(err, &ve) && ve.Code == tandem.CodeVersionConflict {
		// A retried add that already went in is not a conflict.
		if cur, lerr := s.loadSet(c, info, currentUser(c).ID); lerr == nil {
			if x := cur.Excerpt(id); x != nil && x.Start == e.Start && x.End == e.End && slices.Equal(x.Themes, e.Themes) && x.Memo == e.Memo {
				return c.Status(fiber.StatusOK).JSON(excerptWritten{Version: cur.Version, Excerpt: x})
			}
		}
	}
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(excerptWritten{Version: set.Version, Excerpt: out})
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
	var memo string
	if in.Memo != nil {
		var err error
		if memo, err = tandem.CleanMemo(*in.Memo); err != nil {
			return err
		}
	}
	info, err := s.codingTarget(c)
	if err != nil {
		return err
	}
	var themes []string
	if in.Themes != nil {
		p, _ := currentProject(c)
		cb, err := s.store.Codebook(c.UserContext(), p.ID)
		if err != nil {
			return err
		}
		if themes, err = tandem.ResolveThemes(cb, *in.Themes); err != nil {
			return err
		}
	}
	length := 0
	if in.Start != nil || in.End != nil {
		if length, err = s.textLength(c, info); err != nil {
			return err
		}
	}
	if in.Start != nil && in.End != nil {
		start, end, err := s.positionsNow(c.UserContext(), info, in.TextVersion, *in.Start, *in.End)
		if err != nil {
			return err
		}
		in.Start, in.End = &start, &end
	} else if in.Start != nil || in.End != nil {
		if in.TextVersion != nil && *in.TextVersion < info.OffsetsVersion {
			return tandem.Errorf(tandem.CodeTextChanged, "Names were removed from this transcript since you opened it. Reload the page to code the new text.")
		}
	}
	eid := c.Params("eid")
	var out tandem.Excerpt
	set, err := s.changeSet(c, info, *in.Version, func(set *tandem.CodingSet) error {
		if err := set.CheckWritable(); err != nil {
			return err
		}
		e := set.Excerpt(eid)
		if e == nil {
			return tandem.Errorf(tandem.CodeNotFound, "There is no such excerpt (it may have been deleted).")
		}
		start, end := e.Start, e.End
		if in.Start != nil {
			start = *in.Start
		}
		if in.End != nil {
			end = *in.End
		}
		if in.Start != nil || in.End != nil {
			if err := tandem.CheckSpan(start, end, length); err != nil {
				return err
			}
		}
		e.Start, e.End = start, end
		if in.Themes != nil {
			e.Themes = themes
		}
		if in.Memo != nil {
			e.Memo = memo
		}
		e.UpdatedAt = s.now()
		out = *e
		return nil
	})
	if err != nil {
		return err
	}
	return c.JSON(excerptWritten{Version: set.Version, Excerpt: &out})
}

func (s *Server) deleteExcerpt(c *fiber.Ctx) error {
	version, err := strconv.ParseInt(c.Query("version"), 10, 64)
	if err != nil {
		return tandem.Invalid("version", "Send the version of your coding that the change is based on (?version=).")
	}
	info, err := s.codingTarget(c)
	if err != nil {
		return err
	}
	set, err := s.changeSet(c, info, version, func(set *tandem.CodingSet) error {
		if err := set.CheckWritable(); err != nil {
			return err
		}
		return set.DeleteExcerpt(c.Params("eid"))
	})
	if err != nil {
		return err
	}
	return c.JSON(excerptWritten{Version: set.Version})
}

func (s *Server) submitCoding(c *fiber.Ctx) error {
	version, err := decodeSetVersion(c)
	if err != nil {
		return err
	}
	info, err := s.codingTarget(c)
	if err != nil {
		return err
	}
	set, err := s.changeSet(c, info, version, func(set *tandem.CodingSet) error {
		if err := set.CheckWritable(); err != nil {
			return tandem.Errorf(tandem.CodeCodingSubmitted, "This coding is already submitted.")
		}
		now := s.now()
		set.Status, set.SubmittedAt = tandem.CodingSubmitted, &now
		return nil
	})
	if err != nil {
		return err
	}
	p, m := currentProject(c)
	s.audit(c.UserContext(), p.ID, currentUser(c), "coding.submitted", fmt.Sprintf("%s submitted their coding of %q (%d excerpts).", m.DisplayName, info.Title, len(set.Excerpts)),
		map[string]any{"transcriptId": info.ID})
	return c.JSON(viewCodingSet(p, m, info, set))
}

// reopenCoding puts a submitted set back in progress: its coder may until the
// lead reveals the transcript's coding; a lead may any time.
func (s *Server) reopenCoding(c *fiber.Ctx) error {
	version, err := decodeSetVersion(c)
	if err != nil {
		return err
	}
	p, m := currentProject(c)
	info, err := s.visibleTranscript(c)
	if err != nil {
		return err
	}
	coder := coderParam(c)
	switch {
	case m.Role == tandem.RoleLead:
	case coder != m.UserID:
		return tandem.Errorf(tandem.CodeForbidden, "Only a lead can reopen someone else's coding.")
	case info.Revealed:
		return tandem.Errorf(tandem.CodeCodingRevealed, "The lead has revealed everyone's coding of this transcript, so only a lead can reopen it now.")
	}
	if !slices.Contains(info.CodedBy, coder) {
		return tandem.Errorf(tandem.CodeNotFound, "This person has not coded this transcript.")
	}
	set, err := s.store.UpdateCodingSet(c.UserContext(), p.ID, info.ID, coder, func(set *tandem.CodingSet) error {
		if set.Version != version {
			return staleSet(p, m, info, set)
		}
		if set.Status != tandem.CodingSubmitted {
			return tandem.Errorf(tandem.CodeConflict, "This coding is not submitted; there is nothing to reopen.")
		}
		set.Status, set.SubmittedAt, set.UpdatedAt = tandem.CodingInProgress, nil, s.now()
		return nil
	})
	if err != nil {
		return err
	}
	whose := "their"
	if coder != m.UserID {
		whose = "a coder's"
		if cm := p.Member(coder); cm != nil {
			whose = cm.DisplayName + "'s"
		}
	}
	s.audit(c.UserContext(), p.ID, currentUser(c), "coding.reopened", fmt.Sprintf("%s reopened %s coding of %q.", m.DisplayName, whose, info.Title),
		map[string]any{"transcriptId": info.ID, "coderId": coder})
	return c.JSON(viewCodingSet(p, m, info, set))
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
	p, _ := currentProject(c)
	info, err := s.visibleTranscript(c)
	if err != nil {
		return err
	}
	x, err := s.store.UpdateTranscriptIndex(c.UserContext(), p.ID, func(x *tandem.TranscriptIndex) error {
		e := x.Transcript(info.ID)
		if e == nil {
			return tandem.Errorf(tandem.CodeNotFound, "This transcript was deleted.")
		}
		e.Revealed = *in.Revealed
		return nil
	})
	if err != nil {
		return err
	}
	u := currentUser(c)
	verb := "revealed everyone's coding of"
	if !*in.Revealed {
		verb = "hid the coders' coding of"
	}
	s.audit(c.UserContext(), p.ID, u, "coding.revealed", fmt.Sprintf("%s %s %q.", u.Name, verb, info.Title), map[string]any{"transcriptId": info.ID, "revealed": *in.Revealed})
	return c.JSON(x.Transcript(info.ID))
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
	p, m := currentProject(c)
	x, err := s.store.TranscriptIndex(c.UserContext(), p.ID)
	if err != nil {
		return err
	}
	type row struct {
		ID             string         `json:"id"`
		Title          string         `json:"title"`
		AssignedCoders []string       `json:"assignedCoders"`
		Revealed       bool           `json:"revealed"`
		Mine           bool           `json:"mine"`
		Sets           []progressCell `json:"sets"`
	}
	rows := make([]row, 0, len(x.Transcripts))
	for i := range x.Transcripts {
		info := &x.Transcripts[i]
		if !info.CanRead(m, p.ShareTranscripts) {
			continue
		}
		r := row{ID: info.ID, Title: info.Title, AssignedCoders: info.AssignedCoders, Revealed: info.Revealed,
			Mine: slices.Contains(info.AssignedCoders, m.UserID), Sets: []progressCell{}}
		if r.AssignedCoders == nil {
			r.AssignedCoders = []string{}
		}
		for _, coder := range info.CodedBy {
			set, err := s.store.CodingSet(c.UserContext(), p.ID, info.ID, coder)
			if errors.Is(err, tandem.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			cell := progressCell{CoderID: coder, Status: set.Status, SubmittedAt: set.SubmittedAt}
			if coder == m.UserID || seesAllCoding(p, m, info) {
				n, v := len(set.Excerpts), set.Version
				cell.ExcerptCount, cell.Version = &n, &v
			}
			r.Sets = append(r.Sets, cell)
		}
		rows = append(rows, r)
	}
	return c.JSON(fiber.Map{"openCoding": p.OpenCoding, "members": viewMembers(p, m), "transcripts": rows})
}
