package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var testOpts = Options{
	Profiles: []string{"irp", "certna"},
	Settings: func(string) []string { return []string{"session_ttl", "skew_window"} },
	Getenv: func(k string) (string, bool) {
		v, ok := map[string]string{"IRP_KEY": "WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN", "IRP_SECRET": "s3cr3t"}[k]
		return v, ok
	},
}

const good = `environment: staging
targets:
  - profile: irp
    base_url: https://shop.example.com
    credentials:
      - api_key: ${IRP_KEY}
        shared_secret: ${IRP_SECRET}
    clock: real
    timeout: 5s
    settings:
      session_ttl: 5m
load:
  rate: 100/s
  duration: 30s
  thresholds: ["p99<250ms"]
`

func TestParseGood(t *testing.T) {
	f, err := Parse("good.yaml", []byte(good), testOpts)
	if err != nil {
		t.Fatal(err)
	}
	tg := f.Targets[0]
	if tg.Name != "irp" || tg.Credentials[0]["api_key"] != "WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN" || tg.Timeout.Std() != 5*time.Second {
		t.Fatalf("decoded %+v", tg)
	}
	if tg.ClockControlURL != tg.BaseURL || f.Load.Duration.Std() != 30*time.Second {
		t.Fatalf("defaults: %+v %+v", tg, f.Load)
	}
}

// Each bad configuration gives one error naming the file, the line and the key.
func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"unknown key", "targets:\n  - profile: irp\n    colour: blue\n", "bad.yaml:3:5: colour: unknown field"},
		{"wrong type", "targets:\n  - profile: irp\n    max_body: lots\n", "bad.yaml:3:15: max_body: cannot unmarshal"},
		{"bad duration", "targets:\n  - profile: irp\n    base_url: http://127.0.0.1:1\n    credentials: [{api_key: a}]\n    timeout: 10 seconds\n", `bad.yaml:5:14: timeout: bad duration "10 seconds"`},
		{"bad load duration", "targets:\n  - profile: irp\n    base_url: http://127.0.0.1:1\n    credentials: [{api_key: a}]\nload:\n  duration: forever\n", `bad.yaml:6:13: duration: bad duration "forever"`},
		{"missing env", "targets:\n  - profile: irp\n    base_url: http://127.0.0.1:1\n    credentials:\n      - api_key: ${NOT_SET_ANYWHERE}\n", "bad.yaml:5:18: api_key: environment variable NOT_SET_ANYWHERE is not set"},
		{"unknown profile", "targets:\n  - profile: soap\n    base_url: http://127.0.0.1:1\n    credentials: [{a: b}]\n", `bad.yaml:2:14: profile: unknown profile "soap"`},
		{"bad url", "targets:\n  - profile: irp\n    base_url: ftp://x\n    credentials: [{a: b}]\n", `bad.yaml:3:15: base_url: bad base_url "ftp://x"`},
		{"missing url", "targets:\n  - profile: irp\n    credentials: [{a: b}]\n", "base_url: missing base_url"},
		{"bad clock", "targets:\n  - profile: irp\n    base_url: http://127.0.0.1:1\n    credentials: [{a: b}]\n    clock: fast\n", `bad.yaml:5:12: clock: unknown clock mode "fast"`},
		{"unknown setting", "targets:\n  - profile: irp\n    base_url: http://127.0.0.1:1\n    credentials: [{a: b}]\n    settings:\n      ttl: 5m\n", "bad.yaml:6:12: ttl: unknown setting for profile irp"},
		{"no credentials", "targets:\n  - profile: irp\n    base_url: http://127.0.0.1:1\n", "credentials: at least one set of credentials is required"},
		{"bad environment", "environment: prod\ntargets:\n  - profile: irp\n    base_url: http://127.0.0.1:1\n    credentials: [{a: b}]\n", `bad.yaml:1:14: environment: unknown environment "prod"`},
		{"bad load mode", "targets:\n  - profile: irp\n    base_url: http://127.0.0.1:1\n    credentials: [{a: b}]\nload:\n  mode: burst\n", `bad.yaml:6:9: mode: unknown load mode "burst"`},
		{"bad junit_warnings", "targets:\n  - profile: irp\n    base_url: http://127.0.0.1:1\n    credentials: [{a: b}]\nconform:\n  junit_warnings: yellow\n", `bad.yaml:6:19: junit_warnings: unknown value "yellow" (want skipped or passed)`},
		{"missing ca file", "targets:\n  - profile: irp\n    base_url: https://x.example\n    credentials: [{a: b}]\n    tls:\n      ca_file: /nonexistent/ca.pem\n", "bad.yaml:6:16: ca_file: cannot read CA file"},
		{"syntax", "targets:\n  - profile: [\n", "bad.yaml:2:"},
		{"empty", "", "file is empty"},
		{"duplicate name", "targets:\n  - profile: irp\n    base_url: http://127.0.0.1:1\n    credentials: [{a: b}]\n  - profile: irp\n    base_url: http://127.0.0.1:2\n    credentials: [{a: b}]\n", "duplicate target name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(c.yaml), testOpts)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not contain %q", err, c.want)
			}
			if strings.Count(strings.TrimSpace(err.Error()), "\n") != 0 {
				t.Fatalf("want one line, got %q", err)
			}
		})
	}
}

func TestLoadNamesUnreadableFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "missing.yaml"), testOpts)
	if err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Fatalf("got %v", err)
	}
	big := filepath.Join(t.TempDir(), "big.yaml")
	_ = os.WriteFile(big, make([]byte, 2<<20), 0o644)
	if _, err := Load(big, testOpts); err == nil || !strings.Contains(err.Error(), "limit is 1 MiB") {
		t.Fatalf("got %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("targets:\n  - profile: irp\n    colour: blue\n"))
	f.Add([]byte("targets: [{profile: irp, base_url: 'http://x', credentials: [{a: '${X:-y}'}]}]"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = Parse("fuzz.yaml", b, testOpts)
	})
}
