// Seeding: the measured project and the filler projects that grow the
// instance, all through the API.

package main

import (
	"fmt"
	"sync"
	"time"
)

// measured is a project with the scenarios' transcripts: one that the save
// coders code, one with the open coders' 2,000 excerpts, and fillers so the
// project has -transcripts transcripts.
type measured struct {
	pid    string
	themes []string
	save   transcriptInfo
	open   transcriptInfo
}

type instance struct {
	o      options
	c      *client
	lead   *user
	coders []*user // the save coders; the first -open-coders also code the opened transcript
	pool   []*user // coders of filler projects
	logf   func(string, ...any)
}

func (in *instance) measuredProject(name string) (*measured, error) {
	c, o, lead := in.c, in.o, in.lead
	pid, err := c.createProject(lead, name)
	if err != nil {
		return nil, err
	}
	m := &measured{pid: pid}
	if m.themes, err = c.codebook(lead, pid); err != nil {
		return nil, err
	}
	// Coders join: new accounts the first time (in parallel: argon2 is
	// the cost), signed in afterwards.
	invites := make(chan *user)
	errs := make(chan error, len(in.coders))
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range invites {
				rt := "peer"
				if len(u.email)%2 == 0 {
					rt = "academic"
				}
				if err := c.join(lead, pid, u, rt); err != nil {
					errs <- err
				}
			}
		}()
	}
	for _, u := range in.coders {
		invites <- u
	}
	close(invites)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	in.logf("%s: %d coders joined", name, len(in.coders))
	files := []file{
		{"save-interview.txt", interview(1, o.words)},
		{"open-interview.txt", interview(2, o.words)},
	}
	for i := 2; i < o.transcripts; i++ {
		files = append(files, file{fmt.Sprintf("interview-%02d.txt", i+1), interview(int64(100+i), o.fillerWords)})
	}
	ts, err := c.upload(lead, pid, files)
	if err != nil {
		return nil, err
	}
	m.save, m.open = ts[0], ts[1]
	if err := c.assign(lead, pid, m.save, in.coders); err != nil {
		return nil, err
	}
	if err := c.assign(lead, pid, m.open, in.coders[:o.openCoders]); err != nil {
		return nil, err
	}
	in.logf("%s: %d transcripts (%d words measured, %d chars)", name, len(ts), m.save.Words, m.save.Chars)
	// The opened transcript: each open coder saves -open-excerpts.
	start := time.Now()
	var g errGroup
	for i, u := range in.coders[:o.openCoders] {
		g.Go(func() error { return c.seedSet(u, pid, m.open, m.themes, o.openExcerpts, int64(1000+i)) })
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	in.logf("%s: %d x %d excerpts on the opened transcript in %s", name, o.openCoders, o.openExcerpts, time.Since(start).Round(time.Millisecond))
	return m, nil
}

// fillers seeds filler projects numbered from..to-1: each with the RLC
// codebook, -transcripts transcripts, and 2 coders from the pool coding
// -filler-coded of them with -filler-saves excerpts each.
func (in *instance) fillers(from, to int) error {
	c, o, lead := in.c, in.o, in.lead
	seedFiller := func(i int) error {
		pid, err := c.createProject(lead, fmt.Sprintf("Filler project %02d", i))
		if err != nil {
			return err
		}
		themes, err := c.codebook(lead, pid)
		if err != nil {
			return err
		}
		coders := []*user{in.pool[(2*i)%len(in.pool)], in.pool[(2*i+1)%len(in.pool)]}
		for k, u := range coders {
			if err := c.join(lead, pid, u, []string{"peer", "academic"}[k]); err != nil {
				return err
			}
		}
		files := make([]file, o.transcripts)
		for t := range files {
			files[t] = file{fmt.Sprintf("filler-%02d-%02d.txt", i, t+1), interview(int64(10000+100*i+t), o.fillerWords)}
		}
		ts, err := c.upload(lead, pid, files)
		if err != nil {
			return err
		}
		var g errGroup
		for t := 0; t < min(o.fillerCoded, len(ts)); t++ {
			if err := c.assign(lead, pid, ts[t], coders); err != nil {
				return err
			}
			for k, u := range coders {
				g.Go(func() error { return c.seedSet(u, pid, ts[t], themes, o.fillerSaves, int64(100000+1000*i+10*t+k)) })
			}
		}
		if err := g.Wait(); err != nil {
			return err
		}
		in.logf("filler project %02d seeded", i)
		return nil
	}
	// Pool accounts are new at their first join: they are made on one
	// project (it counts as a filler project) before the others run.
	var newOnes []*user
	for _, u := range in.pool {
		if u.token == "" {
			newOnes = append(newOnes, u)
		}
	}
	next := from
	if len(newOnes) > 0 {
		pid, err := c.createProject(lead, "Filler accounts")
		if err != nil {
			return err
		}
		var g errGroup
		sem := make(chan struct{}, 4)
		for _, u := range newOnes {
			sem <- struct{}{}
			g.Go(func() error { defer func() { <-sem }(); return c.join(lead, pid, u, "peer") })
		}
		if err := g.Wait(); err != nil {
			return err
		}
		files := make([]file, o.transcripts)
		for t := range files {
			files[t] = file{fmt.Sprintf("accounts-%02d.txt", t+1), interview(int64(9000+t), o.fillerWords)}
		}
		if _, err := c.upload(lead, pid, files); err != nil {
			return err
		}
		next++
	}
	jobs := make(chan int)
	var g errGroup
	for w := 0; w < o.seedWorkers; w++ {
		g.Go(func() error {
			var err error
			for i := range jobs {
				if err == nil {
					err = seedFiller(i)
				}
			}
			return err
		})
	}
	for i := next; i < to; i++ {
		jobs <- i
	}
	close(jobs)
	return g.Wait()
}

// errGroup runs functions and keeps the first error.
type errGroup struct {
	wg   sync.WaitGroup
	once sync.Once
	err  error
}

func (g *errGroup) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.once.Do(func() { g.err = err })
		}
	}()
}

func (g *errGroup) Wait() error {
	g.wg.Wait()
	return g.err
}
