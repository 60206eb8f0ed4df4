package irp

import (
	"testing"

	client "github.com/authprobe/authprobe/clients/irp"
)

// fastCases are answers issuedFast must judge (want) — and, whatever it
// says, clients/irp.Classify is the reference: issuedFast may only say
// true where Classify says a token was issued.
var fastCases = []struct {
	name   string
	status int
	body   string
	want   bool
}{
	{"reference success", 200, `{"AuthenticationToken":"abcdefabcdefabcdefabcdefabcdef12","Messages":null,"Success":true,"Signature":null,"TimeStamp":"2018-10-16 14:24:46.8838787Z"}`, true},
	{"spaces and other order", 200, " {\n \"Success\" : true ,\t\"AuthenticationToken\" : \"t0k\" } \r\n", true},
	{"success warning string", 201, `{"AuthenticationToken":"t","Success":"Warning"}`, true},
	{"success True string", 200, `{"AuthenticationToken":"t","Success":"True","MinutesRemaining":"20"}`, true},
	{"lower-case keys", 200, `{"authenticationtoken":"t","success":true}`, true},
	{"extra plain fields", 200, `{"AuthenticationToken":"t","Success":true,"Version":"2","Beta":false}`, true},
	{"non-2xx", 503, `{"AuthenticationToken":"t","Success":true}`, false},
	{"success false", 200, `{"AuthenticationToken":"t","Success":false}`, false},
	{"success null", 200, `{"AuthenticationToken":"t","Success":null}`, false},
	{"no success", 200, `{"AuthenticationToken":"t"}`, false},
	{"empty token", 200, `{"AuthenticationToken":"","Success":true}`, false},
	{"null token", 200, `{"AuthenticationToken":null,"Success":true}`, false},
	{"number token", 200, `{"AuthenticationToken":12,"Success":true}`, false},
	{"duplicate token", 200, `{"AuthenticationToken":"t","AuthenticationToken":"","Success":true}`, false},
	{"duplicate success", 200, `{"AuthenticationToken":"t","Success":true,"success":false}`, false},
	{"messages array", 200, `{"AuthenticationToken":"t","Success":true,"Messages":[{"Code":2003,"Message":"x"}]}`, false},
	{"escaped token", 200, `{"AuthenticationToken":"t\u0041","Success":true}`, false},
	{"non-ASCII key", 200, `{"AuthenticationToken":"t","ſuccess":true}`, false},
	{"nested value", 200, `{"AuthenticationToken":"t","Success":true,"Data":{"a":1}}`, false},
	{"number value", 200, `{"AuthenticationToken":"t","Success":true,"Version":2}`, false},
	{"trailing comma", 200, `{"AuthenticationToken":"t","Success":true,}`, false},
	{"missing comma", 200, `{"AuthenticationToken":"t" "Success":true}`, false},
	{"trailing garbage", 200, `{"AuthenticationToken":"t","Success":true}x`, false},
	{"two objects", 200, `{"AuthenticationToken":"t","Success":true}{}`, false},
	{"truncated", 200, `{"AuthenticationToken":"t","Success":true`, false},
	{"truncated literal", 200, `{"AuthenticationToken":"t","Success":tru`, false},
	{"signature number", 200, `{"AuthenticationToken":"t","Success":true,"Signature":5}`, false},
	{"signature false", 200, `{"AuthenticationToken":"t","Success":true,"Signature":false}`, false},
	{"array", 200, `[{"AuthenticationToken":"t","Success":true}]`, false},
	{"empty object", 200, `{}`, false},
	{"empty", 200, ``, false},
	{"control byte in string", 200, "{\"AuthenticationToken\":\"t\x01\",\"Success\":true}", false},
}

func TestIssuedFast(t *testing.T) {
	for _, c := range fastCases {
		got := issuedFast(c.status, []byte(c.body))
		if got != c.want {
			t.Errorf("%s: issuedFast = %v, want %v", c.name, got, c.want)
		}
		issued, code := client.Classify(c.status, []byte(c.body))
		if got && (!issued || code != "") {
			t.Errorf("%s: issuedFast says issued, Classify says %v %q", c.name, issued, code)
		}
		if c.want != issued && c.want {
			t.Errorf("%s: case wants issued but Classify says %v %q", c.name, issued, code)
		}
	}
}

// FuzzIssuedFast: issuedFast never says a token was issued where the full
// classification does not.
func FuzzIssuedFast(f *testing.F) {
	for _, c := range fastCases {
		f.Add(c.status, []byte(c.body))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if !issuedFast(status, body) {
			return
		}
		if issued, code := client.Classify(status, body); !issued || code != "" {
			t.Fatalf("issuedFast(%d, %q) = true, Classify = %v %q", status, body, issued, code)
		}
	})
}

func BenchmarkClassifySuccess(b *testing.B) {
	body := []byte(fastCases[0].body)
	b.ReportAllocs()
	for b.Loop() {
		if ok, _ := (Judge{}).Classify(200, body); !ok {
			b.Fatal("not issued")
		}
	}
}
