// Package config reads a target configuration file: which APIs to test, at
// which base URLs, with which credentials (from environment variables) and
// settings. Every error names the file, the line and the key.
//
//	environment: staging
//	targets:
//	  - profile: irp
//	    base_url: https://shop.example.com
//	    credentials:
//	      - api_key: ${IRP_API_KEY}
//	        shared_secret: ${IRP_SHARED_SECRET}
//	    clock: real
//	    settings:
//	      session_ttl: 5m
package config

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Environments a target may declare.
const (
	EnvTest       = "test"
	EnvStaging    = "staging"
	EnvProduction = "production"
)

// Clock modes of a target.
const (
	ClockControlled = "controlled" // move the reference server's clock through its control endpoint
	ClockReal       = "real"       // really wait; waits are shared across specs
	ClockSkip       = "skip"       // expiry specs are SKIPPED
)

// File is a whole target configuration.
type File struct {
	// Path is where the file was read from ("" for built-in configs).
	Path string `yaml:"-"`
	// Environment is test, staging (default) or production. Load against
	// production is refused unless explicitly allowed.
	Environment string `yaml:"environment"`
	// Targets are the APIs under test.
	Targets []Target `yaml:"targets"`
	// Load configures `authprobe load` and the load check of `authprobe run`.
	Load LoadSpec `yaml:"load"`
	// Conform configures `authprobe conform`.
	Conform Conform `yaml:"conform"`
}

// Target is one API endpoint under test.
type Target struct {
	// Profile names the API: ishare, videntity, irp or certna.
	Profile string `yaml:"profile"`
	// Name labels the target in reports (default: the profile).
	Name string `yaml:"name"`
	// BaseURL is scheme, host and optional path prefix.
	BaseURL string `yaml:"base_url"`
	// Credentials is a pool of accounts, used round-robin by the load runner;
	// the first is the one the conformance specs log in with.
	Credentials []map[string]string `yaml:"credentials"`
	// Clock is controlled, real (default) or skip.
	Clock string `yaml:"clock"`
	// ClockControlURL is where the clock control endpoint lives (default:
	// BaseURL); only for clock: controlled.
	ClockControlURL string `yaml:"clock_control_url"`
	// Timeout bounds one request (default 10s).
	Timeout Duration `yaml:"timeout"`
	// MaxBody caps response bodies in bytes (default 1 MiB).
	MaxBody int64 `yaml:"max_body"`
	// TLS settings for https targets.
	TLS TLS `yaml:"tls"`
	// Settings are the profile's settings (see docs/profiles/<profile>.md).
	Settings map[string]string `yaml:"settings"`
}

// TLS configures certificate checks.
type TLS struct {
	CAFile             string `yaml:"ca_file"`
	InsecureSkipVerify bool   `yaml:"insecure_skip_verify"`
}

// Conform configures the conformance run.
type Conform struct {
	// ExpectedFailures is a path to an expected-failures file.
	ExpectedFailures string `yaml:"expected_failures"`
	// LabelFilter is a Ginkgo label filter expression.
	LabelFilter string `yaml:"label_filter"`
	// JUnitWarnings is how junit.xml shows a WARNING: skipped (default)
	// or passed.
	JUnitWarnings string `yaml:"junit_warnings"`
}

// LoadSpec configures the load runner.
type LoadSpec struct {
	// Profile picks the target to load (default: the first).
	Profile string `yaml:"profile"`
	// Mode is constant, ramp or capacity.
	Mode string `yaml:"mode"`
	// Rate is the constant rate, e.g. "200/s".
	Rate string `yaml:"rate"`
	// From and To bound a ramp or a capacity search.
	From string `yaml:"from"`
	To   string `yaml:"to"`
	// Step is the capacity search's rate increment and StepDuration its
	// duration per step.
	Step         string   `yaml:"step"`
	StepDuration Duration `yaml:"step_duration"`
	// Duration of the attack.
	Duration Duration `yaml:"duration"`
	// Workers and MaxWorkers bound the attacker's goroutines.
	Workers    uint64 `yaml:"workers"`
	MaxWorkers uint64 `yaml:"max_workers"`
	// Thresholds are SLO gates, e.g. "p99<250ms", "success>=99.9%".
	Thresholds []string `yaml:"thresholds"`
	// Expect is "token" (default) or a documented error code that counts
	// as success, e.g. "2003".
	Expect string `yaml:"expect"`
	// CacheSalts reuses CeRTNA salts per user instead of fetching each time.
	CacheSalts bool `yaml:"cache_salts"`
}

