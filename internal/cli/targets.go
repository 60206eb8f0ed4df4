package cli

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/refservers/embedded"
	"github.com/authprobe/authprobe/refservers/registry"
	"github.com/authprobe/authprobe/suites/framework"
)

// targetFlags pick the targets: a configuration file, or the embedded
// reference servers.
type targetFlags struct {
	target string
	sf     serverFlags
}

func (f *targetFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&f.target, "target", "t", "", "target configuration file (default: embedded reference servers on loopback)")
	f.sf.register(cmd, false)
}

// loadConfig reads a target configuration with the profiles and settings
// the specs know.
func loadConfig(path string) (*config.File, error) {
	f, err := config.Load(path, config.Options{Profiles: registry.Names(), Settings: framework.SettingNames})
	if err != nil {
		return nil, withCode(ExitUsage, err)
	}
	// A CA file that holds no certificate is a configuration error too:
	// say so before anything is dialled, whether or not the target is up.
	for _, t := range f.Targets {
		if t.TLS.CAFile == "" {
			continue
		}
		if _, err := wire.NewHTTPClient(wire.ClientOptions{CAFile: t.TLS.CAFile}); err != nil {
			return nil, usageErr("%s: target %s: %v", path, t.Name, err)
		}
	}
	return f, nil
}

// targets are what a verb runs against: a target configuration and, when
// it describes the embedded reference servers, those servers.
type targets struct {
	cfg *config.File
	set *embedded.Set // nil for --target
}

// close stops the embedded servers, if any.
func (t *targets) close() {
	if t.set != nil {
		_ = t.set.Close()
	}
}

// resolve returns the targets to run against: --target's configuration,
// else the embedded servers it starts (on manual clocks with testClock).
// The caller closes them.
func (a *app) resolve(f *targetFlags, testClock bool) (*targets, error) {
	if f.target != "" {
		if len(f.sf.faults) > 0 || len(f.sf.dialects) > 0 || len(f.sf.ttls) > 0 || len(f.sf.profiles) > 0 || f.sf.latency != 0 {
			return nil, usageErr("--fault, --dialect, --ttl, --latency and --profiles apply to the embedded reference servers, not to --target")
		}
		cfg, err := loadConfig(f.target)
		if err != nil {
			return nil, err
		}
		return &targets{cfg: cfg}, nil
	}
	f.sf.testClock = testClock
	o, err := f.sf.options()
	if err != nil {
		return nil, err
	}
	set, err := embedded.Start(o)
	if err != nil {
		return nil, withCode(ExitUsage, err)
	}
	return &targets{cfg: set.Config(), set: set}, nil
}

// preflight checks that every target's host accepts connections, so an
// unreachable target ends with exit code 3 and one clear line instead of a
// wall of failed specs.
func preflight(ctx context.Context, cfg *config.File) error {
	var errs []error
	for _, t := range cfg.Targets {
		if err := dialTarget(ctx, t); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return &exitError{code: ExitUnreachable, err: errors.Join(errs...)}
	}
	return nil
}
