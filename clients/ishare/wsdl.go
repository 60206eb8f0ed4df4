package ishare

import (
	"context"
	"fmt"
	"net/http"

	"github.com/authprobe/authprobe/clients/wire"
)

// NamespaceWSDL is the WSDL 1.1 namespace.
const NamespaceWSDL = "http://schemas.xmlsoap.org/wsdl/"

type xmlWSDL struct {
	TargetNamespace string `xml:"targetNamespace,attr"`
	PortTypes       []struct {
		Operations []struct {
			Name string `xml:"name,attr"`
		} `xml:"operation"`
	} `xml:"portType"`
	Bindings []struct {
		Operations []struct {
			Name string `xml:"name,attr"`
			SOAP *struct {
				Action string `xml:"soapAction,attr"`
			} `xml:"http://schemas.xmlsoap.org/wsdl/soap/ operation"`
		} `xml:"operation"`
	} `xml:"binding"`
	Services []struct {
		Ports []struct {
			Name      string `xml:"name,attr"`
			Addresses []struct {
				Location string `xml:"location,attr"`
			} `xml:"address"`
		} `xml:"port"`
	} `xml:"service"`
}

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

// ParseWSDL reads a WSDL 1.1 answer (HTTP 200, an XML content type, root
// wsdl:definitions).
func ParseWSDL(x *wire.Exchange) (*WSDLInfo, error) {
	if x.Status != http.StatusOK {
		return nil, wire.Malformed(opWSDL, x, "expected HTTP 200 with the WSDL, got HTTP %d", x.Status)
	}
	if err := wire.ExpectContentType(opWSDL, x, "xml"); err != nil {
		return nil, err
	}
	d := newDecoder(x.Body)
	root, err := rootElement(d)
	if err != nil {
		return nil, wire.Malformed(opWSDL, x, "expected wsdl:definitions: %v", err)
	}
	if root.Name.Space != NamespaceWSDL || root.Name.Local != "definitions" {
		return nil, wire.Malformed(opWSDL, x, "expected wsdl:definitions, got <%s>", clip(qname(root.Name)))
	}
	var w xmlWSDL
	if err := d.DecodeElement(&w, &root); err != nil {
		return nil, wire.Malformed(opWSDL, x, "decoding wsdl:definitions: %v", err)
	}
	if err := trailer(d); err != nil {
		return nil, wire.Malformed(opWSDL, x, "%v", err)
	}
	info := &WSDLInfo{TargetNamespace: w.TargetNamespace, Addresses: map[string]string{}, SOAPActions: map[string]string{}, Exchange: x}
	seen := map[string]bool{}
	for _, pt := range w.PortTypes {
		for _, op := range pt.Operations {
			if !seen[op.Name] {
				seen[op.Name] = true
				info.Operations = append(info.Operations, op.Name)
			}
		}
	}
	for _, b := range w.Bindings {
		for _, op := range b.Operations {
			if op.SOAP != nil {
				info.SOAPActions[op.Name] = op.SOAP.Action
			}
		}
	}
	for _, s := range w.Services {
		for _, p := range s.Ports {
			if len(p.Addresses) > 0 {
				info.Addresses[p.Name] = p.Addresses[0].Location
			}
		}
	}
	return info, nil
}
