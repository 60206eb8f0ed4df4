package irp

import (
	"fmt"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/irp"
	"github.com/authprobe/authprobe/suites/framework"
)

// call is the request of one error-code matrix row.
type call func(c *client.Client, a account, s client.Settings) (*client.Response, error)

// authFields sends Authenticate fields built from a, s and the target's
// time.
func authFields(build func(a account, s client.Settings, now time.Time) client.Fields) call {
	return func(c *client.Client, a account, s client.Settings) (*client.Response, error) {
		return c.SendFields(framework.Ctx(), client.AuthenticatePath, c.Encoding, build(a, s, specNow()))
	}
}

// checkFields sends CheckTokenTime fields built from a and the target's
// time.
func checkFields(build func(a account, now time.Time) client.Fields) call {
	return func(c *client.Client, a account, _ client.Settings) (*client.Response, error) {
		return c.SendFields(framework.Ctx(), client.CheckTokenTimePath, c.Encoding, build(a, specNow()))
	}
}

// keyOfLength returns a's key cut or padded to n characters.
func keyOfLength(a account, n int) string {
	if len(a.Key) >= n {
		return a.Key[:n]
	}
	return a.Key + strings.Repeat("X", n-len(a.Key))
}

// settingKey signs an Authenticate for the key a setting names; the spec
// is SKIPPED when the setting is unset. The key's shared secret is not
// known, so the request is signed with the pool's: the documented order
// checks the key before the signature.
func settingKey(name string, key func(s client.Settings) string) call {
	return func(c *client.Client, a account, s client.Settings) (*client.Response, error) {
		k := key(s)
		if k == "" {
			Skip(fmt.Sprintf("%s is unset: name such an API key of the target in its settings to check this code", name))
		}
		return c.SendFields(framework.Ctx(), client.AuthenticatePath, c.Encoding, client.SignedAuthenticateFields(k, a.Secret, specNow()))
	}
}

// anyField stands for "a field name, whichever" in the matrix (2010 names
// no request field).
const anyField = "*"

