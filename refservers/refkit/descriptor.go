package refkit

import (
	"net/http"
	"time"
)

// Credentials are one account's login fields, keyed as in the target
// configuration of the profile (e.g. "api_key", "shared_secret").
type Credentials map[string]string

// Descriptor is what the registry knows of one reference server.
type Descriptor struct {
	// Name is the profile name: "ishare", "videntity", "irp", "certna".
	Name string
	// Title is a human name, e.g. "IRP Commerce Authenticate".
	Title string
	// Faults lists every named fault the server supports.
	Faults []Fault
	// Dialects lists every named legal variation the server can speak.
	Dialects []Dialect
	// DefaultTTL is the server's session lifetime when Options.TTL is 0.
	DefaultTTL time.Duration
	// Settings are target settings the server's demo data implies (e.g. the
	// key of an inactive demo account), passed to the specs by the embedded
	// target configuration.
	Settings map[string]string
	// New builds the handler (already wrapped with Options.Wrap) and
	// returns the demo accounts it accepts, first one first.
	New func(o Options) (http.Handler, []Credentials)
}
