package certna

import (
	"context"
	"net/http"

	"github.com/authprobe/authprobe/clients/wire"
)

// Salt fetches the salt of userName: GET <salt path>?user_name=….
func (c *Client) Salt(ctx context.Context, userName string) (*SaltResult, error) {
	req, body, err := c.SaltRequest(userName)
	if err != nil {
		return nil, err
	}
	x, err := wire.Do(ctx, c.HTTP, OpSalt, req, body, c.MaxBody)
	if err != nil {
		return nil, err
	}
	return ParseSalt(x)
}

// Login logs userName in with the documented two steps: fetch the user's
// salt, then send Base64(SHA-256(salt ‖ password)) (or the password as
// c.Scheme prepares it; unsalted schemes skip the salt step). Both exchanges
// are kept (LoginResult.Salt and LoginResult.Exchange). A refused salt
// fetch ends the login with that refusal as the result.
func (c *Client) Login(ctx context.Context, userName, password string) (*LoginResult, error) {
	var salt *SaltResult
	if c.Scheme.Salted() {
		var err error
		if salt, err = c.Salt(ctx, userName); err != nil {
			return nil, err
		}
		salt.Exchange.AddSecrets(password)
		if !salt.OK() {
			return &LoginResult{Failure: salt.Failure, Salt: salt, Exchange: salt.Exchange}, nil
		}
	}
	var saltBytes []byte
	if salt != nil {
		saltBytes = salt.Salt
	}
	hashed := c.Scheme.Hash(saltBytes, password)
	r, err := c.LoginHashed(ctx, userName, hashed)
	if err != nil {
		return nil, err
	}
	r.Salt = salt
	r.Exchange.AddSecrets(password)
	if salt != nil {
		r.Exchange.AddSecrets(salt.Encoded)
	}
	return r, nil
}

// LoginHashed sends one login with an already prepared password (for load
// and for negative specs that build the password themselves).
func (c *Client) LoginHashed(ctx context.Context, userName, hashed string) (*LoginResult, error) {
	req, body, err := c.LoginRequest(userName, hashed)
	if err != nil {
		return nil, err
	}
	x, err := wire.Do(ctx, c.HTTP, OpLogin, req, body, c.MaxBody)
	if x != nil {
		x.AddSecrets(hashed)
	}
	if err != nil {
		return nil, err
	}
	r, err := ParseLogin(x)
	if err != nil {
		return nil, err
	}
	r.Hashed = hashed
	return r, nil
}

// StoreChecksum stores checksum (Checksum of the document) under the
// session of token; an empty token sends no access_token header.
func (c *Client) StoreChecksum(ctx context.Context, token, checksum string) (*StoreChecksumResult, error) {
	req, body, err := c.StoreChecksumRequest(token, checksum)
	if err != nil {
		return nil, err
	}
	x, err := wire.Do(ctx, c.HTTP, OpStoreChecksum, req, body, c.MaxBody)
	if x != nil {
		x.AddSecrets(token)
	}
	if err != nil {
		return nil, err
	}
	return ParseStoreChecksum(x)
}

// Logout ends the session of token; an empty token sends no header.
func (c *Client) Logout(ctx context.Context, token string) (*LogoutResult, error) {
	req, body, err := c.LogoutRequest(token)
	if err != nil {
		return nil, err
	}
	x, err := wire.Do(ctx, c.HTTP, OpLogout, req, body, c.MaxBody)
	if x != nil {
		x.AddSecrets(token)
	}
	if err != nil {
		return nil, err
	}
	return ParseLogout(x)
}

// Send is the raw variant for negative specs: any method, path, body and
// headers (nothing added), answered as a bare exchange for the caller to
// parse with ParseLogin, ParseSalt, ParseStoreChecksum or ParseLogout.
func (c *Client) Send(ctx context.Context, method, path string, body []byte, header http.Header) (*wire.Exchange, error) {
	req, body, err := c.RawRequest(method, path, body, header)
	if err != nil {
		return nil, err
	}
	return wire.Do(ctx, c.HTTP, OpSend, req, body, c.MaxBody)
}
