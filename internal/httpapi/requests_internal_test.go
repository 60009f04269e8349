package httpapi

import (
	"net/netip"
	"testing"
)

func TestClientAddress(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("fd00::/8")}
	proxy := netip.MustParseAddr("10.0.0.2")
	for name, tc := range map[string]struct {
		remote netip.Addr
		hops   []string
		want   string
	}{
		"no proxy header":                {proxy, nil, "10.0.0.2"},
		"one hop":                        {proxy, []string{"203.0.113.7"}, "203.0.113.7"},
		"made-up hops before the client": {proxy, []string{"1.1.1.1, 2.2.2.2, 203.0.113.7"}, "203.0.113.7"},
		"through two proxies":            {proxy, []string{"203.0.113.7, 10.1.1.1"}, "203.0.113.7"},
		"in two header lines":            {proxy, []string{"1.1.1.1", "203.0.113.7, 10.1.1.1"}, "203.0.113.7"},
		"only proxies":                   {proxy, []string{"10.3.3.3, 10.1.1.1"}, "10.3.3.3"},
		"an untrusted sender's header":   {netip.MustParseAddr("198.51.100.1"), []string{"203.0.113.7"}, "198.51.100.1"},
		"an IPv4 sender in IPv6 form":    {netip.MustParseAddr("::ffff:198.51.100.1"), []string{"203.0.113.7"}, "198.51.100.1"},
		"a trusted sender in IPv6 form":  {netip.MustParseAddr("::ffff:127.0.0.1"), []string{"203.0.113.7"}, "203.0.113.7"},
		"with ports":                     {proxy, []string{"203.0.113.7:4711, 10.1.1.1:80"}, "203.0.113.7"},
		"IPv6 in brackets":               {proxy, []string{"[2001:db8::1]:4711"}, "2001:db8::1"},
		"IPv6":                           {proxy, []string{"2001:db8::1, fd00::5"}, "2001:db8::1"},
		"garbage before the client":      {proxy, []string{"garbage, 203.0.113.7"}, "203.0.113.7"},
		"garbage from the last proxy":    {proxy, []string{"203.0.113.7, 10.1.1.1, garbage"}, "10.0.0.2"},
		"garbage past a trusted hop":     {proxy, []string{"203.0.113.7, garbage, 10.1.1.1"}, "10.1.1.1"},
		"empty":                          {proxy, []string{""}, "10.0.0.2"},
	} {
		if got := clientAddress(tc.remote, tc.hops, trusted).String(); got != tc.want {
			t.Errorf("%s: clientAddress = %s, want %s", name, got, tc.want)
		}
	}
	// With no trusted proxies the header is never believed.
	if got := clientAddress(proxy, []string{"203.0.113.7"}, nil).String(); got != "10.0.0.2" {
		t.Errorf("no trusted proxies: %s", got)
	}
}

func TestCrossSite(t *testing.T) {
	const self = "https://tandem.example.org"
	for _, tc := range []struct {
		method, fetchSite, origin string
		want                      bool
	}{
		{"POST", "same-origin", self, false},
		{"POST", "same-origin", "http://localhost:8080", false}, // the browser knows better than a base URL typed wrong
		{"POST", "none", "", false},
		{"POST", "", self, false},
		{"POST", "", "", false}, // a program, not a page
		{"POST", "cross-site", "https://attacker.example", true},
		{"POST", "cross-site", "", true},
		{"POST", "same-site", "https://www.example.org", true},
		{"POST", "", "https://attacker.example", true},
		{"POST", "", "null", true},
		{"POST", "", "http://tandem.example.org", true},
		{"POST", "", "https://tandem.example.org:8443", true},
		{"POST", "something-new", self, true},
		{"PATCH", "cross-site", "https://attacker.example", true},
		{"PUT", "", "https://attacker.example", true},
		{"DELETE", "cross-site", "", true},
		{"GET", "cross-site", "https://attacker.example", false},
		{"HEAD", "cross-site", "https://attacker.example", false},
		{"OPTIONS", "cross-site", "https://attacker.example", false},
	} {
		if got := crossSite(tc.method, tc.fetchSite, tc.origin, self); got != tc.want {
			t.Errorf("crossSite(%s, Sec-Fetch-Site %q, Origin %q) = %v, want %v", tc.method, tc.fetchSite, tc.origin, got, tc.want)
		}
	}
}

func TestOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:8080":               "http://127.0.0.1:8080",
		"https://Tandem.Example.org/":         "https://tandem.example.org",
		"https://tandem.example.org:443/t":    "https://tandem.example.org",
		"http://tandem.example.org:80":        "http://tandem.example.org",
		"https://tandem.example.org:80":       "https://tandem.example.org:80",
		"HTTPS://tandem.example.org/sub/path": "https://tandem.example.org",
		"":                                    "",
	} {
		if got := origin(in); got != want {
			t.Errorf("origin(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	s := &Server{cfg: Config{MaxJSONBytes: 1 << 20, MaxRequestBytes: 64 << 20}}
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{"POST", "/api/v1/auth/login", 1 << 20},
		{"POST", "/api/v1/projects/p1/transcripts", 64 << 20},
		{"POST", "/api/v1/projects/p1/transcripts/", 64 << 20},
		{"POST", "/API/V1/Projects/p1/Transcripts", 64 << 20},
		{"POST", "/api/v1/projects/p1/codebook/imports", 64 << 20}, // a .qdpx may carry recordings
		{"POST", "/api/v1/projects/import", 64 << 20},
		{"POST", "/api/v1/projects/Import/", 64 << 20},
		{"GET", "/api/v1/projects/import", 1 << 20},
		{"PATCH", "/api/v1/projects/p1/transcripts", 1 << 20},
		{"POST", "/api/v1/projects//transcripts", 1 << 20},
		{"POST", "/api/v1/projects/p1/transcripts/t1", 1 << 20},
		{"POST", "/api/v1/projects/p1/transcripts/t1/redactions", 1 << 20},
		{"POST", "/api/v1/projects/p1/codebook/nodes", 1 << 20},
		{"POST", "/api/v1/projects/transcripts", 1 << 20},
		{"POST", "/api/v2/projects/p1/transcripts", 1 << 20},
		{"GET", "/", 1 << 20},
	} {
		if got := s.bodyLimit(tc.method, []byte(tc.path)); got != tc.want {
			t.Errorf("bodyLimit(%s %s) = %d, want %d", tc.method, tc.path, got, tc.want)
		}
	}
	small := &Server{cfg: Config{MaxJSONBytes: 1 << 20, MaxRequestBytes: 5 << 20}}
	if got := small.bodyLimit("POST", []byte("/api/v1/projects/p1/codebook/imports")); got != 5<<20 {
		t.Errorf("a codebook import with TANDEM_MAX_REQUEST_BYTES of 5 MiB: %d", got)
	}
}
