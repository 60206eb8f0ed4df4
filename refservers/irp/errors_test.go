package irp_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	irpc "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// TestEveryDocumentedErrorCode drives each code through the client, in
// both encodings.
func TestEveryDocumentedErrorCode(t *testing.T) {
	type tc struct {
		name   string
		path   string
		fields func(e *env) irpc.Fields
		want   []string
	}
	auth := irpc.AuthenticatePath
	chk := irpc.CheckTokenTimePath
	key31 := demo(0).APIKey[:31]
	unknown := strings.Repeat("Q", 32)
	cases := []tc{
		{"2004 APIKey missing", auth, func(e *env) irpc.Fields { return e.authFields(0).Without(irpc.FieldAPIKey) }, []string{"2004/APIKey"}},
		{"2004 APIKey blank", auth, func(e *env) irpc.Fields { return e.authFields(0).With(irpc.FieldAPIKey, "   ") }, []string{"2004/APIKey"}},
		{"2004 TimeStamp missing", auth, func(e *env) irpc.Fields { return e.authFields(0).Without(irpc.FieldTimeStamp) }, []string{"2004/TimeStamp"}},
		{"2004 Signature empty", auth, func(e *env) irpc.Fields { return e.authFields(0).With(irpc.FieldSignature, "") }, []string{"2004/Signature"}},
		{"2004 every field", auth, func(e *env) irpc.Fields { return irpc.Fields{} }, []string{"2004/APIKey", "2004/TimeStamp", "2004/Signature"}},
		{"2004 token missing", chk, func(e *env) irpc.Fields {
			return irpc.SignedCheckTokenTimeFields("x", e.main.SharedSecret, e.clk.Now()).Without(irpc.FieldAuthenticationToken)
		}, []string{"2004/AuthenticationToken"}},
		{"2005 APIKey 31 characters", auth, func(e *env) irpc.Fields {
			return irpc.SignedAuthenticateFields(key31, e.main.SharedSecret, e.clk.Now())
		}, []string{"2005/APIKey"}},
		{"2006 APIKey 33 characters", auth, func(e *env) irpc.Fields {
			return irpc.SignedAuthenticateFields(e.main.APIKey+"x", e.main.SharedSecret, e.clk.Now())
		}, []string{"2006/APIKey"}},
		{"2005 and 2007 together", auth, func(e *env) irpc.Fields {
			return e.authFields(0).With(irpc.FieldAPIKey, "abc").With(irpc.FieldTimeStamp, "now")
		}, []string{"2005/APIKey", "2007/TimeStamp"}},
		{"2007 ISO TimeStamp", auth, func(e *env) irpc.Fields {
			return e.authFields(0).With(irpc.FieldTimeStamp, e.clk.Now().Format("2006-01-02T15:04:05"))
		}, []string{"2007/TimeStamp"}},
		{"2007 TimeStamp with fraction", auth, func(e *env) irpc.Fields {
			return e.authFields(0).With(irpc.FieldTimeStamp, e.clk.Now().Format("2006-01-02 15:04:05.000"))
		}, []string{"2007/TimeStamp"}},
		{"2007 day-first TimeStamp", auth, func(e *env) irpc.Fields {
			return e.authFields(0).With(irpc.FieldTimeStamp, e.clk.Now().Format("02/01/2006 15:04:05"))
		}, []string{"2007/TimeStamp"}},
		{"2007 impossible date", auth, func(e *env) irpc.Fields { return e.authFields(0).With(irpc.FieldTimeStamp, "2018-02-30 10:00:00") }, []string{"2007/TimeStamp"}},
		{"2007 CheckTokenTime TimeStamp", chk, func(e *env) irpc.Fields {
			return irpc.CheckTokenTimeFields("tok", "yesterday", "sig")
		}, []string{"2007/TimeStamp"}},
		{"2014 unknown key", auth, func(e *env) irpc.Fields {
			return irpc.SignedAuthenticateFields(unknown, e.main.SharedSecret, e.clk.Now())
		}, []string{"2014/APIKey"}},
		{"2014 key in another case", auth, func(e *env) irpc.Fields {
			return irpc.SignedAuthenticateFields(strings.ToLower(e.main.APIKey), e.main.SharedSecret, e.clk.Now())
		}, []string{"2014/APIKey"}},
		{"2011 inactive key", auth, func(e *env) irpc.Fields {
			return irpc.SignedAuthenticateFields(demo(3).APIKey, demo(3).SharedSecret, e.clk.Now())
		}, []string{"2011/APIKey"}},
		{"2013 key not for this address", auth, func(e *env) irpc.Fields {
			return irpc.SignedAuthenticateFields(demo(4).APIKey, demo(4).SharedSecret, e.clk.Now())
		}, []string{"2013/APIKey"}},
		{"2001 TimeStamp 3m old", auth, func(e *env) irpc.Fields { return e.authFields(-3 * time.Minute) }, []string{"2001/TimeStamp"}},
		{"2001 TimeStamp 3m ahead", auth, func(e *env) irpc.Fields { return e.authFields(3 * time.Minute) }, []string{"2001/TimeStamp"}},
		{"2003 wrong signature", auth, func(e *env) irpc.Fields {
			return e.authFields(0).With(irpc.FieldSignature, strings.Repeat("0", 40))
		}, []string{"2003/Signature"}},
		{"2003 upper-case hex", auth, func(e *env) irpc.Fields {
			f := e.authFields(0)
			sig, _ := f.Get(irpc.FieldSignature)
			return f.With(irpc.FieldSignature, strings.ToUpper(sig))
		}, []string{"2003/Signature"}},
		{"2003 another account's secret", auth, func(e *env) irpc.Fields {
			return irpc.SignedAuthenticateFields(e.main.APIKey, demo(1).SharedSecret, e.clk.Now())
		}, []string{"2003/Signature"}},
		{"2003 signature of another TimeStamp", auth, func(e *env) irpc.Fields {
			return e.authFields(0).With(irpc.FieldTimeStamp, irpc.FormatTimestamp(e.clk.Now().Add(-time.Minute)))
		}, []string{"2003/Signature"}},
		{"2003 the seed's decimal signature", auth, func(e *env) irpc.Fields {
			return e.authFields(0).With(irpc.FieldSignature, "1615814919621920710221623417615224420914820125013020012150")
		}, []string{"2003/Signature"}},
		{"2002 unknown token", chk, func(e *env) irpc.Fields {
			return irpc.SignedCheckTokenTimeFields(strings.Repeat("z", 32), e.main.SharedSecret, e.clk.Now())
		}, []string{"2002/AuthenticationToken"}},
		{"2003 token signed as a key", chk, func(e *env) irpc.Fields {
			tok := e.login()
			ts := irpc.FormatTimestamp(e.clk.Now())
			return irpc.CheckTokenTimeFields(tok, ts, irpc.Sign(e.main.APIKey, ts, e.main.SharedSecret))
		}, []string{"2003/Signature"}},
		{"2001 CheckTokenTime old TimeStamp", chk, func(e *env) irpc.Fields {
			return irpc.SignedCheckTokenTimeFields(e.login(), e.main.SharedSecret, e.clk.Now().Add(-5*time.Minute))
		}, []string{"2001/TimeStamp"}},
		{"1000 expired token", chk, func(e *env) irpc.Fields {
			tok := e.login()
			e.clk.Advance(5*time.Minute + time.Second)
			return irpc.SignedCheckTokenTimeFields(tok, e.main.SharedSecret, e.clk.Now())
		}, []string{"1000/AuthenticationToken"}},
	}
	for _, enc := range []irpc.Encoding{irpc.Form, irpc.JSON} {
		for _, c := range cases {
			t.Run(enc.String()+"/"+c.name, func(t *testing.T) {
				e := start(t)
				expectError(t, e.send(c.path, enc, c.fields(e)), c.want...)
			})
		}
	}
}

