// Package videntity holds the conformance specs of the Videntity sessions
// API (profile "videntity"): one Ginkgo spec per entry of
// suites/behaviors/videntity.yaml, talking to the target only through
// clients/videntity. A FAILED verdict rests on the vendor's page
// (../shared/seeds/001_dc7842f715c1c028.txt) or on shared/profiles.md, as
// each catalog entry cites; where the vendor leaves an answer open the
// specs accept every legal one, unless a pin setting of the target
// (clients/videntity.Table) fixes it.
package videntity

import (
	"bytes"
	"cmp"
	"strings"
	"time"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/suites/framework"
)

// profile is the profile name of the specs.
const profile = "videntity"

// api is what the spec kit knows of the API: its table and its client.
var api = framework.API[*client.Client]{Profile: profile, NewClient: newClient}

func init() {
	framework.RegisterProfile(framework.Profile{
		Name:       profile,
		Table:      client.Table,
		SchemaFor:  schemaFor,
		ServerTime: serverTime,
		Preflight:  preflight,
	})
}

// newClient builds the API client of t: its base URL, HTTP client, body
// cap and method paths. Every path is set (an empty setting gets the
// table's default), so the specs use c.LoginPath, c.PingPath and
// c.LogoutPath as they are.
func newClient(t *framework.Target) (*client.Client, error) {
	c := client.New(t.BaseURL(), t.HTTP)
	c.MaxBody = t.MaxBody
	paths := map[string]string{}
	for _, name := range []string{client.SettingLoginPath, client.SettingPingPath, client.SettingLogoutPath} {
		s, _ := client.Table.Setting(name)
		paths[name] = cmp.Or(t.Setting(name), s.Default)
	}
	return c, c.Configure(paths)
}

// Operation names the client passes to wire.Do.
const (
	opLogin  = "videntity login"
	opPing   = "videntity ping"
	opLogout = "videntity logout"
)

// schemaFor names the XSD an answer must match. Every answer that reads
// as an XML document is checked, except a 4xx refusal: the vendor leaves
// the answer to a request it cannot read open (405, 415, 400 with any
// body are legal), and the specs that make such requests judge them
// themselves. A crash page that is not XML is the specs' business too.
func schemaFor(op string, x *wire.Exchange) string {
	if !strings.HasPrefix(op, profile+" ") || x == nil || (x.Status >= 400 && x.Status < 500) {
		return ""
	}
	if !looksXML(x) {
		return ""
	}
	return "videntity/response.xsd"
}

// looksXML says an answer is labelled XML or its body starts like an XML
// document.
func looksXML(x *wire.Exchange) bool {
	if strings.Contains(x.ContentType(), "xml") {
		return true
	}
	b := bytes.TrimSpace(bytes.TrimPrefix(x.Body, []byte("\xef\xbb\xbf")))
	return bytes.HasPrefix(b, []byte("<?xml")) || bytes.HasPrefix(b, []byte("<response"))
}

var (
	tsOpen  = []byte("<timestamp>")
	tsClose = []byte("</timestamp>")
)

// serverTime reads <timestamp> ("2008-09-30 15:56:42", read as UTC: the
// vendor names no zone) from an answer, for the clock offset in reports.
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
