package ishare

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's DSL reads best unqualified
	"github.com/onsi/gomega/types"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/clients/wire"
	"github.com/authprobe/authprobe/suites/framework"
)

// api is the spec kit's view of the ishare profile.
var api = framework.API[*client.Client]{Profile: profile, NewClient: newClient}

// newClient builds the API client of t: its base URL, HTTP client, body
// cap, and the path, namespace, soap_version and http_get_root settings.
func newClient(t *framework.Target) (*client.Client, error) {
	c := client.New(t.BaseURL(), t.HTTP)
	c.MaxBody = t.MaxBody
	applied := map[string]string{}
	for _, k := range []string{client.SettingPath, client.SettingNamespace, client.SettingSOAPVersion, client.PinHTTPGetRoot} {
		if v := t.Setting(k); v != "" {
			applied[k] = v
		}
	}
	if err := c.Configure(applied); err != nil {
		return nil, err
	}
	// Where the target describes itself, the specs follow the description
	// (parameter form, HTTP-GET roots) instead of assuming, as suds does.
	if w := description(t, c); w != nil {
		c.Follow(w)
	}
	return c, nil
}

// descriptions caches, per target, what the target's WSDL says (nil when
// it has no readable WSDL).
var descriptions sync.Map // *framework.Target -> *client.WSDLInfo

// description reads the target's WSDL once per run: where the target
// describes itself, the specs follow the description instead of assuming -
// as suds, the seed's client, does. The exchange is not the spec's
// evidence: the WSDL itself is ISHARE-WSDL-001's business.
func description(t *framework.Target, c *client.Client) *client.WSDLInfo {
	if v, ok := descriptions.Load(t); ok {
		w, _ := v.(*client.WSDLInfo)
		return w
	}
	var w *client.WSDLInfo
	if info, err := c.WSDL(context.Background()); err == nil {
		w = info
	}
	v, _ := descriptions.LoadOrStore(t, w)
	w, _ = v.(*client.WSDLInfo)
	return w
}

// namespace is the payload namespace of c.
func namespace(c *client.Client) string {
	if c.Namespace == "" {
		return client.DefaultNamespace
	}
	return c.Namespace
}

// servicePath is c's service path.
func servicePath(c *client.Client) string {
	if c.Path == "" {
		return client.DefaultPath
	}
	return c.Path
}

// getPath is the HTTP-GET binding path of method under c's service path.
func getPath(c *client.Client, method string) string {
	return servicePath(c) + "/" + method
}

// getClient is api.Client() for the HTTP-GET binding specs (its answers'
// roots: the http_get_root pin, else the ones the target's WSDL declares,
// else either name the vendor's page allows - CreateSessionKeyResult,
// SessionKeyResult). The spec is SKIPPED when http_get is false.
func getClient() *client.Client {
	GinkgoHelper()
	framework.Need(api.Target().Bool(client.SettingHTTPGet), "http_get is false: the target does not answer the ASMX HTTP-GET binding")
	return api.Client()
}

// --- answers: what the kit's matchers judge --------------------------------

// result is what the adapters need of a client result.
type result struct {
	success bool
	err     *client.Error
	fault   *client.Fault
	x       *wire.Exchange
	token   string
	canon   []byte // the result's canonical copy (schema.go)
}

