package hostile

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Answer returns a valid success answer of profile carrying token, and its
// content type: what the server sends when it is not being hostile.
func Answer(profile, token string) (body []byte, contentType string) {
	p := payloadFor(profile, token, "")
	return p.body, p.contentType
}

// requestSignature reads the Signature field of an IRP request (form or
// JSON, at most 64 KiB read), or returns a placeholder.
func requestSignature(r *http.Request) string {
	if r.Body == nil || r.Method != http.MethodPost {
		return placeholder
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		return placeholder
	}
	var sig string
	var obj map[string]any
	if json.Unmarshal(raw, &obj) == nil {
		sig, _ = obj["Signature"].(string)
	} else if form, err := url.ParseQuery(string(raw)); err == nil {
		sig = form.Get("Signature")
	}
	for _, c := range sig {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return placeholder // echo only what cannot break the JSON
		}
	}
	if sig == "" || len(sig) > 128 {
		return placeholder
	}
	return sig
}

// placeholder is the Signature of an IRP answer to a request without one.
const placeholder = "0000000000000000000000000000000000000000"

// payload is a valid success answer of a profile.
type payload struct {
	contentType string
	body        []byte
	root        string // root element of XML answers
	rootAttrs   string // its namespace declarations
}

// payloadFor returns the success answer of profile carrying token; IRP
// answers echo the request's Signature, as the API does.
func payloadFor(profile, token, signature string) payload {
	now := time.Now().UTC()
	if signature == "" {
		signature = placeholder
	}
	switch profile {
	case "videntity":
		return payload{contentType: "text/xml; charset=utf-8", root: "response",
			body: []byte(`<?xml version="1.0" encoding="utf-8"?>` + "\n" +
				`<response api_method="/session/login">` + "\n<status>SUCCESS</status>\n<api_tx_number>1</api_tx_number>\n" +
				"<detail>you logged in successfully</detail>\n<response_name_value>\n<session_key>" + token +
				"</session_key>\n</response_name_value>\n<timestamp>" + now.Format("2006-01-02 15:04:05") + "</timestamp>\n</response>\n")}
	case "ishare":
		return payload{contentType: "text/xml; charset=utf-8", root: "soap:Envelope",
			rootAttrs: ` xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"`,
			body: []byte(`<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">` +
				`<soap:Body><CreateSessionKeyResponse xmlns="http://tempuri.org/"><CreateSessionKeyResult>` +
				`<SessionKey>` + token + `</SessionKey><Success>true</Success>` +
				`</CreateSessionKeyResult></CreateSessionKeyResponse></soap:Body></soap:Envelope>`)}
	default: // irp
		return payload{contentType: "application/json; charset=utf-8",
			body: []byte(`{"AuthenticationToken":"` + token + `","Messages":[],"Success":true,"Signature":"` + signature + `","TimeStamp":"` +
				now.Format("2006-01-02 15:04:05.0000000Z") + `"}`)}
	}
}
