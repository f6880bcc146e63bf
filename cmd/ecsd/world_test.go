package main_test

// A world: on each cloud, instances with a VPC, a subnet, a security
// group, a key pair, tags and disks, in several states (running, stopped
// with a disk attached, failed at launch, in the middle of a reboot),
// made through each vendor's SDK against a running ecsd on a manual clock.
// The tests of the controls build it, and compare the raw answers.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	zt "github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// worldArgs start a server for a world: a known key, a manual clock, and
// networks and disks that are ready at once while instances take 10s for
// each transitional status.
func worldArgs(key, secret string) []string {
	return []string{"--access-key-id", key, "--access-key-secret", secret, "--clock", "manual",
		"--transition-delay", "0s", "--transition-delays", "create=10s,start=10s,stop=10s,reboot=10s,terminate=10s",
		"--admin-addr", "127.0.0.1:0", "--admin-token", "tok"}
}

// sshPublicKey is an OpenSSH ed25519 public key made from a byte, so that
// every run imports the same one.
func sshPublicKey(b byte) string {
	var blob bytes.Buffer
	for _, part := range [][]byte{[]byte("ssh-ed25519"), bytes.Repeat([]byte{b}, 32)} {
		n := len(part)
		blob.Write([]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
		blob.Write(part)
	}
	return "ssh-ed25519 " + base64.StdEncoding.EncodeToString(blob.Bytes())
}

// world calls one ecsd through the three vendors' SDKs, keeping every raw
// answer in order.
type world struct {
	t       *testing.T
	s       *server
	answers [][]byte
	ali     *classicecs.Client
	tc      *common.Client
	tcRaw   *bodyRecorder
	zl      *zt.Client
}

func newWorld(t *testing.T, s *server, key, secret string) *world {
	t.Helper()
	w := &world{t: t, s: s, tcRaw: &bodyRecorder{}}
	w.ali = s.client(t, key, secret)
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme = s.addr, "HTTP"
	w.tc = common.NewCommonClient(common.NewCredential(key, secret), "ap-guangzhou", cpf).WithHttpTransport(w.tcRaw)
	w.zl = zt.New(t, s.addr, key, secret)
	return w
}

// bodyRecorder is a transport that keeps the body of the last answer.
type bodyRecorder struct{ last []byte }

func (r *bodyRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	r.last, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(r.last))
	return resp, err
}

// aliyun calls an Alibaba action of ECS (product "Ecs") or VPC ("Vpc")
// and returns its answer decoded.
func (w *world) aliyun(product, action string, params map[string]string) map[string]any {
	w.t.Helper()
	req := requests.NewCommonRequest()
	req.Method, req.Domain, req.Product, req.ApiName = requests.POST, w.s.addr, product, action
	req.Version = "2014-05-26"
	if product == "Vpc" {
		req.Version = "2016-04-28"
	}
	req.QueryParams["RegionId"] = "cn-hangzhou"
	for k, v := range params {
		req.QueryParams[k] = v
	}
	resp, err := w.ali.ProcessCommonRequest(req)
	if err != nil {
		w.t.Fatalf("Alibaba %s: %v", action, err)
	}
	return w.keep(resp.GetHttpContentBytes())
}

// tencent calls a Tencent action of a service and returns its Response
// decoded.
func (w *world) tencent(service, action string, params map[string]any) map[string]any {
	w.t.Helper()
	version := "2017-03-12"
	req := tchttp.NewCommonRequest(service, version, action)
	if err := req.SetActionParameters(params); err != nil {
		w.t.Fatal(err)
	}
	if err := w.tc.Send(req, tchttp.NewCommonResponse()); err != nil {
		w.t.Fatalf("Tencent %s: %v", action, err)
	}
	return w.keep(w.tcRaw.last)["Response"].(map[string]any)
}

// zenlayer calls a Zenlayer action of a service (zec or ccs) and returns
// its response decoded.
func (w *world) zenlayer(service zt.Service, action string, params map[string]any) map[string]any {
	w.t.Helper()
	w.zl.Service, w.zl.Version = service.Name, service.Version
	var raw json.RawMessage
	if err := w.zl.Call(action, params, &raw); err != nil {
		w.t.Fatalf("Zenlayer %s: %v", action, err)
	}
	return w.keep(raw)
}

func (w *world) keep(raw []byte) map[string]any {
	w.t.Helper()
	w.answers = append(w.answers, raw)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		w.t.Fatalf("answer %s: %v", raw, err)
	}
	return m
}

