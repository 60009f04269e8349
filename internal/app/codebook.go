package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/tandemqda/tandem/internal/tandem"
)

// ChangeCodebook makes one accepted change to the codebook: it checks the version the change
// was based on, applies fn, and records the new version with the nodes it
// changed (before and after) and the whole tree.
func (a *App) ChangeCodebook(ctx context.Context, sc Scope, version int64, fn func(cb *tandem.Codebook, me *tandem.Member) (string, error)) (*tandem.Codebook, error) {
	p, me, u := sc.Project, sc.Member, sc.User
	var summary string
	var before, after []tandem.Node
	cb, err := a.store.UpdateCodebook(ctx, p.ID, func(cb *tandem.Codebook) error {
		if cb.Version != version {
			return stale(snapshotCodebook(cb), staleCodebook)
		}
		old := slices.Clone(cb.Nodes)
		var err error
		if summary, err = fn(cb, me); err != nil {
			return err
		}
		before, after = changedNodes(old, cb.Nodes)
		cb.Version++
		return nil
	})
	if err != nil {
		return nil, err
	}
	v := &tandem.CodebookVersion{ProjectID: p.ID, Version: cb.Version, At: a.Now(), ActorID: u.ID, ActorName: me.DisplayName,
		Summary: summary, Before: before, After: after, Nodes: cb.Nodes}
	if err := a.store.PutCodebookVersion(ctx, v); err != nil {
		a.log.Error("store codebook version", "project", p.ID, "version", cb.Version, "error", err)
	}
	a.Audit(ctx, p.ID, u, "codebook.changed", fmt.Sprintf("Codebook version %d: %s", cb.Version, summary), map[string]any{"version": cb.Version})
	return cb, nil
}

// changedNodes returns the nodes that differ between two trees, as they were
// and as they are.
func changedNodes(old, now []tandem.Node) (before, after []tandem.Node) {
	byID := map[string]tandem.Node{}
	for _, n := range old {
		byID[n.ID] = n
	}
	seen := map[string]bool{}
	for _, n := range now {
		seen[n.ID] = true
		if o, ok := byID[n.ID]; !ok {
			after = append(after, n)
		} else if o != n {
			before, after = append(before, o), append(after, n)
		}
	}
	for _, o := range old {
		if !seen[o.ID] {
			before = append(before, o)
		}
	}
	return before, after
}

// snapshotCodebook copies a codebook as it is inside a store's update, for
// an error that outlives the update.
func snapshotCodebook(cb *tandem.Codebook) *tandem.Codebook {
	out := *cb
	out.Nodes, out.Proposals = slices.Clone(cb.Nodes), slices.Clone(cb.Proposals)
	return &out
}

// ProposeCodebookImport merges an import into a codebook with entries as
// proposals (tandem.Codebook.ProposeImport), when version is current.
// source names the file.
func (a *App) ProposeCodebookImport(ctx context.Context, sc Scope, version int64, im *tandem.CodebookImport, source string) (*tandem.Codebook, error) {
	me := sc.Member
	var added, changed int
	out, err := a.store.UpdateCodebook(ctx, sc.Project.ID, func(cb *tandem.Codebook) error {
		if cb.Version != version {
			return stale(snapshotCodebook(cb), "The codebook changed since the preview. Preview the import again.")
		}
		var err error
		added, changed, err = cb.ProposeImport(im, source, me, a.Now(), uuid.NewString)
		return err
	})
	if err != nil {
		return nil, err
	}
	a.Audit(ctx, sc.Project.ID, sc.User, "codebook.proposed", fmt.Sprintf("%s imported %q as proposals: %d new entries and %d changes of wording.", me.DisplayName, source, added, changed), nil)
	return out, nil
}
