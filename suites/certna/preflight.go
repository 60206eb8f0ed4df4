package certna

import (
	"context"
	"fmt"

	"github.com/authprobe/authprobe/suites/framework"
)

// preflight is the certna login probe (framework.PreflightFunc): the
// documented login (salt fetch, then the salted hash) with a wrong
// password. Every legal server answers the login with a documented refusal
// (or, against the vendor's text, a token, which the specs judge); the
// client returns an error only for a transport failure or an answer of no
// documented shape. With the target's own credentials the salt fetch must
// succeed: the salt endpoint serves every user's salt, so a refusal there
// (a wrong base_url or salt_path answered in the API's error shape, or a
// user that does not exist) means the login was never reached.
func preflight(ctx context.Context, t *framework.Target) error {
	c, err := newClient(t)
	if err != nil {
		return err
	}
	a, configured := framework.PreflightAccount(t)
	r, err := c.Login(ctx, a.Get(keyUser), framework.WrongSecret(a.Get(keyPassword)))
	if err != nil {
		return err
	}
	if configured && r.Salt != nil && !r.Salt.OK() {
		return fmt.Errorf("the salt of the configured %s was refused (code %q, message %q), so the login was never reached: check base_url, %s and the credentials",
			keyUser, r.Salt.Failure.Code, r.Salt.Failure.Message, "salt_path")
	}
	return nil
}
