// Package xmltext escapes text for XML documents built by hand on hot paths
// (the SOAP envelopes of the iShare client and reference server).
package xmltext

import (
	"unicode/utf8"
)

// AppendEscaped appends s to dst as XML character data, usable in attribute
// values too: the five markup characters and CR, LF and tab become
// references (a parser would turn literal white space in an attribute into
// blanks), and whatever XML 1.0 cannot carry (control characters, invalid
// UTF-8) becomes U+FFFD.
func AppendEscaped(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'' {
			i++
			continue
		}
		var repl string
		width := 1
		switch c {
		case '&':
			repl = "&amp;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		case '"':
			repl = "&#34;"
		case '\'':
			repl = "&#39;"
		case '\r':
			repl = "&#xD;"
		case '\n':
			repl = "&#xA;"
		case '\t':
			repl = "&#x9;"
		default:
			var r rune
			r, width = utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError && xmlChar(r) {
				i += width
				continue
			}
			if r == utf8.RuneError && width == 3 {
				// A literal U+FFFD in the input is valid: keep it.
				i += width
				continue
			}
			repl = "\uFFFD"
		}
		dst = append(dst, s[start:i]...)
		dst = append(dst, repl...)
		i += width
		start = i
	}
	return append(dst, s[start:]...)
}

// xmlChar reports whether r is allowed in an XML 1.0 document.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}
