// Package certna holds the conformance specs of the CeRTNA user/login API
// (profile "certna"): one Ginkgo spec per entry of
// suites/behaviors/certna.yaml, talking to the target only through
// clients/certna. Every FAILED verdict rests on the vendor page
// (../shared/seeds/003_a2ee3775b80ef6fd.txt) or ../shared/profiles.md;
// where they leave a choice open (code strings, statuses of bad input,
// answer shapes beyond the documented fields) the specs accept every legal
// answer unless a pin setting of client.Table fixes one.
package certna

import (
	"net/http"
	"net/url"
	"strings"

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/suites/framework"
)

// profile is the profile name of the specs.
const profile = "certna"

func init() {
	framework.RegisterProfile(framework.Profile{
		Name:       profile,
		Table:      client.Table,
		SchemaFor:  schemaFor,
		ServerTime: framework.DateHeader,
		Preflight:  preflight,
	})
}

// api gives every spec its client, credentials and target.
var api = framework.API[*client.Client]{Profile: profile, NewClient: newClient}

// newClient builds the API client of t: base URL, HTTP client, body cap,
// endpoint paths and hash scheme from the settings.
func newClient(t *framework.Target) (*client.Client, error) {
	scheme, err := client.ParseHashScheme(t.Setting(client.SettingHashScheme))
	if err != nil {
		return nil, err
	}
	c := client.New(t.BaseURL(), t.HTTP)
	c.MaxBody = t.MaxBody
	c.SaltPath = t.Setting(client.SettingSaltPath)
	c.LoginPath = t.Setting(client.SettingLoginPath)
	c.StoreChecksumPath = t.Setting(client.SettingStoreChecksumPath)
	if hasLogout(t) {
		c.LogoutPath = t.Setting(client.SettingLogoutPath)
	}
	c.Scheme = scheme
	return c, nil
}

// hasLogout reports whether the target has a logout endpoint (logout_path
// neither none nor empty).
func hasLogout(t *framework.Target) bool {
	p := t.Setting(client.SettingLogoutPath)
	return p != client.NoLogout && p != ""
}

// Schemas of the answers (schemas/certna/): the documented contract only.
const (
	schemaSalt          = "certna/salt.schema.json"
	schemaLogin         = "certna/login.schema.json"
	schemaStoreChecksum = "certna/storechecksum.schema.json"
	schemaTokenRefusal  = "certna/token-refusal.schema.json"
)

// schemaFor names the JSON Schema an answer must match, where a text
// documents the answer:
//   - a login answer, whatever its status (seed: any unsuccessful login
//     produces "a JSON formatted response with a code and message");
//   - a salt or storechecksum success (2xx);
//   - the HTTP 401 refusal of a token on storechecksum and logout
//     (profiles.md: 401 {"code","message"}).
//
// Other answers (bad input to the salt, storechecksum and logout endpoints,
// a logout done, raw requests that are no login) have no documented body:
// the specs judge their status, and no schema.
func schemaFor(op string, x *wire.Exchange) string {
	success := x.Status >= 200 && x.Status < 300
	switch op {
	case client.OpLogin:
		return schemaLogin
	case client.OpSalt:
		if success {
			return schemaSalt
		}
	case client.OpStoreChecksum:
		if success {
			return schemaStoreChecksum
		}
		if x.Status == http.StatusUnauthorized {
			return schemaTokenRefusal
		}
	case client.OpLogout:
		if x.Status == http.StatusUnauthorized {
			return schemaTokenRefusal
		}
	case client.OpSend:
		return schemaByPath(x, success)
	}
	return ""
}

// schemaByPath picks the schema of a raw request by the endpoint it went
// to, as the target's settings name them: only successes are checked (a
// raw request carries bad input, whose refusal is judged by the spec).
func schemaByPath(x *wire.Exchange, success bool) string {
	u, err := url.Parse(x.URL)
	t := framework.T(profile)
	if err != nil || t == nil || !success {
		return ""
	}
	is := func(setting string) bool {
		p := t.Setting(setting)
		return p != client.NoLogout && p != "" && strings.HasSuffix(u.Path, p)
	}
	switch {
	case is(client.SettingSaltPath):
		return schemaSalt
	case is(client.SettingLoginPath):
		return schemaLogin
	case is(client.SettingStoreChecksumPath):
		return schemaStoreChecksum
	}
	return ""
}
