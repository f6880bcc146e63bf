package aliyun_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// diskIgnored are the classic SDK's shared tag fields inside disks.
var diskIgnored = prefixed("Disks.Disk[].", ecsTagIgnored)

func jsonIDs(ids ...string) string {
	b, _ := json.Marshal(ids)
	return string(b)
}

func describeDisks(t *testing.T, s sdk, p wire) any {
	t.Helper()
	base := wire{"RegionId": region}
	for k, v := range p {
		base[k] = v
	}
	return mustCall(t, s, productECS, "DescribeDisks", base, diskIgnored...)
}

func createDisk(t *testing.T, env *apptest.Env, s sdk, p wire) string {
	t.Helper()
	base := wire{"RegionId": region, "ZoneId": zoneB, "DiskCategory": "cloud_efficiency", "Size": 20}
	for k, v := range p {
		base[k] = v
	}
	id := str(t, mustCall(t, s, productECS, "CreateDisk", base), "DiskId")
	env.Clock.Advance(delay)
	return id
}

func TestDiskLifecycle(t *testing.T) {
	eachResourceSDK(t, func(t *testing.T, env *apptest.Env, s sdk) {
		id := str(t, mustCall(t, s, productECS, "CreateDisk", wire{
			"RegionId": region, "ZoneId": zoneB, "DiskCategory": "cloud_essd", "Size": 40, "DiskName": "data1",
			"Description": "first data disk", "PerformanceLevel": "PL1", "ClientToken": "disk-token", "Encrypted": true,
			"KMSKeyId": "0e478b7a-4262-4802-b8cb-00d3fb40826X", "ResourceGroupId": "rg-disks",
			"Tag": []wire{{"Key": "purpose", "Value": "data"}},
		}), "DiskId")
		if !strings.HasPrefix(id, "d-bp") || len(id) != 22 {
			t.Fatalf("DiskId %q is not d-bp + 18", id)
		}
		if again := str(t, mustCall(t, s, productECS, "CreateDisk", wire{"RegionId": region, "ZoneId": zoneB, "DiskCategory": "cloud_essd",
			"Size": 40, "ClientToken": "disk-token"}), "DiskId"); again != id {
			t.Fatalf("a repeated ClientToken made %s, want %s", again, id)
		}
		byID := wire{"DiskIds": jsonIDs(id)}
		if got := str(t, describeDisks(t, s, byID), "Disks.Disk.0.Status"); got != "Creating" {
			t.Fatalf("a new disk is %q, want Creating", got)
		}
		callErr(t, s, productECS, "DeleteDisk", wire{"DiskId": id}, "IncorrectDiskStatus.Initializing", 403)
		env.Clock.Advance(delay)
		disks := describeDisks(t, s, byID)
		for path, want := range map[string]any{
			"TotalCount": int64(1), "Disks.Disk.0.DiskId": id, "Disks.Disk.0.Status": "Available", "Disks.Disk.0.Type": "data",
			"Disks.Disk.0.Category": "cloud_essd", "Disks.Disk.0.Size": int64(40), "Disks.Disk.0.DiskName": "data1",
			"Disks.Disk.0.Description": "first data disk", "Disks.Disk.0.ZoneId": zoneB, "Disks.Disk.0.RegionId": region,
			"Disks.Disk.0.PerformanceLevel": "PL1", "Disks.Disk.0.Encrypted": true, "Disks.Disk.0.Portable": true,
			"Disks.Disk.0.DeleteWithInstance": false, "Disks.Disk.0.DeleteAutoSnapshot": false, "Disks.Disk.0.EnableAutoSnapshot": true,
			"Disks.Disk.0.InstanceId": "", "Disks.Disk.0.Device": "", "Disks.Disk.0.DiskChargeType": "PostPaid",
			"Disks.Disk.0.ResourceGroupId": "rg-disks", "Disks.Disk.0.IOPS": int64(3800), "Disks.Disk.0.Throughput": int64(140),
			"Disks.Disk.0.MultiAttach": "Disabled", "Disks.Disk.0.BurstingEnabled": false, "Disks.Disk.0.ProvisionedIops": int64(0),
			"Disks.Disk.0.Tags.Tag.0.TagKey": "purpose", "Disks.Disk.0.SerialNumber": strings.TrimPrefix(id, "d-"),
			"Disks.Disk.0.ExpiredTime": "2999-09-08T16:00Z", "Disks.Disk.0.AttachedTime": "", "Disks.Disk.0.DetachedTime": "",
		} {
			if got := pick(t, disks, path); got != want {
				t.Errorf("DescribeDisks %s = %#v, want %#v", path, got, want)
			}
		}

		vpc := createVpc(t, env, s, nil)
		vsw := createVSwitch(t, env, s, vpc, zoneB, "10.0.0.0/24", nil)
		sg := createGroup(t, s, vpc, nil)
		instance := launchInto(t, env, vsw, sg)

		mustCall(t, s, productECS, "AttachDisk", wire{"DiskId": id, "InstanceId": instance, "DeleteWithInstance": false})
		if got := str(t, describeDisks(t, s, byID), "Disks.Disk.0.Status"); got != "Attaching" {
			t.Fatalf("an attaching disk is %q", got)
		}
		env.Clock.Advance(delay)
		disks = describeDisks(t, s, wire{"InstanceId": instance, "DiskType": "data"})
		for path, want := range map[string]any{
			"TotalCount": int64(1), "Disks.Disk.0.Status": "In_use", "Disks.Disk.0.InstanceId": instance,
			"Disks.Disk.0.Device": "/dev/xvdb", "Disks.Disk.0.Attachments.Attachment.0.InstanceId": instance,
			"Disks.Disk.0.Attachments.Attachment.0.Device": "/dev/xvdb",
		} {
			if got := pick(t, disks, path); got != want {
				t.Errorf("attached: %s = %#v, want %#v", path, got, want)
			}
		}
		if str(t, disks, "Disks.Disk.0.AttachedTime") == "" {
			t.Error("an attached disk has no AttachedTime")
		}
		callErr(t, s, productECS, "DeleteDisk", wire{"DiskId": id}, "IncorrectDiskStatus", 403)
		callErr(t, s, productECS, "AttachDisk", wire{"DiskId": id, "InstanceId": instance}, "IncorrectDiskStatus", 403)

		mustCall(t, s, productECS, "ResizeDisk", wire{"DiskId": id, "NewSize": 60, "Type": "online"})
		callErr(t, s, productECS, "ResizeDisk", wire{"DiskId": id, "NewSize": 50}, "InvalidDiskSize.TooSmall", 403)
		callErr(t, s, productECS, "ResizeDisk", wire{"DiskId": id, "NewSize": 70000}, "InvalidDiskSize.TooLarge", 403)
		mustCall(t, s, productECS, "ModifyDiskAttribute", wire{"DiskId": id, "DiskName": "data2", "Description": "renamed",
			"DeleteWithInstance": true, "EnableAutoSnapshot": false, "DeleteAutoSnapshot": true})
		mustCall(t, s, productECS, "ModifyDiskSpec", wire{"DiskId": id, "PerformanceLevel": "PL0"})
		callErr(t, s, productECS, "ModifyDiskSpec", wire{"DiskId": id, "PerformanceLevel": "PL3"}, "OperationDenied.PerformanceLevelNotMatch", 403)
		disks = describeDisks(t, s, byID)
		for path, want := range map[string]any{
			"Disks.Disk.0.Size": int64(60), "Disks.Disk.0.DiskName": "data2", "Disks.Disk.0.Description": "renamed",
			"Disks.Disk.0.DeleteWithInstance": true, "Disks.Disk.0.EnableAutoSnapshot": false, "Disks.Disk.0.DeleteAutoSnapshot": true,
			"Disks.Disk.0.PerformanceLevel": "PL0", "Disks.Disk.0.IOPS": int64(2520),
		} {
			if got := pick(t, disks, path); got != want {
				t.Errorf("after the changes: %s = %#v, want %#v", path, got, want)
			}
		}

		mustCall(t, s, productECS, "DetachDisk", wire{"DiskId": id, "InstanceId": instance})
		if got := str(t, describeDisks(t, s, byID), "Disks.Disk.0.Status"); got != "Detaching" {
			t.Fatalf("a detaching disk is %q", got)
		}
		env.Clock.Advance(delay)
		disks = describeDisks(t, s, byID)
		if str(t, disks, "Disks.Disk.0.Status") != "Available" || str(t, disks, "Disks.Disk.0.DetachedTime") == "" ||
			count(t, disks, "Disks.Disk.0.Attachments.Attachment") != 0 {
			t.Fatalf("a detached disk: %s, DetachedTime %q", str(t, disks, "Disks.Disk.0.Status"), str(t, disks, "Disks.Disk.0.DetachedTime"))
		}
		callErr(t, s, productECS, "ResizeDisk", wire{"DiskId": id, "NewSize": 80, "Type": "online"}, "InvalidInstanceStatus.NotRunning", 403)
		mustCall(t, s, productECS, "ResizeDisk", wire{"DiskId": id, "NewSize": 80, "Type": "offline"})
		mustCall(t, s, productECS, "DeleteDisk", wire{"DiskId": id})
		if n := num(t, describeDisks(t, s, byID), "TotalCount"); n != 0 {
			t.Fatalf("the deleted disk is still listed")
		}
		callErr(t, s, productECS, "DeleteDisk", wire{"DiskId": id}, "InvalidDiskId.NotFound", 404)
	})
}

