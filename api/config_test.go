package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func TestConfigDefaultsEnvAndFlags(t *testing.T) {
	c, err := loadConfig(nil, nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:8080" || filepath.Base(c.DataDir) != "data" || c.MongoURI != "" || c.BaseURL != "http://127.0.0.1:8080" ||
		c.AccessTTL != 15*time.Minute || c.MaxUploadBytes != 10<<20 || c.LogFormat != "text" {
		t.Fatalf("defaults = %+v", c)
	}
	env := []string{"TANDEM_LISTEN=0.0.0.0:9000", "TANDEM_ACCESS_TOKEN_TTL=5m", "TANDEM_LOG_LEVEL=debug", "PATH=/bin", "TANDEM_MONGODB_URI=mongodb://db:27017"}
	c, err = loadConfig([]string{"-listen", "127.0.0.1:7000"}, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:7000" || c.AccessTTL != 5*time.Minute || c.LogLevel.String() != "DEBUG" || c.MongoURI != "mongodb://db:27017" || c.BaseURL != "http://127.0.0.1:7000" {
		t.Fatalf("env + flags = %+v", c)
	}
}

func TestConfigTrustedProxies(t *testing.T) {
	c, err := loadConfig([]string{"-trusted-proxies", " 127.0.0.1, 10.1.2.3/8 ,::1,, fd00::/8"}, []string{"TANDEM_PROXY_HEADER=X-Forwarded-For"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.TrustedProxies {
		got = append(got, p.String())
	}
	if want := "127.0.0.1/32 10.0.0.0/8 ::1/128 fd00::/8"; strings.Join(got, " ") != want || c.ProxyHeader != "X-Forwarded-For" {
		t.Fatalf("trusted proxies = %v (header %q), want %s", got, c.ProxyHeader, want)
	}
}

func TestConfigRefusesBadValues(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		env  []string
		want string
	}{
		"unknown env":       {nil, []string{"TANDEM_LISTN=1"}, "unknown environment variable TANDEM_LISTN"},
		"unknown flag":      {[]string{"-colour"}, nil, "flag provided but not defined"},
		"bad listen":        {nil, []string{"TANDEM_LISTEN=8080"}, "TANDEM_LISTEN"},
		"bad duration":      {nil, []string{"TANDEM_ACCESS_TOKEN_TTL=soon"}, "TANDEM_ACCESS_TOKEN_TTL"},
		"too long ttl":      {nil, []string{"TANDEM_ACCESS_TOKEN_TTL=48h"}, "from 1m0s to 24h0m0s"},
		"reset link ttl":    {nil, []string{"TANDEM_PASSWORD_RESET_TTL=720h"}, "from 1h0m0s to 168h0m0s"},
		"bad uri":           {nil, []string{"TANDEM_MONGODB_URI=postgres://x"}, "TANDEM_MONGODB_URI"},
		"bad base url":      {[]string{"-base-url", "tandem.example.org"}, nil, "TANDEM_BASE_URL"},
		"bad log level":     {nil, []string{"TANDEM_LOG_LEVEL=loud"}, "TANDEM_LOG_LEVEL"},
		"bad log format":    {nil, []string{"TANDEM_LOG_FORMAT=xml"}, "TANDEM_LOG_FORMAT"},
		"short secret":      {nil, []string{"TANDEM_JWT_SECRET=abc"}, "at least 32 bytes"},
		"admin half":        {nil, []string{"TANDEM_ADMIN_EMAIL=a@example.org"}, "both TANDEM_ADMIN_EMAIL and TANDEM_ADMIN_PASSWORD"},
		"bad bytes":         {nil, []string{"TANDEM_MAX_UPLOAD_BYTES=lots"}, "TANDEM_MAX_UPLOAD_BYTES"},
		"upload > request":  {nil, []string{"TANDEM_MAX_UPLOAD_BYTES=2000000", "TANDEM_MAX_REQUEST_BYTES=1000000"}, "must not exceed"},
		"stray argument":    {[]string{"serve"}, nil, `unexpected argument "serve"`},
		"bad database name": {nil, []string{"TANDEM_MONGODB_DATABASE=a/b"}, "TANDEM_MONGODB_DATABASE"},
		"lone proxy header": {nil, []string{"TANDEM_PROXY_HEADER=X-Forwarded-For"}, "TANDEM_PROXY_HEADER needs TANDEM_TRUSTED_PROXIES"},
		"bad proxy":         {nil, []string{"TANDEM_PROXY_HEADER=X-Forwarded-For", "TANDEM_TRUSTED_PROXIES=10.0.0.0/8,proxy.local"}, `"proxy.local" is not an IP address`},
	} {
		_, err := loadConfig(tc.args, tc.env, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to mention %q", name, err, tc.want)
		}
	}
	_, err := loadConfig(nil, []string{"TANDEM_MONGODB_URI=mongodb://user:hunter2@db", "TANDEM_JWT_SECRET=short"}, io.Discard)
	if err == nil || strings.Contains(err.Error(), "short") {
		t.Errorf("secret value shown in error: %v", err)
	}
}

func TestJWTSecretIsKeptWithMode0600(t *testing.T) {
	c := &config{DataDir: t.TempDir()}
	a, err := c.jwtSecret(func() string { return strings.Repeat("s", 43) })
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.jwtSecret(func() string { return "another" })
	if err != nil || string(a) != string(b) {
		t.Fatalf("second start read %q, %v; want %q", b, err, a)
	}
	fi, err := os.Stat(filepath.Join(c.DataDir, "jwt-secret"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("secret file mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}
}

// TestDockerComposeUsesKnownSettings checks that docker-compose.yml parses
// and that every TANDEM_ variable it sets is one the server knows.
func TestDockerComposeUsesKnownSettings(t *testing.T) {
	b, err := os.ReadFile("../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Build       any               `yaml:"build"`
			Environment map[string]string `yaml:"environment"`
			Healthcheck map[string]any    `yaml:"healthcheck"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(b, &compose); err != nil {
		t.Fatalf("docker-compose.yml does not parse: %v", err)
	}
	mongo, tandem := compose.Services["mongodb"], compose.Services["tandem"]
	if !strings.HasPrefix(mongo.Image, "mongo:8") || mongo.Healthcheck == nil || tandem.Build == nil || tandem.Healthcheck == nil {
		t.Fatalf("services = %+v", compose.Services)
	}
	known := knownEnv()
	var environ []string
	for k, v := range tandem.Environment {
		if strings.HasPrefix(k, "TANDEM_") && !known[k] {
			t.Errorf("docker-compose.yml sets %s, which the server does not know", k)
		}
		environ = append(environ, k+"="+v)
	}
	if tandem.Environment["TANDEM_MONGODB_URI"] == "" {
		t.Error("docker-compose.yml does not wire TANDEM_MONGODB_URI")
	}
	if _, err := loadConfig(nil, environ, io.Discard); err != nil {
		t.Errorf("docker-compose.yml settings are refused: %v", err)
	}
}
