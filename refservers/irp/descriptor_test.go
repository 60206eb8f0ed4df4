package irp_test

import (
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	irpc "github.com/authprobe/authprobe/clients/irp"
	irps "github.com/authprobe/authprobe/refservers/irp"
	"github.com/authprobe/authprobe/refservers/refkit"
)

func TestDescriptor(t *testing.T) {
	d := irps.Descriptor()
	if d.Name != "irp" || d.Title == "" || d.DefaultTTL != 5*time.Minute || d.New == nil || len(d.Faults) != len(irps.Faults) {
		t.Fatalf("descriptor %+v", d)
	}
	h, creds := d.New(refkit.Options{})
	if len(creds) != 3 || creds[0]["api_key"] != irps.DemoAPIKey || creds[0]["shared_secret"] != irps.DemoSharedSecret {
		t.Fatalf("credentials %v", creds)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := irpc.New(srv.URL, nil)
	for _, cr := range creds {
		if len(cr) != 2 {
			t.Fatalf("credential keys %v", cr)
		}
		r, err := c.Authenticate(t.Context(), cr["api_key"], cr["shared_secret"], time.Now())
		if err != nil || !r.Issued() {
			t.Fatalf("credential %s cannot log in: %v %v", cr["api_key"], r, err)
		}
	}
	// DemoSettings names the keys behind 2011 and 2013.
	s, err := irpc.ParseSettings(irps.DemoSettings())
	if err != nil {
		t.Fatal(err)
	}
	for key, code := range map[string]int{s.InactiveAPIKey: irpc.CodeKeyInactive, s.IPRestrictedAPIKey: irpc.CodeIPNotPermitted} {
		r, err := c.SendFields(t.Context(), irpc.AuthenticatePath, irpc.Form, irpc.SignedAuthenticateFields(key, "any", time.Now()))
		if err != nil || r.FirstCode() != code {
			t.Errorf("setting key %s: %v %v, want %d", key, r, err, code)
		}
	}
}

func TestFaultList(t *testing.T) {
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	if len(irps.Faults) < 8 {
		t.Fatalf("only %d faults", len(irps.Faults))
	}
	for _, f := range irps.Faults {
		if !kebab.MatchString(f.Name) || seen[f.Name] || f.Breaks == "" {
			t.Errorf("fault %+v", f)
		}
		seen[f.Name] = true
	}
	if _, err := refkit.ParseFaults("irp", irps.Faults, []string{"no-such-fault"}); err == nil {
		t.Fatal("unknown fault accepted")
	}
}

func TestDemoAccounts(t *testing.T) {
	key := regexp.MustCompile(`^[A-Za-z0-9]{32}$`)
	as := irps.DemoAccounts()
	if len(as) < 4 || as[0].APIKey != irps.DemoAPIKey || as[0].Inactive || len(as[0].AllowedNets) != 0 {
		t.Fatalf("accounts %+v", as)
	}
	inactive, restricted := 0, 0
	seen := map[string]bool{}
	for _, a := range as {
		if !key.MatchString(a.APIKey) || !key.MatchString(a.SharedSecret) || seen[a.APIKey] {
			t.Errorf("account %q / %q: want unique 32-alphanumeric key and secret", a.APIKey, a.SharedSecret)
		}
		seen[a.APIKey] = true
		if a.Inactive {
			inactive++
		}
		if len(a.AllowedNets) > 0 {
			restricted++
		}
	}
	if inactive != 1 || restricted != 1 {
		t.Fatalf("%d inactive, %d restricted accounts", inactive, restricted)
	}
	if !reflectEqual(irps.DemoAccounts(), as) {
		t.Fatal("DemoAccounts is not deterministic")
	}
}

func reflectEqual(a, b []irps.Account) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].APIKey != b[i].APIKey || a[i].SharedSecret != b[i].SharedSecret || a[i].Inactive != b[i].Inactive || len(a[i].AllowedNets) != len(b[i].AllowedNets) {
			return false
		}
	}
	return true
}