// answer turns one client call into a framework.Answer. A result is OK when
// Success is true; refused when Success is false with a documented code
// (profiles.md lists 1001, 1019, 1021-1024), or when the SOAP layer
// refused the request with a soap:Fault that blames it (soap:Client,
// soap:Sender, soap:VersionMismatch, an application code - any status). A
// soap:Server (SOAP 1.2 soap:Receiver) fault is the server failing: no
// documented answer. The result's documented elements are schema-checked
// (schema.go); a violation is no documented answer either.
func answer(what, op, method string, r *result, err error) *framework.Answer {
	if err != nil {
		return framework.NewAnswer(what, op, nil, err)
	}
	a := framework.NewAnswer(what, op, r.x, nil)
	if r.fault != nil {
		a.Shape = shapeFault
		a.Codes = []string{r.fault.Local()}
		a.Message = r.fault.String
		if r.fault.BlamesServer() {
			a.Err = fmt.Errorf("a %s fault: the server failed (%q), it did not refuse the request", r.fault.Code, r.fault.String)
			return a
		}
		a.Refused = true
		return a
	}
	if v := checkPayload(method, r.canon); v != nil {
		a.Err = v
		return a
	}
	if r.success {
		a.OK, a.Token = true, r.token
		return a
	}
	a.Shape = "result"
	a.Codes = []string{r.err.Code}
	a.Message = r.err.Description
	if !client.Documented(r.err.Code) {
		a.Err = fmt.Errorf("Success false with Error/Code %q, which no vendor page documents (documented: %s)", r.err.Code, strings.Join(client.DocumentedCodes(), ", "))
		return a
	}
	a.Refused = true
	return a
}

// keyAnswer is the Answer of a CreateSessionKey call (SOAP or HTTP-GET).
func keyAnswer(what, op string, r *client.SessionKeyResult, err error) *framework.Answer {
	var res *result
	if err == nil {
		res = &result{success: r.Success, err: r.Error, fault: r.Fault, x: r.Exchange, token: r.SessionKey, canon: r.Canonical()}
	}
	return answer(what, op, client.MethodCreateSessionKey, res, err)
}

// scheduleAnswer is the Answer of a GetUserSchedule call.
func scheduleAnswer(what, op string, r *client.ScheduleResult, err error) *framework.Answer {
	var res *result
	if err == nil {
		res = &result{success: r.Success, err: r.Error, fault: r.Fault, x: r.Exchange, canon: r.Canonical()}
	}
	return answer(what, op, client.MethodGetUserSchedule, res, err)
}

// --- calls ---------------------------------------------------------------

// session is an issued key with its answer.
type session struct {
	clientID int
	key      string
	r        *client.SessionKeyResult
}

// login calls CreateSessionKey with a's credentials.
func login(c *client.Client, a framework.Account, what string) (*framework.Answer, *client.SessionKeyResult) {
	return loginCtx(framework.Ctx(), c, a, what)
}

func loginCtx(ctx context.Context, c *client.Client, a framework.Account, what string) (*framework.Answer, *client.SessionKeyResult) {
	r, err := c.CreateSessionKey(ctx, a.Get(client.CredUsername), a.Get(client.CredPassword), a.Get(client.CredKey))
	return keyAnswer(what, client.OpCreateSessionKey, r, err), r
}

// mustLogin logs a in and fails the spec unless a key is issued.
func mustLogin(c *client.Client, a framework.Account, what string) session {
	GinkgoHelper()
	ans, r := login(c, a, what)
	Expect(ans).To(framework.HaveIssuedToken())
	return session{clientID: r.ClientID, key: r.SessionKey, r: r}
}

// loginStep is mustLogin for timeline steps, which must not call Gomega.
func loginStep(ctx context.Context, c *client.Client, a framework.Account) (session, error) {
	ans, r := loginCtx(ctx, c, a, "CreateSessionKey with the configured credentials")
	if err := ans.TokenErr(); err != nil {
		return session{}, err
	}
	return session{clientID: r.ClientID, key: r.SessionKey, r: r}, nil
}

// schedule calls GetUserSchedule over SOAP.
func schedule(ctx context.Context, c *client.Client, clientID int, key, what string) (*framework.Answer, *client.ScheduleResult) {
	r, err := c.GetUserSchedule(ctx, clientID, key)
	return scheduleAnswer(what, client.OpGetUserSchedule, r, err), r
}

// send sends a raw request with c.Send (pathQuery "" is the service path)
// and reads the answer with parse; op names it for the schema check.
func send[R any](c *client.Client, method, pathQuery string, body []byte, header http.Header, parse func(*wire.Exchange) (R, error)) (op string, r R, err error) {
	x, err := c.Send(framework.Ctx(), method, pathQuery, body, header)
	if err == nil {
		r, err = parse(x)
	}
	return client.OpSend + method + " " + cmp.Or(pathQuery, servicePath(c)), r, err
}

