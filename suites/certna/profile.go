// Package certna holds the conformance specs of the CeRTNA user/login API
// (profile "certna"): one Ginkgo spec per entry of
// suites/behaviors/certna.yaml, talking to the target only through
// clients/certna. See docs/profiles/certna.md for the facts and decisions
// they check.
package certna

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	client "github.com/authprobe/authprobe/clients/certna"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/suites/framework"
)

// profile is the profile name of the specs.
const profile = "certna"

// Settings of the profile (docs/profiles/certna.md "Settings").
const (
	settingSessionTTL        = "session_ttl"
	settingSaltPath          = "salt_path"
	settingHashScheme        = "hash_scheme"
	settingLoginPath         = "login_path"
	settingStoreChecksumPath = "store_checksum_path"
	settingLogoutPath        = "logout_path"
)

// noLogout is the logout_path value of a deployment without logout (an
// empty value means the same).
const noLogout = "none"

// defaultSessionTTL is the decided idle lifetime (profiles.md certna).
const defaultSessionTTL = 20 * time.Minute

func init() {
	framework.RegisterProfile(framework.Profile{
		Name: profile,
		Table: config.Profile{Name: profile, Settings: []framework.Setting{
			{Name: settingSessionTTL, Default: defaultSessionTTL.String(), Doc: "idle session lifetime; each authorized call (storechecksum) restarts it"},
			{Name: settingSaltPath, Default: client.DefaultSaltPath, Doc: "where GET ?user_name=… returns the user's salt"},
			{Name: settingHashScheme, Default: string(client.SaltedSHA256), Doc: "how the password is prepared: salted-sha256, salted-sha1, sha256, sha1 (unsalted: no salt fetch, salt specs SKIPPED) or plain"},
			{Name: settingLoginPath, Default: client.DefaultLoginPath, Doc: "path of the login endpoint"},
			{Name: settingStoreChecksumPath, Default: client.DefaultStoreChecksumPath, Doc: "path of the token-guarded call used to prove a token works"},
			{Name: settingLogoutPath, Default: client.DefaultLogoutPath, Doc: "path of the logout endpoint; none: the deployment has none and the logout specs are SKIPPED"},
		}},
		SchemaFor:  schemaFor,
		ServerTime: serverTime,
	})
}

// Schemas of the answers (schemas/certna/).
const (
	schemaSalt          = "certna/salt.schema.json"
	schemaLogin         = "certna/login.schema.json"
	schemaStoreChecksum = "certna/storechecksum.schema.json"
	schemaLogout        = "certna/logout.schema.json"
	schemaAny           = "certna/response.schema.json"
)

// schemaFor names the JSON Schema an answer must match: the operation's own
// for the client's calls, and for the raw requests of negative specs
// ("certna Send") the one of the endpoint they were sent to (any documented
// answer for other paths). A logout that succeeds has no documented body
// and is not checked. Every other answer with a body is checked, whatever
// its status or media type: a crash page is not a documented answer.
func schemaFor(op string, x *wire.Exchange) string {
	switch op {
	case client.OpSalt:
		return schemaSalt
	case client.OpLogin:
		return schemaLogin
	case client.OpStoreChecksum:
		return schemaStoreChecksum
	case client.OpLogout:
		return logoutSchema(x)
	case client.OpSend:
		return schemaByPath(x)
	}
	if strings.HasPrefix(op, profile+" ") {
		return schemaAny
	}
	return ""
}

func logoutSchema(x *wire.Exchange) string {
	if x.Status >= 200 && x.Status < 300 {
		return ""
	}
	return schemaLogout
}

// schemaByPath picks the schema of a raw request by the endpoint it went to,
// as the target's settings name them.
func schemaByPath(x *wire.Exchange) string {
	u, err := url.Parse(x.URL)
	t := framework.T(profile)
	if err != nil || t == nil {
		return schemaAny
	}
	is := func(setting, def string) bool {
		p := t.Setting(setting)
		if p == "" {
			p = def
		}
		return p != noLogout && p != "" && strings.HasSuffix(u.Path, p)
	}
	switch {
	case is(settingSaltPath, client.DefaultSaltPath):
		return schemaSalt
	case is(settingLoginPath, client.DefaultLoginPath):
		return schemaLogin
	case is(settingStoreChecksumPath, client.DefaultStoreChecksumPath):
		return schemaStoreChecksum
	case is(settingLogoutPath, client.DefaultLogoutPath):
		return logoutSchema(x)
	}
	return schemaAny
}

// serverTime reads the server's clock from the HTTP Date header: the JSON
// answers carry no time of their own. The header is truncated to the
// second, so the middle of that second is the best estimate.
func serverTime(x *wire.Exchange) (time.Time, bool) {
	if x == nil || x.Header == nil {
		return time.Time{}, false
	}
	t, err := http.ParseTime(x.Header.Get("Date"))
	if err != nil {
		return time.Time{}, false
	}
	return t.Add(500 * time.Millisecond), true
}
