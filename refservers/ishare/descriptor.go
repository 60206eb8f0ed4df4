package ishare

import (
	"net/http"

	"github.com/authprobe/authprobe/refservers/refkit"
)

// Descriptor describes the iShare reference server for the registry. Its
// New returns the handler with every demo account, and as credentials
// (keyed "username", "password" and "key") the accounts that can log in,
// main account first; the 1019 client is in DemoSettings.
func Descriptor() refkit.Descriptor {
	return refkit.Descriptor{
		Name:       "ishare",
		Title:      "Astun iShare My Alerts Users.asmx",
		Faults:     Faults,
		Dialects:   Dialects,
		DefaultTTL: DefaultTTL,
		Settings:   DemoSettings(),
		New: func(o refkit.Options) (http.Handler, []refkit.Credentials) {
			accounts := DemoAccounts()
			var creds []refkit.Credentials
			for _, a := range accounts {
				if !a.FailSessionCreation {
					creds = append(creds, a.Credentials())
				}
			}
			return New(o, accounts...), creds
		},
	}
}