var _ = framework.Describe(profile, "documented error codes", func() {
	DescribeTable("code, message and (Parameter=Field)",
		func(do call, want int, field, what string) {
			c := specClient()
			a := mustAccount(0)
			r, err := do(c, a, specSettings())
			noErr(err, what)
			expect(!r.Success.OK(), "%s must answer %d %s; got a success: %s", what, want, client.CodeText(want), describe(r))
			expect(len(r.Messages) == 1 && r.Messages[0].Code == want, "%s must answer exactly one message, code %d (%s); got %s", what, want, client.CodeText(want), describe(r))
			m := r.Messages[0]
			p := m.Parameter()
			switch field {
			case anyField:
				expect(p != "", "the %d message must end with .(Parameter=<Field>) like every error message (seed: \"(Parameter=APIKey)\"); got %q", want, m.Message)
			default:
				expect(p == field, "the %d message to %s must name the field: .(Parameter=%s) (seed: \"Value Is Shorter Than The Minimum Length.(Parameter=APIKey)\"); got %q", want, what, field, m.Message)
			}
			expect(r.Signature == nil, "an error answer must carry \"Signature\":null (seed error example); got %s", sigText(r))
			expect(r.AuthenticationToken == "", "an error answer must carry no AuthenticationToken")
		},
		framework.Entry("IRP-ERR-001", call(func(c *client.Client, a account, _ client.Settings) (*client.Response, error) {
			return c.Authenticate(framework.Ctx(), a.Key, a.Secret, specNow().Add(-time.Hour))
		}), client.CodeTimestampWindow, client.FieldTimeStamp, "an Authenticate with a TimeStamp an hour old"),
		framework.Entry("IRP-ERR-002", call(func(c *client.Client, a account, _ client.Settings) (*client.Response, error) {
			return c.CheckTokenTime(framework.Ctx(), "authprobe"+randomWord(23), a.Secret, specNow())
		}), client.CodeNoKeyForToken, client.FieldAuthenticationToken, "a CheckTokenTime with a token never issued"),
		framework.Entry("IRP-ERR-003", call(func(c *client.Client, a account, _ client.Settings) (*client.Response, error) {
			return c.Authenticate(framework.Ctx(), a.Key, wrongSecret(a), specNow())
		}), client.CodeBadSignature, client.FieldSignature, "an Authenticate signed with a wrong shared secret"),
		framework.Entry("IRP-ERR-004", authFields(func(a account, _ client.Settings, now time.Time) client.Fields {
			return client.SignedAuthenticateFields(a.Key, a.Secret, now).Without(client.FieldAPIKey)
		}), client.CodeRequired, client.FieldAPIKey, "an Authenticate without APIKey"),
		framework.Entry("IRP-ERR-005", checkFields(func(a account, now time.Time) client.Fields {
			return client.SignedCheckTokenTimeFields("authprobe"+randomWord(23), a.Secret, now).Without(client.FieldAuthenticationToken)
		}), client.CodeRequired, client.FieldAuthenticationToken, "a CheckTokenTime without AuthenticationToken"),
		framework.Entry("IRP-ERR-006", authFields(func(a account, s client.Settings, now time.Time) client.Fields {
			return client.SignedAuthenticateFields(keyOfLength(a, s.APIKeyLength-1), a.Secret, now)
		}), client.CodeTooShort, client.FieldAPIKey, "an Authenticate with an APIKey one character short of api_key_length"),
		framework.Entry("IRP-ERR-007", authFields(func(a account, s client.Settings, now time.Time) client.Fields {
			return client.SignedAuthenticateFields(keyOfLength(a, s.APIKeyLength+1), a.Secret, now)
		}), client.CodeTooLong, client.FieldAPIKey, "an Authenticate with an APIKey one character over api_key_length"),
		framework.Entry("IRP-ERR-008", authFields(func(a account, _ client.Settings, now time.Time) client.Fields {
			ts := now.UTC().Format("2006-01-02T15:04:05Z")
			return client.AuthenticateFields(a.Key, ts, client.Sign(a.Key, ts, a.Secret))
		}), client.CodeWrongType, client.FieldTimeStamp, "an Authenticate whose TimeStamp is ISO 8601 (\"2018-10-01T15:10:54Z\") instead of yyyy-MM-dd HH:mm:ss"),
		framework.Entry("IRP-ERR-009", call(func(c *client.Client, a account, _ client.Settings) (*client.Response, error) {
			return c.Send(framework.Ctx(), client.AuthenticatePath, client.SignedAuthenticateFields(a.Key, a.Secret, specNow()).Encode(client.Form), "text/plain")
		}), client.CodeUnreadable, anyField, "an Authenticate whose body is sent as text/plain"),
		framework.Entry("IRP-ERR-010", settingKey(client.SettingInactiveAPIKey, func(s client.Settings) string { return s.InactiveAPIKey }),
			client.CodeKeyInactive, client.FieldAPIKey, "an Authenticate with the inactive API key of inactive_api_key"),
		framework.Entry("IRP-ERR-011", settingKey(client.SettingIPRestrictedAPIKey, func(s client.Settings) string { return s.IPRestrictedAPIKey }),
			client.CodeIPNotPermitted, client.FieldAPIKey, "an Authenticate with the IP-restricted API key of ip_restricted_api_key"),
		framework.Entry("IRP-ERR-012", authFields(func(a account, s client.Settings, now time.Time) client.Fields {
			return client.SignedAuthenticateFields(unknownKey(s.APIKeyLength), a.Secret, now)
		}), client.CodeUnknownKey, client.FieldAPIKey, "an Authenticate with an API key that does not exist"),
	)

	framework.It("IRP-HTTP-001", func() {
		s := specSettings()
		c := specClient()
		a := mustAccount(0)
		now := specNow()
		type row struct {
			what string
			do   func() (*client.Response, error)
		}
		for _, in := range []row{
			{"an Authenticate with an unknown API key (2014)", func() (*client.Response, error) {
				return c.SendFields(framework.Ctx(), client.AuthenticatePath, c.Encoding, client.SignedAuthenticateFields(unknownKey(s.APIKeyLength), a.Secret, now))
			}},
			{"an Authenticate without APIKey (2004)", func() (*client.Response, error) {
				return c.SendFields(framework.Ctx(), client.AuthenticatePath, c.Encoding, client.SignedAuthenticateFields(a.Key, a.Secret, now).Without(client.FieldAPIKey))
			}},
			{"an Authenticate sent as text/plain (2010)", func() (*client.Response, error) {
				return c.Send(framework.Ctx(), client.AuthenticatePath, []byte("APIKey="), "text/plain")
			}},
			{"a CheckTokenTime with a token never issued (2002)", func() (*client.Response, error) {
				return c.CheckTokenTime(framework.Ctx(), "authprobe"+randomWord(23), a.Secret, now)
			}},
		} {
			r, err := in.do()
			noErr(err, in.what)
			expect(!r.Success.OK(), "%s must answer an error; got %s", in.what, describe(r))
			expect(r.Status() == s.ErrorStatus, "documented errors must come with HTTP %d (error_http_status; decided: HTTP 200 with Success false), but %s answered HTTP %d: clients that treat a non-200 as a transport failure never read the documented message",
				s.ErrorStatus, in.what, r.Status())
		}
	})
})
