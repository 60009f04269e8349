package httpapi

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/tandem"
)

// deletionGrace is how long the marked document of a deleted project stays
// after its contents are removed. A request that passed the membership check
// just before the mark may still write for a while (an upload takes up to
// the read and write timeouts); removing the contents once more after the
// grace, and the mark with them, takes what such a request left.
const deletionGrace = 10 * time.Minute

// deleteProject deletes a project and everything in it, once a lead typed
// its name.
func (s *Server) deleteProject(c *fiber.Ctx) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	sc := scopeOf(c)
	p := sc.Project
	if err := s.removeProject(c.UserContext(), p, in.Name, scopeOf(c).User); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// removeProject deletes p, whose name was typed as typed, for u. The project
// is marked deleted first, which hides it from everyone at once; then the
// store removes its contents, collection by collection. An instance audit
// line records who deleted what.
func (s *Server) removeProject(ctx context.Context, p *tandem.Project, typed string, u *tandem.User) error {
	if err := p.ConfirmDeletion(typed); err != nil {
		return err
	}
	now := s.now()
	var name string
	var members, transcripts int
	if x, err := s.store.TranscriptIndex(ctx, p.ID); err == nil {
		transcripts = len(x.Transcripts)
	}
	_, err := s.store.UpdateProject(ctx, p.ID, func(p *tandem.Project) error {
		if p.DeletedAt != nil {
			return projectNotFound()
		}
		if err := p.ConfirmDeletion(typed); err != nil {
			return err // renamed meanwhile
		}
		name, members = p.Name, len(p.Members)
		// The mark keeps only the id and name; the rest goes at once.
		p.DeletedAt = &now
		p.Description, p.Members, p.Invitations, p.IdentifierNames = "", []tandem.Member{}, []tandem.Invitation{}, []string{}
		return nil
	})
	if err != nil {
		return err
	}
	s.app.Audit(ctx, tandem.InstanceAudit, u, "project.deleted",
		fmt.Sprintf("%s deleted the project %q with its %d transcripts, coding, codebook, invitations and audit log (%d members).", u.Name, name, transcripts, members),
		map[string]any{"projectId": p.ID, "name": name})
	s.log.Info("project deleted", "project", p.ID, "by", u.ID)
	// The project is gone for everyone now; if removing what it holds fails,
	// the next deletion or start does it.
	ctx = context.WithoutCancel(ctx)
	if err := s.store.PurgeProject(ctx, p.ID); err != nil {
		s.log.Error("remove the contents of a deleted project", "project", p.ID, "error", err)
	}
	if err := s.finishDeletions(ctx, false); err != nil {
		s.log.Error("finish earlier project deletions", "error", err)
	}
	return nil
}

// ResumeDeletions finishes the project deletions that a stop or a failure
// interrupted. The server calls it at start-up, before it takes requests.
func (s *Server) ResumeDeletions(ctx context.Context) error {
	return s.finishDeletions(ctx, true)
}

// finishDeletions empties the projects marked deleted more than
// deletionGrace ago and removes their marks; with recent, it also empties
// (but keeps the marks of) those marked since. A recent mark stays even at
// start-up: another instance sharing the store may still have requests in
// flight for that project.
func (s *Server) finishDeletions(ctx context.Context, recent bool) error {
	marked, err := s.store.DeletedProjects(ctx)
	if err != nil {
		return err
	}
	cutoff := s.now().Add(-deletionGrace)
	var errs []error
	for _, p := range marked {
		old := !p.DeletedAt.After(cutoff)
		if !old && !recent {
			continue // emptied by its own deletion a moment ago
		}
		if err := s.store.PurgeProject(ctx, p.ID); err != nil {
			errs = append(errs, err)
			continue
		}
		if !old {
			continue
		}
		if err := s.store.RemoveProject(ctx, p.ID); err != nil {
			errs = append(errs, err)
			continue
		}
		s.log.Info("project deletion finished", "project", p.ID)
	}
	return errors.Join(errs...)
}
