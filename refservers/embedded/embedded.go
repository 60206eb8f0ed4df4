// Package embedded starts the reference servers in-process on loopback:
// the default target of authprobe when no target configuration is given.
package embedded

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/authprobe/authprobe/clock"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/refservers/registry"
)

// Options choose which servers start and how.
type Options struct {
	// Profiles to start; empty means all.
	Profiles []string
	// TestClock starts every server on its own manual clock with the clock
	// control endpoint on.
	TestClock bool
	// Faults are "profile:fault" or a bare fault name that only one profile has.
	Faults []string
	// Dialects are "profile:dialect" or "profile:all" (every dialect of
	// that server at once).
	Dialects []string
	// TTL overrides session lifetimes per profile.
	TTL map[string]time.Duration
	// Host is the interface to listen on (default 127.0.0.1).
	Host string
	// Ports fixes the port per profile (default: a free port each).
	Ports map[string]int
	// MaxSessions caps each server's session store (default 1,000,000).
	MaxSessions int
	// Latency delays every answer by this much, to emulate a remote
	// target (e.g. 40ms for a staging server over a WAN); 0 answers at once.
	Latency time.Duration
}

// Server is one running reference server.
type Server struct {
	Profile  string
	Title    string
	URL      string
	Accounts []refkit.Credentials
	Faults   []string
	Dialects []string
	TTL      time.Duration
	// Settings are the target settings implied by the demo data.
	Settings map[string]string
	// Clock is the manual clock in test-clock mode, else nil.
	Clock *clock.Manual
	srv   *http.Server
}

// Set is a group of running servers.
type Set struct {
	Servers []*Server
}

// ParseFaults resolves fault names ("irp:skew-window-10m" or
// "skew-window-10m") into a set per profile.
func ParseFaults(names []string) (map[string][]string, error) {
	return parseQualified(names, "fault", "see authprobe serve --list-faults", func(d refkit.Descriptor, n string) error {
		_, err := refkit.ParseFaults(d.Name, d.Faults, []string{n})
		return err
	}, func(d refkit.Descriptor) []string {
		out := make([]string, len(d.Faults))
		for i, f := range d.Faults {
			out[i] = f.Name
		}
		return out
	})
}

// ParseDialects resolves "profile:dialect" and "profile:all" into a set
// per profile.
func ParseDialects(names []string) (map[string][]string, error) {
	return parseQualified(names, "dialect", "see authprobe list --dialects", func(d refkit.Descriptor, n string) error {
		_, err := refkit.ParseDialects(d.Name, d.Dialects, []string{n})
		return err
	}, nil)
}

// parseQualified resolves comma-separated "profile:name" items (what:
// "fault" or "dialect") into names per profile, checking each with check.
// A bare name is resolved through bare, when given, to the one profile that
// has it; without bare it is an error.
func parseQualified(names []string, what, hint string, check func(refkit.Descriptor, string) error, bare func(refkit.Descriptor) []string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, raw := range names {
		for _, n := range strings.Split(raw, ",") {
			n = strings.TrimSpace(n)
			if n == "" {
				continue
			}
			profile, name, ok := strings.Cut(n, ":")
			if !ok {
				if bare == nil {
					return nil, fmt.Errorf("%s %q: write it as profile:%s (%s)", what, n, what, hint)
				}
				name = n
				var owners []string
				for _, d := range registry.All() {
					for _, k := range bare(d) {
						if k == name {
							owners = append(owners, d.Name)
						}
					}
				}
				switch len(owners) {
				case 0:
					return nil, fmt.Errorf("unknown %s %q (%s)", what, n, hint)
				case 1:
					profile = owners[0]
				default:
					return nil, fmt.Errorf("%s %q exists in %s: write it as profile:%s", what, n, strings.Join(owners, " and "), what)
				}
			}
			d, err := registry.Lookup(profile)
			if err != nil {
				return nil, fmt.Errorf("%s %q: %w", what, n, err)
			}
			if err := check(d, name); err != nil {
				return nil, err
			}
			out[profile] = append(out[profile], name)
		}
	}
	return out, nil
}

