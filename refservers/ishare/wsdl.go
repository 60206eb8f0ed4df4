package ishare

import (
	"github.com/authprobe/authprobe/internal/encoding/xmltext"
	"net/http"
	"strings"
)

// wsdlTemplate is the service description with the namespace filled in;
// the service address, which depends on the request, is filled in per
// request.
type wsdlTemplate struct {
	parts []string // the document split at every address placeholder
}

const addressPlaceholder = "{{ADDRESS}}"

func newWSDLTemplate(ns string, st style) wsdlTemplate {
	efd := "qualified"
	if st.unqualified {
		efd = "unqualified"
	}
	extra := ""
	repl := []string{"{{NS}}", string(xmltext.AppendEscaped(nil, ns)), "{{EFD}}", efd, "{{LIST}}", st.listName, "{{EXTRA_FIELDS}}", extraFields(st)}
	for _, op := range operations {
		get, soapOut := st.getRootName(op), st.soapOutName(op)
		if get != op.resultType {
			extra += "\n      <s:element name=\"" + get + "\" nillable=\"true\" type=\"tns:" + op.resultType + "\" />"
		}
		if soapOut != op.name+"Response" && soapOut != get {
			extra += "\n      <s:element name=\"" + soapOut + "\" nillable=\"true\" type=\"tns:" + op.resultType + "\" />"
		}
		repl = append(repl, "{{GETOUT_"+op.name+"}}", get, "{{SOAPOUT_"+op.name+"}}", soapOut,
			"{{ACTION_"+op.name+"}}", string(xmltext.AppendEscaped(nil, actionFor(ns, op.name))))
	}
	doc := strings.NewReplacer(append(repl, "{{EXTRA_ELEMENTS}}", extra)...).Replace(wsdlDocument)
	if st.soap11Only {
		doc = cutElement(doc, `<wsdl:binding name="UsersSoap12"`, "</wsdl:binding>")
		doc = cutElement(doc, `<wsdl:port name="UsersSoap12"`, "</wsdl:port>")
	}
	return wsdlTemplate{parts: strings.Split(doc, addressPlaceholder)}
}

// cutElement removes from doc the element that starts with open and ends
// with the first end tag after it, with the lines it stands on.
func cutElement(doc, open, end string) string {
	i := strings.Index(doc, open)
	if i < 0 {
		return doc
	}
	j := strings.Index(doc[i:], end)
	if j < 0 {
		return doc
	}
	start := strings.LastIndexByte(doc[:i], '\n') + 1
	stop := i + j + len(end)
	if stop < len(doc) && doc[stop] == '\n' {
		stop++
	}
	return doc[:start] + doc[stop:]
}

// extraFields declares DialectExtras' result elements: a dialect's WSDL
// describes what its answers carry (suds refuses an undeclared element).
func extraFields(st style) string {
	if !st.extras {
		return ""
	}
	return "\n          <s:element minOccurs=\"0\" maxOccurs=\"1\" name=\"Provider\" type=\"s:string\" />"
}

// render returns the WSDL with address as the location of every port.
func (t wsdlTemplate) render(address string) []byte {
	esc := xmltext.AppendEscaped(nil, address)
	var b []byte
	for i, p := range t.parts {
		if i > 0 {
			b = append(b, esc...)
		}
		b = append(b, p...)
	}
	return b
}

// serviceAddress is the URL the request reached the service at, as ASMX
// writes it into the WSDL: scheme, the Host header, the path as requested.
func serviceAddress(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + r.URL.EscapedPath()
}

// serveWSDL answers GET users.asmx?wsdl.
func (s *Server) serveWSDL(w http.ResponseWriter, r *http.Request) {
	s.write(w, http.StatusOK, headerTextXML, s.wsdl.render(serviceAddress(r)))
}

// serveHelp answers GET users.asmx (no ?wsdl) with the ASMX service page.
func (s *Server) serveHelp(w http.ResponseWriter) {
	s.write(w, http.StatusOK, headerHTML, []byte(helpPage))
}

const helpPage = `<!DOCTYPE html>
<html><head><title>Users Web Service</title></head>
<body><h1>Users</h1>
<p>The following operations are supported. For a formal definition, please review the <a href="?WSDL">Service Description</a>.</p>
<ul><li><a href="?op=CreateSessionKey">CreateSessionKey</a></li><li><a href="?op=GetUserSchedule">GetUserSchedule</a></li></ul>
</body></html>
`