func TestDescribeDisksFilters(t *testing.T) {
	eachResourceSDK(t, func(t *testing.T, env *apptest.Env, s sdk) {
		a := createDisk(t, env, s, wire{"DiskName": "alpha", "Tag": []wire{{"Key": "k", "Value": "v"}}})
		b := createDisk(t, env, s, wire{"DiskCategory": "cloud_ssd", "Size": 30})
		c := createDisk(t, env, s, wire{"ZoneId": zoneG})
		ids := func(resp any) []string {
			var out []string
			for i := 0; i < count(t, resp, "Disks.Disk"); i++ {
				out = append(out, str(t, resp, "Disks.Disk."+strconv.Itoa(i)+".DiskId"))
			}
			return out
		}
		for _, tc := range []struct {
			name   string
			params wire
			want   []string
		}{
			{"all", wire{}, []string{a, b, c}},
			{"by IDs", wire{"DiskIds": jsonIDs(c, a)}, []string{a, c}},
			{"by zone", wire{"ZoneId": zoneG}, []string{c}},
			{"by category", wire{"Category": "cloud_ssd"}, []string{b}},
			{"by name", wire{"DiskName": "alpha"}, []string{a}},
			{"by tag", wire{"Tag": []wire{{"Key": "k", "Value": "v"}}}, []string{a}},
			{"by status", wire{"Status": "In_use"}, nil},
			{"system disks", wire{"DiskType": "system"}, nil},
			{"portable", wire{"Portable": true}, []string{a, b, c}},
			{"page 2 of size 2", wire{"PageSize": 2, "PageNumber": 2}, []string{c}},
			{"first token page", wire{"MaxResults": 2}, []string{a, b}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				resp := describeDisks(t, s, tc.params)
				if got := ids(resp); strings.Join(got, ",") != strings.Join(tc.want, ",") {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			})
		}
		first := describeDisks(t, s, wire{"MaxResults": 2})
		token := str(t, first, "NextToken")
		if token == "" {
			t.Fatal("no NextToken after 2 of 3")
		}
		rest := describeDisks(t, s, wire{"MaxResults": 2, "NextToken": token})
		if got := ids(rest); len(got) != 1 || got[0] != c || str(t, rest, "NextToken") != "" {
			t.Fatalf("the second token page: %v, NextToken %q", got, str(t, rest, "NextToken"))
		}
	})
}
