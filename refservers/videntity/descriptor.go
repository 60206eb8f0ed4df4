package videntity

import (
	"net/http"

	"github.com/authprobe/authprobe/refservers/refkit"
)

// Descriptor describes the server to the registry.
func Descriptor() refkit.Descriptor {
	return refkit.Descriptor{
		Name:       "videntity",
		Title:      "Videntity sessions",
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
