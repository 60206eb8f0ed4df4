package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/authprobe/authprobe/internal/configschema"
	"github.com/authprobe/authprobe/schemas"
)

// runMain runs the CLI in-process and returns the exit code and output.
func runMain(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

// commandTree is the root with cobra's completion verb added, as a run
// sees it.
func commandTree() *cobra.Command {
	a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	root := a.root()
	root.InitDefaultCompletionCmd()
	root.InitDefaultHelpCmd()
	return root
}

var (
	// invocationRe finds "authprobe …" up to where a command line or an
	// inline command ends.
	invocationRe = regexp.MustCompile("authprobe( [^\n`|;),#>&]*)")
	// ofVerbRe finds "--json of conform/load": a flag said to be other verbs'.
	ofVerbRe = regexp.MustCompile(`--([a-z][a-z0-9-]*) of ([a-z]+(?:/[a-z]+)*)`)
	// verbFlagRe finds "(load --shard)": a verb's name, then its flag.
	verbFlagRe = regexp.MustCompile(`(?:^|[\s(])([a-z]+)\s+--([a-z][a-z0-9-]*)`)
	flagRe     = regexp.MustCompile(`(?:^|[\s(\x60"'])--([a-z][a-z0-9-]*)`)
)

// hasFlag says whether c takes --name (its own, inherited, or help).
func hasFlag(c *cobra.Command, name string) bool {
	return name == "help" || c.Flags().Lookup(name) != nil || c.InheritedFlags().Lookup(name) != nil
}

// resolve follows the words of an invocation down the command tree and
// returns the command and the rest.
func resolve(root *cobra.Command, words []string) *cobra.Command {
	c := root
	for _, w := range words {
		var next *cobra.Command
		for _, s := range c.Commands() {
			if s.Name() == w {
				next = s
			}
		}
		if next == nil {
			break
		}
		c = next
	}
	return c
}

// checkText returns every flag a text advertises that its command does not
// have: in "authprobe VERB … --flag" invocations the flag must be VERB's;
// a bare --flag must be owner's (nil: bare flags are not checked).
func checkText(root, owner *cobra.Command, where, text string) []string {
	var bad []string
	for _, m := range invocationRe.FindAllStringSubmatch(text, -1) {
		c := resolve(root, strings.Fields(m[1]))
		for _, f := range flagRe.FindAllStringSubmatch(m[1], -1) {
			if !hasFlag(c, f[1]) {
				bad = append(bad, fmt.Sprintf("%s advertises %q, but %s has no --%s", where, strings.TrimSpace(m[0]), c.CommandPath(), f[1]))
			}
		}
	}
	text = invocationRe.ReplaceAllString(text, "")
	for _, m := range ofVerbRe.FindAllStringSubmatch(text, -1) {
		for _, verb := range strings.Split(m[2], "/") {
			if c := resolve(root, []string{verb}); c != root && !hasFlag(c, m[1]) {
				bad = append(bad, fmt.Sprintf("%s says %q, but %s has no --%s", where, m[0], c.CommandPath(), m[1]))
			}
		}
	}
	text = ofVerbRe.ReplaceAllString(text, "")
	text = verbFlagRe.ReplaceAllStringFunc(text, func(m string) string {
		sub := verbFlagRe.FindStringSubmatch(m)
		c := resolve(root, []string{sub[1]})
		if c == root || owner == nil {
			return m // not a verb (or shell text in a file): left to the checks below
		}
		if !hasFlag(c, sub[2]) {
			bad = append(bad, fmt.Sprintf("%s says %q, but %s has no --%s", where, m, c.CommandPath(), sub[2]))
		}
		return ""
	})
	if owner == nil {
		return bad
	}
	for _, f := range flagRe.FindAllStringSubmatch(text, -1) {
		if !hasFlag(owner, f[1]) {
			bad = append(bad, fmt.Sprintf("%s mentions --%s, which %s does not have", where, f[1], owner.CommandPath()))
		}
	}
	return bad
}

// TestAdvertisedFlagsExist: every flag that help texts, examples, flag
// descriptions, the README, docs/ and the CI templates show with a verb is
// a flag of that verb (`--fault`'s help used to point every verb at
// --list-faults, which only serve has).
func TestAdvertisedFlagsExist(t *testing.T) {
	root := commandTree()
	var bad []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		// The root's text speaks of the verbs' flags, and cobra's
		// completion verbs of the shells' own (brew --prefix): their bare
		// flags are not theirs to have.
		owner := c
		if c == root || c.Name() == "completion" || (c.Parent() != nil && c.Parent().Name() == "completion") {
			owner = nil
		}
		bad = append(bad, checkText(root, owner, c.CommandPath()+" (Long)", c.Long)...)
		bad = append(bad, checkText(root, owner, c.CommandPath()+" (Example)", c.Example)...)
		c.Flags().VisitAll(func(f *pflag.Flag) {
			bad = append(bad, checkText(root, owner, c.CommandPath()+" --"+f.Name, f.Usage)...)
		})
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)

	files := []string{"../../README.md"}
	for _, dir := range []string{"../../docs", "../../ci"} {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && regexp.MustCompile(`\.(md|ya?ml)$`).MatchString(p) {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) < 5 {
		t.Fatalf("found only %v", files)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		bad = append(bad, checkText(root, nil, p, string(b))...)
	}
	for _, b := range bad {
		t.Error(b)
	}
}

// TestAdvertisedFlagsCheckCatches: the check finds what it is for.
func TestAdvertisedFlagsCheckCatches(t *testing.T) {
	root := commandTree()
	conform := resolve(root, []string{"conform"})
	for _, text := range []string{"see --list-faults", "e.g. `authprobe conform --list-faults`", "  authprobe list --dialect-matrix\n", "(report.json of authprobe run, or --json of conform/load)", "shard (merge\n--shard)"} {
		if len(checkText(root, conform, "probe", text)) == 0 {
			t.Errorf("%q passed the check", text)
		}
	}
}

// TestUnknownFlagSuggestsClosest: an unknown flag exits 2 and names the
// closest flag, or the verbs that have it.
func TestUnknownFlagSuggestsClosest(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--lsit-faults"}, "did you mean --list-faults?"},
		{[]string{"conform", "--dialect-matirx"}, "did you mean --dialect-matrix?"},
		{[]string{"conform", "--dial", "irp:all"}, "did you mean --dialect?"},
		{[]string{"load", "--rat", "5/s"}, "did you mean --rate?"},
		{[]string{"run", "--profile", "irp"}, "did you mean --profiles?"},
		{[]string{"conform", "--list-faults"}, "--list-faults is a flag of authprobe serve, not of authprobe conform"},
		{[]string{"diff", "--max-p99", "5%", "a", "b"}, "did you mean --max-p99-regression?"},
		{[]string{"schemas", "export", "--outt", "x"}, "(authprobe schemas export --help lists its flags)"},
	} {
		code, _, stderr := runMain(c.args...)
		if code != ExitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("authprobe %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), code, stderr, c.want)
		}
	}
	// nothing close: no guess
	code, _, stderr := runMain("list", "--zzzzzzzz")
	if code != ExitUsage || strings.Contains(stderr, "did you mean") || !strings.Contains(stderr, "unknown flag: --zzzzzzzz") {
		t.Errorf("list --zzzzzzzz: exit %d, %q", code, stderr)
	}
}

