package zenlayer_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/zenlayer"
	"github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// Wire shapes of the responses, as the SDK's models read them.
type (
	instanceStatus struct {
		InstanceID     string `json:"instanceId"`
		InstanceStatus string `json:"instanceStatus"`
	}
	statusResponse struct {
		TotalCount int              `json:"totalCount"`
		DataSet    []instanceStatus `json:"dataSet"`
	}
	createResponse struct {
		OrderNumber   string   `json:"orderNumber"`
		InstanceIDSet []string `json:"instanceIdSet"`
	}
	operationResponse struct {
		InstanceIDs []string `json:"instanceIds"`
	}
	instanceInfo struct {
		InstanceID        string `json:"instanceId"`
		InstanceName      string `json:"instanceName"`
		ZoneID            string `json:"zoneId"`
		InstanceType      string `json:"instanceType"`
		CPU               int    `json:"cpu"`
		Memory            int    `json:"memory"`
		ImageID           string `json:"imageId"`
		Status            string `json:"status"`
		CreateTime        string `json:"createTime"`
		ResourceGroupID   string `json:"resourceGroupId"`
		ResourceGroupName string `json:"resourceGroupName"`
	}
	instancesResponse struct {
		TotalCount int            `json:"totalCount"`
		DataSet    []instanceInfo `json:"dataSet"`
	}
	zoneInfo struct {
		ZoneID               string `json:"zoneId"`
		ZoneName             string `json:"zoneName"`
		RegionID             string `json:"regionId"`
		CityName             string `json:"cityName"`
		TimeZone             string `json:"timeZone"`
		SupportSecurityGroup bool   `json:"supportSecurityGroup"`
	}
	zonesResponse struct {
		ZoneSet []zoneInfo `json:"zoneSet"`
	}
)

type params = map[string]any

// createParams is a typical CreateZecInstances request, in a subnet of
// asia-east-1.
func (c *client) createParams(count int) params {
	c.T.Helper()
	return params{
		"zoneId": "asia-east-1a", "imageId": "ubuntu2204_20240712", "instanceType": "z2a.cpu.2",
		"instanceCount": count, "subnetId": c.subnetIn("asia-east-1"), "instanceName": "web", "password": "Passw0rd!",
	}
}

// inZone moves a CreateZecInstances request to a zone, and to a subnet of
// its region.
func (c *client) inZone(p params, zone string) params {
	c.T.Helper()
	p["zoneId"], p["subnetId"] = zone, c.subnetIn(strings.TrimSuffix(zone, zone[len(zone)-1:]))
	return p
}

// subnetIn returns the client's subnet in a region, made on first use in
// the client's VPC (10.0.0.0/9), a /20 a region.
func (c *client) subnetIn(region string) string {
	c.T.Helper()
	if id, ok := c.subnets[region]; ok {
		return id
	}
	if c.vpcID == "" {
		var vpc struct {
			VpcID string `json:"vpcId"`
		}
		c.mustCall("CreateVpc", params{"name": "test-vpc", "cidrBlock": "10.0.0.0/9", "mtu": 1500}, &vpc)
		c.vpcID = vpc.VpcID
	}
	var sub struct {
		SubnetID string `json:"subnetId"`
	}
	cidr := fmt.Sprintf("10.%d.0.0/20", len(c.subnets))
	c.mustCall("CreateSubnet", params{"vpcId": c.vpcID, "name": "test-" + region, "regionId": region, "stackType": "IPv4", "cidrBlock": cidr}, &sub)
	c.subnets[region] = sub.SubnetID
	return sub.SubnetID
}

const delay = apptest.DefaultDelay

func (c *client) mustCall(action string, p, out any) {
	c.T.Helper()
	if err := c.Call(action, p, out); err != nil {
		c.T.Fatalf("%s %v: %v", action, p, err)
	}
}

func (c *client) create(p params) []string {
	c.T.Helper()
	var resp createResponse
	c.mustCall("CreateZecInstances", p, &resp)
	if resp.OrderNumber == "" {
		c.T.Errorf("no orderNumber")
	}
	return resp.InstanceIDSet
}

// statuses returns the status of each listed instance; gone ones are absent.
func (c *client) statuses(ids ...string) map[string]string {
	c.T.Helper()
	var resp statusResponse
	c.mustCall("DescribeInstancesStatus", params{"instanceIds": ids, "pageSize": 100}, &resp)
	out := map[string]string{}
	for _, s := range resp.DataSet {
		out[s.InstanceID] = s.InstanceStatus
	}
	if resp.TotalCount != len(out) {
		c.T.Errorf("totalCount %d for %d instances", resp.TotalCount, len(out))
	}
	return out
}

