package zenlayer_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// TestReusedZC2Signatures: ZC2 signs neither the action nor the path, and
// has no nonce. By default an identical request is answered again, as
// Zenlayer does; under --refuse-reused-signatures a captured request is
// refused when sent again, as it was or as another action: a signed
// DescribeInstances cannot be resent as ReleaseInstances.
func TestReusedZC2Signatures(t *testing.T) {
	for _, c := range []struct {
		name   string
		refuse bool
	}{
		{"accepted again by default", false},
		{"refused under the flag", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := start(t, apptest.Options{TransitionDelay: apptest.Instant,
				Configure: func(cfg *app.Config) { cfg.RefuseReusedSignatures = c.refuse }})
			cl := e.client(t, apptest.AccessKeyID, apptest.AccessKeySecret)
			id := cl.create(cl.createParams(1))[0]
			e.clock.Advance(time.Second)
			body, _ := json.Marshal(params{"instanceIds": []string{id}})
			signed := cl.NewRequest("DescribeInstances", body)
			if status, got := cl.Send(signed); status != http.StatusOK || !strings.Contains(string(got), id) {
				t.Fatalf("the first DescribeInstances: %d %s", status, got)
			}
			resend := func(action string) (int, []byte) {
				r := cl.NewRequest("DescribeInstances", body) // same time, body and key: same signature
				if r.Header.Get("Authorization") != signed.Header.Get("Authorization") {
					t.Fatal("the resent request is signed otherwise")
				}
				r.Header["x-zc-action"] = []string{action}
				return cl.Send(r)
			}
			status, got := resend("DescribeInstances")
			if !c.refuse {
				if status != http.StatusOK || !strings.Contains(string(got), id) {
					t.Fatalf("the identical request sent again: %d %s, want it answered", status, got)
				}
				return
			}
			for _, action := range []string{"DescribeInstances", "ReleaseInstances", "StopInstances"} {
				status, got := resend(action)
				e := zenlayertest.DecodeError(t, status, got)
				if status != http.StatusUnauthorized || e.Code != "AUTHFAILURE_SIGNATURE_FAILURE" || !strings.Contains(e.Message, "signature was used already") {
					t.Errorf("resent as %s: %d %s, want 401 AUTHFAILURE_SIGNATURE_FAILURE", action, status, got)
				}
			}
			e.clock.Advance(time.Second)
			if got := cl.status(id); got != "RUNNING" {
				t.Errorf("after the resends the instance is %s, want RUNNING", got)
			}
		})
	}
}
