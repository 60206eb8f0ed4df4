package ishare

import (
	"bytes"
	"net/http"
	"strconv"
)

// CodeMalformed is what Classify returns for an HTTP 200 answer it cannot
// read a code from.
const CodeMalformed = "malformed"

// Classify is the load runner's cheap check of a CreateSessionKey answer
// (SOAP or HTTP-GET binding), without a full XML parse. issued is true only
// when Success is true and a non-empty SessionKey came. Otherwise code is
// the Error/Code ("1024"), CodeSOAPFault for a soap:Fault, "http-<status>"
// for a non-200 answer with neither, or CodeMalformed.
func Classify(status int, body []byte) (issued bool, code string) {
	if v, ok := elementText(body, "Success"); ok {
		v = bytes.TrimSpace(v)
		if bytes.Equal(v, []byte("true")) || bytes.Equal(v, []byte("1")) {
			if k, ok := elementText(body, "SessionKey"); ok && len(bytes.TrimSpace(k)) > 0 {
				return true, ""
			}
		}
	}
	if _, ok := elementText(body, "Fault"); ok {
		return false, CodeSOAPFault
	}
	if v, ok := elementText(body, "Code"); ok {
		if v = bytes.TrimSpace(v); len(v) > 0 {
			return false, string(v)
		}
	}
	if status != http.StatusOK {
		return false, "http-" + strconv.Itoa(status)
	}
	return false, CodeMalformed
}

// elementText finds the first start tag of name (unprefixed or with any
// prefix, with or without attributes) and returns the text up to the next
// markup; a self-closing tag has empty text.
func elementText(body []byte, name string) ([]byte, bool) {
	for i := 0; ; {
		j := bytes.Index(body[i:], []byte(name))
		if j < 0 {
			return nil, false
		}
		pos := i + j
		i = pos + len(name)
		if !startTagAt(body, pos) || i >= len(body) {
			continue
		}
		switch body[i] {
		case '>':
			text := body[i+1:]
			if k := bytes.IndexByte(text, '<'); k >= 0 {
				text = text[:k]
			}
			return text, true
		case '/':
			return nil, true
		case ' ', '\t', '\r', '\n':
			gt := bytes.IndexByte(body[i:], '>')
			if gt < 0 {
				return nil, false
			}
			if body[i+gt-1] == '/' {
				return nil, true
			}
			text := body[i+gt+1:]
			if k := bytes.IndexByte(text, '<'); k >= 0 {
				text = text[:k]
			}
			return text, true
		}
	}
}

// startTagAt reports whether the name at pos is the name of a start tag:
// preceded by '<' or by "<prefix:".
func startTagAt(body []byte, pos int) bool {
	k := pos - 1
	if k < 0 {
		return false
	}
	if body[k] == ':' {
		k--
		for k >= 0 && isNameByte(body[k]) {
			k--
		}
		if k < 0 || k == pos-2 {
			return false
		}
	}
	return body[k] == '<'
}

func isNameByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
