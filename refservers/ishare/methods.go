package ishare

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/authprobe/authprobe/refservers/refkit"
)

// The documented error codes and descriptions the reference answers.
const (
	codeInvalidSessionKey = "1001"
	descInvalidSessionKey = "Invalid Session key provided"
	codeSessionKeyError   = "1019"
	descSessionKeyError   = "Error creating Session key"
	codeUserAuthFailed    = "1021"
	descUserAuthFailed    = "User authentication failed"
	codeUserNotFound      = "1022"
	descUserNotFound      = "User not found in My Alerts database"
	codeRequiredFields    = "1023"
	descRequiredFields    = "Required fields incomplete"
	codeClientAuthFailed  = "1024"
	descClientAuthFailed  = "Client authentication failed"
)

// leakedTrace is what FaultInternalsLeaked appends to every Description.
const leakedTrace = " ---> System.Data.SqlClient.SqlException (0x80131904): Invalid object name 'dbo.MyAlertsSessions'.\r\n" +
	"   at System.Data.SqlClient.SqlConnection.OnError(SqlException exception, Boolean breakConnection)\r\n" +
	"   at Astun.MyAlerts.Data.SessionRepository.Create(Int32 clientId) in C:\\Build\\iShare\\MyAlerts\\Data\\SessionRepository.cs:line 88\r\n" +
	"   at Astun.MyAlerts.WebServices.Users.CreateSessionKey(String Username, String Password, String Key) in C:\\Build\\iShare\\MyAlerts\\WebServices\\Users.asmx.cs:line 142"

// nullReference is the crash FaultRequiredFieldsUnchecked answers.
const nullReference = "System.Web.Services.Protocols.SoapException: Server was unable to process request. ---> System.NullReferenceException: Object reference not set to an instance of an object."

// truncated is the crash FaultLongFieldCrashes answers.
const truncated = "System.Web.Services.Protocols.SoapException: Server was unable to process request. ---> String or binary data would be truncated."

// outcome is a method's answer before it is written in a binding.
type outcome struct {
	code, desc string // code "" means success
	// crash is set for a method that "threw" (FaultRequiredFieldsUnchecked,
	// FaultLongFieldCrashes): the text of its soap:Server fault.
	crash     string
	clientID  int
	key       string
	schedules []Schedule
}

// failure is an answer with a documented error.
func (s *Server) failure(code, desc string) outcome {
	if s.faults.Has(FaultInternalsLeaked) {
		desc += leakedTrace
	}
	return outcome{code: code, desc: desc}
}

// incomplete is the answer to a call of op with a missing or empty
// parameter: 1023, or with DialectRefusalCodes the method's everyday
// refusal (1024 for CreateSessionKey, 1001 for GetUserSchedule).
func (s *Server) incomplete(op *operation) outcome {
	if s.faults.Has(FaultRequiredFieldsUnchecked) {
		return outcome{crash: nullReference}
	}
	switch {
	case s.refusalCodes && op == opCreateSessionKey:
		return s.failure(codeClientAuthFailed, descClientAuthFailed)
	case s.refusalCodes:
		return s.failure(codeInvalidSessionKey, descInvalidSessionKey)
	}
	return s.failure(codeRequiredFields, descRequiredFields)
}

// createSessionKey runs CreateSessionKey(Username, Password, Key).
func (s *Server) createSessionKey(a *args) outcome {
	if !a.complete(len(opCreateSessionKey.params)) {
		return s.incomplete(opCreateSessionKey)
	}
	username, password, key := a.values[0], a.values[1], a.values[2]
	if s.faults.Has(FaultLongFieldCrashes) && (len(password) > longField || len(key) > longField) {
		return outcome{crash: truncated}
	}
	acct := s.byUser[username]
	if acct == nil && s.faults.Has(FaultUnknownUser1022) {
		return s.failure(codeUserNotFound, descUserNotFound)
	}
	if !s.authenticate(acct, password, key) {
		code, desc := codeClientAuthFailed, descClientAuthFailed
		if s.faults.Has(FaultWrongErrorCode) {
			code, desc = codeSessionKeyError, descSessionKeyError
		}
		if s.faults.Has(FaultPasswordEchoed) {
			desc += " for user '" + username + "' with password '" + password + "'"
		}
		return s.failure(code, desc)
	}
	if acct.FailSessionCreation {
		return s.failure(codeSessionKeyError, descSessionKeyError)
	}
	return outcome{clientID: acct.ClientID, key: s.issue(acct)}
}

// authenticate checks the credentials in constant time per field.
func (s *Server) authenticate(acct *Account, password, key string) bool {
	if acct == nil {
		return false
	}
	okPassword := subtle.ConstantTimeCompare([]byte(password), []byte(acct.Password)) == 1
	okKey := subtle.ConstantTimeCompare([]byte(key), []byte(acct.Key)) == 1
	return okPassword && (okKey || s.faults.Has(FaultKeyNotChecked))
}

