package ishare

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
)

// Operation names used in errors and passed to wire.Do.
const (
	opCreateSessionKey    = "ishare CreateSessionKey"
	opGetUserSchedule     = "ishare GetUserSchedule"
	opCreateSessionKeyGET = "ishare CreateSessionKey (HTTP-GET)"
	opGetUserScheduleGET  = "ishare GetUserSchedule (HTTP-GET)"
	opWSDL                = "ishare WSDL"
)

// The client's operation names, as wire.Do records them (a spec's schema
// check picks the schema by them).
const (
	OpCreateSessionKey    = opCreateSessionKey
	OpGetUserSchedule     = opGetUserSchedule
	OpCreateSessionKeyGET = opCreateSessionKeyGET
	OpGetUserScheduleGET  = opGetUserScheduleGET
	OpWSDL                = opWSDL
	// OpSend prefixes the op of a raw Send: "ishare Send POST /Users.asmx".
	OpSend = "ishare Send "
)

// ParseCreateSessionKey decodes the answer to a SOAP CreateSessionKey call:
// the result (with a 2xx status) or a soap:Fault (any status).
func (c *Client) ParseCreateSessionKey(x *wire.Exchange) (*SessionKeyResult, error) {
	res, fault, err := c.decodeSOAP(opCreateSessionKey, x, MethodCreateSessionKey)
	if err != nil {
		return nil, err
	}
	if fault != nil {
		return &SessionKeyResult{Fault: fault, Exchange: x}, nil
	}
	return sessionKeyResult(opCreateSessionKey, x, payload{res, c.namespace()})
}

// ParseCreateSessionKeyGET decodes the answer to an HTTP-GET
// CreateSessionKey call: the bare result document (with a 2xx status).
func (c *Client) ParseCreateSessionKeyGET(x *wire.Exchange) (*SessionKeyResult, error) {
	res, err := c.decodeGET(opCreateSessionKeyGET, x, MethodCreateSessionKey)
	if err != nil {
		return nil, err
	}
	return sessionKeyResult(opCreateSessionKeyGET, x, payload{res, c.namespace()})
}

// ParseGetUserSchedule decodes the answer to a SOAP GetUserSchedule call.
func (c *Client) ParseGetUserSchedule(x *wire.Exchange) (*ScheduleResult, error) {
	res, fault, err := c.decodeSOAP(opGetUserSchedule, x, MethodGetUserSchedule)
	if err != nil {
		return nil, err
	}
	if fault != nil {
		return &ScheduleResult{Fault: fault, Exchange: x}, nil
	}
	return scheduleResult(opGetUserSchedule, x, payload{res, c.namespace()})
}

// ParseGetUserScheduleGET decodes the answer to an HTTP-GET GetUserSchedule
// call: the bare result document.
func (c *Client) ParseGetUserScheduleGET(x *wire.Exchange) (*ScheduleResult, error) {
	res, err := c.decodeGET(opGetUserScheduleGET, x, MethodGetUserSchedule)
	if err != nil {
		return nil, err
	}
	return scheduleResult(opGetUserScheduleGET, x, payload{res, c.namespace()})
}

// decodeSOAP reads a SOAP answer of method: its result element, or its
// fault. A result must come with a 2xx status (SOAP 1.1: faults are the
// answers of failed processing); a fault may come with any.
func (c *Client) decodeSOAP(op string, x *wire.Exchange, method string) (*node, *Fault, error) {
	env, err := decodeEnvelope(x.Body)
	if err != nil {
		// An envelope is read whatever its media type says (the vendor
		// documents none); what is not one is named by its media type when
		// that is not XML (an HTML error page, a JSON body).
		if cerr := wire.ExpectContentType(op, x, "xml"); cerr != nil {
			return nil, nil, cerr
		}
		return nil, nil, wire.Malformed(op, x, "%v", err)
	}
	if env.fault != nil {
		return nil, env.fault, nil
	}
	res, err := findResult(env.body, c.namespace(), method)
	if err != nil {
		return nil, nil, wire.Malformed(op, x, "%v", err)
	}
	if x.Status < 200 || x.Status > 299 {
		return nil, nil, wire.Malformed(op, x, "a %s result came with HTTP %d (a result comes with 2xx; only a soap:Fault reports a failed request)", method, x.Status)
	}
	return res, nil, nil
}

// decodeGET reads an HTTP-GET answer of method: the bare result, with any
// status (the binding has no fault to report a failure with, and the
// vendor documents no status) and any media type (ASMX answers text/xml;
// the vendor documents none).
func (c *Client) decodeGET(op string, x *wire.Exchange, method string) (*node, error) {
	res, err := decodeBare(x.Body, c.namespace(), c.getRoots(method))
	if err != nil {
		return nil, wire.Malformed(op, x, "%v", err)
	}
	return res, nil
}

