// Package irp holds the conformance specs of the IRP Commerce
// Authentication API (profile "irp"): one Ginkgo spec per entry of
// suites/behaviors/irp.yaml, talking to the target only through
// clients/irp. See docs/profiles/irp.md for the facts and decisions they
// check.
package irp

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/suites/framework"
)

// profile is the profile name of the specs.
const profile = "irp"

// settingSkewMargin is the slack around the TimeStamp window: specs send
// TimeStamps window-margin (inside) and window+margin (outside) from the
// target's clock, so network delay and the measured clock offset cannot
// flip a verdict.
const settingSkewMargin = "skew_margin"

func init() {
	framework.RegisterProfile(framework.Profile{
		Name: profile,
		Table: config.Profile{Name: profile, Settings: []framework.Setting{
			{Name: client.SettingSessionTTL, Default: "5m", Doc: "token lifetime from creation (seed: \"expire five minutes after it was created\")"},
			{Name: client.SettingTimestampWindow, Default: "2m", Doc: "how far behind the target's clock a TimeStamp may be (seed: \"within two minutes\")"},
			{Name: client.SettingFutureWindow, Default: "2m", Doc: "how far ahead of the target's clock a TimeStamp may be (decision: the window is symmetric)"},
			{Name: settingSkewMargin, Default: "15s", Doc: "slack around the TimeStamp window for network delay and clock-offset error: inside at window-margin, outside at window+margin"},
			{Name: client.SettingErrorHTTPStatus, Default: "200", Doc: "HTTP status documented errors come with (decision: 200 with Success false)"},
			{Name: client.SettingBodyEncoding, Default: "form", Doc: "body encoding the harness sends: form (jQuery $.post, the seed's example) or json"},
			{Name: client.SettingAPIKeyLength, Default: "32", Doc: "API key length in characters (seed: \"32 characters\"), for 2005/2006"},
			{Name: client.SettingUseExtendsToken, Default: "false", Doc: "whether using a token restarts its lifetime (decision: it does not; true skips IRP-EXP-003)"},
			{Name: client.SettingInactiveAPIKey, Doc: "an existing but inactive API key, for code 2011 (unset: IRP-ERR-010 is SKIPPED)"},
			{Name: client.SettingIPRestrictedAPIKey, Doc: "an active API key whose allowed addresses exclude the harness, for code 2013 (unset: IRP-ERR-011 is SKIPPED)"},
		}},
		SchemaFor:  schemaFor,
		ServerTime: serverTime,
	})
}

// Operation names the client passes to wire.Do.
const (
	opAuthenticate   = "irp Authenticate"
	opCheckTokenTime = "irp CheckTokenTime"
	opSend           = "irp Send"
)

// The schemas answers are checked against.
const (
	schemaAuthenticate   = "irp/authenticate.schema.json"
	schemaCheckTokenTime = "irp/checktokentime.schema.json"
	schemaAny            = "irp/response.schema.json"
)

// schemaFor names the JSON Schema an answer must match: the method's own
// for Authenticate and CheckTokenTime, chosen by path for the raw POSTs of
// negative specs. Every POST answer with a body is checked, whatever its
// status or media type (a crash page is not a documented answer); answers
// to other HTTP methods are not documented and not checked.
func schemaFor(op string, x *wire.Exchange) string {
	switch op {
	case opAuthenticate:
		return schemaAuthenticate
	case opCheckTokenTime:
		return schemaCheckTokenTime
	case opSend:
	default:
		return ""
	}
	if x == nil || x.Method != "POST" {
		return ""
	}
	u, err := url.Parse(x.URL)
	if err != nil {
		return schemaAny
	}
	p := strings.ToLower(strings.TrimSuffix(u.Path, "/"))
	switch {
	case strings.HasSuffix(p, strings.ToLower(client.AuthenticatePath)):
		return schemaAuthenticate
	case strings.HasSuffix(p, strings.ToLower(client.CheckTokenTimePath)):
		return schemaCheckTokenTime
	}
	return schemaAny
}

// serverTime reads the answer's TimeStamp ("2018-10-16 14:24:46.8838787Z",
// the server's clock "generated at the time of the response").
func serverTime(x *wire.Exchange) (time.Time, bool) {
	if x == nil || !bytes.Contains(x.Body, []byte(`TimeStamp`)) {
		return time.Time{}, false
	}
	body := bytes.TrimSpace(x.Body)
	if len(body) > 0 && body[0] == '"' { // a JSON string holding the object
		var inner string
		if json.Unmarshal(body, &inner) != nil {
			return time.Time{}, false
		}
		body = []byte(inner)
	}
	var v struct {
		TimeStamp string `json:"TimeStamp"`
	}
	if json.Unmarshal(body, &v) != nil || v.TimeStamp == "" {
		return time.Time{}, false
	}
	t, err := client.ParseServerTimestamp(v.TimeStamp)
	return t, err == nil
}
