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

// messageText is each code's text in the vendor's capitalisation
// ("Value Is Shorter Than The Minimum Length").
func messageText(code int) string {
	switch code {
	case codeTokenExpired:
		return "Authentication Token Has Just Expired"
	case codeTimestampWindow:
		return "TimeStamp Is Not Within Permitted Timespan"
	case codeNoKeyForToken:
		return "No API Key Associated With The Token"
	case codeBadSignature:
		return "Could Not Authenticate Signature"
	case codeRequired:
		return "Required Value Not Present"
	case codeTooShort:
		return "Value Is Shorter Than The Minimum Length"
	case codeTooLong:
		return "Value Is Longer Than The Maximum Length"
	case codeWrongType:
		return "Value Could Not Be Converted To Required Type"
	case codeUnreadable:
		return "Error Reading The Values"
	case codeKeyInactive:
		return "API Key Is Not Active"
	case codeIPNotPermitted:
		return "IP Address Is Not Permitted To Use API Key"
	case codeUnknownKey:
		return "The Provided API Key Does Not Exist"
	}
	return "Unknown Error"
}

// message is one entry of an error answer.
type message struct {
	code  int
	field string
}

// otherMessageText is each code's text under message-texts: other words,
// lower case.
func otherMessageText(code int) string {
	switch code {
	case codeTokenExpired:
		return "the authentication token has expired"
	case codeTimestampWindow:
		return "timestamp outside the allowed window"
	case codeNoKeyForToken:
		return "no API key is associated with this token"
	case codeBadSignature:
		return "signature could not be authenticated"
	case codeRequired:
		return "a required value is missing"
	case codeTooShort:
		return "value is too short"
	case codeTooLong:
		return "value is too long"
	case codeWrongType:
		return "value has the wrong type"
	case codeUnreadable:
		return "the request values could not be read"
	case codeKeyInactive:
		return "API key is not active"
	case codeIPNotPermitted:
		return "this IP address may not use the API key"
	case codeUnknownKey:
		return "API key does not exist"
	}
	return "unknown error"
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