// wsdlDocument is a WSDL 1.1 description in the style .NET ASMX generates:
// document/literal, the types in an embedded schema, SOAP 1.1, SOAP 1.2 and
// HTTP-GET bindings.
const wsdlDocument = `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tm="http://microsoft.com/wsdl/mime/textMatching/" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/" xmlns:tns="{{NS}}" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" targetNamespace="{{NS}}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">
  <wsdl:types>
    <s:schema elementFormDefault="{{EFD}}" targetNamespace="{{NS}}">
      <s:element name="CreateSessionKey">
        <s:complexType>
          <s:sequence>
            <s:element minOccurs="0" maxOccurs="1" name="Username" type="s:string" />
            <s:element minOccurs="0" maxOccurs="1" name="Password" type="s:string" />
            <s:element minOccurs="0" maxOccurs="1" name="Key" type="s:string" />
          </s:sequence>
        </s:complexType>
      </s:element>
      <s:element name="CreateSessionKeyResponse">
        <s:complexType>
          <s:sequence>
            <s:element minOccurs="0" maxOccurs="1" name="CreateSessionKeyResult" type="tns:SessionKeyResult" />
          </s:sequence>
        </s:complexType>
      </s:element>
      <s:complexType name="SessionKeyResult">
        <s:sequence>
          <s:element minOccurs="0" maxOccurs="1" name="Error" type="tns:Error" />
          <s:element minOccurs="1" maxOccurs="1" name="Success" type="s:boolean" />
          <s:element minOccurs="0" maxOccurs="1" name="ClientId" type="s:int" />
          <s:element minOccurs="0" maxOccurs="1" name="SessionKey" type="s:string" />{{EXTRA_FIELDS}}
        </s:sequence>
      </s:complexType>
      <s:complexType name="Error">
        <s:sequence>
          <s:element minOccurs="0" maxOccurs="1" name="Code" type="s:string" />
          <s:element minOccurs="0" maxOccurs="1" name="Description" type="s:string" />
        </s:sequence>
      </s:complexType>
      <s:element name="GetUserSchedule">
        <s:complexType>
          <s:sequence>
            <s:element minOccurs="1" maxOccurs="1" name="ClientId" type="s:int" />
            <s:element minOccurs="0" maxOccurs="1" name="SessionKey" type="s:string" />
          </s:sequence>
        </s:complexType>
      </s:element>
      <s:element name="GetUserScheduleResponse">
        <s:complexType>
          <s:sequence>
            <s:element minOccurs="0" maxOccurs="1" name="GetUserScheduleResult" type="tns:UserScheduleResult" />
          </s:sequence>
        </s:complexType>
      </s:element>
      <s:complexType name="UserScheduleResult">
        <s:sequence>
          <s:element minOccurs="0" maxOccurs="1" name="Error" type="tns:Error" />
          <s:element minOccurs="1" maxOccurs="1" name="Success" type="s:boolean" />
          <s:element minOccurs="0" maxOccurs="1" name="{{LIST}}" type="tns:ArrayOfUserScheduleDefinition" />{{EXTRA_FIELDS}}
        </s:sequence>
      </s:complexType>
      <s:complexType name="ArrayOfUserScheduleDefinition">
        <s:sequence>
          <s:element minOccurs="0" maxOccurs="unbounded" name="UserScheduleDefinition" nillable="true" type="tns:UserScheduleDefinition" />
        </s:sequence>
      </s:complexType>
      <s:complexType name="UserScheduleDefinition">
        <s:sequence>
          <s:element minOccurs="1" maxOccurs="1" name="UserId" type="s:int" />
          <s:element minOccurs="1" maxOccurs="1" name="Interval" type="s:int" />
          <s:element minOccurs="1" maxOccurs="1" name="LastRun" type="s:dateTime" />
        </s:sequence>
      </s:complexType>
      <s:element name="SessionKeyResult" nillable="true" type="tns:SessionKeyResult" />
      <s:element name="UserScheduleResult" nillable="true" type="tns:UserScheduleResult" />{{EXTRA_ELEMENTS}}
    </s:schema>
  </wsdl:types>
  <wsdl:message name="CreateSessionKeySoapIn">
    <wsdl:part name="parameters" element="tns:CreateSessionKey" />
  </wsdl:message>
  <wsdl:message name="CreateSessionKeySoapOut">
    <wsdl:part name="parameters" element="tns:{{SOAPOUT_CreateSessionKey}}" />
  </wsdl:message>
  <wsdl:message name="GetUserScheduleSoapIn">
    <wsdl:part name="parameters" element="tns:GetUserSchedule" />
  </wsdl:message>
  <wsdl:message name="GetUserScheduleSoapOut">
    <wsdl:part name="parameters" element="tns:{{SOAPOUT_GetUserSchedule}}" />
  </wsdl:message>
  <wsdl:message name="CreateSessionKeyHttpGetIn">
    <wsdl:part name="Username" type="s:string" />
    <wsdl:part name="Password" type="s:string" />
    <wsdl:part name="Key" type="s:string" />
  </wsdl:message>
  <wsdl:message name="CreateSessionKeyHttpGetOut">
    <wsdl:part name="Body" element="tns:{{GETOUT_CreateSessionKey}}" />
  </wsdl:message>
  <wsdl:message name="GetUserScheduleHttpGetIn">
    <wsdl:part name="ClientId" type="s:string" />
    <wsdl:part name="SessionKey" type="s:string" />
  </wsdl:message>
  <wsdl:message name="GetUserScheduleHttpGetOut">
    <wsdl:part name="Body" element="tns:{{GETOUT_GetUserSchedule}}" />
  </wsdl:message>
  <wsdl:portType name="UsersSoap">
    <wsdl:operation name="CreateSessionKey">
      <wsdl:input message="tns:CreateSessionKeySoapIn" />
      <wsdl:output message="tns:CreateSessionKeySoapOut" />
    </wsdl:operation>
    <wsdl:operation name="GetUserSchedule">
      <wsdl:input message="tns:GetUserScheduleSoapIn" />
      <wsdl:output message="tns:GetUserScheduleSoapOut" />
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:portType name="UsersHttpGet">
    <wsdl:operation name="CreateSessionKey">
      <wsdl:input message="tns:CreateSessionKeyHttpGetIn" />
      <wsdl:output message="tns:CreateSessionKeyHttpGetOut" />
    </wsdl:operation>
    <wsdl:operation name="GetUserSchedule">
      <wsdl:input message="tns:GetUserScheduleHttpGetIn" />
      <wsdl:output message="tns:GetUserScheduleHttpGetOut" />
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="UsersSoap" type="tns:UsersSoap">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http" />
    <wsdl:operation name="CreateSessionKey">
      <soap:operation soapAction="{{ACTION_CreateSessionKey}}" style="document" />
      <wsdl:input>
        <soap:body use="literal" />
      </wsdl:input>
      <wsdl:output>
        <soap:body use="literal" />
      </wsdl:output>
    </wsdl:operation>
    <wsdl:operation name="GetUserSchedule">
      <soap:operation soapAction="{{ACTION_GetUserSchedule}}" style="document" />
      <wsdl:input>
        <soap:body use="literal" />
      </wsdl:input>
      <wsdl:output>
        <soap:body use="literal" />
      </wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:binding name="UsersSoap12" type="tns:UsersSoap">
    <soap12:binding transport="http://schemas.xmlsoap.org/soap/http" />
    <wsdl:operation name="CreateSessionKey">
      <soap12:operation soapAction="{{ACTION_CreateSessionKey}}" style="document" />
      <wsdl:input>
        <soap12:body use="literal" />
      </wsdl:input>
      <wsdl:output>
        <soap12:body use="literal" />
      </wsdl:output>
    </wsdl:operation>
    <wsdl:operation name="GetUserSchedule">
      <soap12:operation soapAction="{{ACTION_GetUserSchedule}}" style="document" />
      <wsdl:input>
        <soap12:body use="literal" />
      </wsdl:input>
      <wsdl:output>
        <soap12:body use="literal" />
      </wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:binding name="UsersHttpGet" type="tns:UsersHttpGet">
    <http:binding verb="GET" />
    <wsdl:operation name="CreateSessionKey">
      <http:operation location="/CreateSessionKey" />
      <wsdl:input>
        <http:urlEncoded />
      </wsdl:input>
      <wsdl:output>
        <mime:mimeXml part="Body" />
      </wsdl:output>
    </wsdl:operation>
    <wsdl:operation name="GetUserSchedule">
      <http:operation location="/GetUserSchedule" />
      <wsdl:input>
        <http:urlEncoded />
      </wsdl:input>
      <wsdl:output>
        <mime:mimeXml part="Body" />
      </wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="Users">
    <wsdl:port name="UsersSoap" binding="tns:UsersSoap">
      <soap:address location="{{ADDRESS}}" />
    </wsdl:port>
    <wsdl:port name="UsersSoap12" binding="tns:UsersSoap12">
      <soap12:address location="{{ADDRESS}}" />
    </wsdl:port>
    <wsdl:port name="UsersHttpGet" binding="tns:UsersHttpGet">
      <http:address location="{{ADDRESS}}" />
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`
