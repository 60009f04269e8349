package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// config is the server's configuration, read from TANDEM_* environment
// variables and overridden by command-line flags.
type config struct {
	Listen          string
	DataDir         string
	MongoURI        string
	MongoDatabase   string
	BaseURL         string
	AccessTTL       time.Duration
	RefreshTTL      time.Duration
	InvitationTTL   time.Duration
	ResetTTL        time.Duration
	MaxJSONBytes    int
	MaxUploadBytes  int
	MaxRequestBytes int
	LogLevel        slog.Level
	LogFormat       string
	JWTSecret       string
	AdminEmail      string
	AdminPassword   string
	AdminName       string
	ProxyHeader     string
	TrustedProxies  []netip.Prefix
	ShutdownTimeout time.Duration
	// MaxConnsPerAddress caps the connections one client address holds (0: no cap).
	MaxConnsPerAddress int
}

// setting is one configuration value: its environment variable, flag,
// default, help, and how to parse it.
type setting struct {
	env, flag, def, help string
	secret               bool
	set                  func(c *config, v string) error
}

func settings() []setting {
	return []setting{
		{"TANDEM_LISTEN", "listen", "127.0.0.1:8080", "address to listen on (host:port)", false, func(c *config, v string) error {
			if _, _, err := net.SplitHostPort(v); err != nil {
				return fmt.Errorf("want host:port, like 127.0.0.1:8080")
			}
			c.Listen = v
			return nil
		}},
		{"TANDEM_DATA_DIR", "data-dir", "./data", "directory for the embedded store and the JWT secret", false, func(c *config, v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New("must not be empty")
			}
			c.DataDir = v
			return nil
		}},
		{"TANDEM_MONGODB_URI", "mongodb-uri", "", "MongoDB URI; empty starts the embedded store in the data directory", true, func(c *config, v string) error {
			if v != "" && !strings.HasPrefix(v, "mongodb://") && !strings.HasPrefix(v, "mongodb+srv://") {
				return errors.New("want a mongodb:// or mongodb+srv:// URI")
			}
			c.MongoURI = v
			return nil
		}},
		{"TANDEM_MONGODB_DATABASE", "mongodb-database", "tandem", "MongoDB database name", false, func(c *config, v string) error {
			if v == "" || strings.ContainsAny(v, "/\\. \"$") || len(v) > 63 {
				return errors.New("want a database name without / \\ . space \" or $")
			}
			c.MongoDatabase = v
			return nil
		}},
		{"TANDEM_BASE_URL", "base-url", "", "public URL of this instance, used in links (default: http://<listen>)", false, func(c *config, v string) error {
			if v == "" {
				c.BaseURL = ""
				return nil
			}
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
				return errors.New("want an http:// or https:// URL without query, like https://tandem.example.org")
			}
			c.BaseURL = strings.TrimRight(v, "/")
			return nil
		}},
		{"TANDEM_ACCESS_TOKEN_TTL", "access-token-ttl", "15m", "lifetime of access tokens", false, durationIn(func(c *config) *time.Duration { return &c.AccessTTL }, time.Minute, 24*time.Hour)},
		{"TANDEM_REFRESH_TOKEN_TTL", "refresh-token-ttl", "720h", "lifetime of a sign-in session without use", false, durationIn(func(c *config) *time.Duration { return &c.RefreshTTL }, time.Hour, 8760*time.Hour)},
		{"TANDEM_INVITATION_TTL", "invitation-ttl", "168h", "default lifetime of invitation links", false, durationIn(func(c *config) *time.Duration { return &c.InvitationTTL }, time.Hour, 720*time.Hour)},
		{"TANDEM_PASSWORD_RESET_TTL", "password-reset-ttl", "24h", "lifetime of password reset links", false, durationIn(func(c *config) *time.Duration { return &c.ResetTTL }, time.Hour, 168*time.Hour)},
		{"TANDEM_MAX_JSON_BYTES", "max-json-bytes", "1048576", "largest JSON request body", false, bytesIn(func(c *config) *int { return &c.MaxJSONBytes }, 1024, 64<<20)},
		{"TANDEM_MAX_UPLOAD_BYTES", "max-upload-bytes", "10485760", "largest uploaded file", false, bytesIn(func(c *config) *int { return &c.MaxUploadBytes }, 1024, 1<<30)},
		{"TANDEM_MAX_REQUEST_BYTES", "max-request-bytes", "67108864", "largest request body (all files of one upload)", false, bytesIn(func(c *config) *int { return &c.MaxRequestBytes }, 1024, 4<<30)},
		{"TANDEM_LOG_LEVEL", "log-level", "info", "debug, info, warn or error", false, func(c *config, v string) error {
			return c.LogLevel.UnmarshalText([]byte(v))
		}},
		{"TANDEM_LOG_FORMAT", "log-format", "text", "text or json", false, func(c *config, v string) error {
			if v != "text" && v != "json" {
				return errors.New("want text or json")
			}
			c.LogFormat = v
			return nil
		}},
		{"TANDEM_JWT_SECRET", "jwt-secret", "", "secret that signs access tokens (32+ bytes); empty: generated and kept in the data directory", true, func(c *config, v string) error {
			if v != "" && len(v) < 32 {
				return errors.New("must be at least 32 bytes")
			}
			c.JWTSecret = v
			return nil
		}},
		{"TANDEM_ADMIN_EMAIL", "admin-email", "", "create this instance admin at first start (with TANDEM_ADMIN_PASSWORD)", false, func(c *config, v string) error { c.AdminEmail = v; return nil }},
		{"TANDEM_ADMIN_PASSWORD", "admin-password", "", "password of that admin", true, func(c *config, v string) error { c.AdminPassword = v; return nil }},
		{"TANDEM_ADMIN_NAME", "admin-name", "Admin", "name of that admin", false, func(c *config, v string) error { c.AdminName = v; return nil }},
		{"TANDEM_PROXY_HEADER", "proxy-header", "", "header with the client IP when behind a trusted proxy (e.g. X-Forwarded-For)", false, func(c *config, v string) error { c.ProxyHeader = v; return nil }},
		{"TANDEM_TRUSTED_PROXIES", "trusted-proxies", "", "addresses of the proxies whose proxy header is believed: IPs or CIDRs, comma-separated (e.g. 127.0.0.1,10.0.0.0/8)", false, func(c *config, v string) error {
			p, err := parsePrefixes(v)
			c.TrustedProxies = p
			return err
		}},
		{"TANDEM_SHUTDOWN_TIMEOUT", "shutdown-timeout", "30s", "how long to let requests finish on shutdown", false, durationIn(func(c *config) *time.Duration { return &c.ShutdownTimeout }, time.Second, 10*time.Minute)},
		{"TANDEM_MAX_CONNECTIONS_PER_ADDRESS", "max-connections-per-address", strconv.Itoa(defaultPerAddress), "connections one client address may hold open (0: no cap; behind a reverse proxy every connection comes from the proxy)", false, func(c *config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 1_000_000 {
				return errors.New("want a number from 0 (no cap) to 1000000")
			}
			c.MaxConnsPerAddress = n
			return nil
		}},
	}
}

