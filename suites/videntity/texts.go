package videntity

import (
	"fmt"
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2" //nolint:revive // Ginkgo's DSL reads best unqualified
	. "github.com/onsi/gomega"    //nolint:revive // Gomega's DSL reads best unqualified

	client "github.com/authprobe/authprobe/clients/videntity"
	"github.com/authprobe/authprobe/suites/framework"
)

// sameWording says whether two human texts say the same words: case,
// runs of white space and a final full stop or exclamation mark aside.
func sameWording(got, want string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.Join(strings.Fields(s), " "))
		return strings.TrimRight(s, ".! ")
	}
	return norm(got) == norm(want)
}

var _ = framework.Describe(profile, "documented texts and media type", func() {
	framework.It("VID-TEXT-001", func() {
		t, c, a := api.Target(), api.Client(), api.Account(0)
		exact := t.Bool(client.PinDocumentedTexts)
		ctx := framework.Ctx()

		in := login(ctx, c, a, "a login with the configured credentials")
		cleanup(c, in)
		Expect(in).To(framework.HaveIssuedToken())
		type text struct {
			where, got, want string
		}
		var texts []text
		detail := func(where string, ans *framework.Answer, want string) {
			if r := response(ans); ans.Documented() && ans.OK && r != nil && r.Detail != "" {
				texts = append(texts, text{where, r.Detail, want})
			}
		}
		errorDetail := func(where string, ans *framework.Answer, number, want string) {
			if ans.Documented() && ans.Refused && ans.HasCode(number) {
				texts = append(texts, text{where, ans.Message, want})
			}
		}
		detail("the <detail> of a login SUCCESS", in, client.DetailLogin)
		detail("the <detail> of a ping SUCCESS", ping(ctx, c, in.Token, "a ping"), client.DetailPing)
		detail("the <detail> of a logout SUCCESS", logout(ctx, c, in.Token, "a logout"), client.DetailLogout)
		errorDetail("the <error_detail> of error 1 for a wrong password",
			login(ctx, c, wrongPassword(a), "a login with a wrong password"), "1", client.DetailAuthentication)
		errorDetail("the <error_detail> of error 4 for a login without username",
			postForm(ctx, c, c.LoginPath, withoutField(a, client.FieldUsername), "a login without username"), "4",
			client.MissingFieldDetail(client.FieldUsername))

		for _, x := range texts {
			switch {
			case exact && strings.TrimSpace(x.got) != x.want:
				Fail(fmt.Sprintf("%s must read %q word for word (documented_texts: true); got %q", x.where, x.want, x.got))
			case !sameWording(x.got, x.want):
				framework.Warn("%s should read %q, as the vendor documents it; got %q — clients that match the documented text miss it", x.where, x.want, x.got)
			}
		}
	})

	framework.It("VID-HTTP-002", func() {
		c, a := api.Client(), api.Account(0)
		ctx := framework.Ctx()
		in := login(ctx, c, a, "a login with the configured credentials")
		cleanup(c, in)
		for _, ans := range []*framework.Answer{in, login(ctx, c, wrongPassword(a), "a login with a wrong password")} {
			if ans.Status() == 0 {
				Fail(ans.What + " got no HTTP answer")
			}
			if ct := ans.ContentType(); !strings.Contains(strings.ToLower(ct), "xml") {
				framework.Warn("%s is an XML document, but its Content-Type is %q (HTTP %d %s), not an XML media type such as text/xml: clients that dispatch on the media type do not read it",
					ans.What, ct, ans.Status(), http.StatusText(ans.Status()))
			}
		}
	})
})
