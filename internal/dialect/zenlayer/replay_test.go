package zenlayer_test

// Provider replay tests: for each Terraform resource and data source of
// zenlayer/terraform-provider-zenlayercloud (mirror commit dc56e9b, release
// 0.2.28, built against SDK v0.2.40) in scope, the calls its create, read,
// update and delete make, in order, with the parameters and API versions
// it uses, through the SDK-shaped test client. Comments cite the provider's
// files: R: is zenlayercloud/services/zec/, svc is R:service_zenlayer_zec.go.
// Each read checks that every field the provider reads is present and
// equal to what was set, and that nothing it dereferences is null.

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app/apptest"
	zt "github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// The statuses the provider waits through (R:extension_zec.go:35-98).
var (
	instanceOperating = []string{"PENDING", "DEPLOYING", "REBUILDING", "BOOTING", "STOPPING", "RELEASING", "RECYCLING", "RESIZING"}
	diskOperating     = []string{"RECYCLING", "ATTACHING", "DETACHING", "CREATING", "DELETING", "CHANGING"}
)

// maxPolls bounds every wait: the fake clock moves a second a poll, and
// no transition lasts more than a few.
const maxPolls = 30

// describeInstance is svc:848-864: DescribeInstances [2025] of one ID, nil
// for an empty dataSet.
func (c *client) describeInstance(id string) *zt.InstanceInfo {
	c.T.Helper()
	resp := must(c.DescribeInstances(&zt.DescribeInstancesRequest{InstanceIDs: []string{id}}))
	if resp == nil {
		c.T.Fatal("DescribeInstances answered no response")
	}
	if len(resp.DataSet) > 0 && resp.TotalCount == nil {
		c.T.Fatal("DescribeInstances: totalCount is null")
	}
	if len(resp.DataSet) == 0 {
		return nil
	}
	inst := resp.DataSet[0]
	// Dereferenced without a check: R:resource_zc_zec_instance.go:773,
	// 783, 823, 826, 827 and svc:1005, 1010.
	if inst.Status == nil || inst.EnableAgent == nil || inst.EnableIPForward == nil {
		c.T.Fatalf("instance %s: status, enableAgent or enableIpForward is null", id)
	}
	return inst
}

// waitInstance is a StateChangeConf over svc:993-1012 (or a RetryContext
// loop of the update path): it polls until target, failing on a status
// that is neither pending nor target, as the provider does ("unexpected
// state").
func (c *client) waitInstance(e *env, id string, pending []string, target string) *zt.InstanceInfo {
	c.T.Helper()
	for range maxPolls {
		inst := c.describeInstance(id)
		switch {
		case inst == nil:
			c.T.Fatalf("instance %s vanished while waiting for %s", id, target)
		case *inst.Status == target:
			return inst
		case !slices.Contains(pending, *inst.Status):
			c.T.Fatalf("instance %s: unexpected state %s while waiting for %s", id, *inst.Status, target)
		}
		e.clock.Advance(time.Second)
	}
	c.T.Fatalf("instance %s never reached %s", id, target)
	return nil
}

// instanceState is what the provider's configuration sets.
type instanceState struct {
	zone, instanceType, image, name, keyID, subnet, securityGroup, resourceGroup, category, timeZone string
	diskSize                                                                                         int
	agent, ipForward                                                                                 bool
	tags                                                                                             map[string]string
	nested                                                                                           *bool
}

