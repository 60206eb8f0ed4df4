package irp

// The documented message codes the server answers with.
const (
	codeTokenExpired    = 1000
	codeTimestampWindow = 2001
	codeNoKeyForToken   = 2002
	codeBadSignature    = 2003
	codeRequired        = 2004
	codeTooShort        = 2005
	codeTooLong         = 2006
	codeWrongType       = 2007
	codeUnreadable      = 2010
	codeKeyInactive     = 2011
	codeIPNotPermitted  = 2013
	codeUnknownKey      = 2014
)

// The documented request field names, as messages name them.
const (
	fieldAPIKey    = "APIKey"
	fieldTimeStamp = "TimeStamp"
	fieldSignature = "Signature"
	fieldToken     = "AuthenticationToken"
	fieldBody      = "Body" // 2010 names the body, which holds no field
)

// texts are each code's message text: the vendor's, in its
// capitalisation ("Value Is Shorter Than The Minimum Length"), and
// message-texts' other words, in lower case ("value is too short").
var texts = map[int]struct{ vendor, other string }{
	codeTokenExpired:    {"Authentication Token Has Just Expired", "the authentication token has expired"},
	codeTimestampWindow: {"TimeStamp Is Not Within Permitted Timespan", "timestamp outside the allowed window"},
	codeNoKeyForToken:   {"No API Key Associated With The Token", "no API key is associated with this token"},
	codeBadSignature:    {"Could Not Authenticate Signature", "signature could not be authenticated"},
	codeRequired:        {"Required Value Not Present", "a required value is missing"},
	codeTooShort:        {"Value Is Shorter Than The Minimum Length", "value is too short"},
	codeTooLong:         {"Value Is Longer Than The Maximum Length", "value is too long"},
	codeWrongType:       {"Value Could Not Be Converted To Required Type", "value has the wrong type"},
	codeUnreadable:      {"Error Reading The Values", "the request values could not be read"},
	codeKeyInactive:     {"API Key Is Not Active", "API key is not active"},
	codeIPNotPermitted:  {"IP Address Is Not Permitted To Use API Key", "this IP address may not use the API key"},
	codeUnknownKey:      {"The Provided API Key Does Not Exist", "API key does not exist"},
}

// messageText is a code's text, the vendor's or (other) message-texts'.
func messageText(code int, other bool) string {
	if other {
		return texts[code].other
	}
	return texts[code].vendor
}

// message is one entry of an error answer.
type message struct {
	code  int
	field string
}

// otherFieldName is how message-texts names a field ("" for the body,
// which it does not name).
func otherFieldName(field string) string {
	switch field {
	case fieldAPIKey:
		return "apiKey"
	case fieldTimeStamp:
		return "Timestamp"
	case fieldSignature:
		return "signature"
	case fieldToken:
		return "authenticationToken"
	}
	return ""
}
