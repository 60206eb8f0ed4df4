// Package cli is authprobe's command line: one binary, one verb per job.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit codes, documented in the README.
const (
	ExitOK          = 0   // no failure
	ExitFailed      = 1   // a spec failed, a threshold broke, a regression was found
	ExitUsage       = 2   // bad flags or configuration
	ExitUnreachable = 3   // a target could not be reached
	ExitInterrupted = 130 // SIGINT
	ExitTerminated  = 143 // SIGTERM
)

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	return &exitError{code: code, err: err}
}

// silentExit ends with a code and nothing more to print.
func silentExit(code int) error { return &exitError{code: code} }

// app is what every verb shares.
type app struct {
	stdout, stderr io.Writer
	ctx            context.Context
	// signal is the signal that interrupted the run, if any. It is set by
	// the signal goroutine and read when the verb returns.
	signal atomic.Pointer[os.Signal]
}

// Main runs the CLI and returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	a := &app{stdout: stdout, stderr: stderr, ctx: ctx}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		select {
		case s := <-sigs:
			a.signal.Store(&s)
			fmt.Fprintf(stderr, "\nauthprobe: %s: stopping, writing what was measured\n", s)
			stop()
		case <-ctx.Done():
		}
	}()

	root := a.root()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	code := ExitOK
	if err != nil {
		var ee *exitError
		switch {
		case errors.As(err, &ee):
			code = ee.code
			if ee.err != nil {
				fmt.Fprintf(stderr, "authprobe: %v\n", ee.err)
			}
		default:
			// cobra's own errors: unknown flags, verbs, arguments.
			code = ExitUsage
			fmt.Fprintf(stderr, "authprobe: %v\n", err)
		}
	}
	// An interrupted run exits with the signal's code whatever else went
	// wrong: what failed after the signal failed because of it (a dial
	// canceled in the preflight, say).
	if s := a.signal.Load(); s != nil {
		if *s == syscall.SIGTERM {
			return ExitTerminated
		}
		return ExitInterrupted
	}
	return code
}

func (a *app) root() *cobra.Command {
	root := &cobra.Command{
		Use:   "authprobe",
		Short: "Conformance and load harness for session-authentication endpoints",
		Long: `authprobe checks session-authentication APIs (Astun iShare, Videntity, IRP Commerce,
CeRTNA) against every documented behaviour, measures token-acquisition latency and
throughput, and writes JUnit, JSON, HTML and Markdown reports.

With no --target it starts reference servers of all four APIs in-process on loopback.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(a.versionCmd(), a.serveCmd(), a.listCmd(), a.schemasCmd(), a.conformCmd(), a.runCmd(), a.diffCmd(), a.loadCmd(), a.mergeCmd())
	// Cobra's `completion` verb (bash, zsh, fish, powershell) is on and
	// listed; the name-valued flags complete their names.
	root.CompletionOptions.HiddenDefaultCmd = false
	registerCompletions(root)
	// An unknown flag names the closest one; every flag error exits 2.
	root.SetFlagErrorFunc(flagError)
	return root
}
