package videntity

import (
	"encoding/xml"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/authprobe/authprobe/internal/encoding/xmltext"
)

func TestParseForm(t *testing.T) {
	cases := []struct {
		body string
		want form
		ok   bool
	}{
		{"username=foobar&password=Ry5NvPAbceAS123&account_number=210983749212839",
			form{username: "foobar", password: "Ry5NvPAbceAS123", accountNumber: "210983749212839"}, true},
		{"session_key=a%2Bb+c&session_key=second", form{sessionKey: "a+b c"}, true},
		{"session_key=&session_key=x", form{sessionKey: "x"}, true},
		{"=x&&username&password=", form{}, true},
		{"user+name=x&us%65rname=y", form{username: "y"}, true},
		{"a=b;session_key=c", form{}, true},
		{"session_key=%", form{}, false},
		{"session_key=%g0", form{}, false},
		{"junk=%1", form{}, false},
		{"%zz=1", form{}, false},
	}
	for _, c := range cases {
		var f form
		ok := parseForm([]byte(c.body), &f)
		if ok != c.ok || (ok && f != c.want) {
			t.Errorf("parseForm(%q) = %+v, %v; want %+v, %v", c.body, f, ok, c.want, c.ok)
		}
		if _, err := url.ParseQuery(c.body); !strings.Contains(c.body, ";") && (err == nil) != c.ok {
			t.Errorf("parseForm(%q) disagrees with url.ParseQuery (%v) on validity", c.body, err)
		}
	}
}

func TestIsFormType(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/x-www-form-urlencoded":                true,
		"APPLICATION/X-WWW-FORM-URLENCODED; charset=utf-8": true,
		"application/x-www-form-urlencoded\t;x=y":          true,
		"application/x-www-form-urlencodedx":               false,
		"application/x-www-form":                           false,
		"multipart/form-data":                              false,
		"":                                                 false,
	} {
		if got := isFormType(ct); got != want {
			t.Errorf("isFormType(%q) = %v", ct, got)
		}
	}
}

func TestAppendEscapedIsWellFormedXML(t *testing.T) {
	inputs := []string{"plain", `<&>"'`, "tab\tnl\ncr\r", "nul\x00bell\x07", "bad\xffutf8\xc3", "ünï\uFFFE\uFFFF😀", "]]>"}
	for _, in := range inputs {
		esc := string(xmltext.AppendEscaped(nil, in))
		if !utf8.ValidString(esc) {
			t.Errorf("escape of %q is not UTF-8: %q", in, esc)
		}
		doc := `<r a="` + esc + `">` + esc + `</r>`
		var v struct {
			A    string `xml:"a,attr"`
			Text string `xml:",chardata"`
		}
		if err := xml.Unmarshal([]byte(doc), &v); err != nil {
			t.Errorf("escape of %q is not well-formed: %v (%q)", in, err, doc)
			continue
		}
		if v.A != v.Text {
			t.Errorf("attribute %q and text %q differ for %q", v.A, v.Text, in)
		}
		if utf8.ValidString(in) && !strings.ContainsAny(in, "\x00\x07\uFFFE\uFFFF") && v.Text != in {
			t.Errorf("valid text %q did not round-trip: %q", in, v.Text)
		}
	}
}
