package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tandemqda/tandem/internal/tandem"
)

// deletionGrace is how long the marked document of a deleted project stays
// after its contents are removed. A request that passed the membership check
// just before the mark may still write for a while (an upload takes up to
// the read and write timeouts); removing the contents once more after the
// grace, and the mark with them, takes what such a request left.
const deletionGrace = 10 * time.Minute

// DeleteProject deletes the project, once a lead typed its name. It
// is marked deleted first, which hides it from everyone at once; then the
// store removes its contents, collection by collection. An instance audit
// line records who deleted what.
func (a *App) DeleteProject(ctx context.Context, sc Scope, typed string) error {
	p, u := sc.Project, sc.User
	if err := p.ConfirmDeletion(typed); err != nil {
		return err
	}
	now := a.Now()
	var name string
	var members, transcripts int
	if x, err := a.store.TranscriptIndex(ctx, p.ID); err == nil {
		transcripts = len(x.Transcripts)
	}
	_, err := a.store.UpdateProject(ctx, p.ID, func(p *tandem.Project) error {
		if p.DeletedAt != nil {
			return tandem.ErrProjectNotFound()
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
	a.Audit(ctx, tandem.InstanceAudit, u, "project.deleted",
		fmt.Sprintf("%s deleted the project %q with its %d transcripts, coding, codebook, invitations and audit log (%d members).", u.Name, name, transcripts, members),
		map[string]any{"projectId": p.ID, "name": name})
	a.log.Info("project deleted", "project", p.ID, "by", u.ID)
	// The project is gone for everyone now; if removing what it holds fails,
	// the next deletion or start does it.
	ctx = context.WithoutCancel(ctx)
	if err := a.store.PurgeProject(ctx, p.ID); err != nil {
		a.log.Error("remove the contents of a deleted project", "project", p.ID, "error", err)
	}
	if err := a.finishDeletions(ctx, false); err != nil {
		a.log.Error("finish earlier project deletions", "error", err)
	}
	return nil
}

// finishDeletions empties the projects marked deleted more than
// deletionGrace ago and removes their marks; with recent, it also empties
// (but keeps the marks of) those marked since. A recent mark stays even at
// start-up: another instance sharing the store may still have requests in
// flight for that project.
func (a *App) finishDeletions(ctx context.Context, recent bool) error {
	marked, err := a.store.DeletedProjects(ctx)
	if err != nil {
		return err
	}
	cutoff := a.Now().Add(-deletionGrace)
	var errs []error
	for _, p := range marked {
		old := !p.DeletedAt.After(cutoff)
		if !old && !recent {
			continue // emptied by its own deletion a moment ago
		}
		if err := a.store.PurgeProject(ctx, p.ID); err != nil {
			errs = append(errs, err)
			continue
		}
		if !old {
			continue
		}
		if err := a.store.RemoveProject(ctx, p.ID); err != nil {
			errs = append(errs, err)
			continue
		}
		a.log.Info("project deletion finished", "project", p.ID)
	}
	return errors.Join(errs...)
}

// ResumeDeletions finishes the project deletions that a stop or a failure
// interrupted. The server calls it at start-up, before it takes requests.
func (a *App) ResumeDeletions(ctx context.Context) error {
	return a.finishDeletions(ctx, true)
}
