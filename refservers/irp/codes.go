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
