// Package ishare is the load targeter and judge of the iShare My Alerts
// Users.asmx service: every hit is a SOAP CreateSessionKey call
// (clients/ishare's append-style envelope builder), the target's clients
// used round-robin.
package ishare

import (
	"fmt"
	"net/http"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
)

// Targeter builds CreateSessionKey hits.
type Targeter struct {
	c      *client.Client
	url    string
	header http.Header // shared, read-only
	ns     string
	creds  []credential
	rr     load.RoundRobin
}

type credential struct {
	username, password, key string
	bodyCap                 int
}

var (
	_ load.Targeter = (*Targeter)(nil)
	_ load.Judge    = Judge{}
	_ load.Factory  = New
)

// New builds the targeter and judge for t: path, namespace and SOAP
// version from the path, namespace and soap_version settings, clients
// from the credentials of clients/ishare.Table (username, password and
// key). With env.WrongCredentials every password is altered (load.Alter),
// so every answer is 1024 (client authentication failed).
func New(t config.Target, env load.Env) (load.API, error) {
	c := client.New(t.BaseURL, env.HTTP)
	applied := map[string]string{}
	for _, k := range []string{client.SettingPath, client.SettingNamespace, client.SettingSOAPVersion} {
		if v, ok := t.Settings[k]; ok {
			applied[k] = v
		}
	}
	if err := c.Configure(applied); err != nil {
		return load.API{}, fmt.Errorf("ishare targeter: target %s: %w", t.Name, err)
	}
	req, _, err := c.CreateSessionKeyRequest("", "", "")
	if err != nil {
		return load.API{}, fmt.Errorf("ishare targeter: target %s: %w", t.Name, err)
	}
	ns := c.Namespace
	if ns == "" {
		ns = client.DefaultNamespace
	}
	tg := &Targeter{c: c, url: req.URL.String(), header: req.Header.Clone(), ns: ns}
	accounts, err := load.Accounts(t, client.Table)
	if err != nil {
		return load.API{}, fmt.Errorf("ishare targeter: %w", err)
	}
	for _, a := range accounts {
		cr := credential{username: a[client.CredUsername], password: a[client.CredPassword], key: a[client.CredKey]}
		if env.WrongCredentials {
			cr.password = load.Alter(cr.password)
		}
		cr.bodyCap = len(client.AppendCreateSessionKeyBody(nil, c.Version, ns, cr.username, cr.password, cr.key))
		tg.creds = append(tg.creds, cr)
	}
	return load.API{Targeter: tg, Judge: Judge{c: tg.c}}, nil
}

// Next fills t with the CreateSessionKey envelope of the next client.
func (tg *Targeter) Next(t *vegeta.Target) error {
	c := &tg.creds[tg.rr.Next(len(tg.creds))]
	t.Method = http.MethodPost
	t.URL = tg.url
	t.Header = tg.header
	t.Body = client.AppendCreateSessionKeyBody(make([]byte, 0, c.bodyCap), tg.c.Version, tg.ns, c.username, c.password, c.key)
	return nil
}

// Judge reads iShare answers with the target's namespace and SOAP version.
type Judge struct {
	c *client.Client
}

// Classify is clients/ishare's Classify.
func (Judge) Classify(status int, body []byte) (bool, string) {
	return client.Classify(status, body)
}

// Code accepts the documented Error codes ("1024") and "soap-fault".
func (Judge) Code(expect string) (string, error) {
	return load.ValidateCode("ishare", expect, []string{
		client.CodeInvalidSessionKey, client.CodeSessionKeyError, client.CodeUserAuthFailed,
		client.CodeUserNotFound, client.CodeRequiredFields, client.CodeClientAuthFailed, client.CodeSOAPFault,
	}, nil)
}

// Token returns the SessionKey of an issuing answer.
func (j Judge) Token(status int, header http.Header, body []byte) string {
	r, err := j.c.ParseCreateSessionKey(&wire.Exchange{Status: status, Header: header, Body: body})
	if err != nil {
		return ""
	}
	return r.SessionKey
}
