package ishare

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/authprobe/authprobe/clients/wire"
)

// NamespaceWSDL is the WSDL 1.1 namespace.
const NamespaceWSDL = "http://schemas.xmlsoap.org/wsdl/"

// WSDLRequest builds GET <Path>?wsdl.
func (c *Client) WSDLRequest() (*http.Request, []byte, error) {
	req, err := http.NewRequest(http.MethodGet, c.url(c.path()+"?wsdl"), nil)
	if err != nil {
		return nil, nil, fmt.Errorf("building WSDL request: %w", err)
	}
	return req, nil, nil
}

// WSDL fetches and reads the service description.
func (c *Client) WSDL(ctx context.Context) (*WSDLInfo, error) {
	req, body, err := c.WSDLRequest()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opWSDL, err)
	}
	x, err := c.do(ctx, opWSDL, req, body)
	if err != nil {
		return nil, err
	}
	return ParseWSDL(x)
}

// Follow makes c call the service as its description w asks, as suds
// does: parameters unqualified only where w says
// elementFormDefault="unqualified" explicitly (hand-written descriptions
// often leave the attribute out while the service reads the .NET default,
// qualified parameters), and HTTP-GET answers rooted at the elements w
// declares for the binding's outputs - unless GETRoots is set already (the
// http_get_root pin) - and SOAP calls with the SOAPActions w declares.
func (c *Client) Follow(w *WSDLInfo) {
	if w.ElementFormDefault == "unqualified" {
		c.UnqualifiedParams = true
	}
	if len(c.SOAPActions) == 0 && len(w.SOAPActions) > 0 {
		c.SOAPActions = make(map[string]string, len(w.SOAPActions))
		for m, a := range w.SOAPActions {
			c.SOAPActions[m] = strings.Trim(a, `"`)
		}
	}
	if len(c.GETRoots) == 0 && len(w.GETOutputs) > 0 {
		c.GETRoots = make(map[string][]string, len(w.GETOutputs))
		for m, el := range w.GETOutputs {
			c.GETRoots[m] = []string{el}
		}
	}
}

// The WSDL 1.1 extension namespaces the client reads.
const (
	namespaceWSDLSOAP   = "http://schemas.xmlsoap.org/wsdl/soap/"
	namespaceWSDLSOAP12 = "http://schemas.xmlsoap.org/wsdl/soap12/"
	namespaceWSDLHTTP   = "http://schemas.xmlsoap.org/wsdl/http/"
	namespaceXSD        = "http://www.w3.org/2001/XMLSchema"
)

// ParseWSDL reads a WSDL 1.1 answer (HTTP 200, root wsdl:definitions; the
// media type is not checked: suds and web references do not).
func ParseWSDL(x *wire.Exchange) (*WSDLInfo, error) {
	if x.Status != http.StatusOK {
		return nil, wire.Malformed(opWSDL, x, "expected HTTP 200 with the WSDL, got HTTP %d", x.Status)
	}
	root, err := parseTree(x.Body)
	if err != nil {
		return nil, wire.Malformed(opWSDL, x, "expected wsdl:definitions: %v", err)
	}
	if root.name.Space != NamespaceWSDL || root.local() != "definitions" {
		return nil, wire.Malformed(opWSDL, x, "expected wsdl:definitions, got <%s>", clip(qname(root.name)))
	}
	info := &WSDLInfo{Addresses: map[string]string{}, SOAPActions: map[string]string{}, GETOutputs: map[string]string{}, Exchange: x}
	info.TargetNamespace = attr(root, "targetNamespace")
	messages := map[string]string{}             // message name -> first part's element (local name)
	portTypes := map[string]map[string]string{} // port type -> operation -> output message
	var getPortTypes []string
	seen := map[string]bool{}
	for _, k := range root.elements() {
		if k.name.Space != NamespaceWSDL {
			continue
		}
		switch k.local() {
		case "types":
			for _, sc := range k.elements() {
				if sc.local() == "schema" && sc.name.Space == namespaceXSD && attr(sc, "targetNamespace") == info.TargetNamespace && info.ElementFormDefault == "" {
					info.ElementFormDefault = attr(sc, "elementFormDefault")
				}
			}
		case "message":
			for _, p := range k.elements() {
				if p.name.Space == NamespaceWSDL && p.local() == "part" {
					if el := attr(p, "element"); el != "" {
						messages[attr(k, "name")] = localPart(el)
					}
					break
				}
			}
		case "portType":
			ops := map[string]string{}
			for _, op := range k.elements() {
				if op.name.Space != NamespaceWSDL || op.local() != "operation" {
					continue
				}
				name := attr(op, "name")
				if !seen[name] {
					seen[name] = true
					info.Operations = append(info.Operations, name)
				}
				for _, io := range op.elements() {
					if io.name.Space == NamespaceWSDL && io.local() == "output" {
						ops[name] = localPart(attr(io, "message"))
					}
				}
			}
			portTypes[attr(k, "name")] = ops
		case "binding":
			for _, b := range k.elements() {
				if b.name.Space == namespaceWSDLHTTP && b.local() == "binding" && strings.EqualFold(attr(b, "verb"), http.MethodGet) {
					getPortTypes = append(getPortTypes, localPart(attr(k, "type")))
				}
				if b.name.Space != NamespaceWSDL || b.local() != "operation" {
					continue
				}
				for _, e := range b.elements() {
					if e.local() == "operation" && (e.name.Space == namespaceWSDLSOAP || e.name.Space == namespaceWSDLSOAP12) {
						if _, dup := info.SOAPActions[attr(b, "name")]; !dup || e.name.Space == namespaceWSDLSOAP {
							info.SOAPActions[attr(b, "name")] = attr(e, "soapAction")
						}
					}
				}
			}
		case "service":
			for _, p := range k.elements() {
				if p.name.Space != NamespaceWSDL || p.local() != "port" {
					continue
				}
				for _, a := range p.elements() {
					if a.local() == "address" {
						info.Addresses[attr(p, "name")] = attr(a, "location")
						break
					}
				}
			}
		}
	}
	for _, pt := range getPortTypes {
		for op, msg := range portTypes[pt] {
			if el := messages[msg]; el != "" {
				info.GETOutputs[op] = el
			}
		}
	}
	return info, nil
}

// attr returns an unqualified attribute's value ("" when absent).
func attr(n *node, name string) string {
	for _, a := range n.attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// localPart is a QName's local part: "tns:SessionKeyResult" → "SessionKeyResult".
func localPart(q string) string {
	if i := strings.LastIndexByte(q, ':'); i >= 0 {
		return q[i+1:]
	}
	return q
}
