package irp

import (
	"regexp"
)

// situationMediaType is the observation of the form answers come in. The
// vendor states no media type; its jQuery example calls JSON.parse on what
// $.post hands its success function, which is the JSON text only when
// jQuery did not parse the answer itself. Every form below is legal (the
// client reads them all); the observation tells a tester which one the
// target chose and what it means for the seed's example.
const situationMediaType = "media type of an Authenticate answer (the seed's jQuery example calls JSON.parse(data))"

// jqueryJSON is how jQuery 3 recognises a JSON answer when no dataType is
// given (its "contents" table: json: /\bjson\b/).
var jqueryJSON = regexp.MustCompile(`\bjson\b`)

// mediaForm describes the answer's media type and body form, and what
// jQuery makes of it.
func mediaForm(r *reply) string {
	if r == nil || r.Answer == nil || r.Exchange == nil || r.R == nil {
		return ""
	}
	ct := r.ContentType()
	if ct == "" {
		ct = "no Content-Type"
	}
	switch {
	case r.R.DoubleEncoded && jqueryJSON.MatchString(ct):
		return ct + ": a JSON string holding the JSON text (jQuery parses it to the text; JSON.parse(data) works)"
	case r.R.DoubleEncoded:
		return ct + ": a JSON string holding the JSON text (jQuery hands over the string; JSON.parse(data) gives the text, not the object)"
	case jqueryJSON.MatchString(ct):
		return ct + ": JSON text (jQuery parses it itself; the seed's JSON.parse(data) throws)"
	default:
		return ct + ": JSON text (jQuery hands it over as text; JSON.parse(data) works)"
	}
}
