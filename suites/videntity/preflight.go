package videntity

import (
	"context"
	"fmt"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// preflight is the videntity login probe (framework.PreflightFunc): a
// login with a wrong password. The vendor's page says the server "will
// respond with either an error message" - error 1 AUTHENTICATION_ERROR -
// "or a response with the session key", so either passes (a session
// issued is the specs' to judge). Any other answer - a transport failure,
// no documented response, or another error such as 11 SERVER_ERROR
// "unknown API method" from a server whose base path is wrong - means the
// login method was not reached.
func preflight(ctx context.Context, t *framework.Target) error {
	c, err := newClient(t)
	if err != nil {
		return err
	}
	a, _ := framework.PreflightAccount(t)
	r, err := c.Login(ctx, a.Get(client.CredUsername), a.Get(client.CredPassword)+"-authprobe-preflight", a.Get(client.CredAccountNumber))
	if err != nil {
		return err
	}
	if r.OK() || r.ErrorNumber == client.ErrAuthentication {
		return nil
	}
	return fmt.Errorf("a login with a wrong password was answered with error %d %s %q, not with the documented refusal (error %d %s) or a session key",
		r.ErrorNumber, r.ErrorName, r.ErrorDetail, client.ErrAuthentication, client.NameAuthentication)
}
