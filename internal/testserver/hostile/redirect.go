package hostile

import "net/http"

// RedirectLoop answers 302 to the same URL.
const RedirectLoop Case = "redirect-loop"

// redirect sends the request back where it came from.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Location", s.URL+r.URL.RequestURI())
	write(w, http.StatusFound, "text/html; charset=utf-8", []byte("<a href=\""+r.URL.Path+"\">Found</a>"))
}
