// Command authprobe is a conformance and load harness for
// session-authentication endpoints. Run `authprobe --help`.
package main

import (
	"os"

	"github.com/authprobe/authprobe/internal/cli"
	"github.com/authprobe/authprobe/suites/framework"
)

func main() {
	framework.MaybeWorker() // a parallel conformance run's worker never returns
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