// Start starts the servers on loopback and returns when all listen.
func Start(o Options) (*Set, error) {
	faults, err := ParseFaults(o.Faults)
	if err != nil {
		return nil, err
	}
	dialects, err := ParseDialects(o.Dialects)
	if err != nil {
		return nil, err
	}
	host := o.Host
	if host == "" {
		host = "127.0.0.1"
	}
	want := map[string]bool{}
	for _, p := range o.Profiles {
		if _, err := registry.Lookup(p); err != nil {
			return nil, err
		}
		want[p] = true
	}
	for what, per := range map[string]map[string][]string{"fault": faults, "dialect": dialects} {
		for p := range per {
			if len(want) > 0 && !want[p] {
				return nil, fmt.Errorf("%s for profile %s, which is not started", what, p)
			}
		}
	}
	set := &Set{}
	for _, d := range registry.All() {
		if len(want) > 0 && !want[d.Name] {
			continue
		}
		fs, _ := refkit.ParseFaults(d.Name, d.Faults, faults[d.Name])
		ds, _ := refkit.ParseDialects(d.Name, d.Dialects, dialects[d.Name])
		dialectSettings, err := refkit.DialectSettings(d.Dialects, ds)
		if err != nil {
			set.Close()
			return nil, fmt.Errorf("%s: %w", d.Name, err)
		}
		settings := map[string]string{}
		for k, v := range d.Settings {
			settings[k] = v
		}
		for k, v := range dialectSettings {
			settings[k] = v
		}
		ro := refkit.Options{Faults: fs, Dialects: ds, TTL: o.TTL[d.Name], MaxSessions: o.MaxSessions}
		var mc *clock.Manual
		if o.TestClock {
			mc = clock.NewManual()
			ro.TestClock = mc
		}
		h, accounts := d.New(ro)
		h = WithLatency(h, o.Latency)
		ln, err := net.Listen("tcp", net.JoinHostPort(host, fmt.Sprint(o.Ports[d.Name])))
		if err != nil {
			set.Close()
			return nil, fmt.Errorf("start %s reference server: %w", d.Name, err)
		}
		ttl := o.TTL[d.Name]
		if ttl == 0 {
			ttl = d.DefaultTTL
		}
		s := &Server{
			Profile: d.Name, Title: d.Title, URL: "http://" + ln.Addr().String(),
			Accounts: accounts, Faults: fs.Names(), Dialects: ds.Names(), TTL: ttl, Clock: mc, Settings: settings,
			srv: refkit.NewHTTPServer(h),
		}
		go func() { _ = s.srv.Serve(ln) }()
		set.Servers = append(set.Servers, s)
	}
	return set, nil
}

// WithLatency delays every answer of h by d (none when d <= 0), the way a
// remote target over a WAN answers; a request canceled while it waits is
// dropped unanswered.
func WithLatency(h http.Handler, d time.Duration) http.Handler {
	if d <= 0 {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			h.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	})
}

// Close stops every server.
func (s *Set) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var errs []error
	for _, srv := range s.Servers {
		if err := srv.srv.Shutdown(ctx); err != nil {
			errs = append(errs, srv.srv.Close())
		}
	}
	return errors.Join(errs...)
}

// Get returns the server of a profile.
func (s *Set) Get(profile string) (*Server, bool) {
	for _, srv := range s.Servers {
		if srv.Profile == profile {
			return srv, true
		}
	}
	return nil, false
}

// Config returns the target configuration that points at these servers:
// every demo account as credentials, the clock controlled in test-clock
// mode and real otherwise, and the servers' session lifetimes as settings.
func (s *Set) Config() *config.File {
	f := &config.File{Path: "(embedded reference servers)", Environment: config.EnvTest}
	for _, srv := range s.Servers {
		t := config.Target{
			Profile: srv.Profile, Name: srv.Profile, BaseURL: srv.URL, ClockControlURL: srv.URL,
			Clock: config.ClockReal, Settings: map[string]string{"session_ttl": srv.TTL.String()},
		}
		for k, v := range srv.Settings {
			t.Settings[k] = v
		}
		if srv.Clock != nil {
			t.Clock = config.ClockControlled
		}
		for _, a := range srv.Accounts {
			m := map[string]string{}
			for k, v := range a {
				m[k] = v
			}
			t.Credentials = append(t.Credentials, m)
		}
		f.Targets = append(f.Targets, t)
	}
	return f
}

// Describe prints each server's base URL and demo credentials.
func (s *Set) Describe() string {
	var b strings.Builder
	for _, srv := range s.Servers {
		fmt.Fprintf(&b, "%-10s %s  (%s)\n", srv.Profile, srv.URL, srv.Title)
		if len(srv.Accounts) > 0 {
			a := srv.Accounts[0]
			keys := make([]string, 0, len(a))
			for k := range a {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(&b, "           %s: %s\n", k, a[k])
			}
		}
		if srv.Clock != nil {
			fmt.Fprintf(&b, "           clock control: POST %s%s {\"advance\":\"31m\"}\n", srv.URL, clock.ControlPath)
		}
		if len(srv.Faults) > 0 {
			fmt.Fprintf(&b, "           faults: %s\n", strings.Join(srv.Faults, ", "))
		}
		if len(srv.Dialects) > 0 {
			fmt.Fprintf(&b, "           dialects: %s\n", strings.Join(srv.Dialects, ", "))
		}
	}
	return b.String()
}

// ResetClocks puts every test clock back on the real time, e.g. after the
// conformance specs moved them and before a load check signs timestamps
// with the real clock.
func (s *Set) ResetClocks() {
	for _, srv := range s.Servers {
		if srv.Clock != nil {
			srv.Clock.Advance(-srv.Clock.Offset())
		}
	}
}
