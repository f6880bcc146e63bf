package tencent_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	cbs "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cbs/v20170312"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
	vpc "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/vpc/v20170312"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/dialect/kit/kittest"
)

// world is the resources the bad-input rows of the resource actions name:
// the caller's, some in use by others, and another account's.
type world struct {
	instance, vpc, subnet, sg, usedSG, disk, attachedDisk, key, usedKey string
	// Another account's resources, which the caller must not find.
	otherInstance, otherVpc, otherSubnet, otherSG, otherDisk, otherKey string
	account                                                            string
}

// makeWorld makes the resources of the bad-input rows through the SDK.
func makeWorld(t *testing.T, env *apptest.Env) world {
	t.Helper()
	var w world
	mine := newProvider(t, env)
	w.account = string(env.Key.Account)
	w.vpc = mine.createVpc("v", "10.0.0.0/16", nil)
	w.subnet = mine.createSubnet(w.vpc, zone3, "s", "10.0.1.0/24", nil)
	w.sg = mine.createSecurityGroup("free", "", nil)
	w.usedSG = mine.createSecurityGroup("used", "", nil)
	w.key = mine.importKeyPair("free", examplePublicKey)
	mk := cvm.NewCreateKeyPairRequest()
	mk.KeyName, mk.ProjectId = ptr("used"), ptr(int64(0))
	made, err := mine.cvm.CreateKeyPair(mk)
	check(t, err)
	w.usedKey = *made.Response.KeyPair.KeyId
	run := launchIn(w.vpc, w.subnet)
	run.Placement.Zone = ptr(zone3)
	run.SecurityGroupIds = []*string{&w.usedSG}
	run.LoginSettings = &cvm.LoginSettings{KeyIds: []*string{&w.usedKey}}
	w.instance = mine.runInstance(run, nil)
	w.disk = mine.createDisk(zone3)
	w.attachedDisk = mine.createDisk(zone3)
	att := cbs.NewAttachDisksRequest()
	att.DiskIds, att.InstanceId = []*string{&w.attachedDisk}, &w.instance
	_, err = mine.cbs.AttachDisks(att)
	check(t, err)
	mine.settle()

	key := env.NewAccount(t, "other", "", "")
	other := newProvider(t, env)
	cred := common.NewCredential(key.ID, key.Secret)
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme = env.Host, "HTTP"
	other.cvm, _ = cvm.NewClient(cred, region, cpf)
	other.vpc, _ = vpc.NewClient(cred, region, cpf)
	other.cbs, _ = cbs.NewClient(cred, region, cpf)
	w.otherVpc = other.createVpcTyped("o", "10.9.0.0/16")
	w.otherSubnet = other.createSubnet(w.otherVpc, zone3, "o", "10.9.1.0/24", nil)
	w.otherSG = other.createSecurityGroup("o", "", nil)
	w.otherKey = other.importKeyPair("other", examplePublicKey)
	w.otherInstance = other.runInstance(newRun(), nil)
	w.otherDisk = other.createDisk(zone3)
	other.settle()
	return w
}

// createVpcTyped creates a VPC through the typed request of the vpc SDK.
func (p *provider) createVpcTyped(name, cidr string) string {
	p.t.Helper()
	req := vpc.NewCreateVpcRequest()
	req.VpcName, req.CidrBlock = &name, &cidr
	resp, err := p.vpc.CreateVpc(req)
	check(p.t, err)
	return *resp.Response.Vpc.VpcId
}

// createDisk makes a 20 GiB data disk in a zone, made at once.
func (p *provider) createDisk(zone string) string {
	p.t.Helper()
	req := cbs.NewCreateDisksRequest()
	req.DiskType, req.DiskSize, req.DiskChargeType = ptr("CLOUD_PREMIUM"), ptr(uint64(20)), ptr("POSTPAID_BY_HOUR")
	req.Placement = &cbs.Placement{Zone: &zone}
	resp, err := p.cbs.CreateDisks(req)
	check(p.t, err)
	p.settle()
	return *resp.Response.DiskIdSet[0]
}