// TestCompletionVerb: `authprobe completion bash` prints a script, and the
// verb is listed in the help.
func TestCompletionVerb(t *testing.T) {
	for shell, want := range map[string]string{"bash": "# bash completion V2 for authprobe", "zsh": "#compdef authprobe", "fish": "complete -c authprobe", "powershell": "Register-ArgumentCompleter"} {
		code, out, stderr := runMain("completion", shell)
		if code != ExitOK || !strings.Contains(out, want) {
			t.Errorf("completion %s: exit %d, %q…, stderr %q; want a script with %q", shell, code, out[:min(len(out), 200)], stderr, want)
		}
	}
	_, out, _ := runMain("--help")
	if !regexp.MustCompile(`(?m)^\s+completion\s`).MatchString(out) {
		t.Errorf("the completion verb is not listed in authprobe --help:\n%s", out)
	}
}

// TestFlagValueCompletion: the name-valued flags complete their names.
func TestFlagValueCompletion(t *testing.T) {
	for _, c := range []struct {
		args        []string
		want, avoid []string
	}{
		{[]string{"conform", "--dialect", "irp:json"}, []string{"irp:json-in-string\t", "irp:json-content-type\t", "irp:json-pretty\t"}, []string{"certna:"}},
		{[]string{"serve", "--dialect", "cer"}, []string{"certna:all\t"}, []string{"irp:"}},
		{[]string{"serve", "--fault", "videntity:logout"}, []string{"videntity:logout-keeps-session\t"}, []string{"irp:"}},
		{[]string{"run", "--profiles", "irp,c"}, []string{"irp,certna\n"}, []string{"irp,irp"}},
		{[]string{"load", "--mode", ""}, []string{"constant\n", "ramp\n", "capacity\n"}, nil},
		{[]string{"list", "--profile", "v"}, []string{"videntity\n"}, []string{"irp"}},
		{[]string{"conform", "--ttl", "i"}, []string{"irp=\n", "ishare=\n"}, nil},
		{[]string{"run", "--target", ""}, []string{"yaml\n", "yml\n", ":8\n"}, nil}, // file completion filtered by extension
	} {
		code, out, stderr := runMain(append([]string{cobra.ShellCompRequestCmd}, c.args...)...)
		if code != ExitOK {
			t.Errorf("%v: exit %d, %s", c.args, code, stderr)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: completion lacks %q:\n%s", c.args, w, out)
			}
		}
		for _, a := range c.avoid {
			if strings.Contains(out, a) {
				t.Errorf("%v: completion offers %q:\n%s", c.args, a, out)
			}
		}
	}
}

// TestSchemasExportIncludesConfigSchema: the target configuration's schema
// is listed and exported with the others.
func TestSchemasExportIncludesConfigSchema(t *testing.T) {
	_, out, _ := runMain("schemas")
	if !strings.Contains(out, configschema.SchemaName+"\n") {
		t.Errorf("authprobe schemas does not list %s:\n%s", configschema.SchemaName, out)
	}
	dir := t.TempDir()
	code, out, stderr := runMain("schemas", "export", dir)
	if code != ExitOK {
		t.Fatalf("export: exit %d %s", code, stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, "config", "target.schema.json"))
	want, _ := schemas.Read(configschema.SchemaName)
	if err != nil || !bytes.Equal(got, want) || len(want) == 0 {
		t.Fatalf("export wrote no config/target.schema.json (%v); printed:\n%s", err, out)
	}
}
