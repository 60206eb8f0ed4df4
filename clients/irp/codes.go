package irp

// The documented message codes.
const (
	CodeTokenExpired    = 1000 // Authentication Token has just expired
	CodeTimestampWindow = 2001 // TimeStamp is not within permitted timespan
	CodeNoKeyForToken   = 2002 // No API Key associated with the token
	CodeBadSignature    = 2003 // Could not authenticate Signature
	CodeRequired        = 2004 // Required value not present
	CodeTooShort        = 2005 // Value is shorter than the minimum length
	CodeTooLong         = 2006 // Value is longer than the maximum length
	CodeWrongType       = 2007 // Value could not be converted to required type
	CodeUnreadable      = 2010 // Error reading the values
	CodeKeyInactive     = 2011 // API Key is not active
	CodeIPNotPermitted  = 2013 // IP Address is not permitted to use API Key
	CodeUnknownKey      = 2014 // The provided API Key does not exist
)

// APIKeyLength is the documented length of an API key in characters.
const APIKeyLength = 32

// codeTexts are the documented meanings, as the vendor words them.
var codeTexts = map[int]string{
	CodeTokenExpired:    "Authentication Token has just expired",
	CodeTimestampWindow: "TimeStamp is not within permitted timespan",
	CodeNoKeyForToken:   "No API Key associated with the token",
	CodeBadSignature:    "Could not authenticate Signature",
	CodeRequired:        "Required value not present",
	CodeTooShort:        "Value is shorter than the minimum length",
	CodeTooLong:         "Value is longer than the maximum length",
	CodeWrongType:       "Value could not be converted to required type",
	CodeUnreadable:      "Error reading the values",
	CodeKeyInactive:     "API Key is not active",
	CodeIPNotPermitted:  "IP Address is not permitted to use API Key",
	CodeUnknownKey:      "The provided API Key does not exist",
}

// CodeText returns the documented meaning of a code, or "" for a code the
// vendor does not document.
func CodeText(code int) string { return codeTexts[code] }

// Codes returns every documented code in ascending order.
func Codes() []int {
	return []int{CodeTokenExpired, CodeTimestampWindow, CodeNoKeyForToken, CodeBadSignature,
		CodeRequired, CodeTooShort, CodeTooLong, CodeWrongType, CodeUnreadable,
		CodeKeyInactive, CodeIPNotPermitted, CodeUnknownKey}
}
