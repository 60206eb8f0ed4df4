package videntity

import (
	"fmt"
	"strconv"

	"github.com/onsi/gomega/types"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// beError matches the documented error number with its documented name
// (profiles.md: "1 AUTHENTICATION_ERROR", "2 SESSION_DOES_NOT_EXIST", …),
// in the documented shape, issuing nothing.
func beError(number int) types.GomegaMatcher {
	name := client.ErrorNames[number]
	return framework.Matcher(fmt.Sprintf("answer error %d %s", number, name),
		func(a *framework.Answer) (bool, string) {
			if !a.Documented() || !a.Refused || a.OK || a.Token != "" || !a.HasCode(strconv.Itoa(number)) {
				return false, ""
			}
			if !a.HasCode(name) {
				return false, fmt.Sprintf("error %d is documented as %s", number, name)
			}
			return true, ""
		})
}

// nameMethod matches a SUCCESS whose api_method names the method op
// ("login", "ping", "logout") or is its configured path (methodNamed):
// profiles.md gives api_method="/session/…".
func nameMethod(op, path string) types.GomegaMatcher {
	return framework.Matcher(fmt.Sprintf("name the %s method in api_method (profiles.md: api_method=\"/session/…\")", op),
		func(a *framework.Answer) (bool, string) {
			r := response(a)
			if r == nil {
				return false, "no answer the client could read"
			}
			return methodNamed(r.APIMethod, op, path), fmt.Sprintf("api_method is %q", r.APIMethod)
		})
}

// carryKey matches an answer that carries no session_key or carries key:
// the session key is used throughout the interaction.
func carryKey(key string) types.GomegaMatcher {
	return framework.Matcher("carry no other session_key than the one sent", func(a *framework.Answer) (bool, string) {
		r := response(a)
		if r == nil {
			return false, "no answer the client could read"
		}
		return r.SessionKey == "" || r.SessionKey == key, "it carried another key"
	})
}
