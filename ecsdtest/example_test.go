package ecsdtest_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/ecsd/ecsd/ecsdtest"
)

// An instance launched through Alibaba's SDK passes through Pending and
// Starting to Running as the test moves the clock.
func Example_alibaba() {
	srv, err := ecsdtest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	client, err := ecs.NewClientWithAccessKey("cn-hangzhou", srv.AccessKeyID, srv.AccessKeySecret)
	if err != nil {
		panic(err)
	}
	client.Domain = srv.Host // the only change an SDK needs

	run := ecs.CreateRunInstancesRequest()
	run.ImageId, run.InstanceType, run.Amount = exampleAlibabaImage, "ecs.g7.large", requests.NewInteger(1)
	if _, err := client.RunInstances(run); err != nil {
		panic(err)
	}
	status := func() string {
		resp, err := client.DescribeInstanceStatus(ecs.CreateDescribeInstanceStatusRequest())
		if err != nil {
			panic(err)
		}
		return resp.InstanceStatuses.InstanceStatus[0].Status
	}
	fmt.Println(status())
	srv.Advance(3 * time.Second)
	fmt.Println(status())
	srv.Advance(3 * time.Second)
	fmt.Println(status())
	// Output:
	// Pending
	// Starting
	// Running
}

// A test loads a fixture of a few lines, and a Tencent SDK sees it.
func Example_tencentFixture() {
	srv, err := ecsdtest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	err = srv.Load(`{"ecsd_snapshot": 1, "accounts": [{"name": "default",
		"tencent": {"instances": [{"region": "ap-guangzhou", "count": 2, "status": "stopped"}]}}]}`)
	if err != nil {
		panic(err)
	}

	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme = srv.Host, "HTTP"
	client, err := cvm.NewClient(common.NewCredential(srv.AccessKeyID, srv.AccessKeySecret), "ap-guangzhou", cpf)
	if err != nil {
		panic(err)
	}
	resp, err := client.DescribeInstancesStatus(cvm.NewDescribeInstancesStatusRequest())
	if err != nil {
		panic(err)
	}
	fmt.Println(*resp.Response.TotalCount, *resp.Response.InstanceStatusSet[0].InstanceState)
	// Output: 2 STOPPED
}

// A fault rule makes the next DescribeInstances answer Tencent's
// throttling code, which the SDK returns as its typed error; the call
// after it is served.
func Example_faults() {
	srv, err := ecsdtest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	throttle, err := srv.Inject(ecsdtest.Fault{Cloud: "tencent", Action: "DescribeInstances", Code: "RequestLimitExceeded", Count: 1})
	if err != nil {
		panic(err)
	}

	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme = srv.Host, "HTTP"
	client, err := cvm.NewClient(common.NewCredential(srv.AccessKeyID, srv.AccessKeySecret), "ap-guangzhou", cpf)
	if err != nil {
		panic(err)
	}
	_, err = client.DescribeInstances(cvm.NewDescribeInstancesRequest())
	if e, ok := err.(*tcerrors.TencentCloudSDKError); ok {
		fmt.Println(e.Code)
	}
	_, err = client.DescribeInstances(cvm.NewDescribeInstancesRequest())
	fmt.Println(err, throttle.Fired())
	// Output:
	// RequestLimitExceeded
	// <nil> 1
}

// An instance created through Zenlayer's API is DEPLOYING, then RUNNING
// once the test moves the clock. The Zenlayer SDK is not on the Go module
// proxy; with it, a test would point zec.NewClient at srv.Host (config
// Domain, and Scheme "HTTP"). zenlayer below makes the calls it would.
func Example_zenlayer() {
	srv, err := ecsdtest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	vpc := zenlayer(srv, "CreateVpc", `{"name": "main", "cidrBlock": "10.0.0.0/16", "mtu": 1500}`)["vpcId"]
	subnet := zenlayer(srv, "CreateSubnet", fmt.Sprintf(`{"vpcId": %q, "name": "app", "regionId": "asia-east-1",
		"stackType": "IPv4", "cidrBlock": "10.0.1.0/24"}`, vpc))["subnetId"]
	created := zenlayer(srv, "CreateZecInstances", fmt.Sprintf(`{"zoneId": "asia-east-1a", "imageId": "ubuntu2204_20240712",
		"instanceType": "z2a.cpu.2", "instanceCount": 1, "subnetId": %q, "password": "Passw0rd!"}`, subnet))
	id := created["instanceIdSet"].([]any)[0]
	status := func() any {
		resp := zenlayer(srv, "DescribeInstancesStatus", fmt.Sprintf(`{"instanceIds": [%q]}`, id))
		return resp["dataSet"].([]any)[0].(map[string]any)["instanceStatus"]
	}
	fmt.Println(status())
	srv.Advance(3 * time.Second)
	fmt.Println(status())
	// Output:
	// DEPLOYING
	// RUNNING
}

// zenlayer calls a ZEC action as the Zenlayer SDK does: a JSON POST to
// /api/v2/zec signed with ZC2-HMAC-SHA256 (the canonical request of
// method, "/", the content-type and host headers and the body's hash,
// signed with the key's password), and returns the answer's "response".
func zenlayer(srv *ecsdtest.Server, action, body string) map[string]any {
	hexSHA := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	canonical := "POST\n/\n\ncontent-type:application/json\nhost:" + srv.Host + "\n\ncontent-type;host\n" + hexSHA([]byte(body))
	mac := hmac.New(sha256.New, []byte(srv.AccessKeySecret))
	mac.Write([]byte("ZC2-HMAC-SHA256\n" + stamp + "\n" + hexSHA([]byte(canonical))))
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/api/v2/zec", strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	for k, v := range map[string]string{
		"Content-Type": "application/json", "X-ZC-Action": action, "X-ZC-Version": "2025-09-01", "X-ZC-Service": "zec",
		"X-ZC-Timestamp": stamp, "X-ZC-Signature-Method": "ZC2-HMAC-SHA256",
		"Authorization": "ZC2-HMAC-SHA256 Credential=" + srv.AccessKeyID + ", SignedHeaders=content-type;host, Signature=" + hex.EncodeToString(mac.Sum(nil)),
	} {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var answer struct {
		Response map[string]any `json:"response"`
		Code     string         `json:"code"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil || resp.StatusCode != http.StatusOK {
		panic(fmt.Sprintf("%s: %d %s %v", action, resp.StatusCode, answer.Code, err))
	}
	return answer.Response
}
