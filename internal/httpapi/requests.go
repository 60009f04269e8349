package httpapi

import (
	"bytes"
	"fmt"
	"mime"
	"net/netip"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/tandemqda/tandem/internal/refiqda"
	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/xlsx"
)

// What a request may be, checked before a handler reads it: how large its
// body is, what kind of body it is, which site sent it, and which address it
// came from.

// maxCodebookImportBytes bounds an imported codebook file.
const maxCodebookImportBytes = max(refiqda.MaxImportBytes, xlsx.MaxImportBytes)

// bodyLimit returns the largest body a request may send: an upload route
// its own limit, every other request that of a JSON body. It matches paths
// as the router does (without regard to case or a trailing slash); a path
// it does not know as an upload gets the smaller limit.
func (s *Server) bodyLimit(method string, path []byte) int {
	if method != fiber.MethodPost {
		return s.cfg.MaxJSONBytes
	}
	rest, ok := bytes.CutPrefix(bytes.ToLower(bytes.TrimRight(path, "/")), []byte("/api/v1/projects/"))
	if !ok {
		return s.cfg.MaxJSONBytes
	}
	parts := strings.Split(string(rest), "/")
	switch {
	case len(parts) == 1 && parts[0] == "import":
		return s.cfg.MaxRequestBytes
	case len(parts) == 2 && parts[0] != "" && parts[1] == "transcripts":
		return s.cfg.MaxRequestBytes
	case len(parts) == 3 && parts[0] != "" && parts[1] == "codebook" && parts[2] == "imports":
		// A REFI-QDA project may carry recordings; only its project
		// document is read. Other codebook files have their own limit.
		return s.cfg.MaxRequestBytes
	}
	return s.cfg.MaxJSONBytes
}

// requestConfig gives each request its body limit once its headers are read
// and before its body is: a body declared larger is refused unread, and a
// chunked body is read only up to the limit.
func (s *Server) requestConfig(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	var u fasthttp.URI
	if err := u.Parse(nil, h.RequestURI()); err != nil {
		return fasthttp.RequestConfig{MaxRequestBodySize: s.cfg.MaxJSONBytes}
	}
	return fasthttp.RequestConfig{MaxRequestBodySize: s.bodyLimit(string(h.Method()), u.Path())}
}

// tooLarge is the answer to a body over its limit.
func (s *Server) tooLarge(c *fiber.Ctx) *tandem.Error {
	limit := s.bodyLimit(c.Method(), []byte(c.Path()))
	size := fmt.Sprintf("%d KB", limit>>10)
	if limit >= 1<<20 {
		size = fmt.Sprintf("%d MB", limit>>20)
	}
	return &tandem.Error{Code: tandem.CodePayloadTooLarge, Message: fmt.Sprintf("The request is too large (at most %s).", size),
		Details: map[string]int{"maxBytes": limit}}
}

// requireMediaType refuses a body whose Content-Type is not want: a JSON
// route reads only application/json, an upload only a multipart form.
func requireMediaType(c *fiber.Ctx, want string) error {
	mt, _, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	if err == nil && mt == want {
		return nil
	}
	msg := "Send the request body as JSON, with the header Content-Type: application/json."
	if want == fiber.MIMEMultipartForm {
		msg = "Send the files as a multipart form (Content-Type: multipart/form-data)."
	}
	return &tandem.Error{Code: tandem.CodeUnsupportedMediaType, Message: msg, Details: map[string]string{"contentType": want}}
}

// origin returns the origin of a URL as browsers send it in the Origin
// header: scheme and host in lower case, without a default port.
func origin(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return ""
	}
	scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if scheme == "http" {
		host = strings.TrimSuffix(host, ":80")
	} else if scheme == "https" {
		host = strings.TrimSuffix(host, ":443")
	}
	return scheme + "://" + host
}

// crossSite reports whether a request was sent by a page of another site,
// as a browser tells it: a request that can change something (any method
// but GET, HEAD and OPTIONS) is refused when the browser says it comes from
// another site (Sec-Fetch-Site), or, from a browser that does not say,
// when its Origin is not Tandem's own (self, from TANDEM_BASE_URL). A
// request with neither header comes from a program, not from a page, and
// is let through: the access token or refresh cookie it carries decides.
func crossSite(method, fetchSite, requestOrigin, self string) bool {
	switch method {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return false
	}
	switch fetchSite {
	case "same-origin", "none":
		return false
	case "":
		return requestOrigin != "" && requestOrigin != self
	}
	return true
}

// sameSite refuses changes sent by pages of other sites: a form or a script
// there cannot sign a visitor in or out, or change anything with their
// cookie.
func (s *Server) sameSite(c *fiber.Ctx) error {
	if crossSite(c.Method(), c.Get("Sec-Fetch-Site"), c.Get(fiber.HeaderOrigin), s.origin) {
		return &tandem.Error{Code: tandem.CodeCrossOrigin,
			Message: fmt.Sprintf("This request came from another website, so Tandem did not act on it. Open Tandem at %s and try again there.", s.cfg.BaseURL)}
	}
	return c.Next()
}

// clientAddress returns the address of the client of a request that reached
// the server from remote. Behind proxies, hops (the values of the proxy
// header, such as X-Forwarded-For, to which every proxy appends the address
// it got the request from) name the client, but only the part written by
// trusted proxies can be believed: reading from the right, the first
// address that is not a trusted proxy is the client's. When remote is not a
// trusted proxy, the header is the client's own word and is ignored.
func clientAddress(remote netip.Addr, hops []string, trusted []netip.Prefix) netip.Addr {
	remote = remote.Unmap()
	if !isTrusted(remote, trusted) {
		return remote
	}
	var list []string
	for _, h := range hops {
		list = append(list, strings.Split(h, ",")...)
	}
	client := remote
	for i := len(list) - 1; i >= 0; i-- {
		a, ok := parseHop(list[i])
		if !ok {
			return client // what a trusted proxy would not write: the hop before it is the client
		}
		client = a
		if !isTrusted(a, trusted) {
			return a
		}
	}
	return client
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseHop reads one address of a proxy header: "203.0.113.7",
// "2001:db8::1", "[2001:db8::1]:4711" or "203.0.113.7:4711".
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	if a, err := netip.ParseAddr(strings.Trim(s, "[]")); err == nil {
		return a.Unmap(), true
	}
	return netip.Addr{}, false
}

// clientIP is the address the sign-in limits count a request against.
func (s *Server) clientIP(c *fiber.Ctx) string {
	remote, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	if s.cfg.ProxyHeader == "" {
		return remote.Unmap().String()
	}
	var hops []string
	for _, v := range c.Request().Header.PeekAll(s.cfg.ProxyHeader) {
		hops = append(hops, string(v))
	}
	return clientAddress(remote, hops, s.cfg.TrustedProxies).String()
}
