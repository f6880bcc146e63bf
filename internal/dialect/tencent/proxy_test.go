package tencent_test

import (
	"net/http"
	"net/url"
	"testing"

	api "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/api/v20201106"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
	vpc "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/vpc/v20170312"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// TestHTTPProxy: ecsd serves the Go SDKs left at their own endpoints
// (cvm.tencentcloudapi.com, vpc..., api...) through an HTTP proxy, as
// docs/tencent.md tells Terraform users to: TENCENTCLOUD_PROTOCOL=HTTP and
// HTTP_PROXY at ecsd. The requests arrive in absolute form
// (POST http://cvm.tencentcloudapi.com/), their Host the service's, and
// are served by the service the host names, whatever signature they carry.
func TestHTTPProxy(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	proxy, err := url.Parse(env.URL)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	transport := &http.Transport{Proxy: http.ProxyURL(proxy)}
	cred := common.NewCredential(apptest.AccessKeyID, apptest.AccessKeySecret)
	for _, m := range []sdkMode{sdkModes[0], sdkModes[4]} { // TC3 POST, v1 HmacSHA256 POST
		t.Run(m.name, func(t *testing.T) {
			cpf := profile.NewClientProfile()
			cpf.HttpProfile.Scheme = "HTTP"
			m.set(cpf)
			c, err := cvm.NewClient(cred, region, cpf)
			if err != nil {
				t.Fatal(err)
			}
			c.WithHttpTransport(&recordingProxy{rec, transport})
			ids := mustRun(t, c, launch{})
			if rec.last.URL.Host != "cvm.tencentcloudapi.com" {
				t.Fatalf("the SDK sent to %s, want cvm.tencentcloudapi.com through the proxy", rec.last.URL)
			}
			if p := mustStatus(t, c, ids, 0, 0); p.total != 1 {
				t.Fatalf("DescribeInstancesStatus through the proxy: %+v", p)
			}

			v, err := vpc.NewClient(cred, region, cpf)
			if err != nil {
				t.Fatal(err)
			}
			v.WithHttpTransport(&recordingProxy{rec, transport})
			req := vpc.NewCreateVpcRequest()
			req.VpcName, req.CidrBlock = ptr("proxied"), ptr("10.7.0.0/16")
			created, err := v.CreateVpc(req)
			check(t, err)
			if rec.last.URL.Host != "vpc.tencentcloudapi.com" || *created.Response.Vpc.CidrBlock != "10.7.0.0/16" {
				t.Fatalf("CreateVpc to %s: %s", rec.last.URL, created.ToJsonString())
			}

			a, err := api.NewClient(cred, region, cpf)
			if err != nil {
				t.Fatal(err)
			}
			a.WithHttpTransport(&recordingProxy{rec, transport})
			zr := api.NewDescribeZonesRequest()
			zr.Product = ptr("cvm")
			zones, err := a.DescribeZones(zr)
			check(t, err)
			if rec.last.URL.Host != "api.tencentcloudapi.com" || *zones.Response.TotalCount != 4 {
				t.Fatalf("api DescribeZones to %s: %s", rec.last.URL, zones.ToJsonString())
			}
		})
	}
}

// recordingProxy records each request and sends it through a proxying
// transport.
type recordingProxy struct {
	rec  *recorder
	next http.RoundTripper
}

func (p *recordingProxy) RoundTrip(req *http.Request) (*http.Response, error) {
	p.rec.last = req
	return p.next.RoundTrip(req)
}
