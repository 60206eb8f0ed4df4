package clock

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// ControlPath is where a reference server in test-clock mode exposes its
// clock control endpoint.
const ControlPath = "/_authprobe/clock"

// Command is the body of a clock control request. Exactly one of Advance
// and Set may be given; an empty command only reads the clock.
//
//	{"advance":"31m"}  {"set":"2030-01-02T15:04:05Z"}
type Command struct {
	Advance string `json:"advance,omitempty"`
	Set     string `json:"set,omitempty"`
}

// State is the answer of the clock control endpoint.
//
//	{"now":"2030-01-02T15:04:05Z","offset":"31m0s"}
type State struct {
	Now    time.Time `json:"now"`
	Offset string    `json:"offset"`
}

// ControlHandler serves ControlPath for a manual clock. GET reads the clock;
// POST applies a Command. When m is nil (the server is not in test-clock
// mode) every request is refused with 403, so a production-like server can
// never have its clock moved. Unless allowRemote is set, requests that do
// not come from a loopback address are refused too.
func ControlHandler(m *Manual, allowRemote bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m == nil {
			http.Error(w, "clock control is disabled: the server is not in test-clock mode", http.StatusForbidden)
			return
		}
		if !allowRemote && !fromLoopback(r) {
			http.Error(w, "clock control is only accepted from loopback", http.StatusForbidden)
			return
		}
		switch r.Method {
		case http.MethodGet:
		case http.MethodPost:
			var cmd Command
			body, err := io.ReadAll(io.LimitReader(r.Body, 4096))
			if err == nil && len(body) > 0 {
				err = json.Unmarshal(body, &cmd)
			}
			if err != nil {
				http.Error(w, "bad clock command: "+err.Error(), http.StatusBadRequest)
				return
			}
			if err := Apply(m, cmd); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
		default:
			w.Header().Set("Allow", "GET, POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(State{Now: m.Now(), Offset: m.Offset().String()})
	})
}

// Apply carries out a Command on m.
func Apply(m *Manual, cmd Command) error {
	switch {
	case cmd.Advance != "" && cmd.Set != "":
		return fmt.Errorf("clock command: give either advance or set, not both")
	case cmd.Advance != "":
		d, err := time.ParseDuration(cmd.Advance)
		if err != nil {
			return fmt.Errorf("clock command: advance: %w", err)
		}
		m.Advance(d)
	case cmd.Set != "":
		t, err := time.Parse(time.RFC3339Nano, cmd.Set)
		if err != nil {
			return fmt.Errorf("clock command: set: %w", err)
		}
		m.Set(t)
	}
	return nil
}

func fromLoopback(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
