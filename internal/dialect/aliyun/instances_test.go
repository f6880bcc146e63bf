package aliyun_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/netip"
	"reflect"
	"regexp"
	"strings"
	"testing"

	teaecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

const ubuntuImage = "ubuntu_22_04_x64_20G_alibase_20240710.vhd"

// runFull launches, through the classic SDK, one VPC instance with most of
// what RunInstances takes: two security groups, a fixed private address,
// a public address, tags, a key pair, a password, user data, an ESSD system
// disk and a data disk, deletion protection and metadata and CPU options.
func runFull(t *testing.T, env *apptest.Env, w *world, g2 string) string {
	t.Helper()
	req := classicecs.CreateRunInstancesRequest()
	req.RegionId, req.ImageId, req.InstanceType = region, ubuntuImage, itype
	req.VSwitchId, req.SecurityGroupIds = string(w.vswitch.ID), &[]string{string(w.group.ID), g2}
	req.PrivateIpAddress = "172.16.0.10"
	req.InstanceName, req.HostName, req.Description = "web-[1,4]", "k8s-${instance_id}", "front end"
	req.InternetChargeType, req.InternetMaxBandwidthOut, req.InternetMaxBandwidthIn = "PayByBandwidth", requests.NewInteger(20), requests.NewInteger(15)
	req.KeyPairName, req.Password = w.keyPair.Name, "Ecsd@2024!"
	req.UserData = "IyEvYmluL3NoCmVjaG8gaGVsbG8K"
	req.SystemDiskCategory, req.SystemDiskSize, req.SystemDiskPerformanceLevel = "cloud_essd", "60", "PL0"
	req.SystemDiskDiskName, req.SystemDiskDescription = "system", "the root disk"
	req.DataDisk = &[]classicecs.RunInstancesDataDisk{{Size: "100", Category: "cloud_ssd", DiskName: "data", Description: "data disk", DeleteWithInstance: "false"}}
	req.Tag = &[]classicecs.RunInstancesTag{{Key: "env", Value: "prod"}, {Key: "team", Value: "web"}}
	req.ResourceGroupId = "rg-acfmzw2jz2z2z2a"
	req.DeletionProtection = requests.NewBoolean(true)
	req.HttpTokens, req.HttpPutResponseHopLimit = "required", requests.NewInteger(3)
	req.CpuOptionsThreadsPerCore, req.CpuOptionsTopologyType = requests.NewInteger(1), "DiscreteCoreToHTMapping"
	req.ImageOptions = classicecs.RunInstancesImageOptions{LoginAsNonRoot: "true"}
	req.ClientToken = "full-launch-1"
	resp, err := classicSDK(t, env).RunInstances(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.InstanceIdSets.InstanceIdSet) != 1 || resp.OrderId != "" {
		t.Fatalf("RunInstances answered %+v", resp)
	}
	return resp.InstanceIdSets.InstanceIdSet[0]
}

// flat is an SDK's decoded instance as the JSON it marshals to: what the
// SDK kept, by the field names it decodes.
type flat map[string]any

