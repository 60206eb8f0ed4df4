package load

import (
	"fmt"
	"net/http"
	"strings"
)

// ExpectToken is the default expectation: a hit succeeds when its answer
// issues a token.
const ExpectToken = "token"

// Judge reads the answers of one API for the load runner: did an answer
// issue a token, and if not, which documented code came back. The packages
// under load/ implement it on their client's Classify.
type Judge interface {
	// Classify says whether an answer issued a token and, if not, which
	// documented code it carried ("2003", "DatabaseError"; "" when none
	// could be read). It is called for every hit and must be cheap.
	Classify(status int, body []byte) (issued bool, code string)
	// Code checks that expect is a documented code of the API and returns
	// it in the form Classify reports it ("1" is reported as
	// "AUTHENTICATION_ERROR").
	Code(expect string) (string, error)
	// Token returns the token an issuing answer carries, for the raw
	// results file (where it is written masked); "" when none.
	Token(status int, header http.Header, body []byte) string
}

// ValidateCode checks expect against documented codes and returns the
// documented spelling; aliases maps other accepted spellings to it.
// Targeters use it to implement Code.
func ValidateCode(profile, expect string, documented []string, aliases map[string]string) (string, error) {
	e := strings.TrimSpace(expect)
	if a, ok := aliases[e]; ok {
		return a, nil
	}
	for _, c := range documented {
		if strings.EqualFold(c, e) {
			return c, nil
		}
	}
	return "", fmt.Errorf("expect %q is not a documented code of %s (documented: %s, or %q)", expect, profile, strings.Join(documented, ", "), ExpectToken)
}
