package ishare

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
)

// The documented error codes (Error/Code). The vendor types Code as a
// string on most pages and as an int on one; the client keeps the text.
const (
	CodeInvalidSessionKey = "1001" // Invalid Session key provided
	CodeSessionKeyError   = "1019" // Error creating Session key
	CodeUserAuthFailed    = "1021" // User authentication failed
	CodeUserNotFound      = "1022" // User not found in My Alerts database
	CodeRequiredFields    = "1023" // Required fields incomplete
	CodeClientAuthFailed  = "1024" // Client authentication failed
	// CodeSOAPFault stands for a soap:Fault answer.
	CodeSOAPFault = "soap-fault"
)

// Descriptions are the documented descriptions of the error codes.
var Descriptions = map[string]string{
	CodeInvalidSessionKey: "Invalid Session key provided",
	CodeSessionKeyError:   "Error creating Session key",
	CodeUserAuthFailed:    "User authentication failed",
	CodeUserNotFound:      "User not found in My Alerts database",
	CodeRequiredFields:    "Required fields incomplete",
	CodeClientAuthFailed:  "Client authentication failed",
}

// DocumentedCodes returns the documented error codes, sorted.
func DocumentedCodes() []string {
	out := make([]string, 0, len(Descriptions))
	for c := range Descriptions {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Documented reports whether code is one of the documented error codes.
func Documented(code string) bool {
	_, ok := Descriptions[code]
	return ok
}

// Error is the Error element of a failed call.
type Error struct {
	// Code is the code as sent, trimmed: "1024".
	Code string
	// Description is the text as sent: "Client authentication failed".
	Description string
}

// CodeInt returns Code as an integer, for pages that type it xs:int.
func (e *Error) CodeInt() (int, error) {
	n, err := strconv.Atoi(e.Code)
	if err != nil {
		return 0, fmt.Errorf("ishare: error code %q is not an integer", e.Code)
	}
	return n, nil
}

// Fault is a soap:Fault answer. For SOAP 1.1 Code is faultcode and String
// faultstring; for SOAP 1.2 Code is Code/Value and String Reason/Text.
//
//	soap:Client: Server did not recognize the value of HTTP Header SOAPAction: x.
type Fault struct {
	Code   string
	String string
	// Version is the SOAP version of the answer's envelope.
	Version SOAPVersion
}

// Local is the fault code without its prefix: "Client", "Sender",
// "Server.Database".
func (f *Fault) Local() string {
	if i := strings.LastIndexByte(f.Code, ':'); i >= 0 {
		return f.Code[i+1:]
	}
	return f.Code
}

// BlamesServer reports whether the fault says the server failed
// (soap:Server, SOAP 1.2 soap:Receiver, with or without sub-codes): a
// crash, not a refusal of the request.
func (f *Fault) BlamesServer() bool {
	l := f.Local()
	return l == "Server" || l == "Receiver" || strings.HasPrefix(l, "Server.") || strings.HasPrefix(l, "Receiver.")
}

// SessionKeyResult is the answer of CreateSessionKey.
type SessionKeyResult struct {
	// Success is the Success element.
	Success bool
	// ClientID is the ClientId element; HasClientID says whether it came
	// (it must be absent on failure).
	ClientID    int
	HasClientID bool
	// SessionKey is the SessionKey element ("" when absent).
	SessionKey string
	// Error is the Error element, nil when absent.
	Error *Error
	// Fault is set when the answer was a soap:Fault; the other fields are
	// then zero.
	Fault *Fault
	// Exchange is the raw request and answer.
	Exchange *wire.Exchange
	// payload is the result element read (none for a fault): Canonical.
	payload payload
}

// Code returns what the answer says went wrong: the Error code,
// CodeSOAPFault for a fault, "" on success.
func (r *SessionKeyResult) Code() string { return resultCode(r.Success, r.Error, r.Fault) }

// UserScheduleDefinition is one user's alert schedule. profiles.md names
// its elements (UserId, Interval, LastRun) but not their types: the text
// is kept as sent, and read as an int, seconds and an xs:dateTime where it
// reads so (the reference writes those types).
type UserScheduleDefinition struct {
	// UserIDText, IntervalText and LastRunText are the elements' text.
	UserIDText, IntervalText, LastRunText string
	// UserID is UserId as an int (0 when it does not read as one).
	UserID int
	// Interval is the alert interval in seconds (0 when it does not read
	// as an int).
	Interval int
	// LastRun is when My Alerts last ran for the user (zero when it does
	// not read as an xs:dateTime).
	LastRun time.Time
}

// IntervalDuration returns Interval as a duration.
func (d UserScheduleDefinition) IntervalDuration() time.Duration {
	return time.Duration(d.Interval) * time.Second
}

// ScheduleResult is the answer of GetUserSchedule.
type ScheduleResult struct {
	// Success is the Success element.
	Success bool
	// Schedules are the UserSchedule entries.
	Schedules []UserScheduleDefinition
	// Error is the Error element, nil when absent.
	Error *Error
	// Fault is set when the answer was a soap:Fault.
	Fault *Fault
	// Exchange is the raw request and answer.
	Exchange *wire.Exchange
	// payload is the result element read (none for a fault): Canonical.
	payload payload
}

// Code returns the Error code, CodeSOAPFault for a fault, "" on success.
func (r *ScheduleResult) Code() string { return resultCode(r.Success, r.Error, r.Fault) }

func resultCode(success bool, e *Error, f *Fault) string {
	switch {
	case f != nil:
		return CodeSOAPFault
	case e != nil && !success:
		return e.Code
	}
	return ""
}

// WSDLInfo is what the client reads from the service description.
type WSDLInfo struct {
	// TargetNamespace is the definitions' targetNamespace.
	TargetNamespace string
	// Operations are the operation names of the SOAP 1.1 port type.
	Operations []string
	// Addresses are the location attributes of the service's ports, by
	// port name ("UsersSoap": "http://host/Users.asmx").
	Addresses map[string]string
	// SOAPActions are the soapAction attributes, by operation name (the
	// SOAP 1.1 binding's where both bindings give one).
	SOAPActions map[string]string
	// GETOutputs are the elements of the HTTP-GET binding's output
	// messages, by operation name ("CreateSessionKey": "SessionKeyResult"):
	// the root element of its answers.
	GETOutputs map[string]string
	// ElementFormDefault is the elementFormDefault attribute of the
	// embedded schema of the targetNamespace as written ("qualified",
	// "unqualified", or "" when the WSDL gives none - XSD then means
	// unqualified, but hand-written WSDLs often just leave it out, so
	// callers treat only an explicit "unqualified" as one).
	ElementFormDefault string
	// Exchange is the raw request and answer.
	Exchange *wire.Exchange
}

// HasOperation reports whether the WSDL declares the operation.
func (w *WSDLInfo) HasOperation(name string) bool {
	for _, o := range w.Operations {
		if strings.EqualFold(o, name) {
			return true
		}
	}
	return false
}