// TestBadInputResources: every action of CVM, VPC, CBS and Tag refuses
// missing, malformed, unknown and other-account IDs, bad values and
// dependencies in the way, each with Tencent's code in the envelope, HTTP
// 200.
func TestBadInputResources(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	w := makeWorld(t, env)
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	res := func(service, prefix, id string) string {
		return q("qcs::" + service + ":" + region + ":uin/:" + prefix + "/" + id)
	}
	many := func(prefix string, n int) string {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = q(fmt.Sprintf("%s%08d", prefix, i))
		}
		return "[" + strings.Join(ids, ",") + "]"
	}
	type row struct {
		name, service, action, body, want string
	}
	rows := []row{
		// CVM instances.
		{"run: malformed image", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"centos"}`, "InvalidImageId.Malformed"},
		{"run: unknown image", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-00000000"}`, "InvalidImageId.NotFound"},
		{"run: unknown type", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","InstanceType":"Z9.HUGE"}`, "InvalidParameterValue.InstanceTypeNotFound"},
		{"run: type not in zone", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-6"},"ImageId":"img-eb30mz89","InstanceType":"GN7.2XLARGE32"}`, "ResourceNotFound.InvalidZoneInstanceType"},
		{"run: unknown disk type", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","SystemDisk":{"DiskType":"FLOPPY"}}`, "InvalidParameterValue"},
		{"run: system disk too small", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","SystemDisk":{"DiskSize":5}}`, "InvalidParameterValue.Range"},
		{"run: data disk without size", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","DataDisks":[{"DiskType":"CLOUD_SSD"}]}`, "MissingParameter"},
		{"run: data disk from a snapshot", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","DataDisks":[{"DiskSize":20,"SnapshotId":"snap-12345678"}]}`, "InvalidParameter.SnapshotNotFound"},
		{"run: 21 data disks", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","DataDisks":[` + strings.Repeat(`{"DiskSize":20},`, 20) + `{"DiskSize":20}]}`, "InvalidParameterValue.LimitExceeded"},
		{"run: throughput on a premium disk", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","DataDisks":[{"DiskSize":20,"ThroughputPerformance":100}]}`, "InvalidParameterValue"},
		{"run: VPC without subnet", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","VirtualPrivateCloud":{"VpcId":` + q(w.vpc) + `}}`, "MissingParameter"},
		{"run: malformed VPC", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","VirtualPrivateCloud":{"VpcId":"vpc-1","SubnetId":` + q(w.subnet) + `}}`, "InvalidParameterValue.VpcIdMalformed"},
		{"run: malformed subnet", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","VirtualPrivateCloud":{"VpcId":` + q(w.vpc) + `,"SubnetId":"subnet"}}`, "InvalidParameterValue.SubnetIdMalformed"},
		{"run: other account's VPC", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","VirtualPrivateCloud":{"VpcId":` + q(w.otherVpc) + `,"SubnetId":` + q(w.otherSubnet) + `}}`, "InvalidParameterValue.VpcIdNotExist"},
		{"run: other account's subnet", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","VirtualPrivateCloud":{"VpcId":` + q(w.vpc) + `,"SubnetId":` + q(w.otherSubnet) + `}}`, "InvalidParameterValue.SubnetNotExist"},
		{"run: subnet of another zone", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-4"},"ImageId":"img-eb30mz89","VirtualPrivateCloud":{"VpcId":` + q(w.vpc) + `,"SubnetId":` + q(w.subnet) + `}}`, "InvalidParameterValue.SubnetIdZoneIdNotMatch"},
		{"run: address outside the subnet", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","VirtualPrivateCloud":{"VpcId":` + q(w.vpc) + `,"SubnetId":` + q(w.subnet) + `,"PrivateIpAddresses":["10.0.9.9"]}}`, "VpcAddrNotInSubNet"},
		{"run: address taken", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","VirtualPrivateCloud":{"VpcId":` + q(w.vpc) + `,"SubnetId":` + q(w.subnet) + `,"PrivateIpAddresses":["10.0.1.2"]}}`, "VpcIpIsUsed"},
		{"run: malformed address", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","VirtualPrivateCloud":{"VpcId":` + q(w.vpc) + `,"SubnetId":` + q(w.subnet) + `,"PrivateIpAddresses":["10.0.1"]}}`, "InvalidParameterValue.InvalidIpFormat"},
		{"run: malformed security group", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","SecurityGroupIds":["sg-1"]}`, "InvalidSgId.Malformed"},
		{"run: other account's security group", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","SecurityGroupIds":[` + q(w.otherSG) + `]}`, "InvalidSecurityGroupId.NotFound"},
		{"run: six security groups", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","SecurityGroupIds":` + many("sg-", 6) + `}`, "LimitExceeded.AssociateUSGLimitExceeded"},
		{"run: malformed key", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","LoginSettings":{"KeyIds":["key-1"]}}`, "InvalidKeyPairId.Malformed"},
		{"run: other account's key", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","LoginSettings":{"KeyIds":[` + q(w.otherKey) + `]}}`, "InvalidKeyPairId.NotFound"},
		{"run: two keys", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","LoginSettings":{"KeyIds":[` + q(w.key) + `,` + q(w.usedKey) + `]}}`, "InvalidParameterValue"},
		{"run: weak password", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","LoginSettings":{"Password":"password"}}`, "InvalidPassword"},
		{"run: bad KeepImageLogin", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","LoginSettings":{"KeepImageLogin":"YES"}}`, "InvalidParameterValue"},
		{"run: bad host name", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","HostName":"-bad-"}`, "InvalidParameter.HostNameIllegal"},
		{"run: user data not Base64", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","UserData":"not base64!"}`, "InvalidParameterValue"},
		{"run: bandwidth over 200", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","InternetAccessible":{"InternetMaxBandwidthOut":201}}`, "InvalidParameterValue"},
		{"run: public IP without bandwidth", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","InternetAccessible":{"PublicIpAssigned":true}}`, "InvalidParameterValue"},
		{"run: bandwidth package", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","InternetAccessible":{"BandwidthPackageId":"bwp-12345678"}}`, "InvalidParameter"},
		{"run: prepaid without period", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","InstanceChargeType":"PREPAID"}`, "MissingParameter"},
		{"run: prepaid for 13 months", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","InstanceChargeType":"PREPAID","InstanceChargePrepaid":{"Period":13}}`, "InvalidParameterValue"},
		{"run: dedicated host", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3","HostIds":["host-12345678"]},"ImageId":"img-eb30mz89"}`, "InvalidParameter"},
		{"run: placement group", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","DisasterRecoverGroupIds":["ps-12345678"]}`, "InvalidParameter"},
		{"run: tags of a host", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","TagSpecification":[{"ResourceType":"host","Tags":[{"Key":"a","Value":"b"}]}]}`, "InvalidParameterValue"},
		{"run: reserved tag key", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","TagSpecification":[{"ResourceType":"instance","Tags":[{"Key":"qcloud:x","Value":"b"}]}]}`, "InvalidParameterValue.ReservedTagKey"},
		{"run: MinCount above the count", "cvm", "RunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"},"ImageId":"img-eb30mz89","MinCount":2}`, "InvalidParameterValue"},
		{"describe: unknown filter", "cvm", "DescribeInstances", `{"Filters":[{"Name":"colour","Values":["x"]}]}`, "InvalidFilter"},
		{"describe: bad creation time", "cvm", "DescribeInstances", `{"Filters":[{"Name":"creation-start-time","Values":["yesterday"]}]}`, "InvalidParameterValue"},
		{"attributes: no attributes", "cvm", "DescribeInstancesAttributes", `{"InstanceIds":[` + q(w.instance) + `]}`, "MissingParameter"},
		{"attributes: unknown attribute", "cvm", "DescribeInstancesAttributes", `{"InstanceIds":[` + q(w.instance) + `],"Attributes":["Colour"]}`, "InvalidParameterValue"},
		{"attributes: no instances", "cvm", "DescribeInstancesAttributes", `{"Attributes":["UserData"]}`, "MissingParameter"},
		{"modify: nothing to change", "cvm", "ModifyInstancesAttribute", `{"InstanceIds":[` + q(w.instance) + `]}`, "InvalidParameter"},
		{"modify: two things at once", "cvm", "ModifyInstancesAttribute", `{"InstanceIds":[` + q(w.instance) + `],"InstanceName":"a","HostName":"bb"}`, "InvalidParameter"},
		{"modify: other account's instance", "cvm", "ModifyInstancesAttribute", `{"InstanceIds":[` + q(w.otherInstance) + `],"InstanceName":"a"}`, "InvalidInstanceId.NotFound"},
		{"modify: malformed instance", "cvm", "ModifyInstancesAttribute", `{"InstanceIds":["ins-1"],"InstanceName":"a"}`, "InvalidInstanceId.Malformed"},
		{"modify: other account's group", "cvm", "ModifyInstancesAttribute", `{"InstanceIds":[` + q(w.instance) + `],"SecurityGroups":[` + q(w.otherSG) + `]}`, "InvalidSecurityGroupId.NotFound"},
		{"modify: no groups", "cvm", "ModifyInstancesAttribute", `{"InstanceIds":[` + q(w.instance) + `],"SecurityGroups":[]}`, "MissingParameter"},
		{"reset: no instance", "cvm", "ResetInstance", `{}`, "MissingParameter"},
		{"reset: unknown instance", "cvm", "ResetInstance", `{"InstanceId":"ins-00000000"}`, "InvalidInstanceId.NotFound"},
		{"reset: unknown image", "cvm", "ResetInstance", `{"InstanceId":` + q(w.instance) + `,"ImageId":"img-00000000"}`, "InvalidImageId.NotFound"},
		{"reset: another disk type", "cvm", "ResetInstance", `{"InstanceId":` + q(w.instance) + `,"SystemDisk":{"DiskType":"CLOUD_SSD"}}`, "UnsupportedOperation.SystemDiskType"},
		{"resize: nothing", "cvm", "ResizeInstanceDisks", `{"InstanceId":` + q(w.instance) + `}`, "MissingParameter"},
		{"resize: shrink", "cvm", "ResizeInstanceDisks", `{"InstanceId":` + q(w.instance) + `,"SystemDisk":{"DiskSize":20}}`, "InvalidParameterValue.Range"},
		{"resize: another instance's disk", "cvm", "ResizeInstanceDisks", `{"InstanceId":` + q(w.instance) + `,"DataDisks":[{"DiskId":` + q(w.disk) + `,"DiskSize":100}]}`, "InvalidParameter.DataDiskNotBelongSpecifiedInstance"},
		{"reset type: unknown type", "cvm", "ResetInstancesType", `{"InstanceIds":[` + q(w.instance) + `],"InstanceType":"Z9.HUGE"}`, "InvalidParameterValue.InstanceTypeNotFound"},
		{"reset type: no type", "cvm", "ResetInstancesType", `{"InstanceIds":[` + q(w.instance) + `]}`, "MissingParameter"},
		{"bandwidth: no bandwidth", "cvm", "ResetInstancesInternetMaxBandwidth", `{"InstanceIds":[` + q(w.instance) + `],"InternetAccessible":{}}`, "MissingParameter"},
		{"bandwidth: too much", "cvm", "ResetInstancesInternetMaxBandwidth", `{"InstanceIds":[` + q(w.instance) + `],"InternetAccessible":{"InternetMaxBandwidthOut":500}}`, "InvalidParameterValue.Range"},
		{"bandwidth: another charge type", "cvm", "ResetInstancesInternetMaxBandwidth", `{"InstanceIds":[` + q(w.instance) + `],"InternetAccessible":{"InternetChargeType":"BANDWIDTH_PREPAID","InternetMaxBandwidthOut":5}}`, "InvalidParameterValue"},
		{"password: weak", "cvm", "ResetInstancesPassword", `{"InstanceIds":[` + q(w.instance) + `],"Password":"abc"}`, "InvalidPassword"},
		{"password: none", "cvm", "ResetInstancesPassword", `{"InstanceIds":[` + q(w.instance) + `]}`, "MissingParameter"},
		{"project: negative", "cvm", "ModifyInstancesProject", `{"InstanceIds":[` + q(w.instance) + `],"ProjectId":-1}`, "InvalidProjectId.NotFound"},
		{"project: none", "cvm", "ModifyInstancesProject", `{"InstanceIds":[` + q(w.instance) + `]}`, "MissingParameter"},
		{"renew: postpaid instance", "cvm", "ModifyInstancesRenewFlag", `{"InstanceIds":[` + q(w.instance) + `],"RenewFlag":"NOTIFY_AND_AUTO_RENEW"}`, "UnsupportedOperation.InstanceChargeType"},
		{"renew: bad flag", "cvm", "ModifyInstancesRenewFlag", `{"InstanceIds":[` + q(w.instance) + `],"RenewFlag":"SOMETIMES"}`, "InvalidParameterValue"},
		{"terminate: in use by none, other account", "cvm", "TerminateInstances", `{"InstanceIds":[` + q(w.otherInstance) + `]}`, "InvalidInstanceId.NotFound"},
		// CVM images, types, prices.
		{"images: malformed ID", "cvm", "DescribeImages", `{"ImageIds":["centos"]}`, "InvalidImageId.Malformed"},
		{"images: IDs and filters", "cvm", "DescribeImages", `{"ImageIds":["img-eb30mz89"],"Filters":[{"Name":"image-type","Values":["PUBLIC_IMAGE"]}]}`, "InvalidParameter.InvalidParameterCoexistImageIdsFilters"},
		{"images: bad image type", "cvm", "DescribeImages", `{"Filters":[{"Name":"image-type","Values":["STOLEN_IMAGE"]}]}`, "InvalidParameterValue"},
		{"images: unknown instance type", "cvm", "DescribeImages", `{"InstanceType":"Z9.HUGE"}`, "InvalidInstanceType.Malformed"},
		{"images: Limit 101", "cvm", "DescribeImages", `{"Limit":101}`, "InvalidParameterValue.LimitExceeded"},
		{"type configs: unknown filter", "cvm", "DescribeInstanceTypeConfigs", `{"Filters":[{"Name":"colour","Values":["x"]}]}`, "InvalidFilter"},
		{"zone configs: bad charge type", "cvm", "DescribeZoneInstanceConfigInfos", `{"Filters":[{"Name":"instance-charge-type","Values":["FREE"]}]}`, "InvalidParameterValue"},
		{"families: a parameter", "cvm", "DescribeInstanceFamilyConfigs", `{"Zone":"ap-guangzhou-3"}`, "UnknownParameter"},
		{"price: no image", "cvm", "InquiryPriceRunInstances", `{"Placement":{"Zone":"ap-guangzhou-3"}}`, "MissingParameter"},
		{"price: unknown zone", "cvm", "InquiryPriceRunInstances", `{"Placement":{"Zone":"ap-guangzhou-9"},"ImageId":"img-eb30mz89"}`, "InvalidZone.MismatchRegion"},
		// CVM key pairs.
		{"create key: no name", "cvm", "CreateKeyPair", `{"ProjectId":0}`, "MissingParameter"},
		{"create key: no project", "cvm", "CreateKeyPair", `{"KeyName":"k"}`, "MissingParameter"},
		{"create key: bad name", "cvm", "CreateKeyPair", `{"KeyName":"a-b","ProjectId":0}`, "InvalidKeyPairNameIncludeIllegalChar"},
		{"create key: long name", "cvm", "CreateKeyPair", `{"KeyName":"` + strings.Repeat("k", 26) + `","ProjectId":0}`, "InvalidKeyPairNameTooLong"},
		{"create key: name taken", "cvm", "CreateKeyPair", `{"KeyName":"free","ProjectId":0}`, "InvalidKeyPairName.Duplicate"},
		{"import key: broken key", "cvm", "ImportKeyPair", `{"KeyName":"k2","ProjectId":0,"PublicKey":"ssh-rsa AAAA"}`, "InvalidPublicKey.Malformed"},
		{"import key: imported twice", "cvm", "ImportKeyPair", `{"KeyName":"k3","ProjectId":0,"PublicKey":` + q(examplePublicKey) + `}`, "InvalidPublicKey.Duplicate"},
		{"import key: no key", "cvm", "ImportKeyPair", `{"KeyName":"k4","ProjectId":0}`, "MissingParameter"},
		{"describe keys: malformed", "cvm", "DescribeKeyPairs", `{"KeyIds":["key"]}`, "InvalidKeyPairId.Malformed"},
		{"describe keys: IDs and filters", "cvm", "DescribeKeyPairs", `{"KeyIds":[` + q(w.key) + `],"Filters":[{"Name":"key-name","Values":["free"]}]}`, "InvalidParameter"},
		{"delete keys: none", "cvm", "DeleteKeyPairs", `{}`, "MissingParameter"},
		{"delete keys: in use", "cvm", "DeleteKeyPairs", `{"KeyIds":[` + q(w.usedKey) + `]}`, "InvalidParameterValue.KeyPairNotSupported"},
		{"delete keys: other account's", "cvm", "DeleteKeyPairs", `{"KeyIds":[` + q(w.otherKey) + `]}`, "InvalidKeyPairId.NotFound"},
		{"delete keys: 101", "cvm", "DeleteKeyPairs", `{"KeyIds":` + many("skey-", 101) + `}`, "InvalidParameterValue.LimitExceeded"},
		{"rename key: to a taken name", "cvm", "ModifyKeyPairAttribute", `{"KeyId":` + q(w.key) + `,"KeyName":"used"}`, "InvalidKeyPairName.Duplicate"},
		{"rename key: nothing", "cvm", "ModifyKeyPairAttribute", `{"KeyId":` + q(w.key) + `}`, "MissingParameter"},
		{"rename key: other account's", "cvm", "ModifyKeyPairAttribute", `{"KeyId":` + q(w.otherKey) + `,"KeyName":"x"}`, "InvalidKeyPairId.NotFound"},
		{"associate: second key", "cvm", "AssociateInstancesKeyPairs", `{"InstanceIds":[` + q(w.instance) + `],"KeyIds":[` + q(w.key) + `]}`, "InvalidParameterValue"},
		{"associate: other account's key", "cvm", "AssociateInstancesKeyPairs", `{"InstanceIds":[` + q(w.instance) + `],"KeyIds":[` + q(w.otherKey) + `]}`, "InvalidParameterValue"},
		{"associate: no keys", "cvm", "AssociateInstancesKeyPairs", `{"InstanceIds":[` + q(w.instance) + `]}`, "MissingParameter"},
		{"disassociate: other account's key", "cvm", "DisassociateInstancesKeyPairs", `{"InstanceIds":[` + q(w.instance) + `],"KeyIds":[` + q(w.otherKey) + `]}`, "InvalidKeyPairId.NotFound"},
		{"disassociate: other account's instance", "cvm", "DisassociateInstancesKeyPairs", `{"InstanceIds":[` + q(w.otherInstance) + `],"KeyIds":[` + q(w.key) + `]}`, "InvalidInstanceId.NotFound"},
		// VPC.
		{"create VPC: no name", "vpc", "CreateVpc", `{"CidrBlock":"10.0.0.0/16"}`, "MissingParameter"},
		{"create VPC: public block", "vpc", "CreateVpc", `{"VpcName":"v","CidrBlock":"8.8.0.0/16"}`, "InvalidParameterValue.Range"},
		{"create VPC: not a block", "vpc", "CreateVpc", `{"VpcName":"v","CidrBlock":"10.0.0.0"}`, "InvalidParameterValue.Malformed"},
		{"create VPC: too large", "vpc", "CreateVpc", `{"VpcName":"v","CidrBlock":"10.0.0.0/8"}`, "InvalidParameterValue.SubnetRange"},
		{"create VPC: multicast maybe", "vpc", "CreateVpc", `{"VpcName":"v","CidrBlock":"10.0.0.0/16","EnableMulticast":"maybe"}`, "InvalidParameterValue"},
		{"create VPC: five DNS servers", "vpc", "CreateVpc", `{"VpcName":"v","CidrBlock":"10.0.0.0/16","DnsServers":["1.1.1.1","1.1.1.2","1.1.1.3","1.1.1.4","1.1.1.5"]}`, "InvalidParameterValue"},
		{"describe VPCs: malformed", "vpc", "DescribeVpcs", `{"VpcIds":["vpc"]}`, "InvalidVpcId.Malformed"},
		{"describe VPCs: Limit as a number", "vpc", "DescribeVpcs", `{"Limit":20}`, "InvalidParameter"},
		{"describe VPCs: Limit 101", "vpc", "DescribeVpcs", `{"Limit":"101"}`, "InvalidParameterValue"},
		{"describe VPCs: IDs and filters", "vpc", "DescribeVpcs", `{"VpcIds":[` + q(w.vpc) + `],"Filters":[{"Name":"vpc-name","Values":["v"]}]}`, "InvalidParameterValue.Duplicate"},
		{"modify VPC: other account's", "vpc", "ModifyVpcAttribute", `{"VpcId":` + q(w.otherVpc) + `,"VpcName":"x"}`, "ResourceNotFound"},
		{"modify VPC: no ID", "vpc", "ModifyVpcAttribute", `{"VpcName":"x"}`, "MissingParameter"},
		{"delete VPC: in use", "vpc", "DeleteVpc", `{"VpcId":` + q(w.vpc) + `}`, "ResourceInUse"},
		{"delete VPC: unknown", "vpc", "DeleteVpc", `{"VpcId":"vpc-00000000"}`, "ResourceNotFound"},
		{"delete VPC: malformed", "vpc", "DeleteVpc", `{"VpcId":"vpc-0"}`, "InvalidVpcId.Malformed"},
		{"create subnet: overlap", "vpc", "CreateSubnet", `{"VpcId":` + q(w.vpc) + `,"SubnetName":"s","CidrBlock":"10.0.1.0/25","Zone":"ap-guangzhou-3"}`, "InvalidParameterValue.SubnetConflict"},
		{"create subnet: outside the VPC", "vpc", "CreateSubnet", `{"VpcId":` + q(w.vpc) + `,"SubnetName":"s","CidrBlock":"10.1.1.0/24","Zone":"ap-guangzhou-3"}`, "InvalidParameterValue.SubnetRange"},
		{"create subnet: unknown zone", "vpc", "CreateSubnet", `{"VpcId":` + q(w.vpc) + `,"SubnetName":"s","CidrBlock":"10.0.2.0/24","Zone":"ap-shanghai-2"}`, "InvalidParameterValue.ZoneConflict"},
		{"create subnet: other account's VPC", "vpc", "CreateSubnet", `{"VpcId":` + q(w.otherVpc) + `,"SubnetName":"s","CidrBlock":"10.9.2.0/24","Zone":"ap-guangzhou-3"}`, "ResourceNotFound"},
		{"create subnet: no zone", "vpc", "CreateSubnet", `{"VpcId":` + q(w.vpc) + `,"SubnetName":"s","CidrBlock":"10.0.2.0/24"}`, "MissingParameter"},
		{"create subnet: CDC", "vpc", "CreateSubnet", `{"VpcId":` + q(w.vpc) + `,"SubnetName":"s","CidrBlock":"10.0.2.0/24","Zone":"ap-guangzhou-3","CdcId":"cluster-1"}`, "InvalidParameter"},
		{"describe subnets: malformed", "vpc", "DescribeSubnets", `{"SubnetIds":["subnet"]}`, "InvalidParameterValue.Malformed"},
		{"modify subnet: broadcast maybe", "vpc", "ModifySubnetAttribute", `{"SubnetId":` + q(w.subnet) + `,"EnableBroadcast":"maybe"}`, "InvalidParameterValue"},
		{"modify subnet: other account's", "vpc", "ModifySubnetAttribute", `{"SubnetId":` + q(w.otherSubnet) + `,"SubnetName":"x"}`, "ResourceNotFound"},
		{"delete subnet: in use", "vpc", "DeleteSubnet", `{"SubnetId":` + q(w.subnet) + `}`, "ResourceInUse"},
		{"delete subnet: other account's", "vpc", "DeleteSubnet", `{"SubnetId":` + q(w.otherSubnet) + `}`, "ResourceNotFound"},
		{"route tables: malformed", "vpc", "DescribeRouteTables", `{"RouteTableIds":["rtb"]}`, "InvalidRouteTableId.Malformed"},
		{"replace association: unknown table", "vpc", "ReplaceRouteTableAssociation", `{"SubnetId":` + q(w.subnet) + `,"RouteTableId":"rtb-00000000"}`, "InvalidRouteTableId.NotFound"},
		{"replace association: other account's subnet", "vpc", "ReplaceRouteTableAssociation", `{"SubnetId":` + q(w.otherSubnet) + `,"RouteTableId":"rtb-00000000"}`, "ResourceNotFound"},
		{"create group: no description", "vpc", "CreateSecurityGroup", `{"GroupName":"g"}`, "MissingParameter"},
		{"create group: long name", "vpc", "CreateSecurityGroup", `{"GroupName":"` + strings.Repeat("g", 61) + `","GroupDescription":""}`, "InvalidParameterValue"},
		{"create group: bad project", "vpc", "CreateSecurityGroup", `{"GroupName":"g","GroupDescription":"","ProjectId":"x"}`, "InvalidParameterValue"},
		{"describe groups: other account's", "vpc", "DescribeSecurityGroups", `{"SecurityGroupIds":[` + q(w.otherSG) + `]}`, "ResourceNotFound"},
		{"describe groups: malformed", "vpc", "DescribeSecurityGroups", `{"SecurityGroupIds":["sg"]}`, "InvalidSecurityGroupID.Malformed"},
		{"modify group: unknown", "vpc", "ModifySecurityGroupAttribute", `{"SecurityGroupId":"sg-00000000","GroupName":"x"}`, "ResourceNotFound"},
		{"delete group: in use", "vpc", "DeleteSecurityGroup", `{"SecurityGroupId":` + q(w.usedSG) + `}`, "ResourceInUse"},
		{"delete group: other account's", "vpc", "DeleteSecurityGroup", `{"SecurityGroupId":` + q(w.otherSG) + `}`, "ResourceNotFound"},
		{"statistics: none", "vpc", "DescribeSecurityGroupAssociationStatistics", `{}`, "MissingParameter"},
		{"statistics: other account's", "vpc", "DescribeSecurityGroupAssociationStatistics", `{"SecurityGroupIds":[` + q(w.otherSG) + `]}`, "ResourceNotFound"},
		{"create policies: both directions", "vpc", "CreateSecurityGroupPolicies", `{"SecurityGroupId":` + q(w.sg) + `,"SecurityGroupPolicySet":{"Ingress":[{"Action":"ACCEPT","CidrBlock":"0.0.0.0/0"}],"Egress":[{"Action":"ACCEPT","CidrBlock":"0.0.0.0/0"}]}}`, "InvalidParameter"},
		{"create policies: no action", "vpc", "CreateSecurityGroupPolicies", `{"SecurityGroupId":` + q(w.sg) + `,"SecurityGroupPolicySet":{"Ingress":[{"CidrBlock":"0.0.0.0/0"}]}}`, "MissingParameter"},
		{"create policies: bad action", "vpc", "CreateSecurityGroupPolicies", `{"SecurityGroupId":` + q(w.sg) + `,"SecurityGroupPolicySet":{"Ingress":[{"Action":"ALLOW","CidrBlock":"0.0.0.0/0"}]}}`, "InvalidParameterValue"},
		{"create policies: bad protocol", "vpc", "CreateSecurityGroupPolicies", `{"SecurityGroupId":` + q(w.sg) + `,"SecurityGroupPolicySet":{"Ingress":[{"Action":"ACCEPT","Protocol":"SCTP","CidrBlock":"0.0.0.0/0"}]}}`, "InvalidParameterValue"},
		{"create policies: bad port", "vpc", "CreateSecurityGroupPolicies", `{"SecurityGroupId":` + q(w.sg) + `,"SecurityGroupPolicySet":{"Ingress":[{"Action":"ACCEPT","Protocol":"TCP","Port":"70000","CidrBlock":"0.0.0.0/0"}]}}`, "InvalidParameterValue"},
		{"create policies: port for ICMP", "vpc", "CreateSecurityGroupPolicies", `{"SecurityGroupId":` + q(w.sg) + `,"SecurityGroupPolicySet":{"Ingress":[{"Action":"ACCEPT","Protocol":"ICMP","Port":"80","CidrBlock":"0.0.0.0/0"}]}}`, "InvalidParameterValue"},
		{"create policies: CIDR and group", "vpc", "CreateSecurityGroupPolicies", `{"SecurityGroupId":` + q(w.sg) + `,"SecurityGroupPolicySet":{"Ingress":[{"Action":"ACCEPT","CidrBlock":"0.0.0.0/0","SecurityGroupId":` + q(w.usedSG) + `}]}}`, "InvalidParameter.Coexist"},
		{"create policies: other account's peer", "vpc", "CreateSecurityGroupPolicies", `{"SecurityGroupId":` + q(w.sg) + `,"SecurityGroupPolicySet":{"Ingress":[{"Action":"ACCEPT","SecurityGroupId":` + q(w.otherSG) + `}]}}`, "ResourceNotFound"},
		{"create policies: address template", "vpc", "CreateSecurityGroupPolicies", `{"SecurityGroupId":` + q(w.sg) + `,"SecurityGroupPolicySet":{"Ingress":[{"Action":"ACCEPT","AddressTemplate":{"AddressId":"ipm-12345678"}}]}}`, "InvalidParameter"},
		{"create policies: bad IPv6", "vpc", "CreateSecurityGroupPolicies", `{"SecurityGroupId":` + q(w.sg) + `,"SecurityGroupPolicySet":{"Ingress":[{"Action":"ACCEPT","Ipv6CidrBlock":"10.0.0.0/8"}]}}`, "InvalidParameterValue"},
		{"create policies: index past the end", "vpc", "CreateSecurityGroupPolicies", `{"SecurityGroupId":` + q(w.sg) + `,"SecurityGroupPolicySet":{"Ingress":[{"PolicyIndex":5,"Action":"ACCEPT","CidrBlock":"0.0.0.0/0"}]}}`, "InvalidParameterValue"},
		{"create policies: other account's group", "vpc", "CreateSecurityGroupPolicies", `{"SecurityGroupId":` + q(w.otherSG) + `,"SecurityGroupPolicySet":{"Ingress":[{"Action":"ACCEPT","CidrBlock":"0.0.0.0/0"}]}}`, "ResourceNotFound"},
		{"create policies: twice the same", "vpc", "CreateSecurityGroupPolicies", `{"SecurityGroupId":` + q(w.sg) + `,"SecurityGroupPolicySet":{"Ingress":[{"Action":"ACCEPT","CidrBlock":"1.0.0.0/8"},{"Action":"ACCEPT","CidrBlock":"1.0.0.0/8"}]}}`, "UnsupportedOperation.DuplicatePolicy"},
		{"describe policies: unknown", "vpc", "DescribeSecurityGroupPolicies", `{"SecurityGroupId":"sg-00000000"}`, "ResourceNotFound"},
		{"delete policies: no such", "vpc", "DeleteSecurityGroupPolicies", `{"SecurityGroupId":` + q(w.sg) + `,"SecurityGroupPolicySet":{"Ingress":[{"PolicyIndex":9}]}}`, "ResourceNotFound"},
		{"modify policies: nothing", "vpc", "ModifySecurityGroupPolicies", `{"SecurityGroupId":` + q(w.sg) + `,"SecurityGroupPolicySet":{}}`, "MissingParameter"},
		{"modify policies: bad version", "vpc", "ModifySecurityGroupPolicies", `{"SecurityGroupId":` + q(w.sg) + `,"SecurityGroupPolicySet":{"Version":"x"}}`, "InvalidParameterValue"},
		{"interfaces: malformed", "vpc", "DescribeNetworkInterfaces", `{"NetworkInterfaceIds":["eni"]}`, "InvalidParameterValue.NetworkInterfaceIdMalformed"},
		{"used IPs: no VPC", "vpc", "DescribeUsedIpAddress", `{}`, "MissingParameter"},
		{"used IPs: other account's VPC", "vpc", "DescribeUsedIpAddress", `{"VpcId":` + q(w.otherVpc) + `}`, "ResourceNotFound"},
		{"used IPs: subnet of another VPC", "vpc", "DescribeUsedIpAddress", `{"VpcId":` + q(w.vpc) + `,"SubnetId":` + q(w.otherSubnet) + `}`, "ResourceNotFound"},
		{"used IPs: bad address", "vpc", "DescribeUsedIpAddress", `{"VpcId":` + q(w.vpc) + `,"IpAddresses":["10.0.1"]}`, "InvalidParameterValue.Malformed"},
		// CBS.
		{"create disks: no zone", "cbs", "CreateDisks", `{"DiskType":"CLOUD_SSD","DiskSize":20,"DiskChargeType":"POSTPAID_BY_HOUR","Placement":{}}`, "MissingParameter"},
		{"create disks: no charge type", "cbs", "CreateDisks", `{"DiskType":"CLOUD_SSD","DiskSize":20,"Placement":{"Zone":"ap-guangzhou-3"}}`, "MissingParameter"},
		{"create disks: too small", "cbs", "CreateDisks", `{"DiskType":"CLOUD_SSD","DiskSize":10,"DiskChargeType":"POSTPAID_BY_HOUR","Placement":{"Zone":"ap-guangzhou-3"}}`, "InvalidParameterValue"},
		{"create disks: other region's zone", "cbs", "CreateDisks", `{"DiskType":"CLOUD_SSD","DiskSize":20,"DiskChargeType":"POSTPAID_BY_HOUR","Placement":{"Zone":"ap-shanghai-2"}}`, "InvalidParameterValue"},
		{"create disks: 51", "cbs", "CreateDisks", `{"DiskType":"CLOUD_SSD","DiskSize":20,"DiskCount":51,"DiskChargeType":"POSTPAID_BY_HOUR","Placement":{"Zone":"ap-guangzhou-3"}}`, "InvalidParameterValue"},
		{"create disks: shareable", "cbs", "CreateDisks", `{"DiskType":"CLOUD_SSD","DiskSize":20,"Shareable":true,"DiskChargeType":"POSTPAID_BY_HOUR","Placement":{"Zone":"ap-guangzhou-3"}}`, "InvalidParameter"},
		{"create disks: prepaid without period", "cbs", "CreateDisks", `{"DiskType":"CLOUD_SSD","DiskSize":20,"DiskChargeType":"PREPAID","Placement":{"Zone":"ap-guangzhou-3"}}`, "MissingParameter"},
		{"describe disks: malformed", "cbs", "DescribeDisks", `{"DiskIds":["disk"]}`, "InvalidDiskId.NotFound"},
		{"describe disks: bad order", "cbs", "DescribeDisks", `{"Order":"UP"}`, "InvalidParameterValue"},
		{"attach: attached already", "cbs", "AttachDisks", `{"InstanceId":` + q(w.instance) + `,"DiskIds":[` + q(w.attachedDisk) + `]}`, "UnsupportedOperation.StateError"},
		{"attach: other account's disk", "cbs", "AttachDisks", `{"InstanceId":` + q(w.instance) + `,"DiskIds":[` + q(w.otherDisk) + `]}`, "InvalidDiskId.NotFound"},
		{"attach: other account's instance", "cbs", "AttachDisks", `{"InstanceId":` + q(w.otherInstance) + `,"DiskIds":[` + q(w.disk) + `]}`, "InvalidInstanceId.NotFound"},
		{"attach: eleven disks", "cbs", "AttachDisks", `{"InstanceId":` + q(w.instance) + `,"DiskIds":` + many("disk-", 11) + `}`, "InvalidParameterValue.LimitExceeded"},
		{"attach: no instance", "cbs", "AttachDisks", `{"DiskIds":[` + q(w.disk) + `]}`, "MissingParameter"},
		{"detach: not attached", "cbs", "DetachDisks", `{"DiskIds":[` + q(w.disk) + `]}`, "UnsupportedOperation.StateError"},
		{"detach: another instance", "cbs", "DetachDisks", `{"DiskIds":[` + q(w.attachedDisk) + `],"InstanceId":"ins-00000000"}`, "InvalidInstanceId.NotFound"},
		{"terminate disks: attached", "cbs", "TerminateDisks", `{"DiskIds":[` + q(w.attachedDisk) + `]}`, "UnsupportedOperation.StateError"},
		{"terminate disks: other account's", "cbs", "TerminateDisks", `{"DiskIds":[` + q(w.otherDisk) + `]}`, "InvalidDiskId.NotFound"},
		{"resize disk: shrink", "cbs", "ResizeDisk", `{"DiskId":` + q(w.disk) + `,"DiskSize":10}`, "InvalidParameterValue"},
		{"resize disk: no size", "cbs", "ResizeDisk", `{"DiskId":` + q(w.disk) + `}`, "MissingParameter"},
		{"modify disk: another type", "cbs", "ModifyDiskAttributes", `{"DiskIds":[` + q(w.disk) + `],"DiskType":"CLOUD_SSD"}`, "UnsupportedOperation"},
		{"modify disk: not portable", "cbs", "ModifyDiskAttributes", `{"DiskIds":[` + q(w.disk) + `],"Portable":false}`, "InvalidParameter"},
		{"modify disk: nothing", "cbs", "ModifyDiskAttributes", `{"DiskIds":[` + q(w.disk) + `]}`, "MissingParameter"},
		{"throughput: premium disk", "cbs", "ModifyDiskExtraPerformance", `{"DiskId":` + q(w.disk) + `,"ThroughputPerformance":100}`, "InvalidDisk.TypeError"},
		{"backup quota: too many", "cbs", "ModifyDiskBackupQuota", `{"DiskId":` + q(w.disk) + `,"DiskBackupQuota":5000}`, "InvalidParameterValue"},
		{"renew disks: postpaid", "cbs", "ModifyDisksRenewFlag", `{"DiskIds":[` + q(w.disk) + `],"RenewFlag":"NOTIFY_AND_AUTO_RENEW"}`, "UnsupportedOperation"},
		{"disk config: no inquiry type", "cbs", "DescribeDiskConfigQuota", `{}`, "MissingParameter"},
		{"disk price: no size", "cbs", "InquiryPriceCreateDisks", `{"DiskChargeType":"POSTPAID_BY_HOUR","DiskType":"CLOUD_SSD"}`, "MissingParameter"},
		{"snapshots: Limit 101", "cbs", "DescribeSnapshots", `{"Limit":101}`, "InvalidParameterValue.LimitExceeded"},
		// Tag.
		{"tags by ID: no service", "tag", "DescribeResourceTagsByResourceIds", `{"ResourcePrefix":"instance","ResourceIds":["ins-12345678"]}`, "MissingParameter"},
		{"tags by ID: unknown prefix", "tag", "DescribeResourceTagsByResourceIds", `{"ServiceType":"cvm","ResourcePrefix":"lamp","ResourceIds":["x"]}`, "InvalidParameterValue.ResourcePrefixInvalid"},
		{"tags by ID: 51 IDs", "tag", "DescribeResourceTagsByResourceIds", `{"ServiceType":"cvm","ResourcePrefix":"instance","ResourceIds":` + many("ins-", 51) + `}`, "LimitExceeded.ResourceNumPerRequest"},
		{"tags by ID: odd offset", "tag", "DescribeResourceTagsByResourceIds", `{"ServiceType":"cvm","ResourcePrefix":"instance","ResourceIds":["x"],"Offset":3,"Limit":2}`, "InvalidParameterValue.OffsetInvalid"},
		{"tags by ID: unknown region", "tag", "DescribeResourceTagsByResourceIds", `{"ServiceType":"cvm","ResourcePrefix":"instance","ResourceIds":["x"],"ResourceRegion":"ap-mars"}`, "InvalidParameterValue.RegionInvalid"},
		{"modify tags: not six parts", "tag", "ModifyResourceTags", `{"Resource":"ins-12345678","ReplaceTags":[{"TagKey":"a","TagValue":"b"}]}`, "InvalidParameterValue.ResourceDescriptionError"},
		{"modify tags: unknown kind", "tag", "ModifyResourceTags", `{"Resource":"qcs::cos:ap-guangzhou:uin/:bucket/b","ReplaceTags":[{"TagKey":"a","TagValue":"b"}]}`, "InvalidParameter.UnsupportedService"},
		{"modify tags: other account's name", "tag", "ModifyResourceTags", `{"Resource":"qcs::cvm:ap-guangzhou:uin/1:instance/` + w.instance + `","ReplaceTags":[{"TagKey":"a","TagValue":"b"}]}`, "InvalidParameterValue.UinInvalid"},
		{"modify tags: other account's resource", "tag", "ModifyResourceTags", `{"Resource":` + res("cvm", "instance", w.otherInstance) + `,"ReplaceTags":[{"TagKey":"a","TagValue":"b"}]}`, "ResourceNotFound.RecordNotFound"},
		{"modify tags: replace and delete one key", "tag", "ModifyResourceTags", `{"Resource":` + res("cvm", "instance", w.instance) + `,"ReplaceTags":[{"TagKey":"a","TagValue":"b"}],"DeleteTags":[{"TagKey":"a"}]}`, "InvalidParameterValue.DeleteTagsParamError"},
		{"modify tags: nothing", "tag", "ModifyResourceTags", `{"Resource":` + res("cvm", "instance", w.instance) + `}`, "MissingParameter"},
		{"modify tags: empty key", "tag", "ModifyResourceTags", `{"Resource":` + res("cvm", "instance", w.instance) + `,"ReplaceTags":[{"TagKey":"","TagValue":"b"}]}`, "InvalidParameterValue.TagKeyEmpty"},
		{"modify tags: long key", "tag", "ModifyResourceTags", `{"Resource":` + res("cvm", "instance", w.instance) + `,"ReplaceTags":[{"TagKey":"` + strings.Repeat("k", 128) + `","TagValue":"b"}]}`, "InvalidParameterValue.TagKeyLengthExceeded"},
		{"modify tags: long value", "tag", "ModifyResourceTags", `{"Resource":` + res("cvm", "instance", w.instance) + `,"ReplaceTags":[{"TagKey":"k","TagValue":"` + strings.Repeat("v", 256) + `"}]}`, "InvalidParameterValue.TagValueLengthExceeded"},
		{"modify tags: key twice", "tag", "ModifyResourceTags", `{"Resource":` + res("cvm", "instance", w.instance) + `,"ReplaceTags":[{"TagKey":"k","TagValue":"1"},{"TagKey":"k","TagValue":"2"}]}`, "InvalidParameterValue.TagKeyDuplicate"},
		{"tag resources: no list", "tag", "TagResources", `{"Tags":[{"TagKey":"a","TagValue":"b"}]}`, "MissingParameter"},
		{"tag resources: eleven", "tag", "TagResources", `{"ResourceList":[` + strings.Repeat(res("vpc", "vpc", w.vpc)+",", 10) + res("vpc", "vpc", w.vpc) + `],"Tags":[{"TagKey":"a","TagValue":"b"}]}`, "LimitExceeded.ResourceNumPerRequest"},
		{"tag resources: no tags", "tag", "TagResources", `{"ResourceList":[` + res("vpc", "vpc", w.vpc) + `]}`, "MissingParameter"},
		{"tag resources: other account's", "tag", "TagResources", `{"ResourceList":[` + res("vpc", "vpc", w.otherVpc) + `],"Tags":[{"TagKey":"a","TagValue":"b"}]}`, "ResourceNotFound.RecordNotFound"},
		{"untag resources: no keys", "tag", "UnTagResources", `{"ResourceList":[` + res("vpc", "vpc", w.vpc) + `]}`, "MissingParameter"},
		{"get resources: bad token", "tag", "GetResources", `{"PaginationToken":"next"}`, "InvalidParameter.PaginationTokenInvalid"},
		{"get resources: 201", "tag", "GetResources", `{"MaxResults":201}`, "InvalidParameterValue"},
		{"get resources: filter without key", "tag", "GetResources", `{"TagFilters":[{"TagValue":["b"]}]}`, "MissingParameter"},
		{"get tags: 21 keys", "tag", "GetTags", `{"TagKeys":` + many("k", 21) + `}`, "LimitExceeded.TagKey"},
		{"get tags: bad category", "tag", "GetTags", `{"Category":"Mine"}`, "InvalidParameterValue"},
		// api.
		{"zones by product: no product", "api", "DescribeZones", `{}`, "MissingParameter"},
		{"zones by product: unknown product", "api", "DescribeZones", `{"Product":"teleport"}`, "InvalidParameterValue"},
	}
	versions := map[string]string{"cvm": "2017-03-12", "vpc": "2017-03-12", "cbs": "2017-03-12", "tag": "2018-08-13", "api": "2020-11-06"}
	cases := make([]kittest.Case, len(rows))
	for i, r := range rows {
		req := tc3{service: r.service, action: r.action, version: versions[r.service], body: r.body}
		cases[i] = kittest.Case{Name: r.name, Request: func(t testing.TB) *http.Request { return req.request(t, env) }, Status: http.StatusOK, Code: r.want}
	}
	kittest.RunBadInputs(t, nil, cases, refusal)
}
