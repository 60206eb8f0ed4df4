package videntity

import (
	"fmt"
	"strconv"

	"github.com/onsi/gomega/types"

	"github.com/authprobe/authprobe/suites/framework"
)

// beError matches the documented error number with its documented name
// (profiles.md: "1 AUTHENTICATION_ERROR", "2 SESSION_DOES_NOT_EXIST", …),
// in the documented shape, issuing nothing.
func beError(number int) types.GomegaMatcher {
	name := errorName(number)
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