func (c *client) status(id string) string {
	c.T.Helper()
	return c.statuses(id)[id]
}

// operate calls a lifecycle action and returns the IDs it reports failed.
func (c *client) operate(action string, ids ...string) ([]string, error) {
	c.T.Helper()
	var resp operationResponse
	err := c.Call(action, params{"instanceIds": ids}, &resp)
	return resp.InstanceIDs, err
}

func (c *client) mustOperate(action string, ids ...string) {
	c.T.Helper()
	failed, err := c.operate(action, ids...)
	if err != nil || len(failed) != 0 {
		c.T.Fatalf("%s %v: failed %v, %v", action, ids, failed, err)
	}
}

// wantStatuses checks every instance shows want.
func (c *client) wantStatuses(want string, ids ...string) {
	c.T.Helper()
	got := c.statuses(ids...)
	for _, id := range ids {
		if got[id] != want {
			c.T.Errorf("instance %s is %q, want %q", id, got[id], want)
		}
	}
}

// wantError checks err is the Zenlayer error (status, code).
func wantError(t testing.TB, err error, status int, code string) {
	t.Helper()
	var e *zenlayertest.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want %d %s", err, status, code)
	}
	if e.Status != status || e.Code != code {
		t.Errorf("got %d %s (%s), want %d %s", e.Status, e.Code, e.Message, status, code)
	}
}

var instanceIDPattern = regexp.MustCompile(`^[1-9][0-9]{18}$`)

// TestLifecycle drives every action through a whole life and watches the
// statuses settle on the fake clock.
func TestLifecycle(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)

	ids := c.create(c.createParams(2))
	if len(ids) != 2 || ids[0] == ids[1] {
		t.Fatalf("created %v", ids)
	}
	for _, id := range ids {
		if !instanceIDPattern.MatchString(id) {
			t.Errorf("instance ID %q is not 19 digits", id)
		}
	}
	c.wantStatuses("DEPLOYING", ids...)
	e.clock.Advance(delay)
	c.wantStatuses("RUNNING", ids...)

	var info instancesResponse
	c.mustCall("DescribeInstances", params{"instanceIds": ids}, &info)
	if info.TotalCount != 2 || len(info.DataSet) != 2 {
		t.Fatalf("DescribeInstances: %+v", info)
	}
	got := info.DataSet[0]
	want := instanceInfo{
		InstanceID: ids[0], InstanceName: "web", ZoneID: "asia-east-1a",
		InstanceType: "z2a.cpu.2", CPU: 2, Memory: 4, ImageID: "ubuntu2204_20240712", Status: "RUNNING",
		CreateTime:      e.clock.Now().Add(-delay).UTC().Format("2006-01-02T15:04:05Z"),
		ResourceGroupID: zenlayer.DefaultResourceGroupID, ResourceGroupName: "Default Resource Group",
	}
	if got != want {
		t.Errorf("DescribeInstances:\n got %+v\nwant %+v", got, want)
	}

	steps := []struct {
		action          string
		during, settled string
	}{
		{"StopInstances", "STOPPING", "STOPPED"},
		{"StartInstances", "BOOTING", "RUNNING"},
		{"RebootInstances", "REBOOT", "RUNNING"},
		{"ReleaseInstances", "RELEASING", ""},
	}
	for _, s := range steps {
		c.mustOperate(s.action, ids...)
		c.wantStatuses(s.during, ids...)
		e.clock.Advance(delay)
		c.wantStatuses(s.settled, ids...)
	}
	var all statusResponse
	c.mustCall("DescribeInstancesStatus", params{}, &all)
	if all.TotalCount != 0 || len(all.DataSet) != 0 {
		t.Errorf("after release: %+v", all)
	}
}

// TestVersions: the deprecated client's version is served alike; others
// are refused.
func TestVersions(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	for _, v := range zenlayer.Versions {
		c.Version = v
		c.mustCall("DescribeInstancesStatus", params{}, nil)
	}
	c.Version = "2023-03-13"
	wantError(t, c.Call("DescribeInstancesStatus", params{}, nil), http.StatusBadRequest, "INVALID_VERSION")
}

