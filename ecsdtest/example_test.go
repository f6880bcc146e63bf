package ecsdtest_test

import (
	"fmt"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
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
