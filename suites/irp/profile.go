// Package irp holds the conformance specs of the IRP Commerce
// Authentication API (profile "irp"): one Ginkgo spec per entry of
// suites/behaviors/irp.yaml, talking to the target only through
// clients/irp. Every FAILED verdict rests on the vendor's page (seed
// 002_6819911a5bb8264a.txt) or on shared/profiles.md, quoted in the
// catalog; where those leave a choice open the specs accept every legal
// form unless a pin setting of clients/irp.Table fixes one.
package irp

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/suites/framework"
)

// profile is the profile name of the specs.
const profile = "irp"

func init() {
	framework.RegisterProfile(framework.Profile{
		Name:       profile,
		Table:      client.Table,
		SchemaFor:  schemaFor,
		ServerTime: serverTime,
		Preflight:  preflight,
	})
}

// The schemas answers are checked against.
const (
	schemaAuthenticate   = "irp/authenticate.schema.json"
	schemaCheckTokenTime = "irp/checktokentime.schema.json"
	schemaAny            = "irp/response.schema.json"
)

// schemaFor names the JSON Schema an answer must match: the method's own
// for Authenticate and CheckTokenTime, chosen by path for the raw POSTs of
// negative specs. Checked are every 2xx answer to a POST (an HTML page
// with status 200 is no documented answer) and every answer holding the
// documented object (one with Success), whatever its status. Not checked
// here: a 4xx or 5xx answer of another shape (a 415 for a wrong content
// type is legal, a crash is judged by the specs that promise none), and a
// JSON string holding the object, whose inside the specs validate
// themselves (the framework validates the body as it stands).
func schemaFor(op string, x *wire.Exchange) string {
	if x == nil || x.Method != "POST" {
		return ""
	}
	body := bytes.TrimSpace(x.Body)
	if len(body) == 0 || body[0] == '"' || bytes.HasPrefix(body, utf8BOM) {
		return ""
	}
	if x.Status >= 400 && !documentedObject(body) {
		return ""
	}
	switch op {
	case opAuthenticate:
		return schemaAuthenticate
	case opCheckTokenTime:
		return schemaCheckTokenTime
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

// documentedObject says whether body is a JSON object with a Success field.
func documentedObject(body []byte) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return false
	}
	_, ok := m["Success"]
	return ok
}

// utf8BOM is a byte order mark, which RFC 8259 lets a parser ignore: a
// body that starts with one is validated by the specs, without it.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// unquote returns the text of a body that is a JSON string.
func unquote(body []byte) (string, bool) {
	b := bytes.TrimSpace(bytes.TrimPrefix(body, utf8BOM))
	if len(b) == 0 || b[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(b, &s) != nil {
		return "", false
	}
	return s, true
}

// serverTime reads the answer's TimeStamp ("2018-10-16 14:24:46.8838787Z",
// the server's clock "generated at the time of the response"), named
// TimeStamp or Timestamp, in the object or in a JSON string holding it.
func serverTime(x *wire.Exchange) (time.Time, bool) {
	if x == nil || !bytes.Contains(bytes.ToLower(x.Body), []byte(`timestamp`)) {
		return time.Time{}, false
	}
	body := bytes.TrimPrefix(x.Body, utf8BOM)
	if s, ok := unquote(body); ok {
		body = []byte(s)
	}
	var v struct {
		TimeStamp string `json:"TimeStamp"` // encoding/json matches Timestamp too
	}
	if json.Unmarshal(body, &v) != nil || v.TimeStamp == "" {
		return time.Time{}, false
	}
	t, err := client.ParseServerTimestamp(v.TimeStamp)
	return t, err == nil
}
