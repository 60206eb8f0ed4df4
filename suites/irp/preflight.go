package irp

import (
	"context"
	"time"

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/suites/framework"
)

// preflight is the irp login probe (framework.PreflightFunc): an
// Authenticate signed with a wrong shared secret. Every legal server
// answers it with the documented object - a refusal (2003, or another
// documented code) or, against the vendor's text, a token, which the specs
// judge - and the client returns an error only for a transport failure or
// an answer that is not the documented object.
func preflight(ctx context.Context, t *framework.Target) error {
	c, err := newClient(t)
	if err != nil {
		return err
	}
	a, _ := framework.PreflightAccount(t)
	_, err = c.Authenticate(ctx, a.Get(client.CredAPIKey), framework.WrongSecret(a.Get(client.CredSharedSecret)), time.Time{})
	return err
}