func TestCreateFailed(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	p := c.createParams(1)
	p["imageId"] = compute.FailingImageID
	id := c.create(p)[0]
	c.wantStatuses("DEPLOYING", id)
	e.clock.Advance(delay)
	c.wantStatuses("CREATE_FAILED", id)
	_, err := c.operate("StartInstances", id)
	wantError(t, err, http.StatusForbidden, "OPERATION_DENIED_INSTANCE_NOT_STOPPED")
	c.mustOperate("ReleaseInstances", id)
	e.clock.Advance(delay)
	c.wantStatuses("", id)
}

// TestOperationsReportFailedIDs: with some instances able to take an
// operation, the call succeeds and lists the others; with none, it fails
// with the first one's reason.
func TestOperationsReportFailedIDs(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	ids := c.create(c.createParams(2))
	e.clock.Advance(delay)
	c.mustOperate("StopInstances", ids[0])
	e.clock.Advance(delay)

	const unknown = "9999999999999999999"
	failed, err := c.operate("StartInstances", ids[0], ids[1], unknown, ids[0])
	if err != nil || !slices.Equal(failed, []string{ids[1], unknown}) {
		t.Errorf("StartInstances: failed %v, %v; want [%s %s]", failed, err, ids[1], unknown)
	}
	c.wantStatuses("BOOTING", ids[0])
	c.wantStatuses("RUNNING", ids[1])

	_, err = c.operate("StartInstances", ids[1])
	wantError(t, err, http.StatusForbidden, "OPERATION_DENIED_INSTANCE_NOT_STOPPED")
	_, err = c.operate("StopInstances", unknown)
	wantError(t, err, http.StatusNotFound, "INVALID_INSTANCE_NOT_FOUND")
	_, err = c.operate("RebootInstances", unknown, ids[0])
	wantError(t, err, http.StatusNotFound, "INVALID_INSTANCE_NOT_FOUND")
	_, err = c.operate("RebootInstances", ids[0], unknown)
	wantError(t, err, http.StatusForbidden, "OPERATION_DENIED_INSTANCE_NOT_RUNNING")
}

// TestPaging: pageSize up to 1000 works, 1001 is refused; totalCount counts
// every match; a page past the end is empty.
func TestPaging(t *testing.T) {
	e := start(t, apptest.Options{TransitionDelay: apptest.Instant})
	c := e.a1(t)
	var ids []string
	for len(ids) < 1001 {
		ids = append(ids, c.create(c.createParams(min(100, 1001-len(ids))))...)
	}
	for _, action := range []string{"DescribeInstancesStatus", "DescribeInstances"} {
		t.Run(action, func(t *testing.T) {
			c := e.a1(t)
			tests := []struct {
				p         params
				wantLen   int
				wantFirst string
			}{
				{params{}, 20, ids[0]},
				{params{"pageSize": 1000}, 1000, ids[0]},
				{params{"pageSize": 1000, "pageNum": 2}, 1, ids[1000]},
				{params{"pageSize": 7, "pageNum": 3}, 7, ids[14]},
				{params{"pageSize": 1000, "pageNum": 3}, 0, ""},
				{params{"instanceIds": ids[:100], "pageSize": 1000}, 100, ids[0]},
				{params{"instanceIds": ids[500:600]}, 20, ids[500]},
			}
			for _, tt := range tests {
				var resp struct {
					TotalCount int `json:"totalCount"`
					DataSet    []struct {
						InstanceID string `json:"instanceId"`
					} `json:"dataSet"`
				}
				c.mustCall(action, tt.p, &resp)
				wantTotal := 1001
				if ids, ok := tt.p["instanceIds"].([]string); ok {
					wantTotal = len(ids)
				}
				if len(resp.DataSet) != tt.wantLen || resp.TotalCount != wantTotal {
					t.Errorf("pageNum %v pageSize %v: %d instances of %d, want %d of %d", tt.p["pageNum"], tt.p["pageSize"], len(resp.DataSet), resp.TotalCount, tt.wantLen, wantTotal)
				}
				if tt.wantLen > 0 && len(resp.DataSet) > 0 && resp.DataSet[0].InstanceID != tt.wantFirst {
					t.Errorf("pageNum %v pageSize %v: first %s, want %s", tt.p["pageNum"], tt.p["pageSize"], resp.DataSet[0].InstanceID, tt.wantFirst)
				}
			}
			wantError(t, c.Call(action, params{"pageSize": 1001}, nil), http.StatusBadRequest, "INVALID_PARAMETER")
			wantError(t, c.Call(action, params{"instanceIds": ids[:101]}, nil), http.StatusBadRequest, "INVALID_PARAMETER")
		})
	}
}

