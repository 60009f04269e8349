package httpapi

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/tandemqda/tandem/internal/app"
	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/templates"
)

type codebookView struct {
	Version   int64             `json:"version"`
	Nodes     []tandem.Node     `json:"nodes"`
	Proposals []tandem.Proposal `json:"proposals"`
}

// viewCodebook lists nodes depth first in their order: each domain, then its
// categories, each followed by its themes.
func viewCodebook(cb *tandem.Codebook) *codebookView {
	nodes := make([]tandem.Node, 0, len(cb.Nodes))
	var walk func(parent string)
	walk = func(parent string) {
		for _, n := range cb.Children(parent) {
			nodes = append(nodes, *n)
			walk(n.ID)
		}
	}
	walk("")
	props := slices.Clone(cb.Proposals)
	slices.Reverse(props) // newest first
	if props == nil {
		props = []tandem.Proposal{}
	}
	return &codebookView{Version: cb.Version, Nodes: nodes, Proposals: props}
}

func (s *Server) getCodebook(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p := sc.Project
	cb, err := s.store.Codebook(c.UserContext(), p.ID)
	if err != nil {
		return err
	}
	return c.JSON(viewCodebook(cb))
}

func (s *Server) listTemplates(c *fiber.Ctx) error {
	out := make([]fiber.Map, 0, len(templates.Codebooks))
	for _, t := range templates.Codebooks {
		out = append(out, fiber.Map{"id": t.ID, "name": t.Name, "description": t.Description})
	}
	return c.JSON(out)
}

// nodeText is the wording of a node in a request; absent fields are nil.
type nodeText struct {
	Name          *string `json:"name"`
	Colour        *string `json:"colour"`
	Brief         *string `json:"brief"`
	Full          *string `json:"full"`
	WhenToUse     *string `json:"whenToUse"`
	WhenNotToUse  *string `json:"whenNotToUse"`
	Example       *string `json:"example"`
	PlainLanguage *string `json:"plainLanguage"`
}