// Duration is a time.Duration written as "10s", "5m". Decoding keeps the
// text; the checker parses it so that a bad value is reported with its line.
type Duration struct {
	d   time.Duration
	raw string
}

// UnmarshalText keeps the text for the checker.
func (d *Duration) UnmarshalText(b []byte) error {
	d.raw = strings.TrimSpace(string(b))
	return nil
}

// MarshalText prints the duration.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.d.String()), nil }

// Std returns the time.Duration (0 when unset).
func (d Duration) Std() time.Duration { return d.d }

// Dur makes a Duration from a time.Duration.
func Dur(v time.Duration) Duration { return Duration{d: v, raw: v.String()} }

func (d *Duration) parse() error {
	if d.raw == "" {
		return nil
	}
	v, err := time.ParseDuration(d.raw)
	if err != nil {
		return fmt.Errorf("bad duration %q (want e.g. 10s, 5m, 1h30m)", d.raw)
	}
	if v < 0 {
		return fmt.Errorf("bad duration %q: must not be negative", d.raw)
	}
	d.d = v
	return nil
}

// Options tune Load.
type Options struct {
	// Profiles lists the known profile names; nil accepts any.
	Profiles []string
	// Settings returns the setting names a profile accepts; nil accepts any.
	Settings func(profile string) []string
	// Getenv looks up environment variables (default os.LookupEnv).
	Getenv func(string) (string, bool)
}

// Error is a configuration error located in the file.
type Error struct {
	File   string
	Line   int
	Column int
	Key    string
	Msg    string
}

func (e *Error) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Column)
	}
	if e.Key != "" {
		return fmt.Sprintf("%s: %s: %s", loc, e.Key, e.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, e.Msg)
}

// maxFileSize bounds a configuration file.
const maxFileSize = 1 << 20

// Load reads and checks the configuration file at path.
func Load(path string, o Options) (*File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, &Error{File: path, Msg: fmt.Sprintf("cannot read target configuration: %v", errors.Unwrap(err))}
	}
	if st.Size() > maxFileSize {
		return nil, &Error{File: path, Msg: fmt.Sprintf("file is %d bytes; the limit is 1 MiB", st.Size())}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: fmt.Sprintf("cannot read target configuration: %v", err)}
	}
	return Parse(path, data, o)
}

// Parse checks configuration bytes; name is used in errors.
func Parse(name string, data []byte, o Options) (_ *File, err error) {
	// The YAML library panics on some malformed documents (goccy/go-yaml
	// v1.19.2 on a tagged mapping where a sequence is expected, found by
	// FuzzParse): a bad file is an error, never a crash.
	defer func() {
		if p := recover(); p != nil {
			err = &Error{File: name, Msg: fmt.Sprintf("cannot parse the YAML (the parser failed: %v); check the file's syntax", p)}
		}
	}()
	if o.Getenv == nil {
		o.Getenv = os.LookupEnv
	}
	astFile, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, yamlError(name, err)
	}
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(data), yaml.DisallowUnknownField())
	if err := dec.Decode(&f); err != nil {
		if strings.Contains(err.Error(), "EOF") && len(bytes.TrimSpace(data)) == 0 {
			return nil, &Error{File: name, Msg: "file is empty: it needs at least one entry under targets"}
		}
		return nil, withKey(yamlError(name, err), data)
	}
	f.Path = name
	c := checker{name: name, file: astFile, o: o}
	c.check(&f)
	if len(c.errs) > 0 {
		return nil, errors.Join(c.errs...)
	}
	return &f, nil
}