func flatten(t *testing.T, v any) flat {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m flat
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// at walks a dotted path with [n] indices.
func (f flat) at(path string) (any, bool) {
	var v any = map[string]any(f)
	for _, step := range strings.Split(path, ".") {
		name, index, indexed := strings.Cut(step, "[")
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[name]; !ok {
			return nil, false
		}
		if indexed {
			var i int
			fmt.Sscanf(index, "%d]", &i)
			a, ok := v.([]any)
			if !ok || i >= len(a) {
				return nil, false
			}
			v = a[i]
		}
	}
	return v, true
}

// check compares paths of f with want; a want of a *regexp.Regexp must
// match the value's text.
func (f flat) check(t *testing.T, sdk string, want map[string]any) {
	t.Helper()
	for path, w := range want {
		got, ok := f.at(path)
		if !ok {
			t.Errorf("%s: %s is missing", sdk, path)
			continue
		}
		switch w := w.(type) {
		case *regexp.Regexp:
			if !w.MatchString(fmt.Sprint(got)) {
				t.Errorf("%s: %s = %v, want to match %s", sdk, path, got, w)
			}
		case int:
			if got != float64(w) {
				t.Errorf("%s: %s = %v (%T), want %d", sdk, path, got, got, w)
			}
		default:
			if !reflect.DeepEqual(got, w) {
				t.Errorf("%s: %s = %#v, want %#v", sdk, path, got, w)
			}
		}
	}
}

var (
	minuteTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\dZ$`)
	secondTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
	uuidShape  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	macShape   = regexp.MustCompile(`^00:16:3e:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$`)
	eniShape   = regexp.MustCompile(`^eni-bp[0-9a-z]{18}$`)
)

// describeEverywhere reads one instance through DescribeInstances of every
// client: the classic SDK in JSON and in XML, the Tea SDK with ACS3 and
// RPC v1, and tea-rpc; each answer flattened.
func describeEverywhere(t *testing.T, env *apptest.Env, id string) map[string]flat {
	t.Helper()
	out := map[string]flat{}
	ids := `["` + id + `"]`
	for _, format := range []string{"JSON", "XML"} {
		req := classicecs.CreateDescribeInstancesRequest()
		req.RegionId, req.InstanceIds = region, ids
		req.AdditionalAttributes = &[]string{"META_OPTIONS", "NETWORK_PRIMARY_ENI_IP", "LOGIN_AS_NON_ROOT", "DISK_HIGH_DENSITY_MODE"}
		req.AcceptFormat = format
		resp, err := classicSDK(t, env).DescribeInstances(req)
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Instances.Instance) != 1 || resp.TotalCount != 1 {
			t.Fatalf("classic %s: %d instances, TotalCount %d", format, len(resp.Instances.Instance), resp.TotalCount)
		}
		out["classic-"+format] = flatten(t, resp.Instances.Instance[0])
	}
	for _, alg := range []string{"", "v2"} {
		resp, err := teaSDK(t, env, alg).DescribeInstances(&teaecs.DescribeInstancesRequest{
			RegionId: tea.String(region), InstanceIds: tea.String(ids),
			AdditionalAttributes: tea.StringSlice([]string{"META_OPTIONS", "CPU_OPTIONS_TOPOLOGY_TYPE"}),
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Body.Instances.Instance) != 1 {
			t.Fatalf("tea %q: %d instances", alg, len(resp.Body.Instances.Instance))
		}
		out["tea-"+cmpOr(alg, "acs3")] = flatten(t, resp.Body.Instances.Instance[0])
	}
	r := newTeaRPC(t, env).mustPost("DescribeInstances", map[string]any{"RegionId": region, "InstanceIds": ids,
		"AdditionalAttributes": []string{"META_OPTIONS", "NETWORK_PRIMARY_ENI_IP", "LOGIN_AS_NON_ROOT", "LOGIN_AS_NON_ROOT", "CPU_OPTIONS_TOPOLOGY_TYPE"}})
	out["tea-rpc"] = flatten(t, jsonPath(t, r, "Instances", "Instance", 0))
	return out
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// TestDescribeInstancesVPCInstance: a VPC instance with a public address
// and tags reads back, through every client, with every field the SDKs
// decode equal to what was sent or derived from the catalog.
func TestDescribeInstancesVPCInstance(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	w := newWorld(t, env)
	g2 := w.group2(t, "sg-2")
	id := runFull(t, env, w, string(g2.ID))
	settle(env)
	want := map[string]any{
		"InstanceId": id, "InstanceName": "web-0001", "HostName": "k8s-" + id, "Description": "front end",
		"RegionId": region, "ZoneId": worldZone, "InstanceType": itype, "InstanceTypeFamily": "ecs.g7",
		"Cpu": 1, "Memory": 8192, "GPUAmount": 0, "GPUSpec": "",
		"ImageId": ubuntuImage, "OSName": "Ubuntu  22.04 64位", "OSNameEn": "Ubuntu  22.04 64 bit", "OSType": "linux",
		"Status": "Running", "CreationTime": minuteTime, "StartTime": minuteTime, "ExpiredTime": "2099-12-31T15:59Z",
		"InstanceChargeType": "PostPaid", "InternetChargeType": "PayByBandwidth",
		"InternetMaxBandwidthOut": 20, "InternetMaxBandwidthIn": 15, "InstanceNetworkType": "vpc",
		"ResourceGroupId": "rg-acfmzw2jz2z2z2a", "SerialNumber": uuidShape, "StoppedMode": "Not-applicable",
		"IoOptimized": true, "DeletionProtection": true, "KeyPairName": "deployer", "CreditSpecification": "",
		"SpotStrategy": "NoSpot", "SpotPriceLimit": 0, "SpotInterruptionBehavior": "Terminate", "DeviceAvailable": true,
		"SecurityGroupIds.SecurityGroupId": []any{string(w.group.ID), string(g2.ID)},
		"PublicIpAddress.IpAddress[0]":     regexp.MustCompile(`^47\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$`),
		"VpcAttributes.VpcId":              string(w.vpc.ID), "VpcAttributes.VSwitchId": string(w.vswitch.ID),
		"VpcAttributes.PrivateIpAddress.IpAddress": []any{"172.16.0.10"}, "VpcAttributes.NatIpAddress": "",
		"NetworkInterfaces.NetworkInterface[0].Type":                                           "Primary",
		"NetworkInterfaces.NetworkInterface[0].NetworkInterfaceId":                             eniShape,
		"NetworkInterfaces.NetworkInterface[0].MacAddress":                                     macShape,
		"NetworkInterfaces.NetworkInterface[0].PrimaryIpAddress":                               "172.16.0.10",
		"NetworkInterfaces.NetworkInterface[0].PrivateIpSets.PrivateIpSet[0].PrivateIpAddress": "172.16.0.10",
		"NetworkInterfaces.NetworkInterface[0].PrivateIpSets.PrivateIpSet[0].Primary":          true,
		"Tags.Tag[0].TagKey": "env", "Tags.Tag[0].TagValue": "prod", "Tags.Tag[1].TagKey": "team", "Tags.Tag[1].TagValue": "web",
		"MetadataOptions.HttpEndpoint": "enabled", "MetadataOptions.HttpTokens": "required", "MetadataOptions.HttpPutResponseHopLimit": 3,
		"CpuOptions.CoreCount": 1, "CpuOptions.ThreadsPerCore": 1, "CpuOptions.TopologyType": "DiscreteCoreToHTMapping",
		"ImageOptions.LoginAsNonRoot": true, "EipAddress.IpAddress": "", "EipAddress.AllocationId": "",
		"DedicatedInstanceAttribute.Tenancy": "default", "HibernationOptions.Configured": false,
	}
	all := describeEverywhere(t, env, id)
	for sdk, f := range all {
		f.check(t, sdk, want)
	}
	// Every client sees the same public address and interface.
	var ip, eni any
	for sdk, f := range all {
		gotIP, _ := f.at("PublicIpAddress.IpAddress[0]")
		gotENI, _ := f.at("NetworkInterfaces.NetworkInterface[0].NetworkInterfaceId")
		if ip == nil {
			ip, eni = gotIP, gotENI
		} else if gotIP != ip || gotENI != eni {
			t.Errorf("%s: public IP %v and ENI %v differ from %v and %v", sdk, gotIP, gotENI, ip, eni)
		}
	}
	if _, err := netip.ParseAddr(fmt.Sprint(ip)); err != nil {
		t.Errorf("public IP %v: %v", ip, err)
	}
	// The tea-rpc answer carries JSON types the provider can store.
	r := newTeaRPC(t, env).mustPost("DescribeInstances", map[string]any{"RegionId": region, "InstanceIds": `["` + id + `"]`})
	inst := jsonPath(t, r, "Instances", "Instance", 0)
	for _, k := range []string{"Cpu", "Memory", "InternetMaxBandwidthOut", "InternetMaxBandwidthIn", "SpotDuration"} {
		jsonInt(t, jsonPath(t, inst, k))
	}
	for _, k := range []string{"DeletionProtection", "IoOptimized"} {
		if _, ok := jsonPath(t, inst, k).(bool); !ok {
			t.Errorf("%s is not a JSON boolean", k)
		}
	}
	for _, k := range []string{"CpuOptions", "MetadataOptions", "ImageOptions", "AdditionalInfo", "VpcAttributes", "EipAddress"} {
		if _, ok := jsonPath(t, inst, k).(map[string]any); !ok {
			t.Errorf("%s is not an object", k)
		}
	}
}

// TestDescribeInstancesDefaults: an instance launched with nothing but an
// image and a type reads back with ECS's defaults.
func TestDescribeInstancesDefaults(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	c := classicSDK(t, env)
	req := classicecs.CreateRunInstancesRequest()
	req.RegionId, req.ZoneId, req.ImageId, req.InstanceType = region, zoneB, image, "ecs.t6-c1m1.large"
	resp, err := c.RunInstances(req)
	if err != nil {
		t.Fatal(err)
	}
	id := resp.InstanceIdSets.InstanceIdSet[0]
	settle(env)
	body := strings.TrimPrefix(id, "i-")
	want := map[string]any{
		"InstanceName": id, "HostName": "iZ" + body + "Z", "Description": "", "ZoneId": zoneB,
		"Cpu": 2, "Memory": 2048, "InstanceTypeFamily": "ecs.t6", "CreditSpecification": "Standard",
		"OSName": "Alibaba Cloud Linux  3.2104 LTS 64位", "InternetChargeType": "PayByTraffic",
		"InternetMaxBandwidthOut": 0, "InternetMaxBandwidthIn": 10, "PublicIpAddress.IpAddress": []any{},
		"KeyPairName": "", "DeletionProtection": false, "Tags.Tag": []any{},
		"MetadataOptions.HttpTokens": "optional", "MetadataOptions.HttpPutResponseHopLimit": 1,
		"CpuOptions.CoreCount": 2, "CpuOptions.ThreadsPerCore": 1, "ImageOptions.LoginAsNonRoot": false,
	}
	for sdk, f := range describeEverywhere(t, env, id) {
		w := maps.Clone(want)
		if sdk != "classic-JSON" && sdk != "tea-rpc" {
			// XML cannot tell an empty list from none, and the Tea
			// structs marshal an empty one as absent.
			delete(w, "PublicIpAddress.IpAddress")
			delete(w, "Tags.Tag")
		}
		f.check(t, sdk, w)
	}
}

// TestDescribeInstancesFilters: each filter DescribeInstances takes, through
// the classic SDK, selects exactly the instances it names, with paging by
// number and by token over filters the store and the dialect apply.
func TestDescribeInstancesFilters(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	w := newWorld(t, env)
	g2 := w.group2(t, "sg-db")
	c := classicSDK(t, env)
	run := func(edit func(r *classicecs.RunInstancesRequest)) string {
		t.Helper()
		req := classicecs.CreateRunInstancesRequest()
		req.RegionId, req.ImageId, req.InstanceType = region, image, itype
		req.VSwitchId, req.SecurityGroupId = string(w.vswitch.ID), string(w.group.ID)
		edit(req)
		resp, err := c.RunInstances(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp.InstanceIdSets.InstanceIdSet[0]
	}
	a := run(func(r *classicecs.RunInstancesRequest) {
		r.InstanceName, r.PrivateIpAddress, r.KeyPairName = "web-a", "172.16.0.20", w.keyPair.Name
		r.InternetMaxBandwidthOut = requests.NewInteger(5)
		r.Tag = &[]classicecs.RunInstancesTag{{Key: "env", Value: "prod"}}
		r.ResourceGroupId = "rg-web"
	})
	b := run(func(r *classicecs.RunInstancesRequest) {
		r.InstanceName, r.InstanceType, r.SecurityGroupId = "db-b", "ecs.r7.large", string(g2.ID)
		r.InstanceChargeType, r.Period = "PrePaid", requests.NewInteger(1)
		r.Tag = &[]classicecs.RunInstancesTag{{Key: "env", Value: "dev"}}
		r.ImageId = ubuntuImage
	})
	cc := run(func(r *classicecs.RunInstancesRequest) {
		r.VSwitchId, r.SecurityGroupId, r.ZoneId = "", "", zoneB
		r.InstanceName, r.InstanceType, r.InternetChargeType = "web-c", "ecs.c7.large", "PayByBandwidth"
		r.HttpTokens = "required"
	})
	settle(env)
	ipOf := func(id string) string {
		f := describeEverywhere(t, env, id)["classic-JSON"]
		ip, _ := f.at("PublicIpAddress.IpAddress[0]")
		return fmt.Sprint(ip)
	}
	ipA := ipOf(a)
	describe := func(edit func(r *classicecs.DescribeInstancesRequest)) (int, []string) {
		t.Helper()
		req := classicecs.CreateDescribeInstancesRequest()
		req.RegionId = region
		edit(req)
		resp, err := c.DescribeInstances(req)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, i := range resp.Instances.Instance {
			ids = append(ids, i.InstanceId)
		}
		return resp.TotalCount, ids
	}
	for _, tc := range []struct {
		name string
		edit func(r *classicecs.DescribeInstancesRequest)
		want []string
	}{
		{"all", func(*classicecs.DescribeInstancesRequest) {}, []string{a, b, cc}},
		{"VpcId", func(r *classicecs.DescribeInstancesRequest) { r.VpcId = string(w.vpc.ID) }, []string{a, b}},
		{"VSwitchId", func(r *classicecs.DescribeInstancesRequest) { r.VSwitchId = string(w.vswitch.ID) }, []string{a, b}},
		{"SecurityGroupId", func(r *classicecs.DescribeInstancesRequest) { r.SecurityGroupId = string(g2.ID) }, []string{b}},
		{"InstanceName prefix", func(r *classicecs.DescribeInstancesRequest) { r.InstanceName = "web-*" }, []string{a, cc}},
		{"InstanceName suffix", func(r *classicecs.DescribeInstancesRequest) { r.InstanceName = "*-b" }, []string{b}},
		{"InstanceName exact", func(r *classicecs.DescribeInstancesRequest) { r.InstanceName = "web-a" }, []string{a}},
		{"InstanceName without wildcard is exact", func(r *classicecs.DescribeInstancesRequest) { r.InstanceName = "web" }, nil},
		{"Tag key", func(r *classicecs.DescribeInstancesRequest) { r.Tag = &[]classicecs.DescribeInstancesTag{{Key: "env"}} }, []string{a, b}},
		{"Tag key and value", func(r *classicecs.DescribeInstancesRequest) {
			r.Tag = &[]classicecs.DescribeInstancesTag{{Key: "env", Value: "prod"}}
		}, []string{a}},
		{"InstanceIds", func(r *classicecs.DescribeInstancesRequest) { r.InstanceIds = `["` + cc + `","` + a + `"]` }, []string{a, cc}},
		{"InstanceIds empty array", func(r *classicecs.DescribeInstancesRequest) { r.InstanceIds = `[]` }, nil},
		{"PrivateIpAddresses", func(r *classicecs.DescribeInstancesRequest) { r.PrivateIpAddresses = `["172.16.0.20"]` }, []string{a}},
		{"PublicIpAddresses", func(r *classicecs.DescribeInstancesRequest) { r.PublicIpAddresses = `["` + ipA + `"]` }, []string{a}},
		{"EipAddresses", func(r *classicecs.DescribeInstancesRequest) { r.EipAddresses = `["` + ipA + `"]` }, nil},
		{"ImageId", func(r *classicecs.DescribeInstancesRequest) { r.ImageId = ubuntuImage }, []string{b}},
		{"InstanceType", func(r *classicecs.DescribeInstancesRequest) { r.InstanceType = "ecs.r7.large" }, []string{b}},
		{"InstanceTypeFamily", func(r *classicecs.DescribeInstancesRequest) { r.InstanceTypeFamily = "ecs.c7" }, []string{cc}},
		{"InstanceChargeType", func(r *classicecs.DescribeInstancesRequest) { r.InstanceChargeType = "PrePaid" }, []string{b}},
		{"InternetChargeType", func(r *classicecs.DescribeInstancesRequest) { r.InternetChargeType = "PayByBandwidth" }, []string{cc}},
		{"KeyPairName", func(r *classicecs.DescribeInstancesRequest) { r.KeyPairName = "deployer" }, []string{a}},
		{"KeyPairName unknown", func(r *classicecs.DescribeInstancesRequest) { r.KeyPairName = "nobody" }, nil},
		{"ResourceGroupId", func(r *classicecs.DescribeInstancesRequest) { r.ResourceGroupId = "rg-web" }, []string{a}},
		{"ZoneId", func(r *classicecs.DescribeInstancesRequest) { r.ZoneId = zoneB }, []string{cc}},
		{"HttpTokens", func(r *classicecs.DescribeInstancesRequest) { r.HttpTokens = "required" }, []string{cc}},
		{"InstanceNetworkType classic", func(r *classicecs.DescribeInstancesRequest) { r.InstanceNetworkType = "classic" }, nil},
		{"Status and VpcId", func(r *classicecs.DescribeInstancesRequest) { r.Status, r.VpcId = "Running", string(w.vpc.ID) }, []string{a, b}},
		{"created in the future", func(r *classicecs.DescribeInstancesRequest) {
			r.Filter1Key, r.Filter1Value = "CreationStartTime", "2099-01-01T00:00Z"
		}, nil},
		{"created before the future", func(r *classicecs.DescribeInstancesRequest) {
			r.Filter1Key, r.Filter1Value = "CreationEndTime", "2099-01-01T00:00Z"
		}, []string{a, b, cc}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			total, ids := describe(tc.edit)
			if total != len(tc.want) || !reflect.DeepEqual(ids, tc.want) {
				t.Fatalf("got %d %v, want %v", total, ids, tc.want)
			}
		})
	}
	// Paging over a filter the dialect applies: by number, then by token.
	var seen []string
	for n := 1; n <= 2; n++ {
		total, ids := describe(func(r *classicecs.DescribeInstancesRequest) {
			r.InstanceName, r.PageNumber, r.PageSize = "*-*", requests.NewInteger(n), requests.NewInteger(2)
		})
		if total != 3 {
			t.Fatalf("page %d: TotalCount %d", n, total)
		}
		seen = append(seen, ids...)
	}
	if !reflect.DeepEqual(seen, []string{a, b, cc}) {
		t.Fatalf("pages: %v", seen)
	}
	req := classicecs.CreateDescribeInstancesRequest()
	req.RegionId, req.InstanceName, req.MaxResults = region, "*-*", requests.NewInteger(2)
	first, err := c.DescribeInstances(req)
	if err != nil || len(first.Instances.Instance) != 2 || first.NextToken == "" {
		t.Fatalf("first token page: %v %+v", err, first)
	}
	req.NextToken = first.NextToken
	second, err := c.DescribeInstances(req)
	if err != nil || len(second.Instances.Instance) != 1 || second.NextToken != "" || second.Instances.Instance[0].InstanceId != cc {
		t.Fatalf("second token page: %v %+v", err, second)
	}
}
