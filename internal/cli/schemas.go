package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/authprobe/authprobe/schemas"
)

func (a *app) schemasCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schemas",
		Short: "List or export the JSON Schemas and XSDs responses are validated against, and the target configuration's schema",
		Long: `List or export the JSON Schemas and XSDs every API answer is validated against (one folder
per API), the report schema (report/), and the JSON Schema of the target configuration file
(config/target.schema.json), which editors use through the modeline
"# yaml-language-server: $schema=DIR/config/target.schema.json".`,
		Example: `  authprobe schemas
  authprobe schemas export ./authprobe-schemas`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, n := range schemas.Names() {
				fmt.Fprintln(a.stdout, n)
			}
			return nil
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:     "export DIR",
		Short:   "Write every schema into DIR (one folder per API)",
		Example: "  authprobe schemas export ./authprobe-schemas",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			written, err := schemas.Export(args[0])
			if err != nil {
				return withCode(ExitUsage, err)
			}
			for _, w := range written {
				fmt.Fprintln(a.stdout, w)
			}
			return nil
		},
	})
	return cmd
}