// sessionKeyResult reads a result element of CreateSessionKey. The seed:
// Success is a boolean; if True the ClientId and SessionKey are provided;
// if False an error is in the Error element. profiles.md: on failure
// ClientId and SessionKey are absent.
func sessionKeyResult(op string, x *wire.Exchange, p payload) (*SessionKeyResult, error) {
	r := p.n
	res := &SessionKeyResult{Exchange: x, payload: p}
	ok, err := parseSuccess(r)
	if err != nil {
		return nil, wire.Malformed(op, x, "%v", err)
	}
	res.Success = ok
	res.Error = readError(r)
	if n := r.present("ClientId"); n != nil && n.value() != "" {
		id, err := parseInt(n.value())
		if err != nil {
			return nil, wire.Malformed(op, x, "ClientId: %v", err)
		}
		res.ClientID, res.HasClientID = id, true
	}
	if n := r.present("SessionKey"); n != nil {
		res.SessionKey = n.value()
		x.AddSecrets(res.SessionKey)
	}
	if ok {
		switch {
		case !res.HasClientID:
			return nil, wire.Malformed(op, x, "Success is true but there is no ClientId (the seed: \"if True the ClientId and SessionKey will be provided\")")
		case res.SessionKey == "":
			return nil, wire.Malformed(op, x, "Success is true but the SessionKey is missing or empty")
		}
		return res, nil
	}
	if err := checkFailure(res.Error); err != nil {
		return nil, wire.Malformed(op, x, "%v", err)
	}
	if res.HasClientID || res.SessionKey != "" {
		return nil, wire.Malformed(op, x, "Success is false but the answer carries a ClientId or a SessionKey (profiles.md: on failure ClientId/SessionKey are absent)")
	}
	return res, nil
}

// scheduleResult reads a result element of GetUserSchedule: Success, the
// Error of a failure, and every UserScheduleDefinition (in whatever list
// element holds them: profiles.md names the definitions, not the list).
func scheduleResult(op string, x *wire.Exchange, p payload) (*ScheduleResult, error) {
	r := p.n
	res := &ScheduleResult{Exchange: x, payload: p}
	ok, err := parseSuccess(r)
	if err != nil {
		return nil, wire.Malformed(op, x, "%v", err)
	}
	res.Success = ok
	res.Error = readError(r)
	defs := r.descendants("UserScheduleDefinition", 2)
	if !ok {
		if err := checkFailure(res.Error); err != nil {
			return nil, wire.Malformed(op, x, "%v", err)
		}
	}
	res.Schedules = make([]UserScheduleDefinition, 0, len(defs))
	for i, n := range defs {
		if n.isNil() {
			continue
		}
		d, err := convertSchedule(n)
		if err != nil {
			return nil, wire.Malformed(op, x, "UserScheduleDefinition %d: %v", i+1, err)
		}
		res.Schedules = append(res.Schedules, d)
	}
	if !ok && len(res.Schedules) > 0 {
		return nil, wire.Malformed(op, x, "Success is false but the answer lists %d schedules", len(res.Schedules))
	}
	return res, nil
}

// readError reads the Error element (nil when absent or xsi:nil).
func readError(r *node) *Error {
	e := r.present("Error")
	if e == nil {
		return nil
	}
	out := &Error{}
	if c := e.present("Code"); c != nil {
		out.Code = c.value()
	}
	if d := e.present("Description"); d != nil {
		out.Description = string(d.text)
	}
	return out
}

// checkFailure checks the Error of a Success false answer.
func checkFailure(e *Error) error {
	switch {
	case e == nil:
		return errors.New("Success is false but there is no Error element (the seed: \"If False an error message will be provided in the Error result\")")
	case e.Code == "":
		return errors.New("Success is false but Error/Code is missing or empty")
	}
	return nil
}

// convertSchedule reads one UserScheduleDefinition: UserId, Interval and
// LastRun must be there; their text is read as types where it reads so.
func convertSchedule(n *node) (UserScheduleDefinition, error) {
	var d UserScheduleDefinition
	u, i, l := n.child("UserId"), n.child("Interval"), n.child("LastRun")
	if u == nil || i == nil || l == nil {
		return d, errors.New("UserId, Interval and LastRun are all required")
	}
	d.UserIDText, d.IntervalText, d.LastRunText = u.value(), i.value(), l.value()
	d.UserID, _ = parseInt(d.UserIDText)
	d.Interval, _ = parseInt(d.IntervalText)
	d.LastRun, _ = parseDateTime(d.LastRunText)
	return d, nil
}

// parseSuccess reads the mandatory Success element, an xs:boolean: true,
// false, 1 or 0 (the seed: "<Success>boolean</Success>").
func parseSuccess(r *node) (bool, error) {
	n := r.present("Success")
	if n == nil {
		return false, errors.New("the result has no Success element (expected true or false)")
	}
	switch n.value() {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, fmt.Errorf("Success %q is not an xs:boolean (expected true, false, 1 or 0)", clip(n.value()))
}

// parseInt reads an xs:int.
func parseInt(s string) (int, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%q is not an xs:int", clip(s))
	}
	return int(n), nil
}

// parseDateTime reads an xs:dateTime with or without a zone (no zone, as
// .NET writes an unspecified DateTime, is read as UTC).
func parseDateTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an xs:dateTime", clip(s))
}

// clip shortens a received value for an error message.
func clip(s string) string {
	const max = 60
	if len(s) > max {
		return s[:max] + "…"
	}
	return s
}
