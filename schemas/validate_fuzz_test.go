package schemas

import (
	"strings"
	"testing"
)

// FuzzValidate throws arbitrary bodies at every embedded schema, JSON
// Schema and XSD (libxml2) alike: nothing panics or hangs, a refusal is a
// *Violation, and no document with a DOCTYPE or an encoding other than
// UTF-8 ever reaches libxml2 as valid.
func FuzzValidate(f *testing.F) {
	f.Add(uint8(0), []byte(`{"AuthenticationToken":"poIx","Messages":[],"Success":true,"Signature":"80db","TimeStamp":"2018-10-16 14:24:46.8838787Z"}`))
	f.Add(uint8(1), []byte(`<?xml version="1.0" encoding="utf-8"?><response api_method="/session/login"><status>SUCCESS</status><api_tx_number>1</api_tx_number><response_name_value><session_key>k</session_key></response_name_value><timestamp>2024-01-02 03:04:05</timestamp></response>`))
	f.Add(uint8(2), []byte(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><response>&b;</response>`))
	f.Add(uint8(3), []byte(`<?xml version="1.0" encoding="UTF-7"?>+ADw-response+AD4-`))
	f.Add(uint8(4), []byte("\xff\xfe<\x00r\x00"))
	f.Add(uint8(5), []byte(`{"salt":"bx2244Wk8w2tOFAF6dISjw=="}`))
	f.Add(uint8(6), []byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`))
	names := Names()
	f.Fuzz(func(t *testing.T, pick uint8, body []byte) {
		name := names[int(pick)%len(names)]
		err := Validate(name, body)
		if err == nil {
			s := string(body)
			if strings.HasSuffix(name, ".xsd") && (strings.Contains(s, "<!DOCTYPE") || strings.Contains(s, "<!ENTITY")) {
				t.Fatalf("%s accepted a DTD: %q", name, body)
			}
			return
		}
		if _, ok := err.(*Violation); !ok {
			t.Fatalf("%s: refused with %T %v, want a *Violation", name, err, err)
		}
	})
}
