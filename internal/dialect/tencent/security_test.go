package tencent_test

// What a captured request can and cannot be made to do: TC3 signatures
// resent as they are or with another action, with and without
// --refuse-reused-signatures, and v1 signatures split into other
// parameters.

import (
	"bytes"

	"net/http"
	"strings"
	"testing"

	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/app/apptest"
)

// capture is a request the SDK sent, kept to be sent again.
type capture struct {
	method, url, host string
	header            http.Header
	body              string
}

// captured returns the last request rec saw.
func captured(rec *recorder) capture {
	return capture{method: rec.last.Method, url: rec.last.URL.String(), host: rec.last.Host, header: rec.last.Header.Clone(), body: rec.body}
}

// resend sends c again, with change applied to the copy first.
func (c capture) resend(t *testing.T, change func(r *http.Request)) reply {
	t.Helper()
	req, err := http.NewRequest(c.method, c.url, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = c.header.Clone()
	req.Host = c.host
	if change != nil {
		change(req)
	}
	return send(t, req)
}

// asAction changes the action of a resent TC3 request, as an attacker on
// the wire would: the signature does not cover X-TC-Action.
func asAction(action string) func(r *http.Request) {
	return func(r *http.Request) { r.Header.Set("X-TC-Action", action) }
}

// TestReusedTC3Signatures: a TC3 request captured on the wire is accepted
// again as it is by default, as Tencent does (an SDK polling twice in one
// second sends the same signature twice); under --refuse-reused-signatures
// a second use is refused, as it is and as another action: a signed
// DescribeInstances cannot be resent as TerminateInstances.
func TestReusedTC3Signatures(t *testing.T) {
	for _, m := range sdkModes[:3] { // the TC3 modes
		t.Run(m.name, func(t *testing.T) {
			env := apptest.Start(t, apptest.Options{TransitionDelay: apptest.Instant})
			c := newClient(t, env, m, region, apptest.AccessKeyID, apptest.AccessKeySecret)
			id := mustRun(t, c, launch{})[0]
			rec := &recorder{}
			c.WithHttpTransport(rec)
			describeByID(t, c, id)
			again := captured(rec).resend(t, nil)
			if again.code() != "" || !bytes.Contains(again.body, []byte(id)) {
				t.Fatalf("the identical request sent again: %s, want it answered", again.body)
			}
		})
	}
	for _, m := range sdkModes[:2] { // TC3 over a signed payload
		t.Run(m.name+"/refused under the flag", func(t *testing.T) {
			env := apptest.Start(t, apptest.Options{TransitionDelay: apptest.Instant,
				Configure: func(c *app.Config) { c.RefuseReusedSignatures = true }})
			c := newClient(t, env, m, region, apptest.AccessKeyID, apptest.AccessKeySecret)
			id := mustRun(t, c, launch{})[0]
			rec := &recorder{}
			c.WithHttpTransport(rec)
			describeByID(t, c, id)
			signed := captured(rec)
			for _, resent := range []struct {
				name   string
				change func(*http.Request)
			}{
				{"as it was", nil},
				{"as TerminateInstances", asAction("TerminateInstances")},
				{"as StopInstances", asAction("StopInstances")},
			} {
				r := signed.resend(t, resent.change)
				if r.code() != "AuthFailure.SignatureFailure" || !strings.Contains(r.envelope.Response.Error.Message, "signature was used already") {
					t.Errorf("%s: %s, want AuthFailure.SignatureFailure for a reused signature", resent.name, r.body)
				}
			}
			// The instance is untouched, and another request (another
			// signature) is answered.
			if got := statusOf(t, c, id); got != "RUNNING" {
				t.Errorf("after the resends the instance is %s, want RUNNING", got)
			}
			// The price: the same call again within the same second
			// signs the same, and is refused.
			if _, _, err := describeInstances(c, []string{id}, nil, 0, 10); err != nil {
				wantError(t, err, "AuthFailure.SignatureFailure")
			}
		})
	}
	t.Run("unsigned payload refused under the flag", func(t *testing.T) {
		env := apptest.Start(t, apptest.Options{Configure: func(c *app.Config) { c.RefuseReusedSignatures = true }})
		c := newClient(t, env, sdkModes[2], region, apptest.AccessKeyID, apptest.AccessKeySecret)
		_, err := describeStatus(c, nil, 0, 10)
		wantError(t, err, "AuthFailure.SignatureFailure")
		if !strings.Contains(err.Error(), "UNSIGNED-PAYLOAD") {
			t.Errorf("error %v does not say why", err)
		}
	})
}

// TestReusedTC3SignatureOfAWrite: under the flag, a captured RunInstances
// sent again launches nothing.
func TestReusedTC3SignatureOfAWrite(t *testing.T) {
	env := apptest.Start(t, apptest.Options{TransitionDelay: apptest.Instant,
		Configure: func(c *app.Config) { c.RefuseReusedSignatures = true }})
	c := newClient(t, env, sdkModes[0], region, apptest.AccessKeyID, apptest.AccessKeySecret)
	rec := &recorder{}
	c.WithHttpTransport(rec)
	mustRun(t, c, launch{count: 2})
	r := captured(rec).resend(t, nil)
	if r.code() != "AuthFailure.SignatureFailure" || bytes.Contains(r.body, []byte("InstanceIdSet")) {
		t.Fatalf("a resent RunInstances: %s, want AuthFailure.SignatureFailure alone", r.body)
	}
	if n, _, err := describeInstances(c, nil, nil, 0, 100); err != nil || n != 2 {
		t.Fatalf("%d instances (%v) after a resent launch of 2, want 2", n, err)
	}
}

func describeByID(t *testing.T, c *cvm.Client, id string) {
	t.Helper()
	n, set, err := describeInstances(c, []string{id}, nil, 0, 10)
	check(t, err)
	if n != 1 || len(set) != 1 || *set[0].InstanceId != id {
		t.Fatalf("DescribeInstances(%s) = %d instances", id, n)
	}
}

// TestV1ParameterSplits: a v1 string to sign joins raw values with '&',
// so {InstanceIds.0: "A&InstanceIds.1=B"} and {InstanceIds.0: "A",
// InstanceIds.1: "B"} sign alike. Only one of the two verifies: the
// ambiguous form is refused, with a fresh nonce too, and its nonce is
// spent, so the split form of a captured one is a replay.
func TestV1ParameterSplits(t *testing.T) {
	env := apptest.Start(t, apptest.Options{TransitionDelay: apptest.Instant})
	c := newClient(t, env, sdkModes[0], region, apptest.AccessKeyID, apptest.AccessKeySecret)
	ids := mustRun(t, c, launch{count: 2})
	joined := map[string]string{"InstanceIds.0": ids[0] + "&InstanceIds.1=" + ids[1]}
	split := func(values map[string]string) {
		values["InstanceIds.0"], values["InstanceIds.1"] = ids[0], ids[1]
	}
	for _, method := range []string{"GET", "POST"} {
		t.Run(method, func(t *testing.T) {
			ambiguous := v1{method: method, action: "StopInstances", params: joined, nonce: randomNonce()}
			r := send(t, ambiguous.request(t, env))
			if r.code() != "AuthFailure.SignatureFailure" || !strings.Contains(r.envelope.Response.Error.Message, "'&'") {
				t.Fatalf("the ambiguous form: %s, want AuthFailure.SignatureFailure", r.body)
			}
			// Its signature, split: the nonce was spent on the refusal.
			ambiguous.after = split
			r = send(t, ambiguous.request(t, env))
			if r.code() != "AuthFailure.SignatureFailure" || !strings.Contains(r.envelope.Response.Error.Message, "Nonce") {
				t.Fatalf("the split form of a refused request: %s, want a replay", r.body)
			}
			for _, id := range ids {
				if got := statusOf(t, c, id); got != "RUNNING" {
					t.Fatalf("%s is %s, want RUNNING: a split signature stopped it", id, got)
				}
			}
		})
	}
}

// TestV1ValuesAsTheSDKSignsThem: the SDK's v1 modes sign raw values, and
// values with spaces, '=', '%' and non-ASCII text still verify; only '&'
// is refused.
func TestV1ValuesAsTheSDKSignsThem(t *testing.T) {
	for _, m := range sdkModes[3:] { // the v1 modes
		t.Run(m.name, func(t *testing.T) {
			env := apptest.Start(t, apptest.Options{TransitionDelay: apptest.Instant})
			c := newClient(t, env, m, region, apptest.AccessKeyID, apptest.AccessKeySecret)
			name := "web = 1 % 服务器+x"
			id := mustRun(t, c, launch{name: name})[0]
			_, set, err := describeInstances(c, []string{id}, nil, 0, 10)
			check(t, err)
			if len(set) != 1 || *set[0].InstanceName != name {
				t.Fatalf("the instance is named %q, want %q", *set[0].InstanceName, name)
			}
			_, err = run(c, launch{name: "R&D"})
			wantError(t, err, "AuthFailure.SignatureFailure")
		})
	}
}
