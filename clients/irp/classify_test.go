package irp

import (
	"strconv"
	"testing"
)

// classifyByParse is Classify's definition written with the full parser.
func classifyByParse(status int, body []byte) (bool, string) {
	r, err := parseBody(body)
	if err != nil {
		return false, ClassMalformed
	}
	ok2xx := status >= 200 && status < 300
	switch {
	case ok2xx && r.Issued():
		return true, ""
	case len(r.Messages) > 0:
		return false, strconv.Itoa(r.Messages[0].Code)
	case !ok2xx:
		return false, "http-" + strconv.Itoa(status)
	}
	return false, ClassNoCode
}

var classifyCases = []struct {
	status int
	body   string
	issued bool
	code   string
}{
	{200, `{"AuthenticationToken":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq","Messages":[],"Success":true,"Signature":"80","TimeStamp":"x"}`, true, ""},
	{200, `{"AuthenticationToken":"t","Messages":[{"Code":2999,"Message":"careful"}],"Success":"Warning"}`, true, ""},
	{200, `{"AuthenticationToken":"","Messages":[],"Success":true}`, false, ClassNoCode},
	{200, `{"AuthenticationToken":null,"Success":true}`, false, ClassNoCode},
	{200, `{"Success":true}`, false, ClassNoCode},
	{200, `{"AuthenticationToken":"t","Messages":[{"Code":2003,"Message":"x"}],"Success":false}`, false, "2003"},
	{200, `{"Messages":[{"Code":2004,"Message":"a"},{"Code":2007,"Message":"b"}],"Success":false,"Signature":null}`, false, "2004"},
	{200, `{"Messages":[{"Code":"1000"}],"Success":"False"}`, false, "1000"},
	{200, `{"Messages":[{"Code":77}],"Success":false}`, false, "77"},
	{500, `{"Messages":[{"Code":2010,"Message":"x"}],"Success":false}`, false, "2010"},
	{500, `{"AuthenticationToken":"t","Messages":[],"Success":true}`, false, "http-500"},
	{200, `{"Success":false}`, false, ClassNoCode},
	{200, `{"success":TRUE}`, false, ClassMalformed},
	{200, `{"success":true,"authenticationtoken":"t"}`, true, ""},
	{200, ` { "Success" : true , "AuthenticationToken" : "t" , "Other" : {"Success":false,"x":[1,{"y":"}"}]} } `, true, ""},
	{200, `{"Success":true,"Success":false,"AuthenticationToken":"t"}`, false, ClassNoCode},
	{200, `{"Success":false,"Success":true,"AuthenticationToken":"t"}`, true, ""},
	{200, `{"Succ\u0065ss":true,"AuthenticationToken":"t"}`, true, ""},
	{200, `{"Success":true,"AuthenticationToken":"\u0000"}`, true, ""},
	{200, `{"Messages":[{"Code":2001,"Code":2003}],"Success":false}`, false, "2003"},
	{200, `{"Messages":[{"Code":2001},{"Message":"no code"}],"Success":false}`, false, ClassMalformed},
	{200, `<html>`, false, ClassMalformed},
	{200, ``, false, ClassMalformed},
}

func TestClassify(t *testing.T) {
	for _, tc := range classifyCases {
		issued, code := Classify(tc.status, []byte(tc.body))
		if issued != tc.issued || code != tc.code {
			t.Errorf("Classify(%d, %s) = %v, %q; want %v, %q", tc.status, tc.body, issued, code, tc.issued, tc.code)
		}
		pi, pc := classifyByParse(tc.status, []byte(tc.body))
		if pi != issued || pc != code {
			t.Errorf("Classify and the parser disagree on %s: %v %q vs %v %q", tc.body, issued, code, pi, pc)
		}
	}
}

func TestClassifyIsCheap(t *testing.T) {
	ok := []byte(`{"AuthenticationToken":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq","Messages":[],"Success":true,"Signature":"80dbc28a0b835306471d06b20f2165155e68d9c3","TimeStamp":"2018-10-16 14:24:46.8838787Z"}`)
	bad := []byte(`{"Messages":[{"Code":2003,"Message":"Could Not Authenticate Signature.(Parameter=Signature)"}],"Success":false,"Signature":null,"TimeStamp":"2018-10-16 14:27:31.5523349Z"}`)
	budget := 0.0
	if raceEnabled {
		budget = 1 // json.Valid's pooled scanner, see raceEnabled
	}
	for _, b := range [][]byte{ok, bad} {
		if n := testing.AllocsPerRun(100, func() { Classify(200, b) }); n > budget {
			t.Errorf("Classify allocates %v times on %s", n, b)
		}
	}
}

func BenchmarkClassify(b *testing.B) {
	body := []byte(`{"AuthenticationToken":"poIx6a6wYCQJPdDcBbUs2cApYjU0aQFq","Messages":[],"Success":true,"Signature":"80dbc28a0b835306471d06b20f2165155e68d9c3","TimeStamp":"2018-10-16 14:24:46.8838787Z"}`)
	b.ReportAllocs()
	for b.Loop() {
		Classify(200, body)
	}
}

func FuzzClassify(f *testing.F) {
	for _, tc := range classifyCases {
		f.Add(tc.status, []byte(tc.body))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		issued, code := Classify(status, body)
		pi, pc := classifyByParse(status, body)
		if issued != pi || code != pc {
			t.Fatalf("Classify(%d, %q) = %v %q, parser says %v %q", status, body, issued, code, pi, pc)
		}
	})
}
