package ci

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

const (
	githubWorkflow = "github/authprobe-nightly.yml"
	gitlabCI       = "gitlab/authprobe.gitlab-ci.yml"
	stagingTarget  = "staging.example.yaml"
	k8sLoadJob     = "k8s/authprobe-load-job.yaml"
	k8sMergeJob    = "k8s/authprobe-merge-job.yaml"
)

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// yamlMap decodes a YAML document into generic maps (anchors resolved).
func yamlMap(t *testing.T, path string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := yaml.Unmarshal(read(t, path), &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// envRefRe matches ${VAR} and ${VAR:-default} as config.Parse expands them.
var envRefRe = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?\}`)

// envRefs returns the variables a target file needs (no default) and the
// ones it may use (with a default), sorted. Comment lines do not count.
func envRefs(text string) (required, optional []string) {
	var code []string
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			code = append(code, line)
		}
	}
	seen := map[string]bool{}
	for _, m := range envRefRe.FindAllStringSubmatch(strings.Join(code, "\n"), -1) {
		if seen[m[1]] {
			continue
		}
		seen[m[1]] = true
		if m[2] == "" {
			required = append(required, m[1])
		} else {
			optional = append(optional, m[1])
		}
	}
	sort.Strings(required)
	sort.Strings(optional)
	return required, optional
}

// secretValue is what the fake secret store holds for every variable.
const secretValue = "value-from-ci-secret-store"

// fakeEnv is the environment CI gives a target file: every variable it
// requires is set from the secret store; those with a default are unset.
func fakeEnv(text string) func(string) (string, bool) {
	required, _ := envRefs(text)
	set := map[string]bool{}
	for _, v := range required {
		set[v] = true
	}
	return func(name string) (string, bool) {
		if set[name] {
			return secretValue, true
		}
		return "", false
	}
}

func mapAt(t *testing.T, m any, keys ...string) map[string]any {
	t.Helper()
	cur := m
	for _, k := range keys {
		mm, ok := cur.(map[string]any)
		if !ok {
			t.Fatalf("%v: not a mapping at %q", keys, k)
		}
		cur = mm[k]
	}
	out, ok := cur.(map[string]any)
	if !ok {
		t.Fatalf("%v: not a mapping (%T)", keys, cur)
	}
	return out
}

func listAt(t *testing.T, m map[string]any, key string) []any {
	t.Helper()
	l, ok := m[key].([]any)
	if !ok {
		t.Fatalf("%q is not a list (%T)", key, m[key])
	}
	return l
}
