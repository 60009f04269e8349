// The agreement scenario: the agreement report of a project of many coders.

package main

import (
	"fmt"
	"time"
)

// agreementScenario builds a project of -agreement-transcripts transcripts
// coded by -agreement-coders coders (half peer, half academic) with a codebook
// of 40 themes in 8 categories, every coder saving -agreement-excerpts
// excerpts on every transcript and submitting, all through the API; then the
// lead asks for the agreement report (with its 1,000-draw intervals) three
// times, timed end to end.
func (in *instance) agreementScenario() (*result, error) {
	c, o, lead := in.c, in.o, in.lead
	r := &result{scenario: "agreement report", projects: 0, syncs: -1}
	pid, err := c.createProject(lead, "Agreement project")
	if err != nil {
		return nil, err
	}
	// The codebook: 2 domains x 4 categories x 5 themes.
	version := int64(0)
	add := func(level, parent, name string) (string, error) {
		var cb struct {
			Version int64 `json:"version"`
			Nodes   []struct {
				ID, Name, ParentID string
			} `json:"nodes"`
		}
		if err := c.call("POST", "/api/v1/projects/"+pid+"/codebook/nodes", lead.token,
			map[string]any{"version": version, "level": level, "parentId": parent, "name": name}, 200, &cb); err != nil {
			return "", err
		}
		version = cb.Version
		for _, n := range cb.Nodes {
			if n.Name == name && n.ParentID == parent {
				return n.ID, nil
			}
		}
		return "", fmt.Errorf("added %s %q but it is not in the codebook", level, name)
	}
	var themes []string
	for d := range 2 {
		dom, err := add("domain", "", fmt.Sprintf("Domain %d", d+1))
		if err != nil {
			return nil, err
		}
		for k := range 4 {
			cat, err := add("category", dom, fmt.Sprintf("Category %d.%d", d+1, k+1))
			if err != nil {
				return nil, err
			}
			for t := range 5 {
				th, err := add("theme", cat, fmt.Sprintf("Theme %d.%d.%d", d+1, k+1, t+1))
				if err != nil {
					return nil, err
				}
				themes = append(themes, th)
			}
		}
	}
	coders := make([]*user, o.agrCoders)
	for i := range coders {
		coders[i] = &user{email: fmt.Sprintf("agreement%02d@bench.example.org", i+1)}
		typ := "peer"
		if i%2 == 1 {
			typ = "academic"
		}
		if err := c.join(lead, pid, coders[i], typ); err != nil {
			return nil, err
		}
	}
	var ts []transcriptInfo
	for first := 0; first < o.agrTranscripts; first += 20 {
		var files []file
		for i := first; i < min(first+20, o.agrTranscripts); i++ {
			files = append(files, file{fmt.Sprintf("agreement-%03d.txt", i+1), interview(int64(700000+i), o.agrWords)})
		}
		got, err := c.upload(lead, pid, files)
		if err != nil {
			return nil, err
		}
		ts = append(ts, got...)
	}
	for _, t := range ts {
		if err := c.assign(lead, pid, t, coders); err != nil {
			return nil, err
		}
	}
	in.logf("agreement project: %d transcripts uploaded and assigned; seeding %d excerpts", len(ts), len(ts)*len(coders)*o.agrExcerpts)
	t0 := time.Now()
	var g errGroup
	for i, u := range coders {
		g.Go(func() error {
			for k, t := range ts {
				v, err := c.seedSetVersion(u, pid, t, themes, o.agrExcerpts, int64(800000+1000*i+k))
				if err != nil {
					return err
				}
				if err := c.call("POST", codingsPath(pid, t.ID)+"/me/submit", u.token, map[string]any{"version": v}, 200, nil); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	fmt.Printf("   seeded %d excerpts in %s\n", len(ts)*len(coders)*o.agrExcerpts, time.Since(t0).Round(time.Second))
	start := time.Now()
	for range 3 {
		t := time.Now()
		status, b, err := c.do("GET", "/api/v1/projects/"+pid+"/agreement", lead.token, nil)
		d := time.Since(t)
		if err != nil || status != 200 {
			r.errors++
			r.note = fmt.Sprintf("agreement report answered %d: %v %s", status, err, short(b))
			continue
		}
		r.lat = append(r.lat, d)
		r.note = fmt.Sprintf("%d transcripts x %d coders x %d themes, %d excerpts; answer %d KiB", len(ts), len(coders), len(themes),
			len(ts)*len(coders)*o.agrExcerpts, len(b)>>10)
	}
	r.elapsed = time.Since(start)
	return r, nil
}
