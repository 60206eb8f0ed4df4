package videntity

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/authprobe/authprobe/clients/wire"
)

// xmlResponse is the wire shape; pointers tell an absent element from an
// empty one.
type xmlResponse struct {
	APIMethod   *string `xml:"api_method,attr"`
	Status      *string `xml:"status"`
	TxNumber    *string `xml:"api_tx_number"`
	Detail      *string `xml:"detail"`
	SessionKey  *string `xml:"response_name_value>session_key"`
	ErrorNumber *string `xml:"error_number"`
	ErrorName   *string `xml:"error_name"`
	ErrorDetail *string `xml:"error_detail"`
	Timestamp   *string `xml:"timestamp"`
}

// ParseLogin decodes a login answer: ParseResponse, plus a SUCCESS must
// carry a non-empty session key.
func ParseLogin(x *wire.Exchange) (*Response, error) { return parse(opLogin, x, true) }

// ParsePing decodes a ping answer (ParseResponse; the session key may be
// absent on a ping SUCCESS).
func ParsePing(x *wire.Exchange) (*Response, error) { return parse(opPing, x, false) }

// ParseLogout decodes a logout answer (ParseResponse).
func ParseLogout(x *wire.Exchange) (*Response, error) { return parse(opLogout, x, false) }

// ParseResponse decodes any answer of the API, whatever its HTTP status:
// the root must be <response>, <status> SUCCESS or ERROR, an ERROR must
// carry a numeric <error_number> and a present <api_tx_number> must be a
// non-negative whole number (of any length; empty, as profiles.md writes
// it, <api_tx_number/>, is read too). An answer labelled with a
// media type that is not XML is still read when its body is such a
// document (Response.LabelledXML then says false): the vendor documents
// XML answers, not their Content-Type. Anything else is a wire.Malformed
// or wire.ExpectContentType error. Absent documented parts are listed by
// Response.MissingFields. The session key is registered as a secret.
func ParseResponse(x *wire.Exchange) (*Response, error) { return parse("videntity", x, false) }

func parse(op string, x *wire.Exchange, wantKey bool) (*Response, error) {
	if x == nil {
		return nil, &wire.Error{Kind: wire.KindMalformed, Op: op, Err: errors.New("no exchange to parse")}
	}
	ctErr := wire.ExpectContentType(op, x, "xml")
	var raw xmlResponse
	if err := decodeResponse(x.Body, &raw); err != nil {
		if ctErr != nil {
			return nil, ctErr
		}
		return nil, wire.Malformed(op, x, "want an XML <response> document: %v (body starts %q)", err, excerpt(x.Body))
	}
	r := &Response{Exchange: x, LabelledXML: ctErr == nil}
	r.APIMethod = val(raw.APIMethod)
	r.Status = val(raw.Status)
	r.Detail = val(raw.Detail)
	r.SessionKey = val(raw.SessionKey)
	r.ErrorName = val(raw.ErrorName)
	r.ErrorDetail = val(raw.ErrorDetail)
	r.Timestamp = val(raw.Timestamp)
	x.AddSecrets(r.SessionKey)

	switch r.Status {
	case StatusSuccess, StatusError:
	case "":
		return nil, wire.Malformed(op, x, "want <status>SUCCESS</status> or <status>ERROR</status>, got no <status>")
	default:
		return nil, wire.Malformed(op, x, "want <status> SUCCESS or ERROR, got %q", clip(r.Status))
	}
	if raw.TxNumber != nil {
		t := strings.TrimPrefix(val(raw.TxNumber), "+")
		if strings.Trim(t, "0123456789") != "" {
			return nil, wire.Malformed(op, x, "want <api_tx_number> a non-negative whole number, got %q", clip(val(raw.TxNumber)))
		}
		r.TxText = t
		if n, err := strconv.ParseInt(t, 10, 64); err == nil {
			r.TxNumber = n
		}
	}
	if r.Status == StatusError {
		if raw.ErrorNumber == nil {
			return nil, wire.Malformed(op, x, "want <error_number> in an ERROR answer, got none (error_name %q)", clip(r.ErrorName))
		}
		n, err := strconv.Atoi(val(raw.ErrorNumber))
		if err != nil {
			return nil, wire.Malformed(op, x, "want <error_number> an integer, got %q", clip(val(raw.ErrorNumber)))
		}
		r.ErrorNumber = n
	}
	if wantKey && r.Status == StatusSuccess && r.SessionKey == "" {
		return nil, wire.Malformed(op, x, "want <response_name_value><session_key> in a login SUCCESS, got none")
	}
	r.missing = missingParts(&raw, r.Status)
	return r, nil
}

