package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/authprobe/authprobe/refservers/registry"
	"github.com/authprobe/authprobe/suites"
	"github.com/authprobe/authprobe/suites/framework"
)

func (a *app) listCmd() *cobra.Command {
	var asJSON, faults, dialects, settings, long bool
	var profile string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "Print the behaviour catalog (or the faults, or the settings)",
		Example: `  authprobe list
  authprobe list --profile irp --long
  authprobe list --json > catalog.json
  authprobe list --faults
  authprobe list --dialects
  authprobe list --settings --profile certna`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if profile != "" {
				if _, err := registry.Lookup(profile); err != nil {
					return usageErr("--profile: %v", err)
				}
			}
			switch {
			case faults:
				a.printFaults()
				return nil
			case dialects:
				a.printDialects(profile)
				return nil
			case settings:
				for _, p := range registry.Names() {
					if profile == "" || p == profile {
						fmt.Fprintf(a.stdout, "%s\n%s\n", p, framework.SettingsDoc(p))
					}
				}
				return nil
			}
			var list []suites.Behavior
			for _, b := range suites.Catalog() {
				if profile == "" || b.Profile == profile {
					list = append(list, b)
				}
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(list)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			for _, b := range list {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", b.ID, strings.Join(b.Labels, ","), b.Statement)
				if long {
					fmt.Fprintf(tw, "\tseverity:\t%s\n", b.Severity)
					for _, c := range b.Authorities() {
						fmt.Fprintf(tw, "\tauthority:\t%s\n", c)
					}
					if b.Smell != "" {
						fmt.Fprintf(tw, "\tsmell:\t%s\n", b.Smell)
					}
					if len(b.PinnedBy) > 0 {
						fmt.Fprintf(tw, "\tpinned by:\t%s\n", strings.Join(b.PinnedBy, ", "))
					}
					if b.Note != "" {
						fmt.Fprintf(tw, "\tnote:\t%s\n", b.Note)
					}
					if len(b.MapsTo) > 0 {
						fmt.Fprintf(tw, "\tmaps to:\t%s\n", strings.Join(b.MapsTo, ", "))
					}
					if len(b.KilledBy) > 0 {
						fmt.Fprintf(tw, "\tkilled by:\t%s\n", strings.Join(b.KilledBy, ", "))
					}
					if b.Unkillable != "" {
						fmt.Fprintf(tw, "\tunkillable:\t%s\n", b.Unkillable)
					}
				}
			}
			tw.Flush()
			fmt.Fprintf(a.stdout, "%d behaviours\n", len(list))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the catalog as JSON")
	cmd.Flags().BoolVar(&faults, "faults", false, "list the reference servers' named faults")
	cmd.Flags().BoolVar(&dialects, "dialects", false, "list the reference servers' named dialects (legal variations the specs must accept)")
	cmd.Flags().BoolVar(&settings, "settings", false, "list each profile's settings with defaults")
	cmd.Flags().BoolVarP(&long, "long", "l", false, "show severity, authority, requirement mapping and faults")
	cmd.Flags().StringVar(&profile, "profile", "", "only this profile")
	return cmd
}
