package videntity

import (
	"net/http"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// DemoSettings are the target settings the reference server declares for
// itself: it keeps an expired key for an hour before purging it, so a ping
// with a key expired a moment ago always gets error 3 (expired_error pins
// that; a target that purges sooner leaves it unset).
func DemoSettings() map[string]string {
	return map[string]string{client.PinExpiredError: "3"}
}

// Descriptor describes the server to the registry.
func Descriptor() refkit.Descriptor {
	return refkit.Descriptor{
		Name:       "videntity",
		Title:      "Videntity sessions",
		Faults:     Faults,
		Dialects:   Dialects,
		DefaultTTL: DefaultTTL,
		Settings:   DemoSettings(),
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