func missingParts(raw *xmlResponse, status string) []string {
	var out []string
	add := func(p *string, name string) {
		if p == nil {
			out = append(out, name)
		}
	}
	if status == StatusSuccess {
		add(raw.APIMethod, "api_method")
	}
	add(raw.TxNumber, "api_tx_number")
	add(raw.Timestamp, "timestamp")
	if status == StatusError {
		add(raw.ErrorName, "error_name")
		add(raw.ErrorDetail, "error_detail")
	}
	return out
}

// MaxDepth is the deepest element nesting an answer may have; the
// documented answers are three levels deep. Deeper documents are refused
// before they are decoded.
const MaxDepth = 32

// ErrDoctype refuses an answer with a DOCTYPE: none of the API's answers
// has one, and a DTD is how entity-expansion bombs and external entities
// (XXE) arrive. encoding/xml would not expand or fetch them, but naming the
// cause beats "invalid character entity".
var ErrDoctype = errors.New("XML entity expansion refused: the answer has a DOCTYPE declaration, which no documented answer has")

// decodeResponse decodes body strictly into dst: the root element must be
// <response> and nothing but white space, comments and processing
// instructions may follow it. A DOCTYPE is refused (ErrDoctype), and so is
// nesting deeper than MaxDepth. encoding/xml never resolves external
// entities; in Strict mode an undefined entity is an error.
func decodeResponse(body []byte, dst *xmlResponse) error {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")) // a UTF-8 byte order mark
	if len(bytes.TrimSpace(body)) == 0 {
		return errors.New("the body is empty")
	}
	if err := checkDepth(body); err != nil {
		return err
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	d.CharsetReader = utf8Aliases
	var root xml.StartElement
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return errors.New("no root element")
		}
		if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok {
			root = se
			break
		}
		if cd, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(cd)) > 0 {
			return fmt.Errorf("text %q before the root element", clip(string(cd)))
		}
	}
	if root.Name.Local != "response" {
		return fmt.Errorf("root element is <%s>, not <response>", clip(root.Name.Local))
	}
	if err := d.DecodeElement(dst, &root); err != nil {
		return err
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("after </response>: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return fmt.Errorf("element <%s> after </response>", clip(t.Name.Local))
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return fmt.Errorf("text %q after </response>", clip(string(t)))
			}
		}
	}
}

// checkDepth refuses documents nested deeper than MaxDepth, and a DOCTYPE
// wherever it stands, without decoding anything. Syntax errors are left to
// the decoding pass, which reports them with their line.
func checkDepth(body []byte) error {
	d := xml.NewDecoder(bytes.NewReader(body))
	depth := 0
	for {
		tok, err := d.RawToken()
		if err != nil {
			return nil
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth++; depth > MaxDepth {
				return fmt.Errorf("XML nesting deeper than %d levels refused (the documented answers are 3 deep)", MaxDepth)
			}
		case xml.EndElement:
			depth--
		case xml.Directive:
			return ErrDoctype
		}
	}
}

// utf8Aliases reads the declared encodings that are UTF-8 or a subset of
// it under another name ("utf8", "US-ASCII"); encoding/xml itself knows
// only "utf-8". Other encodings are refused (the schemas refuse them too).
func utf8Aliases(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	}
	return nil, fmt.Errorf("the answer declares the encoding %q: the documented answers are UTF-8", clip(label))
}

func val(p *string) string {
	if p == nil {
		return ""
	}
	return strings.TrimSpace(*p)
}

// clip shortens a value quoted in an error message.
func clip(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}

// excerpt is the start of a body, for error messages.
func excerpt(b []byte) string { return clip(string(b)) }
