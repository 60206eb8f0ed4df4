package ishare

import (
	"context"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/suites/framework"
)

// preflight is the ishare login probe (framework.PreflightFunc): a
// CreateSessionKey over SOAP with a wrong password. Every legal server
// answers it with a documented answer (Success false, or a SOAP fault; a
// session key issued after all is the specs' to judge); the client returns
// an error only for a transport failure or an answer of no documented
// shape.
func preflight(ctx context.Context, t *framework.Target) error {
	c, err := newClient(t)
	if err != nil {
		return err
	}
	a, _ := framework.PreflightAccount(t)
	_, err = c.CreateSessionKey(ctx, a.Get(client.CredUsername), framework.WrongSecret(a.Get(client.CredPassword)), a.Get(client.CredKey))
	return err
}
