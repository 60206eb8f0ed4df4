package irp

import (
	"net/http"

	"github.com/authprobe/authprobe/refservers/refkit"
)

// Descriptor describes the IRP reference server for the registry. Its New
// returns the demo accounts that can log in from anywhere (active and
// unrestricted), main account first; the inactive and IP-restricted keys
// are in DemoSettings.
func Descriptor() refkit.Descriptor {
	return refkit.Descriptor{
		Name:       "irp",
		Title:      "IRP Commerce Authenticate",
		Faults:     Faults,
		Dialects:   Dialects,
		DefaultTTL: DefaultTTL,
		Settings:   DemoSettings(),
		New: func(o refkit.Options) (http.Handler, []refkit.Credentials) {
			accounts := DemoAccounts()
			var creds []refkit.Credentials
			for _, a := range accounts {
				if !a.Inactive && len(a.AllowedNets) == 0 {
					creds = append(creds, a.Credentials())
				}
			}
			return New(o, accounts...), creds
		},
	}
}
