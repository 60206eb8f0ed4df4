package videntity

import (
	"strings"

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/refservers/refkit"
)

// Dialect names. Each makes one choice the vendor's page and
// shared/profiles.md leave open differently from the server's default;
// all can be on at once (of the key formats, the first in keyDialects
// that is on wins).
const (
	DialectWrongMethod405      = "wrong-method-405"
	DialectContentType415      = "wrong-content-type-415"
	DialectMalformedForm400    = "malformed-form-400"
	DialectErrorStatus400      = "errors-http-400"
	DialectHexKeys             = "hex-keys"
	DialectGUIDKeys            = "guid-keys"
	DialectBase64Keys          = "base64-keys"
	DialectXMLLayout           = "xml-layout"
	DialectNoDeclaration       = "no-xml-declaration"
	DialectByteOrderMark       = "byte-order-mark"
	DialectElementOrder        = "element-order"
	DialectExtras              = "extras"
	DialectAPIMethodPaths      = "api-method-paths"
	DialectSeedShape           = "seed-shape"
	DialectRandomTx            = "random-tx-numbers"
	DialectExpiredPurgeOnReply = "expired-purged-on-answer"
	DialectExpiredLogoutOK     = "expired-logout-success"
	DialectTextStyle           = "text-style"
	DialectOneSession          = "one-session-per-user"
)

// Dialects lists every legal variation the Videntity reference server can
// speak.
var Dialects = []refkit.Dialect{
	{Name: DialectWrongMethod405, Varies: "a method other than POST is answered HTTP 405 Method Not Allowed with Allow: POST and an empty body, instead of error 11 in XML"},
	{Name: DialectContentType415, Varies: "a body that is not application/x-www-form-urlencoded is answered HTTP 415 text/plain, instead of error 11 in XML"},
	{Name: DialectMalformedForm400, Varies: "a form body with a broken %-escape is answered HTTP 400 with the XML error 11, instead of HTTP 200"},
	{Name: DialectErrorStatus400, Varies: "documented errors come with HTTP 400 instead of 200 (profiles.md: a setting)",
		Settings: map[string]string{client.SettingErrorHTTPStatus: "400"}},
	{Name: DialectHexKeys, Varies: "session keys are 16 lower-case hex digits: exactly 64 random bits, the floor of profiles.md"},
	{Name: DialectGUIDKeys, Varies: "session keys are upper-case version 4 GUIDs (122 random bits, hyphens, a fixed version digit); wins over hex-keys"},
	{Name: DialectBase64Keys, Varies: "session keys are 32 random bytes in standard Base64: 44 characters with +, / and a final =; wins over the other key formats"},
	{Name: DialectXMLLayout, Varies: "answers use single-quoted attributes, two-space indentation and CRLF line ends"},
	{Name: DialectNoDeclaration, Varies: "answers have no <?xml …?> declaration"},
	{Name: DialectByteOrderMark, Varies: "answers start with a UTF-8 byte order mark and declare encoding=\"UTF-8\" standalone=\"yes\""},
	{Name: DialectElementOrder, Varies: "elements in another order: <timestamp> first, then <status> and <api_tx_number>, then the rest reversed (response_name_value before detail, error_detail before error_number)"},
	{Name: DialectExtras, Varies: "extra attributes (version) and elements (<server_id>, <expires_in> beside the session key), and extra headers (Set-Cookie, X-Request-Id, Cache-Control no-store, no-cache, must-revalidate, private); Content-Type application/xml; charset=UTF-8"},
	{Name: DialectAPIMethodPaths, Varies: "api_method is the path called (\"/sessions/login\"), and a login error says \"/user/login\" as the vendor's example does"},
	{Name: DialectSeedShape, Varies: "SUCCESS answers carry no <detail> (the vendor's own example has none), and ping and logout SUCCESS answers no <response_name_value>"},
	{Name: DialectRandomTx, Varies: "api_tx_number is a random 20-digit number (beyond 64-bit integers) instead of a counter"},
	{Name: DialectExpiredPurgeOnReply, Varies: "an expired key is answered error 3 once and purged right away, so later calls with it answer error 2 (\"or 2 once purged\")"},
	{Name: DialectExpiredLogoutOK, Varies: "a logout with an expired key deletes it and answers SUCCESS (\"good housekeeping\") instead of error 3"},
	{Name: DialectOneSession, Varies: "a login ends the account's earlier session: one live key per user (the texts say nothing of concurrent sessions)"},
	{Name: DialectTextStyle, Varies: "the detail and error_detail texts are capitalised and end with a full stop (\"You logged in successfully.\", \"Username, password or account_number is incorrect.\")"},
}

// dialects are the dialects read once at start.
type dialects struct {
	method405, type415, form400, errors400              bool
	xmlLayout, noDeclaration, bom, elementOrder, extras bool
	apiMethodPaths, seedShape, randomTx, purgeOnReply   bool
	expiredLogoutOK, textStyle, oneSession              bool
}

func readDialects(s refkit.DialectSet) dialects {
	return dialects{
		method405:       s.Has(DialectWrongMethod405),
		type415:         s.Has(DialectContentType415),
		form400:         s.Has(DialectMalformedForm400),
		errors400:       s.Has(DialectErrorStatus400),
		xmlLayout:       s.Has(DialectXMLLayout),
		noDeclaration:   s.Has(DialectNoDeclaration),
		bom:             s.Has(DialectByteOrderMark),
		elementOrder:    s.Has(DialectElementOrder),
		extras:          s.Has(DialectExtras),
		apiMethodPaths:  s.Has(DialectAPIMethodPaths),
		seedShape:       s.Has(DialectSeedShape),
		randomTx:        s.Has(DialectRandomTx),
		purgeOnReply:    s.Has(DialectExpiredPurgeOnReply),
		expiredLogoutOK: s.Has(DialectExpiredLogoutOK),
		textStyle:       s.Has(DialectTextStyle),
		oneSession:      s.Has(DialectOneSession),
	}
}

// keyDialects are the key format dialects and the keys each issues, in
// their precedence when several are on.
var keyDialects = []struct {
	name   string
	tokens func() refkit.TokenSource
}{
	{DialectBase64Keys, func() refkit.TokenSource { return refkit.TokenFunc(base64Key) }},
	{DialectGUIDKeys, func() refkit.TokenSource {
		g := refkit.RandomTokens(refkit.GUID, 36)
		return refkit.TokenFunc(func() string { return strings.ToUpper(g.Token()) })
	}},
	{DialectHexKeys, func() refkit.TokenSource { return refkit.RandomTokens(refkit.Hex, 16) }},
}
