package configschema_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/internal/configschema"
	"github.com/authprobe/authprobe/refservers/registry"
	"github.com/authprobe/authprobe/schemas"
	_ "github.com/authprobe/authprobe/suites/all" // registers every profile's table
	"github.com/authprobe/authprobe/suites/framework"
)

var update = flag.Bool("update", false, "rewrite schemas/config/target.schema.json")

// root is the repository root from this package.
const root = "../.."

func options(t *testing.T) configschema.Options {
	t.Helper()
	o := configschema.Options{SourceDir: root, PackageDir: "internal/configschema"}
	for _, n := range registry.Names() {
		p, ok := framework.ProfileTable(n)
		if !ok {
			t.Fatalf("profile %s has no registered table", n)
		}
		o.Profiles = append(o.Profiles, p)
	}
	return o
}

// TestCommittedSchemaIsGenerated: the embedded schema is what the Go types
// and the profile tables generate today.
func TestCommittedSchemaIsGenerated(t *testing.T) {
	got, err := configschema.Generate(options(t))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "schemas", filepath.FromSlash(configschema.SchemaName))
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
		return
	}
	committed, err := schemas.Read(configschema.SchemaName)
	if err != nil {
		t.Fatal(err)
	}
	onDisk, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, onDisk) {
		t.Fatalf("%s is stale: regenerate it with go test ./internal/configschema -run TestCommittedSchemaIsGenerated -update", path)
	}
	if !bytes.Equal(committed, onDisk) {
		t.Fatalf("the embedded %s differs from the file", configschema.SchemaName)
	}
	// descriptions come from the doc comments of config/
	for _, want := range []string{"Targets are the APIs under test.", "Timeout bounds one request", "the settings of profile irp"} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("the schema lacks the description %q", want)
		}
	}
}

// validate checks YAML text against the embedded schema.
func validate(t *testing.T, name string, y []byte) error {
	t.Helper()
	j, err := yaml.YAMLToJSON(y)
	if err != nil {
		t.Fatalf("%s: not YAML: %v", name, err)
	}
	return schemas.Validate(configschema.SchemaName, j)
}

// goParse is the configuration checker's verdict, with every variable set.
func goParse(name string, y []byte) error {
	_, err := config.Parse(name, y, config.Options{Profiles: registry.Names(), Settings: framework.SettingNames,
		Getenv: func(string) (string, bool) { return "https://example.com", true }})
	return err
}

// modeline is what an example config carries for editors.
var modeline = regexp.MustCompile(`(?m)^# yaml-language-server: \$schema=(\S+)$`)

// readmeConfigs returns the YAML blocks of README.md that are whole target
// configurations (they have targets:).
func readmeConfigs(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(b), -1) {
		if regexp.MustCompile(`(?m)^targets:`).MatchString(m[1]) {
			out = append(out, m[1])
		}
	}
	if len(out) == 0 {
		t.Fatal("README.md has no target configuration example")
	}
	return out
}

// TestExampleConfigsValidate: every example target configuration of the
// repository (ci/staging.example.yaml, the README's, the test fixtures of
// config/) validates, as the Go checker accepts them, and carries the
// modeline.
func TestExampleConfigsValidate(t *testing.T) {
	examples := map[string][]byte{}
	for i, y := range readmeConfigs(t) {
		examples["README.md#"+string(rune('1'+i))] = []byte(y)
	}
	files, _ := filepath.Glob(filepath.Join(root, "ci", "*.yaml"))
	more, _ := filepath.Glob(filepath.Join(root, "config", "testdata", "*.yaml"))
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		examples[f] = b
	}
	if _, ok := examples[filepath.Join(root, "ci", "staging.example.yaml")]; !ok {
		t.Fatal("ci/staging.example.yaml is missing")
	}
	// The README's CA file is an example path: give the checker a real one.
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	caFile := regexp.MustCompile(`(?m)(ca_file:\s*)\S+`)
	for name, y := range examples {
		if err := goParse(name, caFile.ReplaceAll(y, []byte("${1}"+ca))); err != nil {
			t.Errorf("%s: the Go checker refuses the example: %v", name, err)
		}
		if err := validate(t, name, y); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		m := modeline.FindSubmatch(y)
		if m == nil {
			t.Errorf("%s: no `# yaml-language-server: $schema=…` modeline", name)
			continue
		}
		if !strings.HasPrefix(name, "README") {
			// a file's modeline points at the schema in the repository
			target := filepath.Join(filepath.Dir(name), filepath.FromSlash(string(m[1])))
			if _, err := os.Stat(target); err != nil || !strings.HasSuffix(string(m[1]), configschema.SchemaName) {
				t.Errorf("%s: the modeline's schema %s does not resolve to schemas/%s: %v", name, m[1], configschema.SchemaName, err)
			}
		} else if !strings.HasSuffix(string(m[1]), configschema.SchemaName) {
			t.Errorf("%s: the modeline names %s, want the exported %s", name, m[1], configschema.SchemaName)
		}
	}
}

