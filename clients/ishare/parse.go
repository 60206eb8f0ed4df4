package ishare

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
)

// Operation names used in errors.
const (
	opCreateSessionKey    = "ishare CreateSessionKey"
	opGetUserSchedule     = "ishare GetUserSchedule"
	opCreateSessionKeyGET = "ishare CreateSessionKey (HTTP-GET)"
	opGetUserScheduleGET  = "ishare GetUserSchedule (HTTP-GET)"
	opWSDL                = "ishare WSDL"
)

// The wire shapes. Pointers tell an absent element from an empty one;
// unqualified tags match the element in any namespace.
type (
	xmlError struct {
		Code        *string `xml:"Code"`
		Description *string `xml:"Description"`
	}
	xmlSessionKeyResult struct {
		Error      *xmlError `xml:"Error"`
		Success    *string   `xml:"Success"`
		ClientID   *string   `xml:"ClientId"`
		SessionKey *string   `xml:"SessionKey"`
	}
	xmlCreateSessionKeyResponse struct {
		Result *xmlSessionKeyResult `xml:"CreateSessionKeyResult"`
	}
	xmlSchedule struct {
		UserID   *string `xml:"UserId"`
		Interval *string `xml:"Interval"`
		LastRun  *string `xml:"LastRun"`
	}
	xmlScheduleResult struct {
		Error        *xmlError `xml:"Error"`
		Success      *string   `xml:"Success"`
		UserSchedule *struct {
			Items []xmlSchedule `xml:"UserScheduleDefinition"`
		} `xml:"UserSchedule"`
	}
	xmlGetUserScheduleResponse struct {
		Result *xmlScheduleResult `xml:"GetUserScheduleResult"`
	}
)

// ParseCreateSessionKey decodes the answer to a SOAP CreateSessionKey call:
// a CreateSessionKeyResponse (HTTP 200) or a soap:Fault (any status).
func (c *Client) ParseCreateSessionKey(x *wire.Exchange) (*SessionKeyResult, error) {
	var resp xmlCreateSessionKeyResponse
	fault, err := decodeSOAP(opCreateSessionKey, x, c.namespace(), MethodCreateSessionKey+"Response", &resp)
	if err != nil {
		return nil, err
	}
	if fault != nil {
		return &SessionKeyResult{Fault: fault, Exchange: x}, nil
	}
	if resp.Result == nil {
		return nil, wire.Malformed(opCreateSessionKey, x, "CreateSessionKeyResponse has no CreateSessionKeyResult element")
	}
	return sessionKeyResult(opCreateSessionKey, x, resp.Result)
}

// ParseCreateSessionKeyGET decodes the answer to an HTTP-GET
// CreateSessionKey call: a bare SessionKeyResult document (HTTP 200).
func (c *Client) ParseCreateSessionKeyGET(x *wire.Exchange) (*SessionKeyResult, error) {
	var res xmlSessionKeyResult
	if err := decodeBare(opCreateSessionKeyGET, x, c.namespace(), "SessionKeyResult", &res); err != nil {
		return nil, err
	}
	return sessionKeyResult(opCreateSessionKeyGET, x, &res)
}

// ParseGetUserSchedule decodes the answer to a SOAP GetUserSchedule call: a
// GetUserScheduleResponse (HTTP 200) or a soap:Fault (any status).
func (c *Client) ParseGetUserSchedule(x *wire.Exchange) (*ScheduleResult, error) {
	var resp xmlGetUserScheduleResponse
	fault, err := decodeSOAP(opGetUserSchedule, x, c.namespace(), MethodGetUserSchedule+"Response", &resp)
	if err != nil {
		return nil, err
	}
	if fault != nil {
		return &ScheduleResult{Fault: fault, Exchange: x}, nil
	}
	if resp.Result == nil {
		return nil, wire.Malformed(opGetUserSchedule, x, "GetUserScheduleResponse has no GetUserScheduleResult element")
	}
	return scheduleResult(opGetUserSchedule, x, resp.Result)
}

// ParseGetUserScheduleGET decodes the answer to an HTTP-GET GetUserSchedule
// call: a bare UserScheduleResult document (HTTP 200).
func (c *Client) ParseGetUserScheduleGET(x *wire.Exchange) (*ScheduleResult, error) {
	var res xmlScheduleResult
	if err := decodeBare(opGetUserScheduleGET, x, c.namespace(), "UserScheduleResult", &res); err != nil {
		return nil, err
	}
	return scheduleResult(opGetUserScheduleGET, x, &res)
}

