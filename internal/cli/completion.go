package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/authprobe/authprobe/refservers/registry"
)

// registerCompletions gives the flags whose values are names (profiles,
// dialects, faults, load modes) shell completion of those names, on every
// verb that has them. Cobra's own `completion` verb writes the scripts.
func registerCompletions(root *cobra.Command) {
	values := map[string]cobra.CompletionFunc{
		"profiles": completeProfileList,
		"profile":  completeWords(registry.Names),
		"dialect":  completeQualified(func(d registryDescriptor) []nameDoc { return d.dialects }, true),
		"fault":    completeQualified(func(d registryDescriptor) []nameDoc { return d.faults }, false),
		"ttl":      completeProfilePrefix("="),
		"port":     completeProfilePrefix("="),
		"mode":     completeWords(func() []string { return []string{"constant", "ramp", "capacity"} }),
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for name, fn := range values {
			if c.Flags().Lookup(name) != nil {
				_ = c.RegisterFlagCompletionFunc(name, fn)
			}
		}
		for _, name := range []string{"target", "expected-failures"} {
			if c.Flags().Lookup(name) != nil {
				_ = c.MarkFlagFilename(name, "yaml", "yml")
			}
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
}

// nameDoc is a completion candidate with its description.
type nameDoc struct{ name, doc string }

// registryDescriptor is what completion needs of a reference server.
type registryDescriptor struct {
	name             string
	dialects, faults []nameDoc
}

func descriptors() []registryDescriptor {
	var out []registryDescriptor
	for _, d := range registry.All() {
		rd := registryDescriptor{name: d.Name}
		for _, x := range d.Dialects {
			rd.dialects = append(rd.dialects, nameDoc{x.Name, x.Varies})
		}
		for _, f := range d.Faults {
			rd.faults = append(rd.faults, nameDoc{f.Name, f.Breaks})
		}
		out = append(out, rd)
	}
	return out
}

// completeWords completes one of a fixed list of words.
func completeWords(words func() []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, w := range words() {
			if strings.HasPrefix(w, toComplete) {
				out = append(out, w)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeProfileList completes --profiles irp,cer → irp,certna: the last
// item of a comma-separated list, without the profiles already given.
func completeProfileList(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	done, last := "", toComplete
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		done, last = toComplete[:i+1], toComplete[i+1:]
	}
	given := map[string]bool{}
	for _, p := range strings.Split(done, ",") {
		given[p] = true
	}
	var out []cobra.Completion
	for _, n := range registry.Names() {
		if !given[n] && strings.HasPrefix(n, last) {
			out = append(out, done+n)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

// completeQualified completes profile:name (with the name's description),
// and profile:all when all is true.
func completeQualified(names func(registryDescriptor) []nameDoc, all bool) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, d := range descriptors() {
			cands := names(d)
			if all && len(cands) > 0 {
				cands = append([]nameDoc{{"all", "every dialect of " + d.name + " at once"}}, cands...)
			}
			for _, c := range cands {
				v := d.name + ":" + c.name
				if strings.HasPrefix(v, toComplete) {
					out = append(out, cobra.CompletionWithDesc(v, c.doc))
				}
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeProfilePrefix completes the profile part of profile=value.
func completeProfilePrefix(sep string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, n := range registry.Names() {
			if strings.HasPrefix(n+sep, toComplete) {
				out = append(out, n+sep)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}
