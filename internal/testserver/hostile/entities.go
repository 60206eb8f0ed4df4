package hostile

import (
	"fmt"
	"net/http"
	"strings"
)

// XML entity attacks (XML profiles only).
const (
	// BillionLaughs sends the XML entity-expansion bomb.
	BillionLaughs Case = "billion-laughs"
	// XXE sends a document whose DOCTYPE declares an external DTD, an
	// external parameter entity and an external general entity, all on
	// this server under XXEPath; XXEFetches counts requests for them.
	XXE Case = "xxe"
)

// XXEPath is the path prefix of the external entities XXE refers to.
const XXEPath = "/xxe/"

// XXEFetches returns how many requests came for the external entities of
// the XXE document: any is a parser that resolved one.
func (s *Server) XXEFetches() int64 { return s.xxe.Load() }

// entityFetched answers a request for an external entity, and counts it.
func (s *Server) entityFetched(w http.ResponseWriter) {
	s.xxe.Add(1)
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte("XXE-RESOLVED"))
}

// XXEDocument returns the XML document element (without XML declaration;
// its root element is root) preceded by a DOCTYPE that declares an
// external DTD, an external parameter entity and an external general
// entity "xxe", all under base+XXEPath. element should reference &xxe;. A
// parser that resolves any of them requests that URL.
func XXEDocument(base, root, element string) []byte {
	u := strings.TrimRight(base, "/") + XXEPath
	return []byte(`<?xml version="1.0" encoding="utf-8"?>` + "\n" +
		`<!DOCTYPE ` + root + ` SYSTEM "` + u + `dtd" [` + "\n" +
		`  <!ENTITY % remote SYSTEM "` + u + `param">` + "\n" +
		`  %remote;` + "\n" +
		`  <!ENTITY xxe SYSTEM "` + u + `entity">` + "\n" +
		`]>` + "\n" + element)
}

// WithoutDeclaration strips the XML declaration from an XML document.
func WithoutDeclaration(doc []byte) string {
	s := string(doc)
	if strings.HasPrefix(s, "<?xml") {
		if i := strings.Index(s, "?>"); i >= 0 {
			s = strings.TrimLeft(s[i+2:], "\r\n")
		}
	}
	return s
}

// BillionLaughsDocument returns the classic entity-expansion bomb rooted at
// root (with the attributes attrs): ten levels of ten references each,
// 10^9 "lol"s once expanded (about 3 GB), in under 1 KiB.
func BillionLaughsDocument(root, attrs string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n<!DOCTYPE " + root + " [\n")
	b.WriteString(`  <!ENTITY lol0 "lol">` + "\n")
	for i := 1; i <= 9; i++ {
		b.WriteString(fmt.Sprintf(`  <!ENTITY lol%d "`, i))
		for j := 0; j < 10; j++ {
			b.WriteString(fmt.Sprintf("&lol%d;", i-1))
		}
		b.WriteString("\">\n")
	}
	b.WriteString("]>\n<" + root + attrs + ">&lol9;</" + root + ">\n")
	return []byte(b.String())
}
