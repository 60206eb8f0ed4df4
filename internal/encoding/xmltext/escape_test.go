package xmltext

import (
	"encoding/xml"
	"testing"
)

func TestAppendEscaped(t *testing.T) {
	cases := map[string]string{
		"plain":         "plain",
		`a&b<c>d"e'f`:   "a&amp;b&lt;c&gt;d&#34;e&#39;f",
		"cr\rlf\ntab\t": "cr&#xD;lf&#xA;tab&#x9;",
		"bell\x07":      "bell\uFFFD",
		"bad\xffutf8":   "bad\uFFFDutf8",
		"keep\uFFFD":    "keep\uFFFD",
		"ünïcødé €":     "ünïcødé €",
	}
	for in, want := range cases {
		if got := string(AppendEscaped(nil, in)); got != want {
			t.Errorf("AppendEscaped(%q) = %q, want %q", in, got, want)
		}
	}
}

// An escaped value reads back unchanged from an attribute as from an
// element, white space included.
func TestAppendEscapedRoundTripsInAttributes(t *testing.T) {
	for _, in := range []string{"a\tb\nc\r\nd", `q"uo'te & <tag>`, "ünï €"} {
		doc := `<e a="` + string(AppendEscaped(nil, in)) + `">` + string(AppendEscaped(nil, in)) + `</e>`
		var v struct {
			A    string `xml:"a,attr"`
			Text string `xml:",chardata"`
		}
		if err := xml.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		if v.A != in || v.Text != in {
			t.Errorf("%q read back as attribute %q and text %q", in, v.A, v.Text)
		}
	}
}

func FuzzAppendEscapedIsWellFormed(f *testing.F) {
	f.Add("a&b<c")
	f.Add("\x00\xff")
	f.Fuzz(func(t *testing.T, s string) {
		out := string(AppendEscaped(nil, s))
		for _, bad := range []string{"<", ">", "\x00"} {
			for i := 0; i < len(out); i++ {
				if out[i:i+1] == bad {
					t.Fatalf("escaped %q still contains %q: %q", s, bad, out)
				}
			}
		}
	})
}
