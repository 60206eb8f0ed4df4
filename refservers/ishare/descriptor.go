package ishare

import (
	"net/http"

	"github.com/authprobe/authprobe/refservers/refkit"
)

// Descriptor describes the iShare reference server for the registry; its
// New returns the handler with the demo accounts, keyed "username",
// "password" and "key".
func Descriptor() refkit.Descriptor {
	return refkit.Descriptor{
		Name:       "ishare",
		Title:      "Astun iShare My Alerts Users.asmx",
		Faults:     Faults,
		DefaultTTL: DefaultTTL,
		New: func(o refkit.Options) (http.Handler, []refkit.Credentials) {
			accounts := DemoAccounts()
			creds := make([]refkit.Credentials, len(accounts))
			for i, a := range accounts {
				creds[i] = a.Credentials()
			}
			return New(o, accounts...), creds
		},
	}
}
