package ishare

import (
	"strings"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/internal/encoding/xmltext"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// The dialects of the iShare reference server: legal variations of every
// choice the vendor's page and profiles.md leave open. Each can be turned
// on alone or all at once ("ishare:all"); the specs must pass them all.
const (
	DialectPrefixes         = "prefixes"
	DialectUnqualified      = "unqualified-children"
	DialectPrettyXML        = "pretty-xml"
	DialectGETRootMethod    = "get-root-method"
	DialectBareResults      = "bare-results"
	DialectBodyDispatch     = "body-dispatch"
	DialectRefusalCodes     = "refusal-codes"
	DialectTypedValues      = "typed-values"
	DialectFaults400        = "faults-400"
	DialectPlain4xx         = "plain-4xx"
	DialectExtras           = "extras"
	DialectElementOrder     = "element-order"
	DialectKeyFormat        = "key-format"
	DialectOtherNamespace   = "other-namespace"
	DialectSlidingExpiry    = "sliding-expiry"
	DialectSchedulesElement = "schedules-element"
	DialectSOAP11Only       = "soap11-only"
)

// otherNamespace is the payload namespace DialectOtherNamespace uses (no
// trailing slash, so the SOAPAction is namespace + "/" + method).
const otherNamespace = "http://www.astuntechnology.com/webservices/MyAlerts"

// Dialects lists every dialect of the iShare reference server.
var Dialects = []refkit.Dialect{
	{Name: DialectPrefixes, Varies: "answers use prefixes everywhere: s:Envelope/s:Body (as WCF writes), tns: on the payload and each of its elements, no default namespace"},
	{Name: DialectUnqualified, Varies: "the payload's children are unqualified (the wrapper is tns:-prefixed, its children in no namespace) and the WSDL says elementFormDefault=\"unqualified\" (requests' parameters are read unqualified, as that WSDL asks, or qualified)"},
	{Name: DialectPrettyXML, Varies: "answers are indented with CRLF line breaks, attributes single-quoted, without an XML declaration"},
	{Name: DialectGETRootMethod, Varies: "the HTTP-GET binding's answers are rooted at <CreateSessionKeyResult>/<GetUserScheduleResult> (named after the method, as the seed's Syntax block) instead of the .NET type, and the WSDL's HttpGet output declares that element"},
	{Name: DialectBareResults, Varies: "SOAP answers carry the result bare in the soap:Body (<CreateSessionKeyResult>, document/literal bare) without a <CreateSessionKeyResponse> wrapper, as the WSDL's SoapOut part declares"},
	{Name: DialectBodyDispatch, Varies: "SOAP calls are routed by the body's element; the SOAPAction (or SOAP 1.2 action) is not checked"},
	{Name: DialectRefusalCodes, Varies: "a missing, empty or blank parameter is refused with 1024 Client authentication failed (CreateSessionKey) or 1001 Invalid Session key provided (GetUserSchedule) instead of 1023; a ClientId that is not an integer in the HTTP-GET binding gets 1001"},
	{Name: DialectTypedValues, Varies: "Success is written 1/0 and Error/Code carries xsi:type=\"xsd:int\" (the vendor types Code as an int on one page)"},
	{Name: DialectFaults400, Varies: "soap:Client (SOAP 1.2 soap:Sender) faults come with HTTP 400 instead of 500"},
	{Name: DialectPlain4xx, Varies: "a POST with a non-SOAP media type gets 415 and a request the SOAP layer cannot read gets 400, each with a short text/plain body instead of a soap:Fault"},
	{Name: DialectExtras, Varies: "answers carry extra headers (an ASP.NET_SessionId cookie, X-AspNet-Version, X-Powered-By), a soap:Header with an element of another namespace, and an extra result element (declared in the WSDL)"},
	{Name: DialectElementOrder, Varies: "result elements come in another order: Success before Error, SessionKey before ClientId, LastRun first in a schedule definition"},
	{Name: DialectKeyFormat, Varies: "SessionKeys are 32 upper-case hexadecimal digits (128 random bits) instead of GUIDs"},
	{Name: DialectOtherNamespace, Varies: "the WSDL targetNamespace, payload namespace and SOAPAction base is " + otherNamespace + " (the namespace setting)",
		Settings: map[string]string{client.SettingNamespace: otherNamespace}},
	{Name: DialectSlidingExpiry, Varies: "a GetUserSchedule with a live key restarts its lifetime (an idle lifetime instead of one counted from CreateSessionKey)"},
	{Name: DialectSOAP11Only, Varies: "SOAP 1.1 only (profiles.md: SOAP 1.1, and 1.2 where cheap): a SOAP 1.2 request gets HTTP 415 with a SOAP 1.1 fault, and the WSDL declares no SOAP 1.2 binding"},
	{Name: DialectSchedulesElement, Varies: "the schedule list element is <Schedules> instead of <UserSchedule> (profiles.md names only the definitions), in the answers and the WSDL"},
}

// style is how a server writes its answers: the choices its dialects make.
type style struct {
	env         string // envelope prefix, "soap" or "s"
	rootPrefix  string // the payload root's prefix with colon, "" for a default namespace
	childPrefix string // the payload children's prefix with colon ("" for default or no namespace)
	pretty      bool
	indent      [maxIndent]string // the line break and indentation by depth, when pretty
	quote       string            // attribute quote
	decl        string            // XML declaration ("" for none)
	typed       bool
	extras      bool
	order       bool
	getRoot     bool // HTTP-GET roots named after the method
	bare        bool
	unqualified bool
	soap11Only  bool
	listName    string
}

// newStyle reads the dialects that shape answers.
func newStyle(d refkit.DialectSet) style {
	st := style{env: "soap", quote: `"`, decl: xmlDecl, listName: "UserSchedule"}
	if d.Has(DialectPrefixes) {
		st.env, st.rootPrefix, st.childPrefix = "s", "tns:", "tns:"
	}
	if d.Has(DialectUnqualified) {
		st.rootPrefix, st.childPrefix, st.unqualified = "tns:", "", true
	}
	if d.Has(DialectPrettyXML) {
		st.pretty, st.quote, st.decl = true, `'`, ""
		for i := range st.indent {
			st.indent[i] = "\r\n" + strings.Repeat("  ", i)
		}
	}
	st.typed = d.Has(DialectTypedValues)
	st.extras = d.Has(DialectExtras)
	st.order = d.Has(DialectElementOrder)
	st.getRoot = d.Has(DialectGETRootMethod)
	st.bare = d.Has(DialectBareResults)
	st.soap11Only = d.Has(DialectSOAP11Only)
	if d.Has(DialectSchedulesElement) {
		st.listName = "Schedules"
	}
	return st
}

// attr writes ` name="value"` in the style's quotes (value escaped).
func (st *style) attr(name, value string) string {
	return " " + name + "=" + st.quote + string(xmltext.AppendEscaped(nil, value)) + st.quote
}

// maxIndent bounds the depths whose indentation is written once, in
// newStyle: answers are at most 7 levels deep.
const maxIndent = 8

// nl is the line break and indentation before an element at depth (pretty
// answers only).
func (st *style) nl(depth int) string {
	if !st.pretty {
		return ""
	}
	if depth < maxIndent {
		return st.indent[depth]
	}
	return "\r\n" + strings.Repeat("  ", depth)
}

// getRootName is the root element of a method's HTTP-GET answer.
func (st *style) getRootName(op *operation) string {
	if st.getRoot {
		return op.name + "Result"
	}
	return op.resultType
}

// soapOutName is the element a method's SOAP answer carries in the
// soap:Body: the <method>Response wrapper, or the bare result
// (DialectBareResults).
func (st *style) soapOutName(op *operation) string {
	if st.bare {
		return op.name + "Result"
	}
	return op.name + "Response"
}

// payloadDecl declares the payload namespace on the payload root.
func (st *style) payloadDecl(ns string) string {
	if st.rootPrefix != "" {
		return st.attr("xmlns:"+strings.TrimSuffix(st.rootPrefix, ":"), ns)
	}
	return st.attr("xmlns", ns)
}