// withKey fills a located error's key from the source line when the YAML
// library did not name it ("    max_body: lots" -> "max_body").
func withKey(err error, data []byte) error {
	var e *Error
	if !errors.As(err, &e) || e.Key != "" || e.Line <= 0 {
		return err
	}
	lines := strings.Split(string(data), "\n")
	if e.Line > len(lines) {
		return err
	}
	l := strings.TrimSpace(lines[e.Line-1])
	l = strings.TrimSpace(strings.TrimPrefix(l, "- "))
	if i := strings.Index(l, ":"); i > 0 {
		e.Key = l[:i]
	}
	return err
}

func yamlError(name string, err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) {
		tk := ye.GetToken()
		e := &Error{File: name, Msg: cleanMsg(ye.GetMessage())}
		if tk != nil && tk.Position != nil {
			e.Line, e.Column = tk.Position.Line, tk.Position.Column
			if errors.As(err, new(*yaml.UnknownFieldError)) || errors.As(err, new(*yaml.DuplicateKeyError)) {
				e.Key = tk.Value
			}
		}
		return e
	}
	return &Error{File: name, Msg: cleanMsg(err.Error())}
}

var fieldTypeRe = regexp.MustCompile(`\s+`)

func cleanMsg(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "\n"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimPrefix(s, "[")
	if i := strings.Index(s, "] "); i >= 0 && i < 12 {
		s = s[i+2:]
	}
	return fieldTypeRe.ReplaceAllString(s, " ")
}

type checker struct {
	name string
	file *ast.File
	o    Options
	errs []error
}

// at returns the line and column of a YAML path ("$.targets[0].base_url"),
// or of its nearest existing parent.
func (c *checker) at(path string) (int, int) {
	for p := path; p != "" && p != "$"; {
		yp, err := yaml.PathString(p)
		if err == nil {
			if n, err := yp.FilterFile(c.file); err == nil && n != nil {
				if tk := n.GetToken(); tk != nil && tk.Position != nil {
					return tk.Position.Line, tk.Position.Column
				}
			}
		}
		i := strings.LastIndexAny(p, ".[")
		if i <= 0 {
			break
		}
		p = p[:i]
	}
	return 0, 0
}

func (c *checker) fail(path, key, format string, args ...any) {
	line, col := c.at(path)
	c.errs = append(c.errs, &Error{File: c.name, Line: line, Column: col, Key: key, Msg: fmt.Sprintf(format, args...)})
}