// TestAccountsAreIsolated: a second account sees nothing of the first.
func TestAccountsAreIsolated(t *testing.T) {
	e := start(t, apptest.Options{})
	a1 := e.a1(t)
	ids := a1.create(a1.createParams(2))
	key := e.newAccount(t, "a2", "", "")
	a2 := e.client(t, key.ID, key.Secret)

	var st statusResponse
	a2.mustCall("DescribeInstancesStatus", params{}, &st)
	var byID statusResponse
	a2.mustCall("DescribeInstancesStatus", params{"instanceIds": ids}, &byID)
	var info instancesResponse
	a2.mustCall("DescribeInstances", params{"instanceIds": ids}, &info)
	if st.TotalCount+len(st.DataSet)+byID.TotalCount+len(byID.DataSet)+info.TotalCount+len(info.DataSet) != 0 {
		t.Errorf("a2 sees %+v, %+v, %+v", st, byID, info)
	}
	e.clock.Advance(delay)
	for _, action := range []string{"StartInstances", "StopInstances", "RebootInstances", "ReleaseInstances"} {
		_, err := a2.operate(action, ids...)
		wantError(t, err, http.StatusNotFound, "INVALID_INSTANCE_NOT_FOUND")
	}
	a1.wantStatuses("RUNNING", ids...)
}

func TestResourceGroups(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	plain := c.create(c.createParams(1))[0]
	p := c.createParams(2)
	p["resourceGroupId"] = "rg-blue"
	blue := c.create(p)

	for group, want := range map[string][]string{
		"rg-blue":                       blue,
		zenlayer.DefaultResourceGroupID: {plain},
		"rg-empty":                      nil,
	} {
		var st statusResponse
		c.mustCall("DescribeInstancesStatus", params{"resourceGroupId": group}, &st)
		var info instancesResponse
		c.mustCall("DescribeInstances", params{"resourceGroupId": group}, &info)
		var gotSt, gotInfo []string
		for _, s := range st.DataSet {
			gotSt = append(gotSt, s.InstanceID)
		}
		for _, i := range info.DataSet {
			gotInfo = append(gotInfo, i.InstanceID)
			if i.ResourceGroupID != group {
				t.Errorf("instance %s in group %q, want %q", i.InstanceID, i.ResourceGroupID, group)
			}
		}
		if !slices.Equal(gotSt, want) || !slices.Equal(gotInfo, want) || st.TotalCount != len(want) {
			t.Errorf("group %s: DescribeInstancesStatus %v (total %d), DescribeInstances %v; want %v", group, gotSt, st.TotalCount, gotInfo, want)
		}
	}
	p["resourceGroupId"] = "rg blue"
	wantError(t, c.Call("CreateZecInstances", p, nil), http.StatusBadRequest, "INVALID_PARAMETER")
}

