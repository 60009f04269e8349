// The HTTP client of the simulated people, and the API calls that seed data.

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"mime/multipart"
	"net"
	"net/http"
	"time"

	"github.com/google/uuid"
)

type client struct {
	base string
	hc   *http.Client
}

func newClient(base string) *client {
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        256,
		MaxIdleConnsPerHost: 256,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &client{base: base, hc: &http.Client{Transport: tr, Timeout: requestTimeout}}
}

// do sends a request with a JSON body (nil: none) and returns the status and
// body.
func (c *client) do(method, path, token string, body any) (int, []byte, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return c.send(req)
}

func (c *client) send(req *http.Request) (int, []byte, error) {
	res, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

// call sends a request, wants the status, and decodes the answer into out.
func (c *client) call(method, path, token string, body any, want int, out any) error {
	status, b, err := c.do(method, path, token, body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if status != want {
		return fmt.Errorf("%s %s: status %d, want %d: %s", method, path, status, want, short(b))
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: decode: %w", method, path, err)
		}
	}
	return nil
}

func short(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

type session struct {
	AccessToken string `json:"accessToken"`
	User        struct {
		ID string `json:"id"`
	} `json:"user"`
}

type user struct {
	id, email, token string
}

func (c *client) login(email string) (*user, error) {
	var s session
	if err := c.call("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": benchPassword}, 200, &s); err != nil {
		return nil, err
	}
	return &user{id: s.User.ID, email: email, token: s.AccessToken}, nil
}

func (c *client) createProject(lead *user, name string) (string, error) {
	var p struct {
		ID string `json:"id"`
	}
	err := c.call("POST", "/api/v1/projects", lead.token, map[string]string{"name": name, "researcherType": "academic"}, 201, &p)
	return p.ID, err
}

// codebook applies the RLC template and returns the active theme ids.
func (c *client) codebook(lead *user, pid string) ([]string, error) {
	if err := c.call("POST", "/api/v1/projects/"+pid+"/codebook/template", lead.token, map[string]any{"version": 0, "template": "rlc"}, 200, nil); err != nil {
		return nil, err
	}
	var cb struct {
		Nodes []struct {
			ID     string `json:"id"`
			Level  string `json:"level"`
			Status string `json:"status"`
		} `json:"nodes"`
	}
	if err := c.call("GET", "/api/v1/projects/"+pid+"/codebook", lead.token, nil, 200, &cb); err != nil {
		return nil, err
	}
	var themes []string
	for _, n := range cb.Nodes {
		if n.Level == "theme" && n.Status == "active" {
			themes = append(themes, n.ID)
		}
	}
	if len(themes) == 0 {
		return nil, fmt.Errorf("the RLC template gave project %s no active themes", pid)
	}
	return themes, nil
}

// join invites someone as a coder and accepts: as a new account when u has
// no token yet (u.token is then set), else signed in.
func (c *client) join(lead *user, pid string, u *user, researcherType string) error {
	var inv struct {
		Token string `json:"token"`
	}
	if err := c.call("POST", "/api/v1/projects/"+pid+"/invitations", lead.token, map[string]any{"role": "coder"}, 201, &inv); err != nil {
		return err
	}
	path := "/api/v1/invitations/" + inv.Token + "/accept"
	if u.token != "" {
		return c.call("POST", path, u.token, map[string]string{"researcherType": researcherType}, 200, nil)
	}
	var out struct {
		Session session `json:"session"`
	}
	if err := c.call("POST", path, "", map[string]string{"email": u.email, "name": "Coder " + u.email,
		"password": benchPassword, "researcherType": researcherType}, 200, &out); err != nil {
		return err
	}
	u.id, u.token = out.Session.User.ID, out.Session.AccessToken
	if u.token == "" {
		return fmt.Errorf("accepting an invitation as %s opened no session", u.email)
	}
	return nil
}

type transcriptInfo struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Chars   int    `json:"chars"`
	Words   int    `json:"words"`
	Version int64  `json:"version"`
}

type file struct {
	name string
	data []byte
}

