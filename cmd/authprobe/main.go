// Command authprobe is a conformance and load harness for
// session-authentication endpoints. Run `authprobe --help`.
package main

import (
	"os"

	"github.com/authprobe/authprobe/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