// over returns base with the fields that were sent.
func (in *nodeText) over(base tandem.NodeText) tandem.NodeText {
	for _, f := range []struct {
		v   *string
		dst *string
	}{{in.Name, &base.Name}, {in.Colour, &base.Colour}, {in.Brief, &base.Brief}, {in.Full, &base.Full}, {in.WhenToUse, &base.WhenToUse},
		{in.WhenNotToUse, &base.WhenNotToUse}, {in.Example, &base.Example}, {in.PlainLanguage, &base.PlainLanguage}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
	return base
}

func needVersion(v *int64) error {
	if v == nil {
		return tandem.Invalid("version", "Send the codebook version your change is based on.")
	}
	return nil
}

// changeCodebook makes one accepted change (app.ChangeCodebook) and
// answers the codebook.
func (s *Server) changeCodebook(c *fiber.Ctx, version int64, fn func(cb *tandem.Codebook, me *tandem.Member) (string, error)) error {
	cb, err := s.app.ChangeCodebook(c.UserContext(), scopeOf(c), version, fn)
	if err != nil {
		return codebookError(err)
	}
	return c.JSON(viewCodebook(cb))
}

// codebookError adds to a version conflict on the codebook the codebook as
// it is now.
func codebookError(err error) error {
	var stale *app.Stale[*tandem.Codebook]
	if !errors.As(err, &stale) {
		return err
	}
	return &tandem.Error{Code: tandem.CodeVersionConflict, Message: stale.Message(),
		Details: map[string]any{"current": viewCodebook(stale.Current)}}
}

func (s *Server) applyTemplate(c *fiber.Ctx) error {
	var in struct {
		Version  *int64 `json:"version"`
		Template string `json:"template"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := needVersion(in.Version); err != nil {
		return err
	}
	tpl := templates.ByID(in.Template)
	if tpl == nil {
		return tandem.Invalid("template", "Choose one of the templates.")
	}
	return s.changeCodebook(c, *in.Version, func(cb *tandem.Codebook, me *tandem.Member) (string, error) {
		return fmt.Sprintf("started from the template %q", tpl.Name), tpl.Apply(cb, uuid.NewString, me)
	})
}

func (s *Server) addNode(c *fiber.Ctx) error {
	var in struct {
		Version  *int64 `json:"version"`
		Level    string `json:"level"`
		ParentID string `json:"parentId"`
		nodeText
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := needVersion(in.Version); err != nil {
		return err
	}
	return s.changeCodebook(c, *in.Version, func(cb *tandem.Codebook, me *tandem.Member) (string, error) {
		n, err := cb.Add(uuid.NewString(), tandem.Level(in.Level), in.ParentID, in.nodeText.over(tandem.NodeText{}), tandem.StatusActive, me)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("added the %s %q", n.Level, n.Name), nil
	})
}

func (s *Server) patchNode(c *fiber.Ctx) error {
	var in struct {
		Version *int64  `json:"version"`
		Status  *string `json:"status"`
		nodeText
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := needVersion(in.Version); err != nil {
		return err
	}
	id := c.Params("nid")
	return s.changeCodebook(c, *in.Version, func(cb *tandem.Codebook, _ *tandem.Member) (string, error) {
		n := cb.Node(id)
		if n == nil {
			return "", tandem.Errorf(tandem.CodeNotFound, "There is no such node in the codebook.")
		}
		var what []string
		if text := in.nodeText.over(n.NodeText); text != n.NodeText {
			if err := cb.Edit(id, text); err != nil {
				return "", err
			}
			what = append(what, "edited")
		}
		if in.Status != nil && tandem.NodeStatus(*in.Status) != n.Status {
			if err := cb.SetStatus(id, tandem.NodeStatus(*in.Status)); err != nil {
				return "", err
			}
			what = append(what, map[string]string{"archived": "archived", "active": "restored"}[*in.Status])
		}
		if len(what) == 0 {
			return "", tandem.Invalid("name", "Nothing to change.")
		}
		return fmt.Sprintf("%s the %s %q", strings.Join(what, " and "), n.Level, n.Name), nil
	})
}

func (s *Server) moveNode(c *fiber.Ctx) error {
	var in struct {
		Version  *int64 `json:"version"`
		ParentID string `json:"parentId"`
		Index    *int   `json:"index"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := needVersion(in.Version); err != nil {
		return err
	}
	index := -1
	if in.Index != nil {
		index = *in.Index
	}
	id := c.Params("nid")
	return s.changeCodebook(c, *in.Version, func(cb *tandem.Codebook, _ *tandem.Member) (string, error) {
		n := cb.Node(id)
		if n == nil {
			return "", tandem.Errorf(tandem.CodeNotFound, "There is no such node in the codebook.")
		}
		from := n.ParentID
		if err := cb.Move(id, in.ParentID, index); err != nil {
			return "", err
		}
		if from == in.ParentID {
			return fmt.Sprintf("reordered the %s %q", n.Level, n.Name), nil
		}
		return fmt.Sprintf("moved the %s %q under %q", n.Level, n.Name, cb.Node(in.ParentID).Name), nil
	})
}

func (s *Server) mergeNode(c *fiber.Ctx) error {
	var in struct {
		Version *int64 `json:"version"`
		Into    string `json:"into"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := needVersion(in.Version); err != nil {
		return err
	}
	id := c.Params("nid")
	return s.changeCodebook(c, *in.Version, func(cb *tandem.Codebook, _ *tandem.Member) (string, error) {
		if err := cb.Merge(id, in.Into); err != nil {
			return "", err
		}
		return fmt.Sprintf("merged the theme %q into %q", cb.Node(id).Name, cb.Node(in.Into).Name), nil
	})
}

func (s *Server) codebookVersions(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p := sc.Project
	var before int64
	if q := c.Query("before"); q != "" {
		n, err := strconv.ParseInt(q, 10, 64)
		if err != nil || n < 1 {
			return tandem.Invalid("before", "before must be a positive number.")
		}
		before = n
	}
	vs, err := s.store.CodebookVersions(c.UserContext(), p.ID, before, 50)
	if err != nil {
		return err
	}
	return c.JSON(vs)
}

func (s *Server) codebookVersion(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p := sc.Project
	v, err := strconv.ParseInt(c.Params("v"), 10, 64)
	if err != nil || v < 1 {
		return tandem.Errorf(tandem.CodeNotFound, "There is no such codebook version.")
	}
	out, err := s.store.CodebookVersion(c.UserContext(), p.ID, v)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// propose records a coder's suggestion: a new node (shown in the tree as
// proposed) or new wording for a node. It is not a new version.
func (s *Server) propose(c *fiber.Ctx) error {
	var in struct {
		Kind     string `json:"kind"`
		Level    string `json:"level"`
		ParentID string `json:"parentId"`
		NodeID   string `json:"nodeId"`
		Reason   string `json:"reason"`
		nodeText
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	reason, err := tandem.ReasonField.Clean(in.Reason)
	if err != nil {
		return err
	}
	sc := scopeOf(c)
	p, me := sc.Project, sc.Member
	u := sc.User
	prop := tandem.Proposal{ID: uuid.NewString(), Kind: in.Kind, Reason: reason, ProposedBy: me.UserID, ProposedByName: me.DisplayName,
		ProposedByType: me.ResearcherType, At: s.now(), State: "open"}
	var summary string
	cb, err := s.store.UpdateCodebook(c.UserContext(), p.ID, func(cb *tandem.Codebook) error {
		switch in.Kind {
		case "add":
			n, err := cb.Add(uuid.NewString(), tandem.Level(in.Level), in.ParentID, in.nodeText.over(tandem.NodeText{}), tandem.StatusProposed, me)
			if err != nil {
				return err
			}
			prop.NodeID, prop.Text = n.ID, n.NodeText
			summary = fmt.Sprintf("%s proposed a new %s %q.", me.DisplayName, n.Level, n.Name)
		case "edit":
			n := cb.Node(in.NodeID)
			if n == nil {
				return tandem.Errorf(tandem.CodeNotFound, "There is no such node in the codebook.")
			}
			text := in.nodeText.over(n.NodeText)
			if err := text.Validate(n.Level); err != nil {
				return err
			}
			if text == n.NodeText {
				return tandem.Invalid("name", "The proposal changes nothing.")
			}
			prop.NodeID, prop.Text = n.ID, text
			summary = fmt.Sprintf("%s proposed new wording for %q.", me.DisplayName, n.Name)
		default:
			return tandem.Invalid("kind", `A proposal is "add" (a new theme or category) or "edit" (new wording).`)
		}
		cb.Proposals = append(cb.Proposals, prop)
		return nil
	})
	if err != nil {
		return err
	}
	s.app.Audit(c.UserContext(), p.ID, u, "codebook.proposed", summary, map[string]any{"proposalId": prop.ID})
	return c.Status(fiber.StatusCreated).JSON(viewCodebook(cb))
}

// openProposal returns the open proposal named by :prid.
func openProposal(cb *tandem.Codebook, id string) (*tandem.Proposal, error) {
	pr := cb.Proposal(id)
	if pr == nil {
		return nil, tandem.Errorf(tandem.CodeNotFound, "There is no such proposal.")
	}
	if pr.State != "open" {
		return nil, tandem.Errorf(tandem.CodeConflict, "This proposal was already %s.", pr.State)
	}
	return pr, nil
}

func (s *Server) acceptProposal(c *fiber.Ctx) error {
	var in struct {
		Version *int64 `json:"version"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := needVersion(in.Version); err != nil {
		return err
	}
	id := c.Params("prid")
	return s.changeCodebook(c, *in.Version, func(cb *tandem.Codebook, me *tandem.Member) (string, error) {
		pr, err := openProposal(cb, id)
		if err != nil {
			return "", err
		}
		n := cb.Node(pr.NodeID)
		if n == nil {
			return "", tandem.Errorf(tandem.CodeConflict, "The node this proposal is about no longer exists.")
		}
		var summary string
		switch pr.Kind {
		case "add":
			if err := cb.SetStatus(n.ID, tandem.StatusActive); err != nil {
				return "", err
			}
			summary = fmt.Sprintf("accepted %s's proposed %s %q", pr.ProposedByName, n.Level, n.Name)
		case "edit":
			if err := cb.Edit(n.ID, pr.Text); err != nil {
				return "", err
			}
			summary = fmt.Sprintf("accepted %s's wording for %q", pr.ProposedByName, n.Name)
		}
		now := s.now()
		pr.State, pr.DecidedBy, pr.DecidedAt = "accepted", me.DisplayName, &now
		return summary, nil
	})
}

func (s *Server) declineProposal(c *fiber.Ctx) error {
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	reason, err := tandem.ReasonField.Clean(in.Reason)
	if err != nil {
		return err
	}
	if reason == "" {
		return tandem.Invalid("reason", "Say briefly why, so the person who proposed it understands (at most 2,000 characters).")
	}
	sc := scopeOf(c)
	p, me := sc.Project, sc.Member
	u := sc.User
	var summary string
	cb, err := s.store.UpdateCodebook(c.UserContext(), p.ID, func(cb *tandem.Codebook) error {
		pr, err := openProposal(cb, c.Params("prid"))
		if err != nil {
			return err
		}
		now := s.now()
		if pr.Kind == "add" {
			// Proposals under a declined entry go with it.
			gone := map[string]bool{pr.NodeID: true}
			for changed := true; changed; {
				changed = false
				for _, n := range cb.Nodes {
					if !gone[n.ID] && gone[n.ParentID] && n.Status == tandem.StatusProposed {
						gone[n.ID], changed = true, true
					}
				}
			}
			cb.Nodes = slices.DeleteFunc(cb.Nodes, func(n tandem.Node) bool { return gone[n.ID] && n.Status == tandem.StatusProposed })
			for i := range cb.Proposals {
				if q := &cb.Proposals[i]; q.State == "open" && q.ID != pr.ID && gone[q.NodeID] {
					q.State, q.DecidedBy, q.DecidedAt, q.Decision = "declined", me.DisplayName, &now, reason
				}
			}
		}
		pr.State, pr.DecidedBy, pr.DecidedAt, pr.Decision = "declined", me.DisplayName, &now, reason
		summary = fmt.Sprintf("%s declined %s's proposal %q.", me.DisplayName, pr.ProposedByName, pr.Text.Name)
		return nil
	})
	if err != nil {
		return err
	}
	s.app.Audit(c.UserContext(), p.ID, u, "codebook.declined", summary, map[string]any{"proposalId": c.Params("prid")})
	return c.JSON(viewCodebook(cb))
}