// upload posts the files in one multipart request and returns the new
// transcripts in order.
func (c *client) upload(lead *user, pid string, files []file) ([]transcriptInfo, error) {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for _, f := range files {
		part, err := w.CreateFormFile("files", f.name)
		if err != nil {
			return nil, err
		}
		if _, err := part.Write(f.data); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	req, err := http.NewRequest("POST", c.base+"/api/v1/projects/"+pid+"/transcripts", &body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+lead.token)
	status, b, err := c.send(req)
	if err != nil {
		return nil, fmt.Errorf("upload: %w", err)
	}
	if status != 200 && status != 201 {
		return nil, fmt.Errorf("upload: status %d: %s", status, short(b))
	}
	var out struct {
		Results []struct {
			FileName   string          `json:"fileName"`
			OK         bool            `json:"ok"`
			Transcript *transcriptInfo `json:"transcript"`
			Error      any             `json:"error"`
		} `json:"results"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("upload: decode: %w", err)
	}
	infos := make([]transcriptInfo, 0, len(out.Results))
	for _, r := range out.Results {
		if !r.OK || r.Transcript == nil {
			return nil, fmt.Errorf("upload of %s refused: %v", r.FileName, r.Error)
		}
		infos = append(infos, *r.Transcript)
	}
	return infos, nil
}

func (c *client) assign(lead *user, pid string, t transcriptInfo, coders []*user) error {
	ids := make([]string, len(coders))
	for i, u := range coders {
		ids[i] = u.id
	}
	return c.call("PATCH", "/api/v1/projects/"+pid+"/transcripts/"+t.ID, lead.token, map[string]any{"version": t.Version, "assignedCoders": ids}, 200, nil)
}

type excerpt struct {
	ID string `json:"id"`
}

type codingSet struct {
	CoderID  string    `json:"coderId"`
	Version  int64     `json:"version"`
	Hidden   bool      `json:"hidden"`
	Excerpts []excerpt `json:"excerpts"`
}

func codingsPath(pid, tid string) string {
	return "/api/v1/projects/" + pid + "/transcripts/" + tid + "/codings"
}

func (c *client) mySet(u *user, pid, tid string) (*codingSet, error) {
	var s codingSet
	err := c.call("GET", codingsPath(pid, tid)+"/me", u.token, nil, 200, &s)
	return &s, err
}

// excerptBody is a new excerpt with a random span and one or two themes.
func excerptBody(rng *rand.Rand, version int64, chars int, themes []string) map[string]any {
	length := 20 + rng.Intn(400)
	if length >= chars {
		length = chars - 1
	}
	start := rng.Intn(chars - length)
	ts := []string{themes[rng.Intn(len(themes))]}
	if rng.Intn(3) == 0 {
		if t := themes[rng.Intn(len(themes))]; t != ts[0] {
			ts = append(ts, t)
		}
	}
	memo := ""
	if rng.Intn(4) == 0 {
		memo = "Bench memo: " + words(rng, 5+rng.Intn(20))
	}
	return map[string]any{"version": version, "id": uuid.NewString(), "start": start, "end": start + length, "themes": ts, "memo": memo}
}

// seedSet saves n excerpts one after another as u (the version of each
// answer goes with the next save), and returns the final version.
func (c *client) seedSet(u *user, pid string, t transcriptInfo, themes []string, n int, seed int64) error {
	_, err := c.seedSetVersion(u, pid, t, themes, n, seed)
	return err
}

// seedSetVersion is seedSet, returning the set's final version.
func (c *client) seedSetVersion(u *user, pid string, t transcriptInfo, themes []string, n int, seed int64) (int64, error) {
	rng := rand.New(rand.NewSource(seed))
	version := int64(0)
	path := codingsPath(pid, t.ID) + "/me/excerpts"
	for i := 0; i < n; i++ {
		body := excerptBody(rng, version, t.Chars, themes)
		for attempt := 0; ; attempt++ {
			status, b, err := c.do("POST", path, u.token, body)
			if err != nil {
				return 0, err
			}
			if status == 201 || status == 200 {
				var w struct {
					Version int64 `json:"version"`
				}
				if err := json.Unmarshal(b, &w); err != nil {
					return 0, err
				}
				version = w.Version
				break
			}
			if (status == 409 || status == 429) && attempt < 5 {
				if status == 429 {
					time.Sleep(time.Second)
				}
				s, err := c.mySet(u, pid, t.ID)
				if err != nil {
					return 0, err
				}
				body["version"] = s.Version
				continue
			}
			return 0, fmt.Errorf("seed excerpt on %s as %s: status %d: %s", t.ID, u.email, status, short(b))
		}
	}
	return version, nil
}