func TestJSONTypeErrors(t *testing.T) {
	e := start(t)
	cases := map[string]struct {
		f    irpc.Fields
		want []string
	}{
		"null key":         {e.authFields(0).WithRaw(irpc.FieldAPIKey, "null"), []string{"2004/APIKey"}},
		"object key":       {e.authFields(0).WithRaw(irpc.FieldAPIKey, `{"a":1}`), []string{"2007/APIKey"}},
		"array TimeStamp":  {e.authFields(0).WithRaw(irpc.FieldTimeStamp, `["2018-10-01 15:10:54"]`), []string{"2007/TimeStamp"}},
		"number TimeStamp": {e.authFields(0).WithRaw(irpc.FieldTimeStamp, `20181001151054`), []string{"2007/TimeStamp"}},
		"number key":       {e.authFields(0).WithRaw(irpc.FieldAPIKey, `12345`), []string{"2005/APIKey"}},
		"bool signature":   {e.authFields(0).WithRaw(irpc.FieldSignature, `true`), []string{"2003/Signature"}},
		"object signature": {e.authFields(0).WithRaw(irpc.FieldSignature, `{}`), []string{"2007/Signature"}},
		"object token": {irpc.SignedCheckTokenTimeFields("t", "s", e.clk.Now()).WithRaw(irpc.FieldAuthenticationToken, `[]`),
			[]string{"2007/AuthenticationToken"}},
	}
	for name, c := range cases {
		path := irpc.AuthenticatePath
		if _, ok := c.f.Get(irpc.FieldAuthenticationToken); ok {
			path = irpc.CheckTokenTimePath
		}
		t.Run(name, func(t *testing.T) { expectError(t, e.send(path, irpc.JSON, c.f), c.want...) })
	}
}

