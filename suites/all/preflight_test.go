package all

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/refservers/embedded"
	"github.com/authprobe/authprobe/refservers/refkit"
	"github.com/authprobe/authprobe/refservers/registry"
	"github.com/authprobe/authprobe/suites/framework"
)

// Every API registers a login preflight. It passes against its reference
// server speaking each of its dialects and all of them at once (the
// reference is one legal implementation: the preflight must accept every
// legal answer), without credentials too (a made-up user is refused just
// as documented), and stops the server behind a wrong base path with a
// *framework.PreflightError naming the URL and the status.
func TestPreflightOfEveryAPI(t *testing.T) {
	for _, name := range registry.Names() {
		d, err := registry.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		dialects := []string{""}
		for _, x := range d.Dialects {
			dialects = append(dialects, name+":"+x.Name)
		}
		dialects = append(dialects, name+":"+refkit.AllDialects)
		for _, dialect := range dialects {
			t.Run(name+"/"+strings.TrimPrefix(dialect, name+":"), func(t *testing.T) {
				o := embedded.Options{Profiles: []string{name}}
				if dialect != "" {
					o.Dialects = []string{dialect}
				}
				set, err := embedded.Start(o)
				if err != nil {
					t.Fatal(err)
				}
				defer set.Close()
				target := set.Config().Targets[0]
				ctx := context.Background()
				if err := framework.Preflight(ctx, &target); err != nil {
					t.Fatalf("the reference server fails the preflight: %v", err)
				}
				anon := target
				anon.Credentials = nil
				if err := framework.Preflight(ctx, &anon); err != nil {
					t.Fatalf("without credentials: %v", err)
				}
				if dialect != "" {
					return
				}
				wrong := target
				wrong.BaseURL += "/nope"
				err = framework.Preflight(ctx, &wrong)
				var pe *framework.PreflightError
				if !errors.As(err, &pe) {
					t.Fatalf("a wrong base path passes the preflight: %v", err)
				}
				msg := err.Error()
				if pe.Status == 0 || !strings.Contains(msg, wrong.BaseURL) || !strings.Contains(msg, "→ HTTP ") || strings.Contains(msg, "\n") {
					t.Errorf("the error does not name the URL and status on one line: %s", msg)
				}
				for _, c := range target.Credentials {
					for k, v := range c {
						if strings.Contains(msg, v) {
							t.Errorf("the error shows the credential %s unmasked: %s", k, msg)
						}
					}
				}
			})
		}
	}
}
