package aliyun_test

import (
	"context"
	"flag"
	"net/http"
	"net/http/httputil"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/aliyun"
	"github.com/ecsd/ecsd/internal/dialect/kit/kittest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenCase is one exchange pinned byte for byte: a raw signed request and
// the exact response, under a fixed clock, key and request ID.
type goldenCase struct {
	name  string
	clock time.Time
	// keyID and secret of the account the request is signed with.
	keyID, secret string
	// seed lists instances to create first, Running: ID and zone.
	seed [][2]string
	// raw is a request captured from an SDK or copied from documentation;
	// build makes one otherwise. Either produces the same bytes every time.
	raw   string
	build func(t *testing.T, env *apptest.Env) *http.Request
	// setup makes what the request needs, before it is built.
	setup func(t *testing.T, env *apptest.Env)
}

// goldenHost is the Host every built golden request carries, as the
// captured ones do.
const goldenHost = "127.0.0.1:41029"

var fixedTime = time.Date(2026, 11, 22, 1, 30, 49, 0, time.UTC)

func goldenCases() []goldenCase {
	seeded := [][2]string{{"i-bp1f7c1zqp999zvp0001", "cn-hangzhou-b"}, {"i-bp1dqjv36biueg610002", "cn-hangzhou-g"}}
	return []goldenCase{
		{
			name: "doc-vector-describe-regions", clock: time.Date(2016, 2, 23, 12, 46, 24, 0, time.UTC), keyID: "testid", secret: "testsecret",
			raw: "GET /?AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D HTTP/1.1\r\nHost: ecs.aliyuncs.com\r\n\r\n",
		},
		{
			name: "captured-classic-sdk-rpc-v1", clock: fixedTime, keyID: "testAK", secret: "testSecret",
			raw: "POST /?AccessKeyId=testAK&Action=DescribeInstanceStatus&Format=JSON&InstanceId.1=i-abc&InstanceId.2=i-def%2Ax+y~&PageSize=10&RegionId=cn-hangzhou&Signature=LtY%2BGiNgumrtE4gMmn4CQ6A%2BsUM%3D&SignatureMethod=HMAC-SHA1&SignatureNonce=44256ab75ae5d9998c6a75c973e9650a&SignatureType=&SignatureVersion=1.0&Timestamp=2026-11-22T01%3A30%3A49Z&Version=2014-05-26 HTTP/1.1\r\nHost: 127.0.0.1:41029\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n",
		},
		{
			name: "captured-tea-sdk-acs3", clock: fixedTime, keyID: "testAK", secret: "testSecret",
			raw: "POST /?InstanceId.1=i-abc&InstanceId.2=i-def%2Ax+y~&PageSize=10&RegionId=cn-hangzhou HTTP/1.1\r\nHost: 127.0.0.1:41029\r\n" +
				"x-acs-action: DescribeInstanceStatus\r\nx-acs-version: 2014-05-26\r\nx-acs-date: 2026-11-22T01:30:49Z\r\n" +
				"x-acs-signature-nonce: f2951a80a731208be2552034174a288d\r\nx-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\r\n" +
				"x-acs-credentials-provider: static_ak\r\naccept: application/json\r\n" +
				"Authorization: ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=84b1bf40b710f6c21234b6b78762b69bc5eebeb9522d4eac2f223304f85b48a5\r\nContent-Length: 0\r\n\r\n",
		},
		{
			name: "describe-instance-status-xml", clock: fixedTime, keyID: "testAK", secret: "testSecret", seed: seeded,
			build: func(t *testing.T, env *apptest.Env) *http.Request {
				return rpc{params: params("Action", "DescribeInstanceStatus", "RegionId", "cn-hangzhou", "Format", "XML"), nonce: "golden-1"}.request(t, env)
			},
		},
		{
			name: "describe-instance-status-json-acs3", clock: fixedTime, keyID: "testAK", secret: "testSecret", seed: seeded,
			build: func(t *testing.T, env *apptest.Env) *http.Request {
				return acs3{action: "DescribeInstanceStatus", query: params("RegionId", "cn-hangzhou", "PageSize", "1", "PageNumber", "2"), nonce: "golden-2", host: goldenHost}.request(t, env)
			},
		},
		{
			name: "describe-instances-json", clock: fixedTime, keyID: "testAK", secret: "testSecret", seed: seeded,
			build: func(t *testing.T, env *apptest.Env) *http.Request {
				return rpc{params: params("Action", "DescribeInstances", "RegionId", "cn-hangzhou", "InstanceIds", `["i-bp1dqjv36biueg610002"]`), nonce: "golden-3"}.request(t, env)
			},
		},
		{
			name: "start-instances-success-first", clock: fixedTime, keyID: "testAK", secret: "testSecret", seed: seeded,
			build: func(t *testing.T, env *apptest.Env) *http.Request {
				return rpc{params: params("Action", "StartInstances", "RegionId", "cn-hangzhou", "InstanceId.1", "i-bp1f7c1zqp999zvp0001", "InstanceId.2", "i-bp1dqjv36biueg619999", "BatchOptimization", "SuccessFirst"), nonce: "golden-4"}.request(t, env)
			},
		},
		{
			name: "stop-instance-not-found-xml", clock: fixedTime, keyID: "testAK", secret: "testSecret",
			build: func(t *testing.T, env *apptest.Env) *http.Request {
				return rpc{params: params("Action", "StopInstance", "InstanceId", "i-bp1f7c1zqp999zvp0001", "Format", "XML"), nonce: "golden-5"}.request(t, env)
			},
		},
		{
			name: "describe-instances-vpc-json", clock: fixedTime, keyID: "testAK", secret: "testSecret", setup: prepareVPCInstance,
			build: func(t *testing.T, env *apptest.Env) *http.Request {
				return rpc{params: params("Action", "DescribeInstances", "RegionId", "cn-hangzhou", "VpcId", goldenVPC(t, env),
					"AdditionalAttributes.1", "META_OPTIONS", "AdditionalAttributes.2", "NETWORK_PRIMARY_ENI_IP"), nonce: "golden-7"}.request(t, env)
			},
		},
		{
			name: "describe-instances-vpc-xml", clock: fixedTime, keyID: "testAK", secret: "testSecret", setup: prepareVPCInstance,
			build: func(t *testing.T, env *apptest.Env) *http.Request {
				return rpc{params: params("Action", "DescribeInstances", "RegionId", "cn-hangzhou", "Tag.1.Key", "env", "Tag.1.Value", "prod",
					"Format", "XML"), nonce: "golden-8"}.request(t, env)
			},
		},
		{
			name: "describe-zones", clock: fixedTime, keyID: "testAK", secret: "testSecret",
			build: func(t *testing.T, env *apptest.Env) *http.Request {
				return rpc{params: params("Action", "DescribeZones", "RegionId", "cn-qingdao", "AcceptLanguage", "en-US"), nonce: "golden-6"}.request(t, env)
			},
		},
	}
}

// TestGolden replays each golden request and compares the response byte for
// byte. Run with -update to rewrite the files after a deliberate change.
func TestGolden(t *testing.T) {
	for _, gc := range goldenCases() {
		t.Run(gc.name, func(t *testing.T) { runGolden(t, gc) })
	}
}

// runGolden serves one golden case on an ecsd of its own.
func runGolden(t *testing.T, gc goldenCase) {
	env := apptest.Start(t, apptest.Options{
		ClockStart: gc.clock, TransitionDelay: apptest.Instant,
		NewRequestID: func() [16]byte {
			return [16]byte{0x47, 0x4F, 0x4C, 0x44, 0x45, 0x4E, 0x40, 0x0D, 0x80, 0xEC, 0x5D, 0, 0, 0, 0, 1}
		},
		// Resources made by a case's setup get the same IDs on every run.
		Configure: func(cfg *app.Config) { cfg.Random = compute.NewSeededRandom(1) },
	})
	if gc.keyID != apptest.AccessKeyID {
		env.NewAccount(t, "golden", gc.keyID, gc.secret)
	}
	for _, s := range gc.seed {
		owner := compute.Owner{Account: env.Key.Account, Cloud: compute.CloudAliyun}
		_, err := env.App.Service.Launch(context.Background(), compute.LaunchSpec{
			Owner: owner, Region: "cn-hangzhou", Zone: compute.ZoneID(s[1]), Count: 1, ImageID: "aliyun_3_x64_20G_alibase_20240819.vhd",
			InstanceType: "ecs.g7.large", Name: "golden", NewID: func() compute.InstanceID { return compute.InstanceID(s[0]) },
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if gc.setup != nil {
		gc.setup(t, env)
	}
	path := filepath.Join("testdata", "golden", gc.name+".txt")
	rawRequest := gc.raw
	if gc.build != nil {
		req := gc.build(t, env)
		req.Host = goldenHost
		dump, err := httputil.DumpRequestOut(req, true)
		if err != nil {
			t.Fatal(err)
		}
		rawRequest = strings.Replace(string(dump), "User-Agent: Go-http-client/1.1\r\n", "", 1)
	}
	kittest.Golden(t, path, rawRequest, kittest.Serve(t, env.App.Handler, rawRequest), *update)
}

// prepareVPCInstance makes, with requests signed at the golden clock (the
// SDKs sign with the real time), a VPC, a vSwitch, a security group and a
// key pair, then a VPC instance in them with a public address and tags,
// and lets it come up.
func prepareVPCInstance(t *testing.T, env *apptest.Env) {
	t.Helper()
	call := func(version string, kv ...string) map[string]any {
		t.Helper()
		p := params(kv...)
		p.Set("Version", version)
		r := send(t, rpc{method: "POST", form: true, params: p}.request(t, env))
		if r.status != 200 {
			t.Fatalf("%s: %d %s", p.Get("Action"), r.status, r.body)
		}
		return r.fields
	}
	vpc := call(aliyun.VPCVersion, "Action", "CreateVpc", "RegionId", region, "CidrBlock", "172.16.0.0/16", "VpcName", "web")["VpcId"].(string)
	env.Clock.Advance(3 * apptest.DefaultDelay)
	vsw := call(aliyun.VPCVersion, "Action", "CreateVSwitch", "RegionId", region, "VpcId", vpc, "ZoneId", "cn-hangzhou-j",
		"CidrBlock", "172.16.0.0/24")["VSwitchId"].(string)
	sg := call(aliyun.Version, "Action", "CreateSecurityGroup", "RegionId", region, "VpcId", vpc)["SecurityGroupId"].(string)
	call(aliyun.Version, "Action", "ImportKeyPair", "RegionId", region, "KeyPairName", "deployer", "PublicKeyBody", testPublicKey)
	env.Clock.Advance(3 * apptest.DefaultDelay)
	call(aliyun.Version, "Action", "RunInstances", "RegionId", region,
		"ImageId", "ubuntu_22_04_x64_20G_alibase_20240710.vhd", "InstanceType", "ecs.g7.large",
		"VSwitchId", vsw, "SecurityGroupId", sg, "PrivateIpAddress", "172.16.0.10",
		"InstanceName", "web-1", "HostName", "web-1.example", "Description", "front end",
		"InternetMaxBandwidthOut", "10", "KeyPairName", "deployer", "Password", "Ecsd@2024!",
		"SystemDisk.Category", "cloud_essd", "Tag.1.Key", "env", "Tag.1.Value", "prod", "Tag.2.Key", "team", "Tag.2.Value", "web")
	env.Clock.Advance(3 * apptest.DefaultDelay)
}

// goldenVPC is the VPC prepareVPCInstance made.
func goldenVPC(t *testing.T, env *apptest.Env) string {
	t.Helper()
	nets, err := env.App.Service.Networks(context.Background(), compute.Owner{Account: env.Key.Account, Cloud: compute.CloudAliyun}, compute.Filter{})
	if err != nil || len(nets) != 1 {
		t.Fatalf("the golden VPC: %v %v", err, nets)
	}
	return string(nets[0].ID)
}