// TestUnreadableBodies: every body that cannot be read is 2010 with HTTP
// 200, never a 5xx.
func TestUnreadableBodies(t *testing.T) {
	e := startWith(t, refkit.Options{MaxBody: 4096})
	good := e.authFields(0)
	huge := good.With("Padding", strings.Repeat("x", 8192))
	cases := []struct {
		name, ct string
		body     []byte
	}{
		{"no content type", "", good.Encode(irpc.Form)},
		{"text/plain", "text/plain", good.Encode(irpc.Form)},
		{"xml", "application/xml", []byte("<Authenticate><APIKey>x</APIKey></Authenticate>")},
		{"multipart", "multipart/form-data; boundary=x", []byte("--x--")},
		{"garbage content type", ";;;==", good.Encode(irpc.Form)},
		{"form sent as json", irpc.ContentTypeJSON, good.Encode(irpc.Form)},
		{"truncated json", irpc.ContentTypeJSON, []byte(`{"APIKey":"abc`)},
		{"json array", irpc.ContentTypeJSON, []byte(`[{"APIKey":"x"}]`)},
		{"json string", irpc.ContentTypeJSON, []byte(`"APIKey"`)},
		{"json null", irpc.ContentTypeJSON, []byte(`null`)},
		{"json trailing garbage", irpc.ContentTypeJSON, append(good.Encode(irpc.JSON), '}')},
		{"bad percent escape", irpc.ContentTypeForm, []byte("APIKey=%zz&TimeStamp=x&Signature=y")},
		{"bad escape in a name", irpc.ContentTypeForm, []byte("API%Key=x")},
		{"binary", "application/octet-stream", []byte{0, 1, 2, 0xff}},
		{"form over the size cap", irpc.ContentTypeForm, huge.Encode(irpc.Form)},
		{"json over the size cap", irpc.ContentTypeJSON, huge.Encode(irpc.JSON)},
	}
	for _, path := range []string{irpc.AuthenticatePath, irpc.CheckTokenTimePath} {
		for _, c := range cases {
			t.Run(path+"/"+c.name, func(t *testing.T) {
				expectError(t, e.raw(path, c.body, c.ct), "2010/Body")
			})
		}
	}
}

func TestEmptyBodiesMissEveryField(t *testing.T) {
	e := start(t)
	for _, ct := range []string{irpc.ContentTypeForm, irpc.ContentTypeJSON} {
		expectError(t, e.raw(irpc.AuthenticatePath, nil, ct), "2004/APIKey", "2004/TimeStamp", "2004/Signature")
		expectError(t, e.raw(irpc.CheckTokenTimePath, []byte("  "), ct), "2004/AuthenticationToken", "2004/TimeStamp", "2004/Signature")
	}
	expectError(t, e.raw(irpc.AuthenticatePath, []byte("{}"), "application/json"), "2004/APIKey", "2004/TimeStamp", "2004/Signature")
	expectError(t, e.raw(irpc.AuthenticatePath, []byte("&&=&"), irpc.ContentTypeForm), "2004/APIKey", "2004/TimeStamp", "2004/Signature")
}