func TestDescribeInstancesFilters(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	east := c.create(c.createParams(2))
	p := c.createParams(1)
	p = c.inZone(p, "na-west-1a")
	p["instanceName"] = "db-west"
	west := c.create(p)
	e.clock.Advance(delay)
	c.mustOperate("StopInstances", east[1])

	tests := []struct {
		name string
		p    params
		want []string
	}{
		{"all", params{}, append(slices.Clone(east), west...)},
		{"zone", params{"zoneId": "na-west-1a"}, west},
		{"zone and status", params{"zoneId": "asia-east-1a", "status": "STOPPING"}, east[1:]},
		{"status", params{"status": "RUNNING"}, []string{east[0], west[0]}},
		{"status ecsd never shows", params{"status": "IMAGING"}, nil},
		{"name contains", params{"name": "west"}, west},
		{"ids", params{"instanceIds": []string{west[0], "1234567890123456789"}}, west},
		{"ipv4 address of none", params{"ipv4Address": "10.0.0.1"}, nil},
		{"private ipv4 address", params{"ipv4Address": "10.0.0.2"}, east[:1]},
		{"tags", params{"tagKeys": []string{"env"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var info instancesResponse
			e.a1(t).mustCall("DescribeInstances", tt.p, &info)
			var got []string
			for _, i := range info.DataSet {
				got = append(got, i.InstanceID)
			}
			if !slices.Equal(got, tt.want) || info.TotalCount != len(tt.want) {
				t.Errorf("got %v (total %d), want %v", got, info.TotalCount, tt.want)
			}
		})
	}
	wantError(t, c.Call("DescribeInstances", params{"zoneId": "SEL--A"}, nil), http.StatusNotFound, "INVALID_ZONE_NOT_FOUND")
	wantError(t, c.Call("DescribeInstances", params{"status": "ON_FIRE"}, nil), http.StatusBadRequest, "INVALID_PARAMETER")
	var byImage instancesResponse
	c.mustCall("DescribeInstances", params{"imageId": "ubuntu2204_20240712"}, &byImage)
	if byImage.TotalCount != 3 {
		t.Errorf("by image: %d instances, want 3", byImage.TotalCount)
	}
	c.mustCall("DescribeInstances", params{"imageId": "debian12_20240712"}, &byImage)
	if byImage.TotalCount != 0 {
		t.Errorf("by another image: %d instances, want 0", byImage.TotalCount)
	}
}

func TestDescribeZones(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	var all zonesResponse
	c.mustCall("DescribeZones", params{}, &all)
	want := map[string]string{"asia-east-1a": "asia-east-1", "asia-southeast-1a": "asia-southeast-1", "na-west-1a": "na-west-1"}
	found := 0
	for _, z := range all.ZoneSet {
		if z.ZoneName == "" || z.CityName == "" || z.TimeZone == "" || !z.SupportSecurityGroup {
			t.Errorf("zone %+v lacks a field", z)
		}
		if _, err := time.LoadLocation(z.TimeZone); err != nil {
			t.Errorf("zone %s: time zone %q: %v", z.ZoneID, z.TimeZone, err)
		}
		if r, ok := want[z.ZoneID]; ok {
			found++
			if z.RegionID != r {
				t.Errorf("zone %s in region %s, want %s", z.ZoneID, z.RegionID, r)
			}
		}
	}
	if found != len(want) || len(all.ZoneSet) < 8 {
		t.Errorf("zoneSet %+v", all.ZoneSet)
	}
	var some zonesResponse
	c.mustCall("DescribeZones", params{"zoneIds": []string{"na-west-1a", "SEL--A"}}, &some)
	if len(some.ZoneSet) != 1 || some.ZoneSet[0].ZoneID != "na-west-1a" {
		t.Errorf("zoneIds filter: %+v", some.ZoneSet)
	}
	// Every zone can take instances.
	for _, z := range all.ZoneSet {
		p := c.inZone(c.createParams(1), z.ZoneID)
		id := c.create(p)[0]
		var info instancesResponse
		c.mustCall("DescribeInstances", params{"instanceIds": []string{id}}, &info)
		if got := info.DataSet[0]; got.ZoneID != z.ZoneID {
			t.Errorf("created in %s, want %s", got.ZoneID, z.ZoneID)
		}
	}
}

// TestRecycleBin: with the recycle bin configured, a release sends the
// instance to RECYCLE, where nothing but a second release is allowed.
func TestRecycleBin(t *testing.T) {
	e := startRecycleBin(t)
	c := e.a1(t)
	ids := c.create(c.createParams(2))
	e.clock.Advance(delay)
	c.mustOperate("StopInstances", ids[1])
	e.clock.Advance(delay)

	c.mustOperate("ReleaseInstances", ids...)
	if got := c.statuses(ids...); got[ids[0]] != "STOPPING" || got[ids[1]] != "RECYCLE" {
		t.Errorf("after release: %v, want STOPPING and RECYCLE", got)
	}
	e.clock.Advance(delay)
	c.wantStatuses("RECYCLE", ids...)
	for _, action := range []string{"StartInstances", "StopInstances", "RebootInstances"} {
		_, err := c.operate(action, ids...)
		wantError(t, err, http.StatusForbidden, "OPERATION_DENIED_INSTANCE_RECYCLED")
	}
	c.mustOperate("ReleaseInstances", ids...)
	c.wantStatuses("RELEASING", ids...)
	e.clock.Advance(delay)
	c.wantStatuses("", ids...)
	_, err := c.operate("ReleaseInstances", ids...)
	wantError(t, err, http.StatusNotFound, "INVALID_INSTANCE_NOT_FOUND")
}

// TestSameAddressAsOtherDialects: on the one address, an Alibaba request
// is still Alibaba's and a Zenlayer one Zenlayer's.
func TestSameAddressAsOtherDialects(t *testing.T) {
	e := start(t, apptest.Options{})
	resp, err := http.Post(e.baseURL+"/?Action=DescribeRegions&Version=2014-05-26&Format=JSON", "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"Code"`) || strings.Contains(string(body), `"code"`) {
		t.Errorf("an Alibaba request was answered %d %s", resp.StatusCode, body)
	}
	e.a1(t).mustCall("DescribeZones", params{}, nil)
}
