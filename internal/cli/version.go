package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/authprobe/authprobe/results"
)

// Version is set at build time with -ldflags "-X …/internal/cli.Version=v1.2.3".
var Version = "dev"

// Commit is the source revision, set at build time with -ldflags "-X
// …/internal/cli.Commit=<sha>" where the build has no VCS stamp (the static
// build of the container image builds with -buildvcs=false).
var Commit = ""

func toolInfo() results.Tool {
	t := results.Tool{Name: "authprobe", Version: Version, Commit: Commit, Go: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				t.Commit = s.Value
			}
		}
		if t.Version == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			t.Version = bi.Main.Version
		}
	}
	return t
}

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the authprobe version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			t := toolInfo()
			fmt.Fprintf(a.stdout, "authprobe %s", t.Version)
			if t.Commit != "" {
				fmt.Fprintf(a.stdout, " (%s)", t.Commit)
			}
			fmt.Fprintf(a.stdout, " %s\n", t.Go)
			return nil
		},
	}
}