// parsePrefixes reads a comma-separated list of IP addresses and CIDR
// ranges; an address is a range of one.
func parsePrefixes(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an IP address or a CIDR range like 10.0.0.0/8", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

func durationIn(field func(*config) *time.Duration, lo, hi time.Duration) func(*config, string) error {
	return func(c *config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return errors.New("want a duration like 15m, 12h or 720h")
		}
		if d < lo || d > hi {
			return fmt.Errorf("want a duration from %s to %s", lo, hi)
		}
		*field(c) = d
		return nil
	}
}

func bytesIn(field func(*config) *int, lo, hi int) func(*config, string) error {
	return func(c *config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("want a number of bytes from %d to %d", lo, hi)
		}
		*field(c) = n
		return nil
	}
}

// knownEnv lists every environment variable the server reads.
func knownEnv() map[string]bool {
	m := map[string]bool{}
	for _, s := range settings() {
		m[s.env] = true
	}
	return m
}

// loadConfig reads the environment, then the flags in args. Unknown TANDEM_
// variables, unknown flags and invalid values are errors that name the
// setting.
func loadConfig(args []string, environ []string, stderr io.Writer) (*config, error) {
	return loadConfigWith("tandem", args, environ, stderr, nil)
}

// loadConfigWith is loadConfig for the command name; extra adds the flags of
// a subcommand (such as reset-admin's -email) to the server's.
func loadConfigWith(name string, args []string, environ []string, stderr io.Writer, extra func(*flag.FlagSet)) (*config, error) {
	env := map[string]string{}
	var unknown []string
	known := knownEnv()
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(k, "TANDEM_") {
			continue
		}
		if !known[k] {
			unknown = append(unknown, k)
			continue
		}
		env[k] = v
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Errorf("unknown environment variable %s; known: %s", strings.Join(unknown, ", "), strings.Join(sortedKeys(known), ", "))
	}

	c := &config{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	if extra != nil {
		extra(fs)
	}
	values := map[string]*string{}
	for _, s := range settings() {
		v, ok := env[s.env]
		if !ok {
			v = s.def
		}
		def := s.def
		if s.secret {
			def = ""
		}
		values[s.env] = fs.String(s.flag, v, fmt.Sprintf("%s (env %s, default %q)", s.help, s.env, def))
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	for _, s := range settings() {
		if err := s.set(c, *values[s.env]); err != nil {
			return nil, fmt.Errorf("invalid %s / -%s %q: %v", s.env, s.flag, shown(s, *values[s.env]), err)
		}
	}
	if (c.AdminEmail == "") != (c.AdminPassword == "") {
		return nil, errors.New("set both TANDEM_ADMIN_EMAIL and TANDEM_ADMIN_PASSWORD, or neither")
	}
	if c.ProxyHeader != "" && len(c.TrustedProxies) == 0 {
		return nil, errors.New("TANDEM_PROXY_HEADER needs TANDEM_TRUSTED_PROXIES: the addresses of your proxies (such as 127.0.0.1 for a proxy on this machine), so that no one else can choose the address the sign-in limits count")
	}
	if c.MaxUploadBytes > c.MaxRequestBytes {
		return nil, errors.New("TANDEM_MAX_UPLOAD_BYTES must not exceed TANDEM_MAX_REQUEST_BYTES")
	}
	if c.BaseURL == "" {
		host, port, _ := net.SplitHostPort(c.Listen)
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		c.BaseURL = "http://" + net.JoinHostPort(host, port)
	}
	abs, err := filepath.Abs(c.DataDir)
	if err != nil {
		return nil, fmt.Errorf("data directory %q: %w", c.DataDir, err)
	}
	c.DataDir = abs
	return c, nil
}

func shown(s setting, v string) string {
	if s.secret && v != "" {
		return "***"
	}
	return v
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// logger returns a structured logger in the configured format at level.
func (c *config) logger(w io.Writer, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// jwtSecret returns the configured secret, or the one kept in the data
// directory, creating it with mode 0600 on first start.
func (c *config) jwtSecret(newSecret func() string) ([]byte, error) {
	if c.JWTSecret != "" {
		return []byte(c.JWTSecret), nil
	}
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	path := filepath.Join(c.DataDir, "jwt-secret")
	b, err := os.ReadFile(path)
	if err == nil {
		s := strings.TrimSpace(string(b))
		if len(s) < 32 {
			return nil, fmt.Errorf("JWT secret in %s is shorter than 32 bytes; delete the file to make a new one", path)
		}
		return []byte(s), nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read JWT secret: %w", err)
	}
	s := newSecret()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create JWT secret: %w", err)
	}
	if _, err := f.WriteString(s + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("write JWT secret: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write JWT secret: %w", err)
	}
	return []byte(s), nil
}