// issue creates and stores a session for acct and returns its key.
func (s *Server) issue(acct *Account) string {
	ttl := s.ttl
	if s.faults.Has(FaultTokensNeverExpire) {
		ttl = 0
	}
	var k string
	switch {
	case s.faults.Has(FaultSessionKeyEqualsPasswd):
		k = acct.Password
	case s.faults.Has(FaultKeyReusedOnLogin):
		// The live key comes back with a fresh lifetime, so that the fault
		// breaks "a new key per login" and nothing about expiry.
		s.reuseMu.Lock()
		defer s.reuseMu.Unlock()
		if last, ok := s.lastKey[acct.ClientID]; ok {
			if _, st := s.store.Get(last); st == refkit.Live {
				s.store.Put(last, acct, ttl)
				return last
			}
		}
		k = s.tokens.Token()
		s.lastKey[acct.ClientID] = k
	default:
		k = s.tokens.Token()
	}
	if s.faults.Has(FaultNewKeyRevokesOld) {
		s.reuseMu.Lock()
		for _, old := range s.issued[acct.ClientID] {
			if old != k {
				s.store.Delete(old)
			}
		}
		s.issued[acct.ClientID] = []string{k}
		s.reuseMu.Unlock()
	}
	s.store.Put(k, acct, ttl)
	return k
}

// getUserSchedule runs GetUserSchedule(ClientId, SessionKey); hasClientID
// is false when ClientId was missing or empty.
func (s *Server) getUserSchedule(clientID int, hasClientID bool, key string) outcome {
	if !hasClientID || strings.TrimSpace(key) == "" {
		return s.incomplete(opGetUserSchedule)
	}
	sess, st := s.store.Get(key)
	if st == refkit.Missing && s.faults.Has(FaultInvalidKeyWrongCode) {
		return s.failure(codeUserAuthFailed, descUserAuthFailed)
	}
	if st != refkit.Live {
		return s.failure(codeInvalidSessionKey, descInvalidSessionKey)
	}
	acct := sess.Value
	if acct.ClientID != clientID {
		if !s.faults.Has(FaultClientIDNotBound) {
			return s.failure(codeInvalidSessionKey, descInvalidSessionKey)
		}
		if other := s.byClient[clientID]; other != nil {
			acct = other
		}
	}
	if s.sliding {
		s.store.Extend(key, s.ttl)
	}
	return outcome{clientID: acct.ClientID, schedules: acct.Schedules}
}

// appendOutcome appends a method's result fields at depth, in WSDL order
// (or DialectElementOrder's).
func (s *Server) appendOutcome(dst []byte, depth int, b binding, op *operation, o *outcome) []byte {
	t := &s.tmpl
	ok := o.code == ""
	success := ok || (op == opCreateSessionKey && o.code == codeSessionKeyError && s.faults.Has(FaultSuccessTrueOnFailure))
	withSuccess := !(op == opCreateSessionKey && b == bindingGET && s.faults.Has(FaultMissingSuccessElement))
	if t.st.order && withSuccess {
		dst = t.appendSuccess(dst, depth, success)
	}
	if !ok {
		dst = t.appendError(dst, depth, o.code, o.desc)
	}
	if !t.st.order && withSuccess {
		dst = t.appendSuccess(dst, depth, success)
	}
	if ok {
		switch {
		case op != opCreateSessionKey:
			dst = t.appendSchedules(dst, depth, o.schedules)
		case t.st.order:
			dst = t.leaf(dst, depth, "SessionKey", o.key)
			dst = t.intLeaf(dst, depth, "ClientId", o.clientID)
		default:
			dst = t.intLeaf(dst, depth, "ClientId", o.clientID)
			dst = t.leaf(dst, depth, "SessionKey", o.key)
		}
	}
	return t.appendExtras(dst, depth)
}

// respond writes a method's answer in binding b (and SOAP version v).
func (s *Server) respond(w http.ResponseWriter, b binding, v soapVersion, op *operation, o *outcome) {
	if o.crash != "" {
		if b == bindingSOAP {
			s.writeFault(w, v, &requestError{status: http.StatusInternalServerError, kind: faultServer, reason: o.crash})
			return
		}
		s.write(w, http.StatusInternalServerError, headerPlain, []byte(o.crash+"\r\n"))
		return
	}
	buf := getBuf()
	defer putBuf(buf)
	body, depth := s.tmpl.openResult((*buf)[:0], b, v, op)
	body = s.appendOutcome(body, depth, b, op, o)
	body = s.tmpl.closeResult(body, b, op)
	*buf = body
	s.write(w, http.StatusOK, contentType(b, v), body)
}
