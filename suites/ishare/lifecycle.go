package ishare

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/ishare"
	"github.com/authprobe/authprobe/suites/framework"
)

var _ = framework.Describe(profile, "CreateSessionKey", func() {
	framework.It("ISHARE-CSK-001", func() {
		c, a := api.Client(), api.Account(0)
		first := mustLogin(c, a, "CreateSessionKey with the configured credentials")
		Expect(errCode(first.r.Error)).To(BeEmpty(),
			"a successful CreateSessionKey carries no error code (the seed: an error code and description \"if the call to the web service is unsuccessful\"); got Error/Code %q", errCode(first.r.Error))
		second := mustLogin(c, a, "a second CreateSessionKey with the configured credentials")
		Expect(second.clientID).To(Equal(first.clientID),
			"ClientId is \"the unique id for the client\", but two CreateSessionKey calls of %s answered ClientId %d and %d", a.Get(client.CredUsername), first.clientID, second.clientID)
	})

	framework.It("ISHARE-SCHED-002", func() {
		c := api.Client()
		s := mustLogin(c, api.Account(0), "creating a key for the GetUserSchedule call")
		ans, _ := schedule(framework.Ctx(), c, s.clientID, neverIssuedKey(), "GetUserSchedule with a SessionKey never issued")
		Expect(ans).To(framework.BeRefusedWith(client.CodeInvalidSessionKey))
	})
})

var _ = framework.Describe(profile, "session lifecycle", func() {
	// One key walks through use → use with another ClientId → a second key
	// of the same client; every spec runs even when an earlier one failed,
	// so each verdict is its own. (The API has no logout and no ping.)
	Describe("CreateSessionKey → GetUserSchedule → another ClientId → a second CreateSessionKey", Ordered, ContinueOnFailure, func() {
		var (
			c     *client.Client
			a     framework.Account
			first session
		)
		BeforeAll(func() {
			c, a = api.Client(), api.Account(0)
			first = mustLogin(c, a, "creating a key to start the lifecycle")
		})

		framework.It("ISHARE-SCHED-001", func() {
			for i := 1; i <= 2; i++ {
				ans, r := schedule(framework.Ctx(), c, first.clientID, first.key, fmt.Sprintf("GetUserSchedule call %d with a live key and its own ClientId", i))
				Expect(ans).To(framework.HaveSucceeded())
				Expect(errCode(r.Error)).To(BeEmpty(), "a successful GetUserSchedule carries no error code; got Error/Code %q", errCode(r.Error))
			}
		})

		framework.It("ISHARE-SCHED-003", func() {
			other := first.clientID + 1
			ans, _ := schedule(framework.Ctx(), c, other, first.key, fmt.Sprintf("GetUserSchedule with ClientId %d's live key presented with ClientId %d", first.clientID, other))
			Expect(ans).To(framework.BeRefusedWith(client.CodeInvalidSessionKey), "a key belongs to one ClientId (any client's data must not be reachable with any key)")
		})

		framework.It("ISHARE-CSK-002", func() {
			t := api.Target()
			second := mustLogin(c, a, "a second CreateSessionKey of the same client")
			again, _ := schedule(framework.Ctx(), c, first.clientID, first.key, "GetUserSchedule with the client's first key after its second CreateSessionKey")
			t.Observe("a client's first key after its second CreateSessionKey", again)
			fresh, _ := schedule(framework.Ctx(), c, second.clientID, second.key, "GetUserSchedule with the second key")
			Expect(fresh).To(framework.HaveSucceeded())
			switch pin := t.Pin(client.PinEarlierKeys); {
			case len(pin) > 0 && pin[0] == client.EarlierKept:
				Expect(again).To(framework.HaveSucceeded(), "earlier_keys is kept")
			case len(pin) > 0 && pin[0] == client.EarlierRevoked:
				Expect(again).To(framework.BeRefusedWith(client.CodeInvalidSessionKey), "earlier_keys is revoked")
			case !again.OK:
				Expect(again).To(framework.BeRefusedWith(client.CodeInvalidSessionKey), "a revoked key is an invalid key")
				framework.Warn("a client's next CreateSessionKey revoked its earlier key (%s): the seed says CreateSessionKey \"is automatically called by the iShare portal\", so every other caller of the client loses its session whenever the portal asks for one; set earlier_keys: revoked if that is the deployment's design", again.Outcome())
			}
		})
	})
})

// errCode is an Error's code, "" when there is none.
func errCode(e *client.Error) string {
	if e == nil {
		return ""
	}
	return e.Code
}
