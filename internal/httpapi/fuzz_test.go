package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
)

// FuzzRequests sends arbitrary bodies, cookies and tokens to the routes that
// parse them before anyone is signed in. Whatever arrives, the answer is a
// client error in the JSON envelope, never a server error.
func FuzzRequests(f *testing.F) {
	e := newEnv(f)
	admin := e.setupAdmin()
	pid := e.project(admin, "Fuzz")
	inv := e.invite(admin, pid, "coder")
	routes := []string{"/api/v1/auth/login", "/api/v1/setup", "/api/v1/invitations/%s/accept", "/api/v1/auth/refresh", "/api/v1/projects"}
	for _, seed := range []struct {
		route  uint8
		body   string
		cookie string
		token  string
	}{
		{0, `{"email":"admin@example.org","password":"x"}`, "", ""},
		{0, `{"email":["a"],"password":{}}`, "", ""},
		{1, `{"token":"x","email":"a@b.c","name":"n","password":"pppppppppppp"}`, "", ""},
		{2, `{"researcherType":"peer","email":"p@example.org","name":"P","password":"a long enough password"}`, "", inv},
		{2, `{"researcherType":"other","researcherTypeLabel":"\u0000"}`, "", pid + "."},
		{3, ``, "abc.def", ""},
		{3, ``, "..", ""},
		{4, `{"name":"\ud800"}`, "", ""},
		{4, `{"name":"x","description":1e400}`, "", ""},
		{0, `{"email":"a@b.c","password":"x"}garbage`, "", ""},
	} {
		f.Add(seed.route, []byte(seed.body), seed.cookie, seed.token)
	}
	f.Fuzz(func(t *testing.T, route uint8, body []byte, cookie, token string) {
		path := routes[int(route)%len(routes)]
		if route%uint8(len(routes)) == 2 {
			path = "/api/v1/invitations/" + url.PathEscape(token) + "/accept"
		}
		r, err := http.NewRequest("POST", e.base+path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		r.Header.Set("Content-Type", "application/json")
		if route%uint8(len(routes)) == 4 {
			r.Header.Set("Authorization", "Bearer "+admin.token)
		}
		if cookie != "" {
			r.Header.Set("Cookie", "tandem_refresh="+url.QueryEscape(cookie))
		}
		res := e.sendFor(t, r)
		b := res.body
		if res.status >= 500 && res.code() != "server_busy" {
			t.Fatalf("POST %s with %q: %d %s", path, body, res.status, b)
		}
		if res.status >= 400 {
			var env struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(b, &env); err != nil || env.Error.Code == "" || env.Error.Message == "" {
				t.Fatalf("POST %s: error without the JSON envelope: %d %s", path, res.status, b)
			}
		}
	})
}
