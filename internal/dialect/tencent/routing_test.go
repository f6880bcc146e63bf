package tencent_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// TestSignedScopesAndHosts: a TC3 signature holds over the scope the
// client signed, whatever service it names, and over the host as sent or
// without its port, as the Go and Node SDKs sign them; the request goes to
// the service the scope or the host names, or else to the one whose action
// it is.
func TestSignedScopesAndHosts(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	port := env.Host[strings.LastIndex(env.Host, ":")+1:]
	tests := []struct {
		name string
		req  tc3
	}{
		{"Go SDK: scope cvm, host with port", tc3{service: "cvm"}},
		{"Node SDK at 127.0.0.1:PORT: scope 127, host without port", tc3{service: "127", signedHost: "127.0.0.1"}},
		{"Node SDK at localhost:PORT: scope localhost:PORT", tc3{service: "localhost:" + port, host: "localhost:" + port, signedHost: "localhost"}},
		{"Node SDK at cvm.ecsd.test:PORT: scope cvm", tc3{service: "cvm", host: "cvm.ecsd.test:" + port, signedHost: "cvm.ecsd.test"}},
		{"host label names the service", tc3{service: "ecsd", host: "cvm.ecsd.test:" + port}},
		{"a label that is no service: the action decides", tc3{service: "CVM", host: "CVM.ecsd.test:" + port, signedHost: "CVM.ecsd.test"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := send(t, tt.req.request(t, env))
			if r.status != http.StatusOK || r.code() != "" {
				t.Fatalf("got HTTP %d %s", r.status, r.body)
			}
			var body struct {
				Response struct{ InstanceStatusSet []any }
			}
			if err := json.Unmarshal(r.body, &body); err != nil || body.Response.InstanceStatusSet == nil {
				t.Fatalf("not a DescribeInstancesStatus answer: %s", r.body)
			}
		})
	}
}
