package hostile

import (
	"bufio"
	"bytes"
)

// Malformed behaviours: an answer that is whole and quick but wrong.
const (
	// InvalidUTF8 sends a well-formed answer whose token holds bytes that
	// are not UTF-8.
	InvalidUTF8 Case = "invalid-utf8"
	// WrongContentType sends an HTML login page with 200.
	WrongContentType Case = "wrong-content-type"
	// Truncated sends the first half of a valid answer, with a
	// Content-Length that matches what is sent.
	Truncated Case = "truncated"
	// DeepNesting sends a document nested DeepNestingLevels deep.
	DeepNesting Case = "deep-nesting"
)

// DeepNestingLevels is how deep DeepNesting nests.
const DeepNestingLevels = 100_000

// loginPage is the HTML of WrongContentType.
const loginPage = `<!doctype html><html><head><title>Sign in</title></head><body><form method="post"><input name="user"></form></body></html>`

// deepDocument nests DeepNestingLevels levels: arrays in the token field
// for JSON, elements inside the root for XML.
func deepDocument(profile string) []byte {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	switch profile {
	case "irp":
		w.WriteString(`{"Success":true,"AuthenticationToken":`)
		for i := 0; i < DeepNestingLevels; i++ {
			w.WriteByte('[')
		}
		for i := 0; i < DeepNestingLevels; i++ {
			w.WriteByte(']')
		}
		w.WriteString(`}`)
	default:
		root := "response"
		if profile == "ishare" {
			root = "soap:Envelope"
		}
		w.WriteString(`<?xml version="1.0" encoding="utf-8"?><` + root)
		if profile == "ishare" {
			w.WriteString(` xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"`)
		}
		w.WriteString(`>`)
		for i := 0; i < DeepNestingLevels; i++ {
			w.WriteString("<a>")
		}
		for i := 0; i < DeepNestingLevels; i++ {
			w.WriteString("</a>")
		}
		w.WriteString("</" + root + ">")
	}
	_ = w.Flush()
	return b.Bytes()
}
