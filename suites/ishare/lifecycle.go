package ishare

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/suites/framework"
)

var _ = framework.Describe(profile, "CreateSessionKey", func() {
	framework.It("ISHARE-CSK-001", func() {
		c := specClient()
		a := mustAccount(0)
		r, err := createSessionKey(framework.Ctx(), c, a)
		noErr(err, "CreateSessionKey with the configured credentials")
		expect(r.Success && r.Fault == nil, "CreateSessionKey with the configured credentials of %s must answer Success true with a ClientId and a SessionKey; got %s", a.Username, describeKey(r))
		expect(r.Error == nil, "a successful CreateSessionKey must carry no Error; got %s", describeKey(r))
		expect(r.HasClientID && r.SessionKey != "", "a successful CreateSessionKey must provide the ClientId and the SessionKey (seed: \"if True the ClientId and SessionKey will be provided\"); got %s", describeKey(r))
		expect(r.Exchange.Status == http.StatusOK, "a successful CreateSessionKey must come with HTTP 200; got %s", describeKey(r))
		want := "text/xml"
		if c.Version == client.SOAP12 {
			want = "application/soap+xml"
		}
		expect(r.Exchange.ContentType() == want, "a SOAP %s answer must be %s; got Content-Type %q", c.Version, want, r.Exchange.Header.Get("Content-Type"))
	})
})

var _ = framework.Describe(profile, "session lifecycle", func() {
	// One key walks through use → use with another ClientId → a second key
	// of the same client; every spec runs even when an earlier one failed,
	// so each verdict is its own. (The API has no logout and no ping.)
	Describe("CreateSessionKey → GetUserSchedule → another ClientId → a second CreateSessionKey", Ordered, ContinueOnFailure, func() {
		var (
			c     *client.Client
			a     account
			first *client.SessionKeyResult
		)
		BeforeAll(func() {
			c = specClient()
			a = mustAccount(0)
			first = login(c, a, "creating a key to start the lifecycle")
		})

		framework.It("ISHARE-SCHED-001", func() {
			for i := 1; i <= 2; i++ {
				r, err := getUserSchedule(framework.Ctx(), c, first.ClientID, first.SessionKey)
				noErr(err, "GetUserSchedule with a live key")
				expect(r.Success && r.Fault == nil && r.Error == nil,
					"GetUserSchedule call %d with a key issued a moment ago and its own ClientId %d must answer Success true with the client's schedules; got %s", i, first.ClientID, describeSchedule(r))
				for j, s := range r.Schedules {
					expect(s.Interval >= 0 && !s.LastRun.IsZero(), "UserScheduleDefinition %d must carry an Interval in seconds and a LastRun; got UserId %d, Interval %d, LastRun %s", j+1, s.UserID, s.Interval, s.LastRun)
				}
			}
		})

		framework.It("ISHARE-SCHED-003", func() {
			other := first.ClientID + 1
			r, err := getUserSchedule(framework.Ctx(), c, other, first.SessionKey)
			noErr(err, "GetUserSchedule with a live key and another ClientId")
			expect(!r.Success, "a key belongs to the one client it was issued to, but ClientId %d's key read ClientId %d's schedules: %s (any client's data is reachable with any key)",
				first.ClientID, other, describeSchedule(r))
			wantScheduleError(r, client.CodeInvalidSessionKey, "GetUserSchedule with a live key presented with another ClientId")
		})

		framework.It("ISHARE-CSK-002", func() {
			second := login(c, a, "a second CreateSessionKey of the same client")
			expect(second.ClientID == first.ClientID, "ClientId is \"the unique id for the client\", but two CreateSessionKey calls of %s answered ClientId %d and %d", a.Username, first.ClientID, second.ClientID)
			r, err := getUserSchedule(framework.Ctx(), c, first.ClientID, first.SessionKey)
			noErr(err, "GetUserSchedule with the first key after a second CreateSessionKey")
			expect(r.Success, "a new CreateSessionKey must not revoke the client's earlier keys (the iShare portal creates keys on its own, so a revoked key breaks the other caller), but the first key was refused after the second CreateSessionKey: %s", describeSchedule(r))
			r, err = getUserSchedule(framework.Ctx(), c, second.ClientID, second.SessionKey)
			noErr(err, "GetUserSchedule with the second key")
			expect(r.Success, "the second key must work too; got %s", describeSchedule(r))
		})
	})
})