// sendKey posts a raw body with header to the service and reads the
// answer as CreateSessionKey's (header nil: the method's SOAP headers).
func sendKey(c *client.Client, what string, body []byte, header http.Header) *framework.Answer {
	if header == nil {
		header = c.SOAPHeader(client.MethodCreateSessionKey)
	}
	op, r, err := send(c, http.MethodPost, "", body, header, c.ParseCreateSessionKey)
	return keyAnswer(what, op, r, err)
}

// sendSchedule posts a raw GetUserSchedule body and reads the answer.
func sendSchedule(c *client.Client, what string, body []byte) *framework.Answer {
	op, r, err := send(c, http.MethodPost, "", body, c.SOAPHeader(client.MethodGetUserSchedule), c.ParseGetUserSchedule)
	return scheduleAnswer(what, op, r, err)
}

// getSchedule sends a raw HTTP-GET GetUserSchedule with query and reads
// the answer.
func getSchedule(c *client.Client, what string, query url.Values) *framework.Answer {
	op, r, err := send(c, http.MethodGet, getPath(c, client.MethodGetUserSchedule)+"?"+query.Encode(), nil, nil, c.ParseGetUserScheduleGET)
	return scheduleAnswer(what, op, r, err)
}

// keyParams are the CreateSessionKey parameters of a, in WSDL order.
func keyParams(a framework.Account) []client.Param {
	return []client.Param{
		{Name: "Username", Value: a.Get(client.CredUsername)},
		{Name: "Password", Value: a.Get(client.CredPassword)},
		{Name: "Key", Value: a.Get(client.CredKey)},
	}
}

// --- matchers ------------------------------------------------------------

// shapeFault is the Answer.Shape of a soap:Fault.
const shapeFault = "soap:Fault"

// beTurnedAwayBySOAP is framework.BeTurnedAway for a request the SOAP
// layer cannot hand to a method (unreadable XML, another media type, a
// mistyped parameter): no documented error exists for it, and SOAP's
// answer to a request it cannot process is a soap:Fault - so any
// soap:Fault, whatever its code and status, is accepted too; a 5xx that is
// not one (an HTML error page, a text) is a crash. status is a pin.
func beTurnedAwayBySOAP(status []string) types.GomegaMatcher {
	turnedAway := framework.BeTurnedAway(status, nil)
	return framework.Matcher("be turned away: a soap:Fault blaming the request, a documented refusal or a 4xx, never a token and never a crash", func(a *framework.Answer) (bool, string) {
		if a.Shape == shapeFault && a.Token == "" && !a.OK && (len(status) == 0 || slices.Contains(status, strconv.Itoa(a.Status()))) {
			return true, ""
		}
		ok, _ := turnedAway.Match(a)
		return ok, ""
	})
}

// --- values ----------------------------------------------------------------

// randomHex returns n random hexadecimal digits.
func randomHex(n int) string {
	b := make([]byte, (n+1)/2)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)[:n]
}

// neverIssuedKey is a GUID-shaped key that no server has issued.
func neverIssuedKey() string {
	h := randomHex(32)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

// wrongPassword is a's password with a suffix, so certainly wrong.
func wrongPassword(a framework.Account) framework.Account {
	return a.With(client.CredPassword, a.Get(client.CredPassword)+"-authprobe-wrong")
}

// wrongKey is a with its Key's last character changed.
func wrongKey(a framework.Account) framework.Account {
	k := []byte(a.Get(client.CredKey))
	if k[len(k)-1] == '0' {
		k[len(k)-1] = '1'
	} else {
		k[len(k)-1] = '0'
	}
	return a.With(client.CredKey, string(k))
}

// unknownUser is a with a Username no client has.
func unknownUser(a framework.Account) framework.Account {
	return a.With(client.CredUsername, "authprobe-nouser-"+framework.RandomWord(10))
}
