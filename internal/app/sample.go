package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/tandemqda/tandem/internal/auth"
	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/templates"
	"github.com/tandemqda/tandem/internal/transcript"
)

// CreateSample makes a sample project led by u: the RLC codebook, three
// short fictional interviews, and two demo coders (one peer, one academic,
// accounts that cannot sign in) who have coded and submitted them.
// Everything goes through the same store calls as the rest of Tandem.
func (a *App) CreateSample(ctx context.Context, u *tandem.User, rt tandem.ResearcherType, label string) (*tandem.Project, error) {
	p, err := a.CreateProject(ctx, u, tandem.SampleProjectName, tandem.SampleProjectDescription, rt, label)
	if err != nil {
		return nil, err
	}
	if err := a.fillSample(ctx, u, p); err != nil {
		return nil, fmt.Errorf("fill sample project %s: %w", p.ID, err)
	}
	return a.store.Project(ctx, p.ID)
}

// fillSample fills a new sample project: the RLC codebook, the sample
// interviews, and the demo coders' submitted coding of them.
func (a *App) fillSample(ctx context.Context, u *tandem.User, p *tandem.Project) error {
	lead := &p.Members[0]
	tpl := templates.ByID("rlc")
	cb, err := a.store.UpdateCodebook(ctx, p.ID, func(cb *tandem.Codebook) error {
		if err := tpl.Apply(cb, uuid.NewString, lead); err != nil {
			return err
		}
		cb.Version++
		return nil
	})
	if err != nil {
		return err
	}
	if err := a.store.PutCodebookVersion(ctx, &tandem.CodebookVersion{ProjectID: p.ID, Version: cb.Version, At: a.Now(), ActorID: u.ID,
		ActorName: lead.DisplayName, Summary: fmt.Sprintf("started from the template %q", tpl.Name), After: cb.Nodes, Nodes: cb.Nodes}); err != nil {
		return err
	}
	themes := map[string]string{}
	for _, n := range cb.Nodes {
		if n.Level == tandem.LevelTheme {
			themes[n.Name] = n.ID
		}
	}
	coders := make([]tandem.Member, len(tandem.SampleCoders))
	for i, sc := range tandem.SampleCoders {
		demo, err := a.demoCoder(ctx, sc)
		if err != nil {
			return err
		}
		if err := a.store.AddUserProject(ctx, demo.ID, p.ID); err != nil {
			return err
		}
		coders[i] = tandem.Member{UserID: demo.ID, DisplayName: sc.Name, Email: demo.Email, Role: tandem.RoleCoder, ResearcherType: sc.Type, JoinedAt: a.Now()}
	}
	if _, err := a.store.UpdateProject(ctx, p.ID, func(p *tandem.Project) error {
		p.Members = append(p.Members, coders...)
		return nil
	}); err != nil {
		return err
	}
	coderIDs := []string{coders[0].UserID, coders[1].UserID}
	for ti, st := range templates.Interviews {
		info, err := a.Upload(ctx, Scope{User: u, Project: p, Member: lead}, st.FileName, func() ([]byte, error) { return []byte(st.Text), nil }, transcript.DefaultLimits)
		if err != nil {
			return err
		}
		if _, err := a.store.UpdateTranscriptIndex(ctx, p.ID, func(x *tandem.TranscriptIndex) error {
			e := x.Transcript(info.ID)
			e.Title, e.Participant, e.Site, e.ContentNote = st.Title, st.Participant, st.Site, st.ContentNote
			e.AssignedCoders, e.CodedBy = coderIDs, coderIDs
			return nil
		}); err != nil {
			return err
		}
		stored, err := a.store.TranscriptText(ctx, info.ID) // quotes are found in the text as Tandem keeps it
		if err != nil {
			return err
		}
		for ci, sc := range tandem.SampleCoders {
			excerpts, err := sampleExcerpts(stored.Text, ti, sc, themes, a.Now())
			if err != nil {
				return err
			}
			if _, err := a.store.UpdateCodingSet(ctx, p.ID, info.ID, coderIDs[ci], func(set *tandem.CodingSet) error {
				now := a.Now()
				set.Excerpts, set.Status, set.SubmittedAt, set.UpdatedAt = excerpts, tandem.CodingSubmitted, &now, now
				return nil
			}); err != nil {
				return err
			}
		}
	}
	a.Audit(ctx, p.ID, u, "project.sample_filled", "Tandem filled the sample project with three fictional interviews coded by two demo coders.", nil)
	return nil
}

// demoCoder returns the account of a demo coder, making it the first time:
// one account per demo coder and instance, however many sample projects
// there are. It has a random password nobody knows and is disabled, so it
// cannot sign in.
func (a *App) demoCoder(ctx context.Context, sc tandem.SampleCoder) (*tandem.User, error) {
	u, err := a.store.UserByEmail(ctx, sc.Email)
	if !errors.Is(err, tandem.ErrNotFound) {
		return u, err
	}
	hash, err := auth.HashPassword(auth.NewToken())
	if err != nil {
		return nil, err
	}
	u = &tandem.User{ID: uuid.NewString(), Email: sc.Email, Name: sc.Name, PasswordHash: hash, Disabled: true, CreatedAt: a.Now()}
	err = a.store.CreateUser(ctx, u)
	if errors.Is(err, tandem.ErrConflict) { // made by a sample created at the same moment
		return a.store.UserByEmail(ctx, sc.Email)
	}
	if err != nil {
		return nil, fmt.Errorf("create demo coder %s: %w", sc.Email, err)
	}
	return u, nil
}

// sampleExcerpts places a demo coder's excerpts of one transcript.
func sampleExcerpts(text string, transcriptIndex int, sc tandem.SampleCoder, themes map[string]string, now time.Time) ([]tandem.Excerpt, error) {
	var out []tandem.Excerpt
	for _, se := range sc.Excerpts {
		if se.Transcript != transcriptIndex {
			continue
		}
		at := strings.Index(text, se.Quote)
		if at < 0 {
			return nil, fmt.Errorf("sample quote %q is not in transcript %d", se.Quote, transcriptIndex)
		}
		start := utf8.RuneCountInString(text[:at])
		e := tandem.Excerpt{ID: uuid.NewString(), Start: start, End: start + utf8.RuneCountInString(se.Quote), CreatedAt: now, UpdatedAt: now}
		for _, name := range se.Themes {
			id, ok := themes[name]
			if !ok {
				return nil, fmt.Errorf("sample theme %q is not in the template", name)
			}
			e.Themes = append(e.Themes, id)
		}
		out = append(out, e)
	}
	return out, nil
}
