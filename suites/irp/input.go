package irp

import (
	"strings"

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/suites/framework"
)

// Bad input gets a documented error answer (which code is the ERR specs'
// business), never a crash and never a token.
var _ = framework.Describe(profile, "bad input", func() {
	framework.It("IRP-INPUT-001", func() {
		c := specClient()
		long := strings.Repeat("A", 4096)
		for _, in := range []struct {
			what, path string
			fields     client.Fields
		}{
			{"an Authenticate with 4 KiB APIKey, TimeStamp and Signature", client.AuthenticatePath, client.AuthenticateFields("K"+long, "2"+long, "s"+long)},
			{"a CheckTokenTime with 4 KiB AuthenticationToken, TimeStamp and Signature", client.CheckTokenTimePath, client.CheckTokenTimeFields("T"+long, "2"+long, "s"+long)},
		} {
			r, err := c.SendFields(framework.Ctx(), in.path, c.Encoding, in.fields)
			wantDocumentedError(r, err, in.what)
		}
	})

	framework.It("IRP-INPUT-002", func() {
		c := specClient()
		a := mustAccount(0)
		now := specNow()
		auth := client.SignedAuthenticateFields(a.Key, a.Secret, now)
		chk := client.SignedCheckTokenTimeFields("authprobe"+randomWord(23), a.Secret, now)
		for _, in := range []struct {
			what, path string
			enc        client.Encoding
			fields     client.Fields
		}{
			{"an Authenticate whose APIKey is a JSON object", client.AuthenticatePath, client.JSON, auth.WithRaw(client.FieldAPIKey, `{"key":"`+a.Key+`"}`)},
			{"an Authenticate whose TimeStamp is a JSON array", client.AuthenticatePath, client.JSON, auth.WithRaw(client.FieldTimeStamp, `["2018-10-01","15:10:54"]`)},
			{"an Authenticate whose TimeStamp is a JSON number", client.AuthenticatePath, client.JSON, auth.WithRaw(client.FieldTimeStamp, `20181001151054`)},
			{"a CheckTokenTime whose Signature is a JSON number (the seed's decimal example)", client.CheckTokenTimePath, client.JSON, chk.WithRaw(client.FieldSignature, `1615814919621920710221623417615224420914820125013020012150`)},
			{"an Authenticate whose APIKey is a JSON boolean", client.AuthenticatePath, client.JSON, auth.WithRaw(client.FieldAPIKey, `true`)},
			{"a CheckTokenTime whose AuthenticationToken is a JSON object", client.CheckTokenTimePath, client.JSON, chk.WithRaw(client.FieldAuthenticationToken, `{"token":null}`)},
			{"an Authenticate whose APIKey has control and non-ASCII characters", client.AuthenticatePath, client.Form, auth.With(client.FieldAPIKey, "k\u00ebj\x01\x7f\u202e\u0430"+strings.Repeat("x", 25))},
			{"an Authenticate whose TimeStamp is an impossible date", client.AuthenticatePath, client.Form, auth.With(client.FieldTimeStamp, "2018-02-30 25:61:61")},
		} {
			r, err := c.SendFields(framework.Ctx(), in.path, in.enc, in.fields)
			wantDocumentedError(r, err, in.what)
		}
	})

	framework.It("IRP-INPUT-003", func() {
		c := specClient()
		a := mustAccount(0)
		form := string(client.SignedAuthenticateFields(a.Key, a.Secret, specNow()).Encode(client.Form))
		for _, in := range []struct {
			what, body, contentType string
		}{
			{"an Authenticate whose JSON body is cut short", `{"APIKey":"` + a.Key + `","TimeStamp":`, client.ContentTypeJSON},
			{"an Authenticate whose JSON body is an array", `[{"APIKey":"` + a.Key + `"}]`, client.ContentTypeJSON},
			{"an Authenticate whose JSON body is a string", `"APIKey=` + a.Key + `"`, client.ContentTypeJSON},
			{"an Authenticate whose form body has broken %-escapes", "APIKey=%zz&" + form + "&Signature=%4", client.ContentTypeForm},
			{"a CheckTokenTime whose JSON body is cut short", `{"AuthenticationToken":`, client.ContentTypeJSON},
		} {
			path := client.AuthenticatePath
			if strings.HasPrefix(in.what, "a CheckTokenTime") {
				path = client.CheckTokenTimePath
			}
			r, err := c.Send(framework.Ctx(), path, []byte(in.body), in.contentType)
			if r != nil && r.Exchange != nil {
				r.Exchange.AddSecrets(a.Key)
			}
			wantDocumentedError(r, err, in.what)
		}
	})
})
