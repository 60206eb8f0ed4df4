// Package ishare holds the conformance specs of the Astun iShare My Alerts
// Users.asmx web service (profile "ishare"): one Ginkgo spec per entry of
// suites/behaviors/ishare.yaml, talking to the target only through
// clients/ishare. See docs/profiles/ishare.md for the facts and decisions
// they check.
package ishare

import (
	"net/http"
	"strings"
	"time"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/config"
	"github.com/authprobe/authprobe/suites/framework"
)

// profile is the profile name of the specs.
const profile = "ishare"

func init() {
	framework.RegisterProfile(framework.Profile{
		Name: profile,
		Table: config.Profile{Name: profile, Settings: []framework.Setting{
			{Name: client.SettingPath, Default: client.DefaultPath, Doc: "path of the service (the HTTP-GET binding is under it)"},
			{Name: client.SettingNamespace, Default: client.DefaultNamespace, Doc: "WSDL targetNamespace, payload namespace and SOAPAction base"},
			{Name: client.SettingSOAPVersion, Default: client.SOAP11.String(), Doc: "SOAP version the specs send: 1.1 or 1.2"},
			{Name: client.SettingSessionTTL, Doc: "session lifetime (undocumented; unset skips the expiry specs; the reference uses 20m)"},
			{Name: client.SettingHTTPGet, Default: "true", Doc: "whether the deployment answers the HTTP-GET binding (false skips its specs)"},
			{Name: client.SettingError1019Username, Doc: "a client whose session creation fails with 1019 (unset skips ISHARE-ERR-004)"},
			{Name: client.SettingError1019Password, Doc: "that client's password (a secret)"},
			{Name: client.SettingError1019Key, Doc: "that client's key"},
		}},
		SchemaFor:  schemaFor,
		ServerTime: serverTime,
	})
}

// Operation names the client passes to wire.Do.
const (
	opCreateSessionKey    = "ishare CreateSessionKey"
	opGetUserSchedule     = "ishare GetUserSchedule"
	opCreateSessionKeyGET = "ishare CreateSessionKey (HTTP-GET)"
	opGetUserScheduleGET  = "ishare GetUserSchedule (HTTP-GET)"
	opWSDL                = "ishare WSDL"
	opSend                = "ishare Send "
)

// The schemas of schemas/ishare.
const (
	schemaSOAP11           = "ishare/soap11.xsd"
	schemaSOAP12           = "ishare/soap12.xsd"
	schemaCreateSessionKey = "ishare/createsessionkey.xsd"
	schemaGetUserSchedule  = "ishare/getuserschedule.xsd"
	schemaWSDL             = "ishare/wsdl.xsd"
)

// schemaFor names the schema an answer must match. SOAP answers (of the
// SOAP calls and of raw POSTs) are checked against the envelope schema of
// the SOAP version their media type announces - a request with a non-SOAP
// media type is answered in SOAP 1.1 (docs/profiles/ishare.md #23), an
// HTML error page fails either. An XSD 1.0 document has one target
// namespace, so the envelope schemas accept any one element of the payload
// namespace in the Body: the specs check that element against
// createsessionkey.xsd or getuserschedule.xsd themselves (schema.go). The
// HTTP-GET binding's bare documents and the WSDL are checked whole.
//
// The payload schemas target http://tempuri.org/, the default namespace:
// for a target whose namespace setting differs, the bare HTTP-GET
// documents are not schema-checked (and the specs skip the payload check),
// while the envelopes and the WSDL still are. With http_get: false the
// HTTP-GET answers are not checked either: the binding is off, and the page
// refusing it is no documented answer.
func schemaFor(op string, x *wire.Exchange) string {
	switch {
	case op == opCreateSessionKey || op == opGetUserSchedule:
		return envelopeSchema(x)
	case op == opCreateSessionKeyGET:
		return getSchemaFor(schemaCreateSessionKey)
	case op == opGetUserScheduleGET:
		return getSchemaFor(schemaGetUserSchedule)
	case op == opWSDL:
		return schemaWSDL
	case strings.HasPrefix(op, opSend):
		return sendSchema(strings.TrimPrefix(op, opSend), x)
	}
	return ""
}

// envelopeSchema picks the SOAP envelope schema by the answer's media type.
func envelopeSchema(x *wire.Exchange) string {
	if x.ContentType() == "application/soap+xml" {
		return schemaSOAP12
	}
	return schemaSOAP11
}

// getSchemaFor returns the schema of an HTTP-GET binding answer: "" when
// the target uses another namespace than the payload schemas target, or
// says it has switched the binding off (http_get: false), when whatever
// page refuses the binding is not the binding's documented answer.
func getSchemaFor(schema string) string {
	if ns := namespaceOfRun(); ns != client.DefaultNamespace {
		return ""
	}
	if t := framework.T(profile); t != nil && httpGetOff(t) != "" {
		return ""
	}
	return schema
}

// sendSchema names the schema of a raw request's answer from the op's
// "<METHOD> <path?query>": POSTs are SOAP; GETs of the HTTP-GET binding
// and of the WSDL have their own; anything else (the HTML help page, 404
// and 405 texts) is not checked.
func sendSchema(methodPath string, x *wire.Exchange) string {
	method, pathQuery, _ := strings.Cut(methodPath, " ")
	if method == http.MethodPost {
		return envelopeSchema(x)
	}
	if method != http.MethodGet {
		return ""
	}
	path, query, _ := strings.Cut(pathQuery, "?")
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, "/"+strings.ToLower(client.MethodCreateSessionKey)):
		return getSchemaFor(schemaCreateSessionKey)
	case strings.HasSuffix(lower, "/"+strings.ToLower(client.MethodGetUserSchedule)):
		return getSchemaFor(schemaGetUserSchedule)
	case wantsWSDL(query):
		return schemaWSDL
	}
	return ""
}

// wantsWSDL reports whether a query asks for the service description.
func wantsWSDL(query string) bool {
	for _, part := range strings.Split(query, "&") {
		key, _, _ := strings.Cut(part, "=")
		if strings.EqualFold(key, "wsdl") {
			return true
		}
	}
	return false
}

// namespaceOfRun is the payload namespace of the run's ishare target.
func namespaceOfRun() string {
	if t := framework.T(profile); t != nil && t.Setting(client.SettingNamespace) != "" {
		return t.Setting(client.SettingNamespace)
	}
	return client.DefaultNamespace
}

// serverTime reads the HTTP Date header: the API's answers carry no time
// of their own (LastRun is a user's, not the server's). Date is truncated
// to the second, so the server's clock read somewhere in the second after
// it: its middle is the unbiased estimate.
func serverTime(x *wire.Exchange) (time.Time, bool) {
	if x == nil || x.Header == nil {
		return time.Time{}, false
	}
	t, err := http.ParseTime(x.Header.Get("Date"))
	if err != nil {
		return time.Time{}, false
	}
	return t.Add(time.Second / 2), true
}
