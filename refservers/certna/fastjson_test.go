package certna

import (
	"encoding/json"
	"testing"
)

var fastCases = []struct {
	body     string
	ok       bool
	user, pw string
}{
	{`{"user_name":"sample1","password":"aaMxaqZ6LNnqgK9GA+T3fzAhQzbTLreo2bPl1kqK/9U="}`, true, "sample1", "aaMxaqZ6LNnqgK9GA+T3fzAhQzbTLreo2bPl1kqK/9U="},
	{" \n{ \"password\" : \"p\" ,\t\"user_name\" : \"Tïtle\" } \r\n", true, "Tïtle", "p"},
	{`{}`, true, "", ""},
	{`{"user_name":"u"}`, true, "u", ""},
	{`{"user_name":""}`, true, "", ""},
	{`{"user_name":"a\"b","password":"p"}`, false, "", ""},    // escape: encoding/json decides
	{`{"user_name":"a\u0041","password":"p"}`, false, "", ""}, // escape
	{"{\"user_name\":\"a\tb\",\"password\":\"p\"}", false, "", ""},
	{"{\"user_name\":\"\xff\",\"password\":\"p\"}", false, "", ""}, // invalid UTF-8: replaced by encoding/json
	{`{"USER_NAME":"u","password":"p"}`, false, "", ""},            // case-folded key
	{`{"user_name":"u","user_name":"v"}`, false, "", ""},           // duplicate key
	{`{"user_name":"u","password":"p","extra":"x"}`, false, "", ""},
	{`{"user_name":1,"password":"p"}`, false, "", ""},
	{`{"user_name":null}`, false, "", ""},
	{`{"user_name":"u",}`, false, "", ""},
	{`{"user_name":"u"} x`, false, "", ""},
	{`{"user_name":"u"`, false, "", ""},
	{`{"user_name" "u"}`, false, "", ""},
	{`{"user_name":"u" "password":"p"}`, false, "", ""},
	{`{"user_name`, false, "", ""},
	{`[]`, false, "", ""},
	{``, false, "", ""},
	{`{`, false, "", ""},
}

func TestParseLoginFast(t *testing.T) {
	for _, tc := range fastCases {
		in, ok := parseLoginFast([]byte(tc.body))
		if ok != tc.ok || in.UserName != tc.user || in.Password != tc.pw {
			t.Errorf("parseLoginFast(%q) = %+v, %v; want %q %q %v", tc.body, in, ok, tc.user, tc.pw, tc.ok)
		}
	}
	body := []byte(fastCases[0].body)
	if allocs := testing.AllocsPerRun(100, func() { parseLoginFast(body) }); allocs > 2 {
		t.Errorf("parseLoginFast allocates %.0f times, want at most the two strings", allocs)
	}
}

// FuzzParseLoginFast: whatever the fast path accepts, encoding/json
// accepts with the same result.
func FuzzParseLoginFast(f *testing.F) {
	for _, tc := range fastCases {
		f.Add(tc.body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		fast, ok := parseLoginFast([]byte(body))
		if !ok {
			return
		}
		var slow loginBody
		if err := json.Unmarshal([]byte(body), &slow); err != nil {
			t.Fatalf("fast path accepted %q, encoding/json refuses it: %v", body, err)
		}
		if fast != slow {
			t.Fatalf("%q: fast %+v, encoding/json %+v", body, fast, slow)
		}
	})
}
