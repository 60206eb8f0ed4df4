// Package ishare holds the conformance specs of the Astun iShare My Alerts
// Users.asmx web service (profile "ishare"): one Ginkgo spec per entry of
// suites/behaviors/ishare.yaml, talking to the target only through
// clients/ishare. A FAILED verdict rests on the vendor's page
// (../shared/seeds/000_766ae4704cebab05.txt) or on profiles.md, which each
// catalog entry quotes; what they leave open is accepted in every legal
// form, observed, and required only when a pin setting asks for it.
package ishare

import (
	"net/http"
	"strings"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/suites/framework"
)

// profile is the profile name of the specs.
const profile = "ishare"

func init() {
	framework.RegisterProfile(framework.Profile{
		Name:       profile,
		Table:      client.Table,
		SchemaFor:  schemaFor,
		ServerTime: framework.DateHeader,
		Preflight:  preflight,
	})
}

// The schemas of schemas/ishare.
const (
	schemaSOAP11           = "ishare/soap11.xsd"
	schemaSOAP12           = "ishare/soap12.xsd"
	schemaCreateSessionKey = "ishare/createsessionkey.xsd"
	schemaGetUserSchedule  = "ishare/getuserschedule.xsd"
	schemaWSDL             = "ishare/wsdl.xsd"
)

// schemaFor names the schema a whole answer must match. SOAP answers are
// checked against the envelope schema of the SOAP version their Envelope
// is in (an answer that is no Envelope - an HTML page, a 4xx text - is not
// schema-checked: the specs judge it); the WSDL against wsdl.xsd when it
// came with 200. The method's result inside the Body, and the HTTP-GET
// binding's documents, are checked by the specs on a canonical copy
// (schema.go), since prefixes, qualification, element order and the
// result's name are the server's to choose.
func schemaFor(op string, x *wire.Exchange) string {
	switch {
	case op == client.OpCreateSessionKey || op == client.OpGetUserSchedule:
		return envelopeSchema(x)
	case op == client.OpWSDL:
		return wsdlSchema(x)
	case strings.HasPrefix(op, client.OpSend):
		method, pathQuery, _ := strings.Cut(strings.TrimPrefix(op, client.OpSend), " ")
		_, query, _ := strings.Cut(pathQuery, "?")
		switch {
		case method == http.MethodPost:
			return envelopeSchema(x)
		case method == http.MethodGet && wantsWSDL(query):
			return wsdlSchema(x)
		}
	}
	return ""
}

// envelopeSchema picks the SOAP envelope schema by the answer's root
// element namespace; "" for an answer that is not an Envelope.
func envelopeSchema(x *wire.Exchange) string {
	switch client.RootNamespace(x.Body) {
	case client.NamespaceSOAP11:
		return schemaSOAP11
	case client.NamespaceSOAP12:
		return schemaSOAP12
	}
	return ""
}

// wsdlSchema checks a WSDL answer that came with 200 and is a WSDL.
func wsdlSchema(x *wire.Exchange) string {
	if x.Status != http.StatusOK || client.RootNamespace(x.Body) != client.NamespaceWSDL {
		return ""
	}
	return schemaWSDL
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
