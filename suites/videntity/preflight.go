package videntity

import (
	"context"
	"fmt"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// preflight is the videntity login probe (framework.PreflightFunc): a
// login with a wrong password. The vendor's page says the server "will
// respond with either an error message or a response with the session
// key"; any documented response passes (whether it is the documented
// error 1 AUTHENTICATION_ERROR, or a session issued after all, is the
// specs' to judge) except error 11 SERVER_ERROR, which says the login was
// not processed - a server failure, or the "unknown API method" of a
// server whose base path is wrong. A transport failure or an answer of no
// documented shape fails too.
func preflight(ctx context.Context, t *framework.Target) error {
	c, err := newClient(t)
	if err != nil {
		return err
	}
	a, _ := framework.PreflightAccount(t)
	r, err := c.Login(ctx, a.Get(client.CredUsername), framework.WrongSecret(a.Get(client.CredPassword)), a.Get(client.CredAccountNumber))
	if err != nil {
		return err
	}
	if r.OK() || r.ErrorNumber != client.ErrServerError {
		return nil
	}
	return fmt.Errorf("a login with a wrong password was answered with error %d %s %q: the login was not processed (a wrong password is refused with error %d %s)",
		r.ErrorNumber, r.ErrorName, r.ErrorDetail, client.ErrAuthentication, client.NameAuthentication)
}
