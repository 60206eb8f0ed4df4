package ishare

import (
	"fmt"

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/schemas"
)

// The framework checks every SOAP answer against its envelope schema
// (profile.go). The method's result inside the soap:Body, and the HTTP-GET
// binding's bare documents, are checked here, on every answer the specs
// read, against createsessionkey.xsd or getuserschedule.xsd - on the
// client's canonical copy of the result (client.SessionKeyResult.Canonical):
// its documented elements only, so that prefixes, qualification, element
// order, the result's name and extra elements, which the vendor leaves to
// the server, never reach the schema.

// payloadSchemas are the schemas of the methods' canonical copies.
var payloadSchemas = map[string]string{
	client.MethodCreateSessionKey: schemaCreateSessionKey,
	client.MethodGetUserSchedule:  schemaGetUserSchedule,
}

// checkPayload validates the canonical copy of method's result; a nil copy
// (a fault: no result) is not checked.
func checkPayload(method string, canon []byte) error {
	if canon == nil {
		return nil
	}
	schema := payloadSchemas[method]
	if err := schemas.Validate(schema, canon); err != nil {
		return fmt.Errorf("the result does not match %s (checked on a canonical copy: %s): %w", schema, canon, err)
	}
	return nil
}
