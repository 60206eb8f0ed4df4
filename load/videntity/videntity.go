// Package videntity is the load targeter and judge of the Videntity
// sessions API: every hit is the login form POST (clients/videntity's
// append-style form builder), the target's accounts used round-robin.
package videntity

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
)

// Targeter builds login hits.
type Targeter struct {
	url    string
	header http.Header // shared, read-only
	creds  []credential
	rr     load.RoundRobin
}

type credential struct {
	username, password, account string
	bodyCap                     int
}

var (
	_ load.Targeter = (*Targeter)(nil)
	_ load.Judge    = Judge{}
	_ load.Factory  = New
)

// New builds the targeter and judge for t: the login path from the
// login_path setting, accounts from the credentials of
// clients/videntity.Table (username, password and account_number). With env.WrongCredentials every password is altered
// (load.Alter), so every answer is error 1, AUTHENTICATION_ERROR.
func New(t config.Target, env load.Env) (load.API, error) {
	c := client.New(t.BaseURL, env.HTTP)
	if v, ok := t.Settings[client.SettingLoginPath]; ok {
		if err := c.Configure(map[string]string{client.SettingLoginPath: v}); err != nil {
			return load.API{}, fmt.Errorf("videntity targeter: target %s: %w", t.Name, err)
		}
	}
	req, _, err := c.LoginRequest("", "", "")
	if err != nil {
		return load.API{}, fmt.Errorf("videntity targeter: target %s: %w", t.Name, err)
	}
	tg := &Targeter{url: req.URL.String(), header: req.Header.Clone()}
	accounts, err := load.Accounts(t, client.Table)
	if err != nil {
		return load.API{}, fmt.Errorf("videntity targeter: %w", err)
	}
	for _, a := range accounts {
		cr := credential{username: a[client.CredUsername], password: a[client.CredPassword], account: a[client.CredAccountNumber]}
		if env.WrongCredentials {
			cr.password = load.Alter(cr.password)
		}
		cr.bodyCap = len(client.AppendLoginBody(nil, cr.username, cr.password, cr.account))
		tg.creds = append(tg.creds, cr)
	}
	return load.API{Targeter: tg, Judge: Judge{}}, nil
}

// Next fills t with the login form of the next account.
func (tg *Targeter) Next(t *vegeta.Target) error {
	c := &tg.creds[tg.rr.Next(len(tg.creds))]
	t.Method = http.MethodPost
	t.URL = tg.url
	t.Header = tg.header
	t.Body = client.AppendLoginBody(make([]byte, 0, c.bodyCap), c.username, c.password, c.account)
	return nil
}

// Judge reads Videntity answers.
type Judge struct{}

// Classify is clients/videntity's Classify, with a documented error number
// reported by its documented name ("1" as "AUTHENTICATION_ERROR").
func (Judge) Classify(status int, body []byte) (bool, string) {
	issued, code := client.Classify(status, body)
	if n, err := strconv.Atoi(code); err == nil {
		if name, ok := client.ErrorNames[n]; ok {
			return issued, name
		}
	}
	return issued, code
}

// Code accepts the documented error names ("AUTHENTICATION_ERROR") and
// numbers ("1").
func (Judge) Code(expect string) (string, error) {
	nums := make([]int, 0, len(client.ErrorNames))
	for n := range client.ErrorNames {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	var docs []string
	aliases := map[string]string{}
	for _, n := range nums {
		docs = append(docs, client.ErrorNames[n])
		aliases[strconv.Itoa(n)] = client.ErrorNames[n]
	}
	return load.ValidateCode("videntity", expect, docs, aliases)
}

// Token returns the session_key of an issuing answer.
func (Judge) Token(status int, header http.Header, body []byte) string {
	r, err := client.ParseLogin(&wire.Exchange{Status: status, Header: header, Body: body})
	if err != nil {
		return ""
	}
	return r.SessionKey
}
