package ishare

import "strings"

// operation is one web method of Users.asmx.
type operation struct {
	// name is the method name, e.g. "CreateSessionKey".
	name string
	// params are the parameter names in WSDL order (at most maxParams).
	params []string
	// resultType is the type name the HTTP-GET binding uses as the root
	// element of its answer, e.g. "SessionKeyResult".
	resultType string
	// index is the operation's position in operations.
	index int
}

const maxParams = 3

var (
	opCreateSessionKey = &operation{name: "CreateSessionKey", params: []string{"Username", "Password", "Key"}, resultType: "SessionKeyResult", index: 0}
	opGetUserSchedule  = &operation{name: "GetUserSchedule", params: []string{"ClientId", "SessionKey"}, resultType: "UserScheduleResult", index: 1}
	operations         = [...]*operation{opCreateSessionKey, opGetUserSchedule}
)

// lookupOperation finds a method by its exact name (SOAP element names are
// case-sensitive).
func lookupOperation(name string) *operation {
	for _, op := range operations {
		if op.name == name {
			return op
		}
	}
	return nil
}

// lookupOperationBytes is lookupOperation for a name in the input buffer.
func lookupOperationBytes(name []byte) *operation {
	for _, op := range operations {
		if op.name == string(name) {
			return op
		}
	}
	return nil
}

// lookupOperationFold finds a method by name, ignoring case (an HTTP-GET
// binding path under IIS).
func lookupOperationFold(name string) *operation {
	for _, op := range operations {
		if strings.EqualFold(op.name, name) {
			return op
		}
	}
	return nil
}

// param returns the index of a parameter name, or -1.
func (op *operation) param(name string) int {
	for i, p := range op.params {
		if p == name {
			return i
		}
	}
	return -1
}

// paramBytes is param for a name in the input buffer.
func (op *operation) paramBytes(name []byte) int {
	for i, p := range op.params {
		if p == string(name) {
			return i
		}
	}
	return -1
}

// args are the parameter values of one call, indexed like op.params. A
// parameter that is absent, empty or xsi:nil is "": the methods treat all
// three alike (1023 Required fields incomplete).
type args struct {
	values [maxParams]string
}

// set records a parameter value.
func (a *args) set(i int, v string) { a.values[i] = v }

// complete reports whether the first n parameters are all non-blank.
func (a *args) complete(n int) bool {
	for i := 0; i < n; i++ {
		if strings.TrimSpace(a.values[i]) == "" {
			return false
		}
	}
	return true
}

// actionFor is the SOAPAction of a method, as .NET derives it: the
// namespace, a slash unless it already ends with one, the method name.
func actionFor(ns, method string) string {
	if strings.HasSuffix(ns, "/") {
		return ns + method
	}
	return ns + "/" + method
}