// advance moves the server's manual clock.
func (w *world) advance(d string) {
	w.t.Helper()
	if _, stderr, code := ecsd(w.t, []string{"ECSD_ADMIN_ADDR=" + w.s.adminAddr, "ECSD_ADMIN_TOKEN=tok"}, "admin", "clock", "advance", d); code != 0 {
		w.t.Fatalf("clock advance %s: %s", d, stderr)
	}
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func first(m map[string]any, path ...string) string {
	var v any = m
	for _, p := range path {
		v = v.(map[string]any)[p]
	}
	return v.([]any)[0].(string)
}

// build makes the world on every cloud; the instances of each end
// running, stopped with a data disk attached, failed at launch, and
// rebooting.
func (w *world) build() {
	w.t.Helper()
	// Alibaba.
	vpc := str(w.aliyun("Vpc", "CreateVpc", map[string]string{"CidrBlock": "10.0.0.0/16", "VpcName": "main"}), "VpcId")
	vsw := str(w.aliyun("Vpc", "CreateVSwitch", map[string]string{"VpcId": vpc, "ZoneId": "cn-hangzhou-h", "CidrBlock": "10.0.1.0/24"}), "VSwitchId")
	sg := str(w.aliyun("Ecs", "CreateSecurityGroup", map[string]string{"VpcId": vpc, "SecurityGroupName": "web"}), "SecurityGroupId")
	w.aliyun("Ecs", "AuthorizeSecurityGroup", map[string]string{"SecurityGroupId": sg, "IpProtocol": "tcp", "PortRange": "22/22", "SourceCidrIp": "0.0.0.0/0"})
	w.aliyun("Ecs", "ImportKeyPair", map[string]string{"KeyPairName": "deploy", "PublicKeyBody": sshPublicKey(1)})
	disk := str(w.aliyun("Ecs", "CreateDisk", map[string]string{"ZoneId": "cn-hangzhou-h", "Size": "40", "DiskCategory": "cloud_essd"}), "DiskId")
	run := map[string]string{"ImageId": aliyunImage, "InstanceType": "ecs.g7.large", "VSwitchId": vsw, "SecurityGroupId": sg,
		"KeyPairName": "deploy", "Tag.1.Key": "team", "Tag.1.Value": "ci", "DataDisk.1.Size": "20", "DataDisk.1.Category": "cloud_essd",
		"InternetMaxBandwidthOut": "5", "Amount": "2"}
	ali := w.aliyun("Ecs", "RunInstances", run)["InstanceIdSets"].(map[string]any)["InstanceIdSet"].([]any)
	run["ImageId"], run["Amount"] = "ecsd-launch-fails", "1"
	w.aliyun("Ecs", "RunInstances", run)

	// Tencent.
	tvpc := w.tencent("vpc", "CreateVpc", map[string]any{"VpcName": "main", "CidrBlock": "10.1.0.0/16"})["Vpc"].(map[string]any)["VpcId"].(string)
	tsub := w.tencent("vpc", "CreateSubnet", map[string]any{"VpcId": tvpc, "SubnetName": "app", "CidrBlock": "10.1.1.0/24", "Zone": "ap-guangzhou-3"})["Subnet"].(map[string]any)["SubnetId"].(string)
	tsg := w.tencent("vpc", "CreateSecurityGroup", map[string]any{"GroupName": "web", "GroupDescription": "web"})["SecurityGroup"].(map[string]any)["SecurityGroupId"].(string)
	w.tencent("vpc", "CreateSecurityGroupPolicies", map[string]any{"SecurityGroupId": tsg, "SecurityGroupPolicySet": map[string]any{
		"Ingress": []any{map[string]any{"Protocol": "TCP", "Port": "22", "CidrBlock": "0.0.0.0/0", "Action": "ACCEPT"}}}})
	tkey := w.tencent("cvm", "ImportKeyPair", map[string]any{"KeyName": "deploy", "ProjectId": 0, "PublicKey": sshPublicKey(2)})["KeyId"].(string)
	tdisk := first(w.tencent("cbs", "CreateDisks", map[string]any{"DiskType": "CLOUD_PREMIUM", "DiskSize": 50, "DiskChargeType": "POSTPAID_BY_HOUR",
		"Placement": map[string]any{"Zone": "ap-guangzhou-3"}}), "DiskIdSet")
	trun := map[string]any{"Placement": map[string]any{"Zone": "ap-guangzhou-3"}, "ImageId": "img-eb30mz89", "InstanceType": "S5.MEDIUM4",
		"VirtualPrivateCloud": map[string]any{"VpcId": tvpc, "SubnetId": tsub}, "SecurityGroupIds": []string{tsg},
		"LoginSettings": map[string]any{"KeyIds": []string{tkey}}, "InstanceCount": 2,
		"DataDisks":          []any{map[string]any{"DiskType": "CLOUD_PREMIUM", "DiskSize": 20}},
		"TagSpecification":   []any{map[string]any{"ResourceType": "instance", "Tags": []any{map[string]any{"Key": "team", "Value": "ci"}}}},
		"InternetAccessible": map[string]any{"InternetMaxBandwidthOut": 5, "PublicIpAssigned": true}}
	tc := w.tencent("cvm", "RunInstances", trun)["InstanceIdSet"].([]any)
	trun["ImageId"], trun["InstanceCount"] = "ecsd-launch-fails", 1
	w.tencent("cvm", "RunInstances", trun)

	// Zenlayer.
	zvpc := str(w.zenlayer(zt.ZEC, "CreateVpc", map[string]any{"name": "main", "cidrBlock": "10.2.0.0/16", "mtu": 1500}), "vpcId")
	zsub := str(w.zenlayer(zt.ZEC, "CreateSubnet", map[string]any{"vpcId": zvpc, "name": "app", "regionId": "asia-east-1", "stackType": "IPv4", "cidrBlock": "10.2.1.0/24"}), "subnetId")
	zsg := str(w.zenlayer(zt.ZEC, "CreateSecurityGroup", map[string]any{"securityGroupName": "web"}), "securityGroupId")
	zkey := str(w.zenlayer(zt.CCS, "ImportKeyPair", map[string]any{"keyName": "deploy", "publicKey": sshPublicKey(3)}), "keyId")
	zdisk := first(w.zenlayer(zt.ZEC, "CreateDisks", map[string]any{"zoneId": "asia-east-1a", "diskSize": 40, "diskName": "data"}), "diskIds")
	zrun := map[string]any{"zoneId": "asia-east-1a", "imageId": "ubuntu2204_20240712", "instanceType": "z2a.cpu.2", "instanceCount": 2,
		"subnetId": zsub, "securityGroupId": zsg, "keyId": zkey, "instanceName": "web", "internetMaxBandwidthOut": 5,
		"dataDisks": []any{map[string]any{"diskSize": 20}}, "tags": map[string]any{"tags": []any{map[string]any{"key": "team", "value": "ci"}}}}
	zl := w.zenlayer(zt.ZEC, "CreateZecInstances", zrun)["instanceIdSet"].([]any)
	zrun["imageId"], zrun["instanceCount"] = "ecsd-launch-fails", 1
	w.zenlayer(zt.ZEC, "CreateZecInstances", zrun)

	// Everything runs; the first instance of each cloud stops and gets the
	// data disk; the second reboots, and is caught in the middle.
	w.advance("20s")
	w.aliyun("Ecs", "StopInstance", map[string]string{"InstanceId": ali[0].(string)})
	w.tencent("cvm", "StopInstances", map[string]any{"InstanceIds": []any{tc[0]}})
	w.zenlayer(zt.ZEC, "StopInstances", map[string]any{"instanceIds": []any{zl[0]}})
	w.advance("10s")
	w.aliyun("Ecs", "AttachDisk", map[string]string{"DiskId": disk, "InstanceId": ali[0].(string)})
	w.tencent("cbs", "AttachDisks", map[string]any{"DiskIds": []string{tdisk}, "InstanceId": tc[0]})
	w.zenlayer(zt.ZEC, "AttachDisks", map[string]any{"diskIds": []string{zdisk}, "instanceId": zl[0]})
	w.aliyun("Ecs", "RebootInstance", map[string]string{"InstanceId": ali[1].(string)})
	w.tencent("cvm", "RebootInstances", map[string]any{"InstanceIds": []any{tc[1]}})
	w.zenlayer(zt.ZEC, "RebootInstances", map[string]any{"instanceIds": []any{zl[1]}})
	w.advance("5s")
}

// describe lists every instance of every cloud with DescribeInstances,
// and returns the raw answers.
func (w *world) describe() [][]byte {
	w.t.Helper()
	start := len(w.answers)
	w.aliyun("Ecs", "DescribeInstances", map[string]string{"PageSize": "100"})
	w.tencent("cvm", "DescribeInstances", map[string]any{"Limit": 100})
	w.zenlayer(zt.ZEC, "DescribeInstances", map[string]any{"pageSize": 100})
	return w.answers[start:]
}

// requestIDs matches the request ID of every vendor's answer.
var requestIDs = regexp.MustCompile(`"(RequestId|requestId)":"[^"]*"`)

// withoutRequestIDs blanks the request IDs of answers.
func withoutRequestIDs(answers [][]byte) []string {
	out := make([]string, len(answers))
	for i, a := range answers {
		out[i] = requestIDs.ReplaceAllString(string(a), `"$1":""`)
	}
	return out
}
