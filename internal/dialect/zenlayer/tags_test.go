package zenlayer_test

import (
	"net/http"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	zt "github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

func tagMap(ts *zt.Tags) map[string]string {
	out := map[string]string{}
	if ts != nil {
		for _, t := range ts.Tags {
			out[deref(t.Key)] = deref(t.Value)
		}
	}
	return out
}

func tags(kv ...string) []*zt.Tag {
	var out []*zt.Tag
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, &zt.Tag{Key: zt.String(kv[i]), Value: zt.String(kv[i+1])})
	}
	return out
}

// TestTagsAndResourceGroups: zrm's ModifyResourceTags and user's
// AddResourceResourceGroup reach every kind the Terraform provider tags
// or moves (instance, VPC, disk, vNIC), by ID alone.
func TestTagsAndResourceGroups(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	inst := c.create(c.createParams(1))[0]
	vpc := c.vpcID
	disk := must(c.CreateDisks(&zt.CreateDisksRequest{ZoneID: zt.String("asia-east-1a"), DiskName: zt.String("d1"), DiskSize: zt.Int(20)})).DiskIDs[0]
	nic := *must(c.DescribeInstances(&zt.DescribeInstancesRequest{InstanceIDs: []string{inst}})).DataSet[0].Nics[0].NicID

	for _, id := range []string{inst, vpc, disk, nic} {
		must(c.ModifyResourceTags(&zt.ModifyResourceTagsRequest{ResourceUUID: zt.String(id), ReplaceTags: tags("a", "1", "b", "2")}))
		must(c.ModifyResourceTags(&zt.ModifyResourceTagsRequest{ResourceUUID: zt.String(id), ReplaceTags: tags("b", "3"), DeleteTagKeys: []string{"a"}}))
		must(c.AddResourceResourceGroup(&zt.AddResourceResourceGroupRequest{Resources: []string{id}, ResourceGroupID: zt.String("rg-blue")}))
	}
	want := map[string]string{"b": "3"}
	got := must(c.DescribeInstances(&zt.DescribeInstancesRequest{InstanceIDs: []string{inst}})).DataSet[0]
	v := c.describeVpc(vpc)
	d := must(c.DescribeDisks(&zt.DescribeDisksRequest{DiskIDs: []string{disk}})).DataSet[0]
	n := got.Nics[0]
	for name, tg := range map[string]*zt.Tags{"instance": got.Tags, "VPC": v.Tags, "disk": d.Tags, "vNIC": n.Tags} {
		if m := tagMap(tg); len(m) != 1 || m["b"] != "3" {
			t.Errorf("%s tags %v, want %v", name, m, want)
		}
	}
	if deref(got.ResourceGroupID) != "rg-blue" || deref(v.ResourceGroup.ResourceGroupID) != "rg-blue" ||
		deref(d.ResourceGroupID) != "rg-blue" || deref(n.ResourceGroup.ResourceGroupID) != "rg-blue" {
		t.Errorf("groups: instance %s, VPC %s, disk %s, vNIC %s", deref(got.ResourceGroupID), deref(v.ResourceGroup.ResourceGroupID),
			deref(d.ResourceGroupID), deref(n.ResourceGroup.ResourceGroupID))
	}
	byTag := must(c.DescribeInstances(&zt.DescribeInstancesRequest{Tags: tags("b", "3")}))
	if *byTag.TotalCount != 1 {
		t.Errorf("by tag: %d instances", *byTag.TotalCount)
	}

	_, err := c.ModifyResourceTags(&zt.ModifyResourceTagsRequest{ResourceUUID: zt.String("1234567890123456789"), ReplaceTags: tags("a", "1")})
	wantError(t, err, http.StatusNotFound, "OPERATION_FAILED_RESOURCE_NOT_FOUND")
	_, err = c.AddResourceResourceGroup(&zt.AddResourceResourceGroupRequest{Resources: []string{"1234567890123456789"}, ResourceGroupID: zt.String("rg")})
	wantError(t, err, http.StatusNotFound, "OPERATION_FAILED_RESOURCE_NOT_FOUND")
	_, err = c.ModifyResourceTags(&zt.ModifyResourceTagsRequest{ResourceUUID: zt.String(inst), ReplaceTags: tags("", "1")})
	wantError(t, err, http.StatusBadRequest, "INVALID_PARAMETER")
	key := e.newAccount(t, "a2", "", "")
	_, err = e.client(t, key.ID, key.Secret).ModifyResourceTags(&zt.ModifyResourceTagsRequest{ResourceUUID: zt.String(inst), ReplaceTags: tags("x", "1")})
	wantError(t, err, http.StatusNotFound, "OPERATION_FAILED_RESOURCE_NOT_FOUND")
}
