package cli

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/authprobe/authprobe/refservers/embedded"
	"github.com/authprobe/authprobe/refservers/registry"
)

// serverFlags are the flags that choose reference servers, shared by serve,
// conform, load and run.
type serverFlags struct {
	profiles  []string
	faults    []string
	dialects  []string
	testClock bool
	ttls      []string
	host      string
	ports     []string
}

func (f *serverFlags) register(cmd *cobra.Command, withClock bool) {
	cmd.Flags().StringSliceVar(&f.profiles, "profiles", nil, "reference servers to start (default all: "+strings.Join(registry.Names(), ",")+")")
	cmd.Flags().StringArrayVar(&f.faults, "fault", nil, "start a reference server with a named fault, profile:fault (repeatable; see authprobe list --faults)")
	cmd.Flags().StringArrayVar(&f.dialects, "dialect", nil, "start a reference server speaking a legal variation, profile:dialect or profile:all (repeatable; see authprobe list --dialects)")
	cmd.Flags().StringArrayVar(&f.ttls, "ttl", nil, "override a reference server's session lifetime, profile=duration (e.g. irp=3s)")
	if withClock {
		cmd.Flags().BoolVar(&f.testClock, "test-clock", false, "run reference servers on a manual clock with the control endpoint on")
	}
}

func (f *serverFlags) options() (embedded.Options, error) {
	o := embedded.Options{Profiles: f.profiles, Faults: f.faults, Dialects: f.dialects, TestClock: f.testClock, Host: f.host,
		TTL: map[string]time.Duration{}, Ports: map[string]int{}}
	for _, kv := range f.ttls {
		p, v, ok := strings.Cut(kv, "=")
		d, err := time.ParseDuration(v)
		if !ok || err != nil || d <= 0 {
			return o, usageErr("--ttl %q: want profile=duration, e.g. irp=3s", kv)
		}
		if _, err := registry.Lookup(p); err != nil {
			return o, usageErr("--ttl %q: %v", kv, err)
		}
		o.TTL[p] = d
	}
	for _, kv := range f.ports {
		p, v, ok := strings.Cut(kv, "=")
		n, err := strconv.Atoi(v)
		if !ok || err != nil || n < 0 || n > 65535 {
			return o, usageErr("--port %q: want profile=port, e.g. irp=8080", kv)
		}
		if _, err := registry.Lookup(p); err != nil {
			return o, usageErr("--port %q: %v", kv, err)
		}
		o.Ports[p] = n
	}
	if _, err := embedded.ParseFaults(f.faults); err != nil {
		return o, usageErr("%v", err)
	}
	if _, err := embedded.ParseDialects(f.dialects); err != nil {
		return o, usageErr("%v", err)
	}
	for _, p := range f.profiles {
		if _, err := registry.Lookup(p); err != nil {
			return o, usageErr("--profiles: %v", err)
		}
	}
	return o, nil
}

func (a *app) serveCmd() *cobra.Command {
	var sf serverFlags
	var listFaults bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the reference servers standalone",
		Long: `Run the reference servers of the four APIs so that QA and vendors can develop against
them. Prints each base URL with demo credentials. Stop with Ctrl-C.`,
		Example: `  authprobe serve
  authprobe serve --profiles irp --port irp=8080 --test-clock
  authprobe serve --fault videntity:logout-keeps-session
  authprobe serve --list-faults`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if listFaults {
				a.printFaults()
				return nil
			}
			o, err := sf.options()
			if err != nil {
				return err
			}
			set, err := embedded.Start(o)
			if err != nil {
				return withCode(ExitUsage, err)
			}
			defer set.Close()
			fmt.Fprint(a.stdout, set.Describe())
			fmt.Fprintln(a.stdout, "serving; Ctrl-C stops")
			<-cmd.Context().Done()
			return nil
		},
	}
	sf.register(cmd, true)
	cmd.Flags().StringVar(&sf.host, "addr", "127.0.0.1", "interface to listen on")
	cmd.Flags().StringArrayVar(&sf.ports, "port", nil, "fixed port for a profile, profile=port (default: a free port)")
	cmd.Flags().BoolVar(&listFaults, "list-faults", false, "list every named fault and the behaviour it breaks")
	return cmd
}

// printDialects lists every reference server's dialects: the legal
// variations the dialect matrix proves the specs accept.
func (a *app) printDialects(profile string) {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	for _, d := range registry.All() {
		if profile != "" && d.Name != profile {
			continue
		}
		for _, x := range d.Dialects {
			settings := ""
			if len(x.Settings) > 0 {
				keys := make([]string, 0, len(x.Settings))
				for k := range x.Settings {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for i, k := range keys {
					keys[i] = k + "=" + x.Settings[k]
				}
				settings = " (settings: " + strings.Join(keys, ", ") + ")"
			}
			fmt.Fprintf(tw, "%s:%s\t%s%s\n", d.Name, x.Name, x.Varies, settings)
		}
	}
	tw.Flush()
}

func (a *app) printFaults() {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	for _, d := range registry.All() {
		for _, f := range d.Faults {
			fmt.Fprintf(tw, "%s:%s\t%s\n", d.Name, f.Name, f.Breaks)
		}
	}
	tw.Flush()
}
