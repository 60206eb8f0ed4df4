// Package videntity holds the conformance specs of the Videntity sessions
// API (profile "videntity"): one Ginkgo spec per entry of
// suites/behaviors/videntity.yaml, talking to the target only through
// clients/videntity. See docs/profiles/videntity.md for the facts and
// decisions they check.
package videntity

import (
	"bytes"
	"strings"
	"time"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/suites/framework"
)

// profile is the profile name of the specs.
const profile = "videntity"

func init() {
	framework.RegisterProfile(framework.Profile{
		Name: profile,
		Table: config.Profile{Name: profile, Settings: []framework.Setting{
			{Name: client.SettingLoginPath, Default: client.DefaultLoginPath, Doc: "path of the login method (/session/login on the vendor's Methods page)"},
			{Name: client.SettingPingPath, Default: client.DefaultPingPath, Doc: "path of the ping method"},
			{Name: client.SettingLogoutPath, Default: client.DefaultLogoutPath, Doc: "path of the logout method"},
			{Name: client.SettingSessionTTL, Default: client.DefaultSessionTTL.String(), Doc: "session lifetime after login and after each ping"},
			{Name: client.SettingErrorHTTPStatus, Default: "200", Doc: "HTTP status documented errors come with"},
			{Name: client.SettingOtherCallsExtend, Default: "false", Doc: "whether calls other than ping also reset the session timer (true skips VID-EXP-005)"},
		}},
		SchemaFor:  schemaFor,
		ServerTime: serverTime,
	})
}

// Operation names the client passes to wire.Do.
const (
	opLogin  = "videntity login"
	opPing   = "videntity ping"
	opLogout = "videntity logout"
)

// schemaFor names the XSD an answer must match: the operation's own schema
// for login, ping and logout (which also fixes the SUCCESS detail), the
// generic one for the raw requests of negative specs ("videntity POST …").
// Every answer with a body is checked, whatever its status or media type:
// a crash page is not a documented answer.
func schemaFor(op string, x *wire.Exchange) string {
	switch op {
	case opLogin:
		return "videntity/login.xsd"
	case opPing:
		return "videntity/ping.xsd"
	case opLogout:
		return "videntity/logout.xsd"
	}
	if strings.HasPrefix(op, profile+" ") {
		return "videntity/response.xsd"
	}
	return ""
}

var (
	tsOpen  = []byte("<timestamp>")
	tsClose = []byte("</timestamp>")
)

// serverTime reads <timestamp> ("2008-09-30 15:56:42", UTC) from an answer.
func serverTime(x *wire.Exchange) (time.Time, bool) {
	if x == nil {
		return time.Time{}, false
	}
	i := bytes.Index(x.Body, tsOpen)
	if i < 0 {
		return time.Time{}, false
	}
	rest := x.Body[i+len(tsOpen):]
	j := bytes.Index(rest, tsClose)
	if j < 0 {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(client.TimestampLayout, string(bytes.TrimSpace(rest[:j])), time.UTC)
	return t, err == nil
}