// sessionKeyResult checks a decoded SessionKeyResult: Success must be an
// xs:boolean; Success true needs ClientId and a SessionKey; Success false
// needs an Error with a Code.
func sessionKeyResult(op string, x *wire.Exchange, r *xmlSessionKeyResult) (*SessionKeyResult, error) {
	res := &SessionKeyResult{Exchange: x}
	ok, err := parseSuccess(r.Success)
	if err != nil {
		return nil, wire.Malformed(op, x, "%v", err)
	}
	res.Success = ok
	res.Error = convertError(r.Error)
	if r.ClientID != nil {
		id, err := parseInt(*r.ClientID)
		if err != nil {
			return nil, wire.Malformed(op, x, "ClientId: %v", err)
		}
		res.ClientID, res.HasClientID = id, true
	}
	if r.SessionKey != nil {
		res.SessionKey = strings.TrimSpace(*r.SessionKey)
		x.AddSecrets(res.SessionKey)
	}
	if ok {
		switch {
		case !res.HasClientID:
			return nil, wire.Malformed(op, x, "Success is true but there is no ClientId (expected the client's int id)")
		case res.SessionKey == "":
			return nil, wire.Malformed(op, x, "Success is true but the SessionKey is missing or empty")
		}
		return res, nil
	}
	if err := checkFailure(res.Error); err != nil {
		return nil, wire.Malformed(op, x, "%v", err)
	}
	return res, nil
}

// scheduleResult checks a decoded UserScheduleResult.
func scheduleResult(op string, x *wire.Exchange, r *xmlScheduleResult) (*ScheduleResult, error) {
	res := &ScheduleResult{Exchange: x}
	ok, err := parseSuccess(r.Success)
	if err != nil {
		return nil, wire.Malformed(op, x, "%v", err)
	}
	res.Success = ok
	res.Error = convertError(r.Error)
	if !ok {
		if err := checkFailure(res.Error); err != nil {
			return nil, wire.Malformed(op, x, "%v", err)
		}
	}
	if r.UserSchedule != nil {
		res.Schedules = make([]UserScheduleDefinition, 0, len(r.UserSchedule.Items))
		for i, it := range r.UserSchedule.Items {
			d, err := convertSchedule(it)
			if err != nil {
				return nil, wire.Malformed(op, x, "UserScheduleDefinition %d: %v", i+1, err)
			}
			res.Schedules = append(res.Schedules, d)
		}
	}
	return res, nil
}

func convertError(e *xmlError) *Error {
	if e == nil {
		return nil
	}
	out := &Error{}
	if e.Code != nil {
		out.Code = strings.TrimSpace(*e.Code)
	}
	if e.Description != nil {
		out.Description = *e.Description
	}
	return out
}

// checkFailure checks the Error of a Success false answer.
func checkFailure(e *Error) error {
	switch {
	case e == nil:
		return errors.New("Success is false but there is no Error element (expected Error/Code and Error/Description)")
	case e.Code == "":
		return errors.New("Success is false but Error/Code is missing or empty")
	}
	return nil
}

func convertSchedule(it xmlSchedule) (UserScheduleDefinition, error) {
	var d UserScheduleDefinition
	var err error
	if it.UserID == nil || it.Interval == nil || it.LastRun == nil {
		return d, errors.New("UserId, Interval and LastRun are all required")
	}
	if d.UserID, err = parseInt(*it.UserID); err != nil {
		return d, fmt.Errorf("UserId: %w", err)
	}
	if d.Interval, err = parseInt(*it.Interval); err != nil {
		return d, fmt.Errorf("Interval: %w", err)
	}
	if d.LastRun, err = parseDateTime(*it.LastRun); err != nil {
		return d, fmt.Errorf("LastRun: %w", err)
	}
	return d, nil
}

// parseSuccess reads the mandatory xs:boolean Success element.
func parseSuccess(s *string) (bool, error) {
	if s == nil {
		return false, errors.New("the result has no Success element (expected true or false)")
	}
	switch strings.TrimSpace(*s) {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, fmt.Errorf("Success %q is not an xs:boolean (expected true or false)", clip(*s))
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
