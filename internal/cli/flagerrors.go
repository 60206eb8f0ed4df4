package cli

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// unknownFlagRe reads pflag's "unknown flag: --name" and "unknown shorthand
// flag: 'x' in -x".
var (
	unknownFlagRe      = regexp.MustCompile(`^unknown flag: --([^\s=]+)`)
	unknownShorthandRe = regexp.MustCompile(`^unknown shorthand flag: '(.)'`)
)

// flagError is every verb's FlagErrorFunc: a flag error is a usage error
// (exit 2), and an unknown flag names the closest flag of the verb, or the
// verbs that have it when it is not this verb's ("--list-faults is a flag
// of authprobe serve").
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	help := fmt.Sprintf("(%s --help lists its flags)", cmd.CommandPath())
	name := ""
	if m := unknownFlagRe.FindStringSubmatch(msg); m != nil {
		name = m[1]
	} else if m := unknownShorthandRe.FindStringSubmatch(msg); m != nil {
		name = m[1]
	} else {
		return usageErr("%v %s", err, help)
	}
	var hints []string
	if best := closestFlag(cmd, name); best != "" {
		hints = append(hints, "did you mean --"+best+"?")
	}
	if others := verbsWithFlag(cmd.Root(), cmd, name); len(others) > 0 && len(name) > 1 {
		hints = append(hints, fmt.Sprintf("--%s is a flag of %s, not of %s", name, strings.Join(others, ", "), cmd.CommandPath()))
	}
	if len(hints) == 0 {
		return usageErr("%v %s", err, help)
	}
	return usageErr("%v; %s %s", err, strings.Join(hints, "; "), help)
}

// closestFlag returns the flag of cmd whose name is closest to name, or ""
// when none is close enough to be what was meant: the fewest edits, within
// a third of the name's length (at least two); failing that, the shortest
// flag that name begins (--dial for --dialect).
func closestFlag(cmd *cobra.Command, name string) string {
	best, bestD, prefix := "", 0, ""
	visit := func(f *pflag.Flag) {
		if f.Hidden || f.Name == name {
			return
		}
		d := levenshtein.ComputeDistance(name, f.Name)
		if best == "" || d < bestD || (d == bestD && f.Name < best) {
			best, bestD = f.Name, d
		}
		if len(name) > 1 && strings.HasPrefix(f.Name, name) && (prefix == "" || len(f.Name) < len(prefix)) {
			prefix = f.Name
		}
	}
	cmd.Flags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	if best != "" && bestD <= max(2, len(name)/3) {
		return best
	}
	return prefix
}

// verbsWithFlag lists the other commands that have a flag called name.
func verbsWithFlag(root, except *cobra.Command, name string) []string {
	var out []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c != except && !c.Hidden && c.Flags().Lookup(name) != nil {
			out = append(out, c.CommandPath())
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
	sort.Strings(out)
	return out
}
