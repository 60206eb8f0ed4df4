// Package irp is the load targeter and judge of the IRP Commerce
// Authenticate API: every hit is an Authenticate request with a fresh
// TimeStamp and its own Signature (clients/irp's append-style builders),
// the API keys of the target used round-robin.
package irp

import (
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
	"unsafe"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/load"
)

// Targeter builds Authenticate hits.
type Targeter struct {
	url    string
	header http.Header // shared, read-only: vegeta copies it per request
	enc    client.Encoding
	creds  []credential
	rr     load.RoundRobin
	now    func() time.Time
	stamp  atomic.Pointer[stamp]
}

type credential struct {
	key, secret string
	bodyCap     int
}

// stamp caches the TimeStamp text of one second.
type stamp struct {
	sec  int64
	text string
}

var (
	_ load.Targeter = (*Targeter)(nil)
	_ load.Judge    = Judge{}
	_ load.Factory  = New
)

// New builds the targeter and judge for t: body encoding from the
// body_encoding setting, API keys from the credentials of
// clients/irp.Table (api_key and shared_secret). With
// env.WrongCredentials every shared secret is altered (load.Alter), so
// every answer is 2003 (bad signature).
func New(t config.Target, env load.Env) (load.API, error) {
	enc := client.Form
	if v := t.Settings[client.SettingBodyEncoding]; v != "" {
		var err error
		if enc, err = client.ParseEncoding(v); err != nil {
			return load.API{}, fmt.Errorf("irp targeter: target %s: %w", t.Name, err)
		}
	}
	req, _, err := client.AuthenticateRequest(t.BaseURL, enc, "", "", "")
	if err != nil {
		return load.API{}, fmt.Errorf("irp targeter: target %s: %w", t.Name, err)
	}
	tg := &Targeter{url: req.URL.String(), header: req.Header.Clone(), enc: enc, now: env.Now}
	if tg.now == nil {
		tg.now = time.Now
	}
	accounts, err := load.Accounts(t, client.Table)
	if err != nil {
		return load.API{}, fmt.Errorf("irp targeter: %w", err)
	}
	for _, a := range accounts {
		key, secret := a[client.CredAPIKey], a[client.CredSharedSecret]
		if env.WrongCredentials {
			secret = load.Alter(secret)
		}
		// room for the escaped key, the timestamp and the signature
		size := len(client.AppendAuthenticateBody(nil, enc, key, client.FormatTimestamp(time.Now()), client.Sign(key, "", secret)))
		tg.creds = append(tg.creds, credential{key: key, secret: secret, bodyCap: size})
	}
	return load.API{Targeter: tg, Judge: Judge{}}, nil
}

// Next fills t with an Authenticate request of the next API key, stamped
// now and signed.
func (tg *Targeter) Next(t *vegeta.Target) error {
	c := &tg.creds[tg.rr.Next(len(tg.creds))]
	ts := tg.timestamp()
	var sig [client.SignatureLen]byte
	s := client.AppendSign(sig[:0], c.key, ts, c.secret)
	t.Method = http.MethodPost
	t.URL = tg.url
	t.Header = tg.header
	// The signature is read, not kept: a string view of the stack
	// array saves converting (and allocating) it on every hit.
	t.Body = client.AppendAuthenticateBody(make([]byte, 0, c.bodyCap), tg.enc, c.key, ts, unsafe.String(unsafe.SliceData(s), len(s)))
	return nil
}

// timestamp returns the TimeStamp of the current second, formatted once
// per second.
func (tg *Targeter) timestamp() string {
	now := tg.now()
	sec := now.Unix()
	if st := tg.stamp.Load(); st != nil && st.sec == sec {
		return st.text
	}
	st := &stamp{sec: sec, text: client.FormatTimestamp(now)}
	tg.stamp.Store(st)
	return st.text
}

// Judge reads IRP answers.
type Judge struct{}

// Classify is clients/irp's Classify, except that a non-2xx answer whose
// body is not the API's JSON (a proxy's 503 page) is reported by its
// status ("http-503") rather than as malformed. An answer that plainly
// issues a token is recognised in one pass (issuedFast) without the full
// classification, which judges every other answer.
func (Judge) Classify(status int, body []byte) (bool, string) {
	if issuedFast(status, body) {
		return true, ""
	}
	issued, code := client.Classify(status, body)
	if code == client.ClassMalformed && (status < 200 || status > 299) {
		return false, client.ClassHTTPPrefix + strconv.Itoa(status)
	}
	return issued, code
}

// Code accepts the documented message codes ("2003").
func (Judge) Code(expect string) (string, error) {
	var docs []string
	for _, c := range client.Codes() {
		docs = append(docs, strconv.Itoa(c))
	}
	return load.ValidateCode("irp", expect, docs, nil)
}

// Token returns the AuthenticationToken of an issuing answer.
func (Judge) Token(status int, header http.Header, body []byte) string {
	r, err := client.ParseAuthenticate(&wire.Exchange{Status: status, Header: header, Body: body})
	if err != nil {
		return ""
	}
	return r.AuthenticationToken
}