// base is a valid configuration that each mistake breaks in one place.
const base = `environment: staging
targets:
  - profile: irp
    base_url: https://shop.example.com
    credentials:
      - api_key: ${IRP_API_KEY}
        shared_secret: ${IRP_SHARED_SECRET}
    clock: real
    timeout: 10s
    max_body: 1048576
    tls:
      insecure_skip_verify: false
    settings:
      session_ttl: 5m
      error_http_status: 200
      use_extends_token: false
conform:
  label_filter: "!slow"
load:
  mode: constant
  rate: 200/s
  duration: 1m
  thresholds: ["p99<250ms"]
`

// TestTypicalMistakesFail: the mistakes a person makes in the file fail
// the schema, where the Go checker (or, for credentials and setting
// values, the run) refuses them too.
func TestTypicalMistakesFail(t *testing.T) {
	if err := validate(t, "base", []byte(base)); err != nil {
		t.Fatalf("the base configuration: %v", err)
	}
	if err := goParse("base", []byte(base)); err != nil {
		t.Fatalf("the base configuration: %v", err)
	}
	cases := []struct {
		name, from, to string
		goRefuses      bool // config.Parse refuses it too
	}{
		{"unknown top-level key", "conform:", "conformance:", true},
		{"unknown target key", "    base_url:", "    baseurl:", true},
		{"unknown TLS key", "insecure_skip_verify", "insecure", true},
		{"unknown profile", "profile: irp", "profile: irpp", true},
		{"unknown setting for the profile", "session_ttl: 5m", "sesion_ttl: 5m", true},
		{"setting of another profile", "session_ttl: 5m", "invalid_token_code: InvalidToken", true},
		{"duration without unit", "timeout: 10s", "timeout: 10", true},
		{"duration in words", "timeout: 10s", "timeout: 10 seconds", true},
		{"number in words", "max_body: 1048576", "max_body: lots", true},
		{"boolean as word", "insecure_skip_verify: false", "insecure_skip_verify: nope", true},
		{"targets as a map", "targets:\n  - profile", "targets:\n    profile", true},
		{"unknown environment", "environment: staging", "environment: prod", true},
		{"unknown clock", "clock: real", "clock: fake", true},
		{"unknown load mode", "mode: constant", "mode: steady", true},
		{"no targets", "targets:\n  - profile: irp", "nottargets:\n  - profile: irp", true},
		{"credential key of another profile", "api_key:", "user_name:", false},
		{"bad setting duration", "session_ttl: 5m", "session_ttl: 5 minutes", false},
		{"bad setting boolean", "use_extends_token: false", "use_extends_token: sometimes", false},
		{"bad status", "error_http_status: 200", "error_http_status: 2000", false},
		{"bad rate", "rate: 200/s", "rate: fast", false},
		{"http-less base_url", "https://shop.example.com", "shop.example.com", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(base, c.from) {
				t.Fatalf("the base has no %q", c.from)
			}
			y := []byte(strings.Replace(base, c.from, c.to, 1))
			if err := validate(t, c.name, y); err == nil {
				t.Errorf("the schema accepts it:\n%s", y)
			} else {
				t.Logf("schema: %v", err)
			}
			if c.goRefuses {
				if err := goParse(c.name, y); err == nil {
					t.Errorf("the Go checker accepts it, the schema refuses it: one of them is wrong")
				}
			}
		})
	}
}
