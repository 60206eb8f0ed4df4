package irp

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/authprobe/authprobe/clients/wire"
)

// Success is the tri-state Success field of every answer. On the wire it
// is true, false or "Warning"; the strings "True" and "False" are accepted
// too, in any case.
type Success int8

// The values of Success.
const (
	SuccessFalse   Success = iota // the method did not run; Messages says why
	SuccessTrue                   // the method ran
	SuccessWarning                // the method ran, with a warning in Messages
)

// OK reports whether the method ran (true or "Warning").
func (s Success) OK() bool { return s == SuccessTrue || s == SuccessWarning }

// String prints s as the vendor documents it: "True", "False", "Warning".
func (s Success) String() string {
	switch s {
	case SuccessTrue:
		return "True"
	case SuccessWarning:
		return "Warning"
	}
	return "False"
}

// MarshalJSON writes s as true, false or "Warning".
func (s Success) MarshalJSON() ([]byte, error) {
	switch s {
	case SuccessTrue:
		return []byte("true"), nil
	case SuccessWarning:
		return []byte(`"Warning"`), nil
	}
	return []byte("false"), nil
}

// UnmarshalJSON reads true, false, "True", "False" or "Warning" (strings in
// any case).
func (s *Success) UnmarshalJSON(b []byte) error {
	v, err := parseSuccess(b)
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// parseSuccess reads one JSON value as a Success.
func parseSuccess(raw []byte) (Success, error) {
	switch string(raw) {
	case "true":
		return SuccessTrue, nil
	case "false":
		return SuccessFalse, nil
	}
	if len(raw) > 0 && raw[0] == '"' {
		var str string
		if err := json.Unmarshal(raw, &str); err == nil {
			switch strings.ToLower(str) {
			case "true":
				return SuccessTrue, nil
			case "false":
				return SuccessFalse, nil
			case "warning":
				return SuccessWarning, nil
			}
		}
	}
	return SuccessFalse, fmt.Errorf(`Success: expected true, false or "Warning", got %s`, snippet(raw))
}

// Message is one entry of Messages:
//
//	{"Code":2005,"Message":"Value Is Shorter Than The Minimum Length.(Parameter=APIKey)"}
type Message struct {
	Code    int    `json:"Code"`
	Message string `json:"Message"`
}

// UnmarshalJSON reads a message object. Code must be an integer (a JSON
// number or a string of digits); Message a string or null.
func (m *Message) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return fmt.Errorf("Messages: expected a {Code, Message} object, got null")
	}
	var w struct {
		Code    json.RawMessage `json:"Code"`
		Message *string         `json:"Message"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("Messages: expected a {Code, Message} object, got %s: %w", snippet(b), err)
	}
	code, err := parseCode(w.Code)
	if err != nil {
		return err
	}
	m.Code = code
	m.Message = ""
	if w.Message != nil {
		m.Message = *w.Message
	}
	return nil
}

// parseCode reads a message Code: a JSON integer or a string of 1 to 9
// digits.
func parseCode(raw []byte) (int, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, fmt.Errorf("Messages: message without a Code")
	}
	if raw[0] == '"' {
		if len(raw) < 3 || len(raw) > 11 || raw[len(raw)-1] != '"' {
			return 0, fmt.Errorf("Messages: Code: expected an integer, got %s", snippet(raw))
		}
		inner := raw[1 : len(raw)-1]
		n := 0
		for _, c := range inner {
			if c < '0' || c > '9' {
				return 0, fmt.Errorf("Messages: Code: expected an integer, got %s", snippet(raw))
			}
			n = n*10 + int(c-'0')
		}
		return n, nil
	}
	if len(raw) > 11 {
		return 0, fmt.Errorf("Messages: Code: expected an integer, got %s", snippet(raw))
	}
	digits, neg := raw, false
	if digits[0] == '-' {
		digits, neg = digits[1:], true
	}
	if len(digits) == 0 {
		return 0, fmt.Errorf("Messages: Code: expected an integer, got %s", snippet(raw))
	}
	n := 0
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("Messages: Code: expected an integer, got %s", snippet(raw))
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, nil
}

// Parameter returns the field a message names in its "(Parameter=APIKey)"
// suffix, or "" when it names none.
func (m Message) Parameter() string {
	const tag = "(Parameter="
	i := strings.LastIndex(m.Message, tag)
	if i < 0 {
		return ""
	}
	rest := m.Message[i+len(tag):]
	j := strings.IndexByte(rest, ')')
	if j < 0 {
		return ""
	}
	return rest[:j]
}

// Response is the answer of every method:
//
//	{"AuthenticationToken":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq","Messages":[],"Success":true,
//	 "Signature":"80dbc28a0b835306471d06b20f2165155e68d9c3","TimeStamp":"2018-10-16 14:24:46.8838787Z"}
//
// A documented error (Success false with Messages) is a Response, not a Go
// error.
type Response struct {
	// AuthenticationToken is the issued token ("" when absent or null).
	AuthenticationToken string
	// Messages are the errors or warnings; empty on a plain success.
	Messages []Message
	// Success says whether the method ran.
	Success Success
	// SuccessJSON is Success as it came on the wire (`true`, `"Warning"`,
	// `"True"`); see SuccessDocumented.
	SuccessJSON string
	// Signature echoes the request's signature; nil when null or absent
	// (documented as null on errors).
	Signature *string
	// TimeStamp is the server's time of the answer
	// ("2018-10-16 14:24:46.8838787Z"); see ServerTime.
	TimeStamp string
	// MinutesRemaining is CheckTokenTime's "MM:SS"; see Remaining.
	MinutesRemaining string
	// DoubleEncoded is set when the answer was a JSON string holding the
	// object (the vendor's example calls JSON.parse on what jQuery
	// returns), which the client accepts.
	DoubleEncoded bool
	// Exchange is the raw request and answer.
	Exchange *wire.Exchange
}

// SuccessDocumented reports whether Success came in a form the vendor
// documents: the JSON booleans true and false of the seed's examples, or
// the string "Warning". The client reads "True" and "False" strings too,
// but they are not what the vendor's JSON shows.
func (r *Response) SuccessDocumented() bool {
	switch r.SuccessJSON {
	case "true", "false", `"Warning"`:
		return true
	}
	return false
}

// Codes returns the Code of every message, in order.
func (r *Response) Codes() []int {
	out := make([]int, len(r.Messages))
	for i, m := range r.Messages {
		out[i] = m.Code
	}
	return out
}

// HasCode reports whether any message carries code.
func (r *Response) HasCode(code int) bool {
	for _, m := range r.Messages {
		if m.Code == code {
			return true
		}
	}
	return false
}

// FirstCode returns the first message's Code, or 0 when there is none.
func (r *Response) FirstCode() int {
	if len(r.Messages) == 0 {
		return 0
	}
	return r.Messages[0].Code
}

// Issued reports whether the answer carries a token: the method ran
// (Success true or "Warning", which the vendor defines as success with a
// warning) and AuthenticationToken is not empty.
func (r *Response) Issued() bool {
	return r.Success.OK() && r.AuthenticationToken != ""
}

// Status returns the HTTP status of the answer (0 without an exchange).
func (r *Response) Status() int {
	if r.Exchange == nil {
		return 0
	}
	return r.Exchange.Status
}

// ServerTime parses TimeStamp (see ParseServerTimestamp).
func (r *Response) ServerTime() (time.Time, error) {
	return ParseServerTimestamp(r.TimeStamp)
}

// Remaining parses MinutesRemaining (see ParseMinutesRemaining).
func (r *Response) Remaining() (time.Duration, error) {
	return ParseMinutesRemaining(r.MinutesRemaining)
}

// snippet prints the start of a value for an error message.
func snippet(b []byte) string {
	const max = 64
	if len(b) > max {
		return strconv.Quote(string(b[:max])) + "…"
	}
	return strconv.Quote(string(b))
}
