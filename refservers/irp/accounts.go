package irp

import (
	"net/netip"

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// Account is one API key / shared secret pair the server knows.
type Account struct {
	// APIKey is the 32-character key ("WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN").
	APIKey string
	// SharedSecret signs requests; it is never sent.
	SharedSecret string
	// Inactive keys exist but are answered 2011.
	Inactive bool
	// AllowedNets, when not empty, are the only client address ranges
	// that may use the key (others are answered 2013). The address is the
	// connection's peer address, never a forwarding header.
	AllowedNets []netip.Prefix
}

// Credentials returns the account as target-configuration credentials
// ("api_key", "shared_secret").
func (a Account) Credentials() refkit.Credentials {
	return refkit.Credentials{client.CredAPIKey: a.APIKey, client.CredSharedSecret: a.SharedSecret}
}

// allows reports whether addr may use the key; an unparseable address may
// use only an unrestricted key.
func (a *Account) allows(addr netip.Addr, ok bool) bool {
	if len(a.AllowedNets) == 0 {
		return true
	}
	if !ok {
		return false
	}
	for _, p := range a.AllowedNets {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// Demo account keys, fixed so that examples and docs stay valid.
const (
	DemoAPIKey             = "WJCwQJbKcmB3QbhHxdfH5ET2yf5KsaBN" // the vendor's example key
	DemoSharedSecret       = "9sLq2VxR7tKp4ZmW8cYd3NfH6gBj5TaE"
	demoInactiveAPIKey     = "Zx8Cv7Bn6Mq5Wr4Et3Yu2Io1PaSdFgHj"
	demoIPRestrictedAPIKey = "Lk9Jh8Gf7Ds6Ap5Oi4Uy3Tr2Ew1QzXcV"
)

// DemoAccounts returns the demo accounts, first the main one: three active
// unrestricted keys, then an inactive key (2011) and a key allowed only
// from 10.0.0.0/8, which excludes loopback (2013).
func DemoAccounts() []Account {
	return []Account{
		{APIKey: DemoAPIKey, SharedSecret: DemoSharedSecret},
		{APIKey: "Hq7TzL2mPx9RkV4sNc8WbY3dF6gJaQeU", SharedSecret: "rT5vK8pX2mZq7LwN4cYs9HdB3fJg6RaU"},
		{APIKey: "bN4kR8sW2xQ7mT9vL3pZ6yC5hJ8dF2gA", SharedSecret: "Pw3eR5tY7uI9oA2sD4fG6hJ8kL1zX3cV"},
		{APIKey: demoInactiveAPIKey, SharedSecret: "Mn2Bv4Cx6Zl8Kj1Hg3Fd5Sa7Qw9Er2Ty", Inactive: true},
		{APIKey: demoIPRestrictedAPIKey, SharedSecret: "Ui3Op5As7Df9Gh2Jk4Lz6Xc8Vb1Nm3Qw",
			AllowedNets: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}},
	}
}

// DemoSettings returns the target settings that go with the demo accounts:
// the inactive key and the IP-restricted key, so that the 2011 and 2013
// specs run against the reference server instead of being skipped.
func DemoSettings() map[string]string {
	return map[string]string{
		client.SettingInactiveAPIKey:     demoInactiveAPIKey,
		client.SettingIPRestrictedAPIKey: demoIPRestrictedAPIKey,
	}
}
