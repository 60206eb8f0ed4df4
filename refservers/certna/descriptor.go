package certna

import (
	"net/http"

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// Credential keys of a CeRTNA account in a target configuration: the keys
// of the profile's table (clients/certna.Table).
const (
	CredUserName = client.CredUserName
	CredPassword = client.CredPassword
)

// Descriptor describes the server for the registry.
func Descriptor() refkit.Descriptor {
	return refkit.Descriptor{
		Name:       "certna",
		Title:      "CeRTNA user/login",
		Faults:     Faults,
		Dialects:   Dialects,
		DefaultTTL: DefaultTTL,
		New: func(o refkit.Options) (http.Handler, []refkit.Credentials) {
			accounts := DemoAccounts()
			creds := make([]refkit.Credentials, len(accounts))
			for i, a := range accounts {
				creds[i] = refkit.Credentials{CredUserName: a.UserName, CredPassword: a.Password}
			}
			return New(o, accounts...), creds
		},
	}
}
