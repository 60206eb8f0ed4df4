package framework

import (
	"testing"

	"github.com/authprobe/authprobe/config"
)

// Expiry timelines log in with the pool's second and later identities in
// turn (the first is the other specs'), skipping repeated identities, and
// with the first when it is the only one.
func TestTimelineAccount(t *testing.T) {
	table := config.Profile{Credentials: []config.Credential{{Key: "user"}, {Key: "password", Secret: true}}}
	target := func(users ...string) *Target {
		var creds []map[string]string
		for _, u := range users {
			creds = append(creds, map[string]string{"user": u, "password": "pw-" + u})
		}
		return &Target{Config: &config.Target{Name: "t", Credentials: creds}, profile: Profile{Table: table}}
	}
	tg := target("a", "a", "b", "c")
	for n, want := range []string{"b", "c", "b"} {
		if a, err := timelineAccount(tg, n); err != nil || a.Get("user") != want {
			t.Errorf("timeline %d: %v %v, want %s", n, a, err, want)
		}
	}
	if a, err := timelineAccount(target("a"), 3); err != nil || a.Get("user") != "a" {
		t.Errorf("one identity: %v %v", a, err)
	}
	if _, err := timelineAccount(target(), 0); err == nil {
		t.Error("no credentials: no error")
	}
}