// readInstance is the provider's Read (R:resource_zc_zec_instance.go:750-846):
// DescribeInstances, retried while operating (762-777), then every
// attribute set into state (793-843), each compared with the
// configuration as the plan compares it.
func (c *client) readInstance(e *env, id string, want instanceState) *zt.InstanceInfo {
	c.T.Helper()
	var inst *zt.InstanceInfo
	for range maxPolls {
		inst = c.describeInstance(id)
		if inst == nil || !slices.Contains(instanceOperating, *inst.Status) {
			break
		}
		e.clock.Advance(time.Second)
	}
	if inst == nil {
		c.T.Fatalf("instance %s is gone", id)
	}
	t := c.T
	str := func(field string, got *string, want string) {
		t.Helper()
		if got == nil || *got != want {
			t.Errorf("instance %s: %s = %v, want %q", id, field, deref(got), want)
		}
	}
	str("zoneId", inst.ZoneID, want.zone)                     // availability_zone, ForceNew
	str("instanceType", inst.InstanceType, want.instanceType) // ForceNew
	str("imageId", inst.ImageID, want.image)                  // a change resets
	str("instanceName", inst.InstanceName, want.name)
	str("subnetId", inst.SubnetID, want.subnet) // ForceNew
	str("resourceGroupId", inst.ResourceGroupID, want.resourceGroup)
	str("timeZone", inst.TimeZone, want.timeZone)
	if want.securityGroup != "" {
		str("securityGroupId", inst.SecurityGroupID, want.securityGroup)
	} else if inst.SecurityGroupID == nil {
		t.Errorf("instance %s: securityGroupId is null", id)
	}
	if want.keyID == "" {
		if inst.KeyID != nil && *inst.KeyID != "" {
			t.Errorf("instance %s: keyId %q for an instance with a password", id, *inst.KeyID)
		}
	} else {
		str("keyId", inst.KeyID, want.keyID)
	}
	for field, v := range map[string]*string{"imageName": inst.ImageName, "resourceGroupName": inst.ResourceGroupName, "createTime": inst.CreateTime} {
		if deref(v) == "" {
			t.Errorf("instance %s: %s is empty", id, field)
		}
	}
	if inst.CPU == nil || *inst.CPU < 1 || inst.Memory == nil || *inst.Memory < 1 || inst.PublicIPAddresses == nil || len(inst.PrivateIPAddresses) != 1 {
		t.Errorf("instance %s: cpu, memory or the IP lists are missing: %+v", id, inst)
	}
	if sd := inst.SystemDisk; sd == nil || deref(sd.DiskID) == "" || sd.DiskSize == nil || *sd.DiskSize != want.diskSize || deref(sd.DiskCategory) != want.category {
		t.Errorf("instance %s: systemDisk %+v, want %d GiB of %s", id, sd, want.diskSize, want.category)
	}
	if *inst.EnableAgent != want.agent || *inst.EnableIPForward != want.ipForward {
		t.Errorf("instance %s: enableAgent %v, enableIpForward %v; want %v, %v", id, *inst.EnableAgent, *inst.EnableIPForward, want.agent, want.ipForward)
	}
	switch {
	case want.nested == nil && inst.InstanceOptions != nil:
		t.Errorf("instance %s: instanceOptions %+v not asked for (the provider would plan a replacement)", id, inst.InstanceOptions)
	case want.nested != nil && (inst.InstanceOptions == nil || inst.InstanceOptions.NestedVirtualization == nil || *inst.InstanceOptions.NestedVirtualization != *want.nested):
		t.Errorf("instance %s: instanceOptions %+v, want nested virtualization %v", id, inst.InstanceOptions, *want.nested)
	}
	if got := tagMap(inst.Tags); !mapsEqual(got, want.tags) {
		t.Errorf("instance %s: tags %v, want %v", id, got, want.tags)
	}
	return inst
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// zecTags spells a tag map as create requests carry it.
func zecTags(m map[string]string) *zt.TagAssociation {
	if len(m) == 0 {
		return nil
	}
	out := &zt.TagAssociation{}
	for k, v := range m {
		out.Tags = append(out.Tags, &zt.Tag{Key: zt.String(k), Value: zt.String(v)})
	}
	return out
}

// createInstance is the provider's Create (R:resource_zc_zec_instance.go:609-748)
// for a configuration: CreateZecInstances [2025] with the fields it sends
// (614-694), then the wait from PENDING/DEPLOYING to RUNNING (728-745).
func (c *client) createInstance(e *env, s instanceState, password string) string {
	c.T.Helper()
	req := &zt.CreateZecInstancesRequest{
		InstanceCount: zt.Int(1), ZoneID: zt.String(s.zone), InstanceType: zt.String(s.instanceType), ImageID: zt.String(s.image),
		InstanceName: zt.String(s.name), SystemDisk: &zt.SystemDisk{DiskSize: zt.Int(s.diskSize), DiskCategory: zt.String(s.category)},
		Tags: zecTags(s.tags), SubnetID: zt.String(s.subnet), EnableAgent: zt.Bool(s.agent),
	}
	if password != "" {
		req.Password = zt.String(password)
	}
	if s.keyID != "" {
		req.KeyID = zt.String(s.keyID)
	}
	if s.securityGroup != "" {
		req.SecurityGroupID = zt.String(s.securityGroup)
	}
	if s.resourceGroup != "" && s.resourceGroup != "ecsd-default-resource-group" {
		req.ResourceGroupID = zt.String(s.resourceGroup)
	}
	if s.timeZone != "" {
		req.TimeZone = zt.String(s.timeZone)
	}
	if s.ipForward { // sent only when true (681-683)
		req.EnableIPForward = zt.Bool(true)
	}
	if s.nested != nil {
		req.InstanceOptions = &zt.InstanceOptions{NestedVirtualization: s.nested}
	}
	resp := must(c.CreateZecInstances(req))
	if resp == nil || len(resp.InstanceIDSet) < 1 { // 715-719 read response.Response.InstanceIdSet
		c.T.Fatalf("CreateZecInstances answered %+v", resp)
	}
	id := resp.InstanceIDSet[0]
	c.waitInstance(e, id, []string{"PENDING", "DEPLOYING"}, "RUNNING")
	return id
}

// releaseInstance is the provider's Delete (R:resource_zc_zec_instance.go:229-345)
// with force_delete true: ReleaseInstances [2024] (239-249, svc:839-846),
// poll until RECYCLE or gone (253-281), and if it is in the recycle bin a
// second ReleaseInstances (300-316) and a poll until gone (318-339).
func (c *client) releaseInstance(e *env, id string) {
	c.T.Helper()
	must(c.ReleaseInstances2024(&zt.InstanceIDs2024Request{InstanceIDs: []string{id}}))
	notExist := false
	for polls := 0; ; polls++ {
		if polls == maxPolls {
			c.T.Fatalf("instance %s never left", id)
		}
		inst := c.describeInstance(id)
		if inst == nil {
			notExist = true
			break
		}
		if *inst.Status == "RECYCLE" {
			break
		}
		if !slices.Contains(instanceOperating, *inst.Status) {
			c.T.Fatalf("vm instance status is not recycle, current status %s", *inst.Status)
		}
		e.clock.Advance(time.Second)
	}
	if notExist {
		return
	}
	if _, err := c.ReleaseInstances2024(&zt.InstanceIDs2024Request{InstanceIDs: []string{id}}); err != nil {
		wantError(c.T, err, http.StatusNotFound, "INVALID_INSTANCE_NOT_FOUND") // 309: counts as done
	}
	for range maxPolls {
		inst := c.describeInstance(id)
		if inst == nil {
			return
		}
		if !slices.Contains(instanceOperating, *inst.Status) {
			c.T.Fatalf("instance %s is %s after its second release (the provider fails here)", id, *inst.Status)
		}
		e.clock.Advance(time.Second)
	}
	c.T.Fatalf("instance %s never left after its second release", id)
}

// TestReplayInstance follows zenlayercloud_zec_instance through create,
// read, every update path and delete, with the recycle bin off and on.
func TestReplayInstance(t *testing.T) {
	for _, recycle := range []bool{false, true} {
		name := "plain"
		if recycle {
			name = "recycle bin"
		}
		t.Run(name, func(t *testing.T) {
			e := start(t, apptest.Options{})
			if recycle {
				e = startRecycleBin(t)
			}
			replayInstance(t, e)
		})
	}
}

func replayInstance(t *testing.T, e *env) {
	c := e.a1(t)
	subnet := c.subnetIn("asia-east-1")
	key := *must(c.ImportKeyPair(&zt.ImportKeyPairRequest{KeyName: zt.String("deploy"), PublicKey: zt.String(sshPublicKey(t))})).KeyID
	key2 := *must(c.ImportKeyPair(&zt.ImportKeyPairRequest{KeyName: zt.String("deploy2"), PublicKey: zt.String(sshPublicKey(t))})).KeyID
	sg := *must(c.CreateSecurityGroup(&zt.CreateSecurityGroupRequest{SecurityGroupName: zt.String("web")})).SecurityGroupID
	sg2 := *must(c.CreateSecurityGroup(&zt.CreateSecurityGroupRequest{SecurityGroupName: zt.String("db")})).SecurityGroupID
	state := instanceState{
		zone: "asia-east-1a", instanceType: "z2a.cpu.2", image: "ubuntu2204_20240712", name: "Terraform-Instance", keyID: key,
		subnet: subnet, securityGroup: sg, resourceGroup: "rg-app", category: "Standard NVMe SSD", timeZone: "Asia/Tokyo",
		diskSize: 40, agent: true, ipForward: true, tags: map[string]string{"env": "test"}, nested: zt.Bool(true),
	}
	id := c.createInstance(e, state, "")
	c.readInstance(e, id, state)

	// instance_name (354-372): ModifyInstancesAttribute [2025].
	state.name = "renamed"
	must(c.ModifyInstancesAttribute(&zt.ModifyInstancesAttributeRequest{InstanceIDs: []string{id}, InstanceName: zt.String(state.name)}))
	// resource_group_id (374-389): user AddResourceResourceGroup.
	state.resourceGroup = "rg-other"
	must(c.AddResourceResourceGroup(&zt.AddResourceResourceGroupRequest{ResourceGroupID: zt.String(state.resourceGroup), Resources: []string{id}}))
	// enable_ip_forwarding (391-405, svc:1484-1498): StopIpForward [2024].
	state.ipForward = false
	must(c.StopIPForward2024(&zt.InstanceID2024Request{InstanceID: id}))
	c.readInstance(e, id, state)

	// image_id, key_id, time_zone, disable_qga_agent (409-478): stop
	// (svc:1014-1020), poll until STOPPED (416-431), ResetInstance [2025]
	// (433-460), wait REBUILDING -> RUNNING (462-477).
	must(c.StopInstances2024(&zt.StopInstances2024Request{InstanceIDs: []string{id}}))
	c.waitInstance(e, id, instanceOperating, "STOPPED")
	state.image, state.keyID, state.timeZone, state.agent = "debian12_20240712", key2, "Europe/Berlin", false
	must(c.ResetInstance(&zt.ResetInstanceRequest{InstanceID: zt.String(id), ImageID: zt.String(state.image), KeyID: zt.String(key2),
		Timezone: zt.String(state.timeZone), EnableAgent: zt.Bool(state.agent)}))
	if got := *c.describeInstance(id).Status; got != "REBUILDING" {
		t.Errorf("right after ResetInstance: %s, want REBUILDING", got)
	}
	c.waitInstance(e, id, []string{"REBUILDING"}, "RUNNING")
	c.readInstance(e, id, state)

	// password without a reset (480-522): StartInstances [2024] even on a
	// running instance. ZEC refuses that with
	// OPERATION_DENIED_INSTANCE_NOT_STOPPED, which the provider does not
	// retry, so its password change of a running instance fails against
	// ZEC and ecsd alike.
	_, err := c.StartInstances2024(&zt.InstanceIDs2024Request{InstanceIDs: []string{id}})
	wantError(t, err, http.StatusForbidden, "OPERATION_DENIED_INSTANCE_NOT_STOPPED")
	// running_flag = false (550-594): StopInstances [2024], poll STOPPED.
	must(c.StopInstances2024(&zt.StopInstances2024Request{InstanceIDs: []string{id}}))
	c.waitInstance(e, id, instanceOperating, "STOPPED")
	if *c.describeInstance(id).Status != "STOPPED" { // running_flag reads status == RUNNING (823)
		t.Error("not stopped")
	}
	// Now the password path goes through: StartInstances, poll RUNNING,
	// ResetInstancePassword [2024] (svc:1028-1035). The key pair stays.
	must(c.StartInstances2024(&zt.InstanceIDs2024Request{InstanceIDs: []string{id}}))
	c.waitInstance(e, id, instanceOperating, "RUNNING")
	must(c.ResetInstancePassword2024(&zt.ResetInstancePassword2024Request{InstanceID: id, Password: "N3w+Passw0rd"}))
	c.readInstance(e, id, state)

	// security_group_id (524-549): DescribeInstances, the NIC whose
	// nicType is Primary (every nicType and that nicId dereferenced),
	// ModifyNetworkInterfaceAttribute [2025] with no name (svc:981-991).
	inst := c.describeInstance(id)
	var primary *zt.NicInfo
	for _, nic := range inst.Nics {
		if nic.NicType == nil {
			t.Fatal("a NIC's nicType is null")
		}
		if *nic.NicType == "Primary" {
			primary = nic
		}
	}
	if primary == nil || primary.NicID == nil {
		t.Fatalf("no Primary NIC with an ID: %+v", inst.Nics)
	}
	must(c.ModifyNetworkInterfaceAttribute(&zt.ModifyNetworkInterfaceAttributeRequest{NicID: primary.NicID, SecurityGroupID: zt.String(sg2)}))
	state.securityGroup = sg2

	// tags (596-602, R:../zrm/service_zenlayer_zrm.go:34-72): every key of
	// the new map in replaceTags, removed keys in deleteTagKeys.
	state.tags = map[string]string{"env": "prod", "team": "core"}
	must(c.ModifyResourceTags(&zt.ModifyResourceTagsRequest{ResourceUUID: zt.String(id),
		ReplaceTags: []*zt.Tag{{Key: zt.String("env"), Value: zt.String("prod")}, {Key: zt.String("team"), Value: zt.String("core")}}}))
	c.readInstance(e, id, state)
	groups := must(c.DescribeSecurityGroups(&zt.DescribeSecurityGroupsRequest{SecurityGroupIDs: []string{sg, sg2}}))
	for _, g := range groups.DataSet {
		want := []string{}
		if *g.SecurityGroupID == sg2 {
			want = []string{*primary.NicID}
		}
		if !slices.Equal(g.NicIDList, want) {
			t.Errorf("group %s: nicIdList %v, want %v", *g.SecurityGroupID, g.NicIDList, want)
		}
	}

	c.releaseInstance(e, id)
	// The group the instance was in now has no NIC, so the security
	// group's delete (R:resource_zc_zec_security_group.go:52-66) proceeds.
	g := must(c.DescribeSecurityGroups(&zt.DescribeSecurityGroupsRequest{SecurityGroupIDs: []string{sg2}})).DataSet[0]
	if len(g.NicIDList) != 0 || len(g.NatIDList) != 0 {
		t.Errorf("after the release: %+v", g)
	}
	must(c.DeleteSecurityGroup2024(&zt.SecurityGroupID2024Request{SecurityGroupID: sg2}))
}

// TestReplayInstanceWithPassword: an instance created with a password has
// no keyId, and the provider's defaults (the VPC's group, no resource
// group, the zone's time zone, no instanceOptions) read back as computed.
func TestReplayInstanceWithPassword(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	state := instanceState{
		zone: "asia-east-1a", instanceType: "z2a.cpu.1", image: "ubuntu2404_20240712", name: "Terraform-Instance",
		subnet: c.subnetIn("asia-east-1"), category: "Basic NVMe SSD", diskSize: 20, agent: true,
		resourceGroup: "ecsd-default-resource-group", timeZone: "Asia/Shanghai",
	}
	id := c.createInstance(e, state, "Passw0rd!")
	inst := c.readInstance(e, id, state)
	if inst.KeyID != nil {
		t.Errorf("keyId %q for an instance with a password", *inst.KeyID)
	}
	c.releaseInstance(e, id)
}
