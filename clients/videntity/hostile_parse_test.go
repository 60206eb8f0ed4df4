package videntity

import (
	"errors"
	"strings"
	"testing"

	"github.com/authprobe/authprobe/clients/wire"
)

// Hostile answers are refused with an error that names the cause: a DTD
// (billion laughs, XXE) and nesting far beyond the documented shape.
func TestHostileAnswersNameTheirCause(t *testing.T) {
	lol := `<?xml version="1.0"?><!DOCTYPE response [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;">]><response><status>&lol1;</status></response>`
	xxe := `<?xml version="1.0"?><!DOCTYPE response [<!ENTITY xxe SYSTEM "http://127.0.0.1:1/xxe">]><response><status>SUCCESS</status><response_name_value><session_key>&xxe;</session_key></response_name_value></response>`
	deep := `<response><status>SUCCESS</status>` + strings.Repeat("<a>", 10000) + strings.Repeat("</a>", 10000) + `</response>`
	cases := []struct {
		name, body, want string
	}{
		{"billion laughs", lol, "XML entity expansion refused"},
		{"external entity", xxe, "XML entity expansion refused"},
		{"deep nesting", deep, "XML nesting deeper than 32 levels refused"},
	}
	for _, c := range cases {
		_, err := ParseLogin(exchange(200, "text/xml", c.body))
		if wire.KindOf(err) != wire.KindMalformed || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want a malformed error naming %q", c.name, err, c.want)
		}
	}
	if err := checkDepth([]byte(lol)); !errors.Is(err, ErrDoctype) {
		t.Errorf("checkDepth(DTD) = %v, want ErrDoctype", err)
	}
	// The documented shapes stay well inside the limit.
	ok := `<response api_method="/session/login"><status>SUCCESS</status><response_name_value><session_key>k</session_key></response_name_value></response>`
	if r, err := ParseLogin(exchange(200, "text/xml", ok)); err != nil || r.SessionKey != "k" {
		t.Fatalf("documented answer refused: %v", err)
	}
}