func TestFieldNamesAndPathsIgnoreCase(t *testing.T) {
	e := start(t)
	for _, enc := range []irpc.Encoding{irpc.Form, irpc.JSON} {
		f := e.authFields(0).Renamed(irpc.FieldTimeStamp, "Timestamp").Renamed(irpc.FieldAPIKey, "apikey").Renamed(irpc.FieldSignature, "SIGNATURE")
		for _, path := range []string{irpc.AuthenticatePath, strings.ToLower(irpc.AuthenticatePath), strings.ToUpper(irpc.AuthenticatePath), irpc.AuthenticatePath + "/"} {
			if r := e.send(path, enc, f); !r.Issued() {
				t.Errorf("%s %s: %s", enc, path, r.Exchange.Body)
			}
		}
		tok := e.login()
		cf := irpc.SignedCheckTokenTimeFields(tok, e.main.SharedSecret, e.clk.Now()).Renamed(irpc.FieldAuthenticationToken, "authenticationTOKEN")
		if r := e.send(strings.ToLower(irpc.CheckTokenTimePath), enc, cf); !r.Issued() {
			t.Errorf("%s check: %s", enc, r.Exchange.Body)
		}
	}
	// Unknown fields are ignored; in a form the first of a repeated field
	// counts, in JSON the last.
	f := e.authFields(0)
	if r := e.send(irpc.AuthenticatePath, irpc.Form, append(f, irpc.Field{Name: "APIKey", Value: "later"}, irpc.Field{Name: "Extra", Value: "x"})); !r.Issued() {
		t.Errorf("form with a repeated field: %s", r.Exchange.Body)
	}
	if r := e.send(irpc.AuthenticatePath, irpc.JSON, append(irpc.Fields{{Name: "APIKey", Value: "earlier"}}, f...)); !r.Issued() {
		t.Errorf("json with a repeated field: %s", r.Exchange.Body)
	}
	if r := e.raw(irpc.AuthenticatePath, f.Encode(irpc.Form), "APPLICATION/X-WWW-FORM-URLENCODED"); !r.Issued() {
		t.Errorf("content type case: %s", r.Exchange.Body)
	}
	if r := e.raw(irpc.AuthenticatePath, f.Encode(irpc.JSON), "application/vnd.irp+json"); !r.Issued() {
		t.Errorf("+json content type: %s", r.Exchange.Body)
	}
}

func TestWrongMethodAndPath(t *testing.T) {
	e := start(t)
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		_, err := e.c.SendMethod(e.ctx, m, irpc.AuthenticatePath, nil, "")
		x := exchangeOf(t, err)
		if x.Status != http.StatusMethodNotAllowed || x.Header.Get("Allow") != "POST" || !strings.Contains(string(x.Body), "does not support http method") {
			t.Errorf("%s: %d %v %s", m, x.Status, x.Header, x.Body)
		}
	}
	for _, p := range []string{"/", "/api/v1/Authentication", "/api/v1/Authentication/Authenticate/extra", "/api/v2/Authentication/Authenticate"} {
		_, err := e.c.Send(e.ctx, p, e.authFields(0).Encode(irpc.Form), irpc.ContentTypeForm)
		if x := exchangeOf(t, err); x.Status != http.StatusNotFound {
			t.Errorf("%s: status %d", p, x.Status)
		}
	}
}

// exchangeOf returns the exchange of an answer that is not the documented
// object.
func exchangeOf(t *testing.T, err error) *wire.Exchange {
	t.Helper()
	var we *wire.Error
	if !errorsAs(err, &we) || we.Exchange == nil || we.Kind != wire.KindMalformed {
		t.Fatalf("want a malformed-answer error with its exchange, got %v", err)
	}
	return we.Exchange
}