var envRe = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}`)

// expand replaces ${VAR} and ${VAR:-default}; a missing variable without a
// default is an error at path.
func (c *checker) expand(path, key, s string) string {
	return envRe.ReplaceAllStringFunc(s, func(m string) string {
		sub := envRe.FindStringSubmatch(m)
		if v, ok := c.o.Getenv(sub[1]); ok && v != "" {
			return v
		}
		if sub[2] != "" {
			return sub[3]
		}
		c.fail(path, key, "environment variable %s is not set", sub[1])
		return ""
	})
}

func (c *checker) check(f *File) {
	switch f.Environment {
	case "":
		f.Environment = EnvStaging
	case EnvTest, EnvStaging, EnvProduction:
	default:
		c.fail("$.environment", "environment", "unknown environment %q (want test, staging or production)", f.Environment)
	}
	if len(f.Targets) == 0 {
		c.fail("$", "targets", "at least one target is required")
	}
	seen := map[string]bool{}
	for i := range f.Targets {
		c.checkTarget(i, &f.Targets[i])
		if n := f.Targets[i].Name; seen[n] {
			c.fail(fmt.Sprintf("$.targets[%d].name", i), "name", "duplicate target name %q", n)
		} else {
			seen[n] = true
		}
	}
	for i, th := range f.Load.Thresholds {
		if strings.TrimSpace(th) == "" {
			c.fail(fmt.Sprintf("$.load.thresholds[%d]", i), "thresholds", "empty threshold")
		}
	}
	for key, d := range map[string]*Duration{"duration": &f.Load.Duration, "step_duration": &f.Load.StepDuration} {
		if err := d.parse(); err != nil {
			c.fail("$.load."+key, key, "%v", err)
		}
	}
	if w := f.Conform.JUnitWarnings; w != "" && w != "skipped" && w != "passed" {
		c.fail("$.conform.junit_warnings", "junit_warnings", "unknown value %q (want skipped or passed)", w)
	}
	if m := f.Load.Mode; m != "" && m != "constant" && m != "ramp" && m != "capacity" {
		c.fail("$.load.mode", "mode", "unknown load mode %q (want constant, ramp or capacity)", m)
	}
}

func (c *checker) checkTarget(i int, t *Target) {
	p := fmt.Sprintf("$.targets[%d]", i)
	if t.Profile == "" {
		c.fail(p, "profile", "missing profile (one of %s)", strings.Join(c.o.Profiles, ", "))
	} else if c.o.Profiles != nil && !contains(c.o.Profiles, t.Profile) {
		c.fail(p+".profile", "profile", "unknown profile %q (known: %s)", t.Profile, strings.Join(c.o.Profiles, ", "))
	}
	if t.Name == "" {
		t.Name = t.Profile
	}
	t.BaseURL = c.expand(p+".base_url", "base_url", t.BaseURL)
	if t.BaseURL == "" {
		c.fail(p, "base_url", "missing base_url")
	} else if u, err := url.Parse(t.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.fail(p+".base_url", "base_url", "bad base_url %q (want http:// or https:// with a host)", t.BaseURL)
	}
	switch t.Clock {
	case "":
		t.Clock = ClockReal
	case ClockControlled, ClockReal, ClockSkip:
	default:
		c.fail(p+".clock", "clock", "unknown clock mode %q (want controlled, real or skip)", t.Clock)
	}
	t.ClockControlURL = c.expand(p+".clock_control_url", "clock_control_url", t.ClockControlURL)
	if t.ClockControlURL == "" {
		t.ClockControlURL = t.BaseURL
	}
	if len(t.Credentials) == 0 {
		c.fail(p, "credentials", "at least one set of credentials is required")
	}
	for j, cred := range t.Credentials {
		keys := sortedKeys(cred)
		for _, k := range keys {
			cred[k] = c.expand(fmt.Sprintf("%s.credentials[%d].%s", p, j, k), k, cred[k])
		}
	}
	if err := t.Timeout.parse(); err != nil {
		c.fail(p+".timeout", "timeout", "%v", err)
	}
	if t.MaxBody < 0 {
		c.fail(p+".max_body", "max_body", "must not be negative")
	}
	t.TLS.CAFile = c.expand(p+".tls.ca_file", "ca_file", t.TLS.CAFile)
	if t.TLS.CAFile != "" {
		if _, err := os.Stat(t.TLS.CAFile); err != nil {
			c.fail(p+".tls.ca_file", "ca_file", "cannot read CA file: %v", errors.Unwrap(err))
		}
	}
	if c.o.Settings != nil && t.Profile != "" {
		known := c.o.Settings(t.Profile)
		for _, k := range sortedKeys(t.Settings) {
			if !contains(known, k) {
				c.fail(fmt.Sprintf("%s.settings.%s", p, k), k, "unknown setting for profile %s (known: %s)", t.Profile, strings.Join(known, ", "))
			}
		}
	}
	for _, k := range sortedKeys(t.Settings) {
		t.Settings[k] = c.expand(fmt.Sprintf("%s.settings.%s", p, k), k, t.Settings[k])
	}
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Target returns the target with the given name or profile.
func (f *File) Target(nameOrProfile string) (*Target, bool) {
	for i := range f.Targets {
		if f.Targets[i].Name == nameOrProfile {
			return &f.Targets[i], true
		}
	}
	for i := range f.Targets {
		if f.Targets[i].Profile == nameOrProfile {
			return &f.Targets[i], true
		}
	}
	return nil, false
}
