package zenlayer

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// Network interfaces. ecsd models the primary vNIC of each instance (the
// core's Instance.NIC): its subnet, private and public address, MAC and
// security group are the instance's; its name and tags live in the
// instance's Extra. There are no elastic vNICs.

// NIC types and statuses (the SDK's NicInfo).
const (
	nicPrimary      = "Primary"
	nicUsed         = "USED"
	nicPending      = "PENDING"
	nicCreateFailed = "CREATE_FAILED"
	nicDeleting     = "DELETING"
)

var (
	nicStatuses    = []string{"PENDING", "AVAILABLE", "ATTACHING", "DETACHING", "DELETING", "CREATE_FAILED", "USED"}
	nicTypes       = []string{"Primary", "Secondary"}
	nicSubnetTypes = []string{stackIPv4, stackIPv6, stackDual}
)

type nicInfo struct {
	NicID           string            `json:"nicId"`
	Name            string            `json:"name"`
	Status          string            `json:"status"`
	NicType         string            `json:"nicType"`
	RegionID        string            `json:"regionId"`
	NicSubnetType   string            `json:"nicSubnetType"`
	PublicIPList    []string          `json:"publicIpList"`
	PrivateIPList   []string          `json:"privateIpList"`
	PrimaryIPv4     string            `json:"primaryIpv4"`
	SecondaryIPv4s  []string          `json:"secondaryIpv4s"`
	MacAddress      string            `json:"macAddress"`
	InstanceID      string            `json:"instanceId"`
	VpcID           string            `json:"vpcId"`
	SubnetID        string            `json:"subnetId"`
	CreateTime      string            `json:"createTime"`
	UpdateTime      string            `json:"updateTime"`
	ResourceGroup   resourceGroupInfo `json:"resourceGroup"`
	SecurityGroupID string            `json:"securityGroupId"`
	Tags            tagSet            `json:"tags"`
}

// wireNIC spells an instance's primary NIC. It is in use while its
// instance is; pending while the instance deploys, failed with it, and
// being deleted while it is released. It has IPv4 only (primaryIpv6 and
// ipv6Cidr are absent) and no secondary addresses.
func (h *Handler) wireNIC(inst compute.Instance) nicInfo {
	status := nicUsed
	switch inst.Status {
	case compute.StatusPending:
		status = nicPending
	case compute.StatusLaunchFailed:
		status = nicCreateFailed
	case compute.StatusTerminating:
		status = nicDeleting
	}
	updated := inst.Extra[extraNICUpdated]
	if updated == "" {
		updated = wireTime(inst.CreatedAt)
	}
	return nicInfo{
		NicID: string(inst.NIC), Name: nicName(inst), Status: status, NicType: nicPrimary, RegionID: string(inst.Region),
		NicSubnetType: stackIPv4, PublicIPList: publicIPs(inst), PrivateIPList: privateIPs(inst), PrimaryIPv4: inst.PrivateIP.String(),
		SecondaryIPv4s: []string{}, MacAddress: inst.MAC, InstanceID: string(inst.ID), VpcID: string(inst.Network),
		SubnetID: string(inst.Subnet), CreateTime: wireTime(inst.CreatedAt), UpdateTime: updated,
		ResourceGroup: wireResourceGroup(nicGroup(inst)), SecurityGroupID: primaryGroup(inst), Tags: wireTags(nicTags(inst)),
	}
}

// nicName is the primary NIC's name: the instance's until renamed.
func nicName(inst compute.Instance) string {
	if n := inst.Extra[extraNICName]; n != "" {
		return n
	}
	return inst.Name
}

// nicGroup is the primary NIC's resource group: the instance's until moved.
func nicGroup(inst compute.Instance) string {
	if g := inst.Extra[extraNICGroup]; g != "" {
		return g
	}
	return inst.ResourceGroup
}

// nicTags are the primary NIC's own tags.
func nicTags(inst compute.Instance) []compute.Tag {
	var tags []compute.Tag
	if raw := inst.Extra[extraNICTags]; raw != "" {
		_ = json.Unmarshal([]byte(raw), &tags)
	}
	return tags
}

type describeNetworkInterfacesRequest struct {
	NicIDs          []string `json:"nicIds"`
	Name            *string  `json:"name"`
	RegionID        *string  `json:"regionId"`
	VpcID           *string  `json:"vpcId"`
	SubnetID        *string  `json:"subnetId"`
	InstanceID      *string  `json:"instanceId"`
	Status          *string  `json:"status"`
	PageSize        *int     `json:"pageSize"`
	PageNum         *int     `json:"pageNum"`
	NicType         *string  `json:"nicType"`
	ResourceGroupID *string  `json:"resourceGroupId"`
	SecurityGroupID *string  `json:"securityGroupId"`
	TagKeys         []string `json:"tagKeys"`
	Tags            []tag    `json:"tags"`
	NicSubnetType   *string  `json:"nicSubnetType"`
}

type describeNetworkInterfacesResponse struct {
	RequestID  string    `json:"requestId"`
	TotalCount int       `json:"totalCount"`
	DataSet    []nicInfo `json:"dataSet"`
}

// describeNetworkInterfaces lists the primary NICs of the account's
// instances, filtered and paged.
func (h *Handler) describeNetworkInterfaces(c *call) (any, error) {
	var req describeNetworkInterfacesRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := resourceIDs("nicIds", req.NicIDs)
	if err != nil {
		return nil, err
	}
	p, err := paging(req.PageNum, req.PageSize)
	if err != nil {
		return nil, err
	}
	group, err := resourceGroup(req.ResourceGroupID)
	if err != nil {
		return nil, err
	}
	for _, f := range []struct {
		name   string
		value  *string
		values []string
	}{{"status", req.Status, nicStatuses}, {"nicType", req.NicType, nicTypes}, {"nicSubnetType", req.NicSubnetType, nicSubnetTypes}} {
		if err := oneOf(f.name, f.value, f.values); err != nil {
			return nil, err
		}
	}
	if err := checkTagFilters(req.TagKeys, req.Tags); err != nil {
		return nil, err
	}
	q := compute.Query{}
	link := func(attr string, values ...string) {
		q.Links = append(q.Links, compute.LinkFilter{Attr: attr, Values: values})
	}
	if len(ids) > 0 {
		link(compute.LinkNIC, ids...)
	}
	if set(req.VpcID) {
		link(compute.LinkNetwork, *req.VpcID)
	}
	if set(req.SubnetID) {
		link(compute.LinkSubnet, *req.SubnetID)
	}
	if set(req.SecurityGroupID) {
		link(compute.LinkSecurityGroup, *req.SecurityGroupID)
	}
	if set(req.InstanceID) {
		q.IDs = []compute.InstanceID{compute.InstanceID(*req.InstanceID)}
	}
	if set(req.RegionID) {
		q.Region = compute.RegionID(*req.RegionID)
	}
	insts, err := h.allInstances(c, q)
	if err != nil {
		return nil, err
	}
	var all []nicInfo
	for _, inst := range insts {
		nic := h.wireNIC(inst)
		if set(req.Name) && !strings.Contains(nic.Name, *req.Name) || set(req.Status) && *req.Status != nic.Status ||
			set(req.NicType) && *req.NicType != nic.NicType || set(req.NicSubnetType) && *req.NicSubnetType != nic.NicSubnetType ||
			group != "" && group != nicGroup(inst) ||
			!hasTags(nicTags(inst), req.TagKeys, req.Tags) {
			continue
		}
		all = append(all, nic)
	}
	page := kit.Page(all, p.offset(), p.size)
	return describeNetworkInterfacesResponse{RequestID: c.requestID, TotalCount: len(all), DataSet: page}, nil
}

// hasTags reports whether tags hold every key and every key and value
// asked for.
func hasTags(tags []compute.Tag, keys []string, want []tag) bool {
	for _, k := range keys {
		if _, ok := compute.TagValue(tags, k); !ok {
			return false
		}
	}
	for _, t := range want {
		if v, ok := compute.TagValue(tags, t.Key); !ok || v != t.Value {
			return false
		}
	}
	return true
}

type modifyNetworkInterfaceAttributeRequest struct {
	NicID           *string `json:"nicId"`
	Name            *string `json:"name"`
	SecurityGroupID *string `json:"securityGroupId"`
}

// modifyNetworkInterfaceAttribute renames a NIC or moves it to another
// security group (the instance's, since its NIC is its only one). Moving
// it to the group it is in succeeds and changes nothing.
func (h *Handler) modifyNetworkInterfaceAttribute(c *call) (any, error) {
	var req modifyNetworkInterfaceAttributeRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("nicId", req.NicID)
	if err != nil {
		return nil, err
	}
	if req.Name != nil {
		if err := checkName("name", *req.Name, 2, 63, "/_"); err != nil {
			return nil, err
		}
	}
	if set(req.SecurityGroupID) {
		if err := h.securityGroupExists(c, *req.SecurityGroupID); err != nil {
			return nil, err
		}
	}
	inst, err := h.instanceOfNIC(c, id)
	if err != nil {
		return nil, err
	}
	_, err = h.Svc.ModifyInstances(c.ctx(), c.owner, []compute.InstanceID{inst}, func(i *compute.Instance) error {
		changed := false
		if req.Name != nil && *req.Name != nicName(*i) {
			i.Extra = withExtra(i.Extra, extraNICName, *req.Name)
			changed = true
		}
		if set(req.SecurityGroupID) && primaryGroup(*i) != *req.SecurityGroupID {
			i.SecurityGroups = []compute.SecurityGroupID{compute.SecurityGroupID(*req.SecurityGroupID)}
			changed = true
		}
		if changed {
			i.Extra = withExtra(i.Extra, extraNICUpdated, wireTime(h.Svc.Now()))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ack(c), nil
}

type modifyNetworkInterfacesAttributeRequest struct {
	NicIDs []string `json:"nicIds"`
	Name   *string  `json:"name"`
}

// modifyNetworkInterfacesAttribute renames NICs: all, or none when one is
// not found.
func (h *Handler) modifyNetworkInterfacesAttribute(c *call) (any, error) {
	var req modifyNetworkInterfacesAttributeRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	ids, err := requiredResourceIDs("nicIds", req.NicIDs)
	if err != nil {
		return nil, err
	}
	name, err := required("name", req.Name)
	if err != nil {
		return nil, err
	}
	if err := checkName("name", name, 2, 63, ""); err != nil {
		return nil, err
	}
	var insts []compute.InstanceID
	for _, id := range ids {
		inst, err := h.instanceOfNIC(c, id)
		if err != nil {
			return nil, err
		}
		insts = append(insts, inst)
	}
	now := wireTime(h.Svc.Now())
	_, err = h.Svc.ModifyInstances(c.ctx(), c.owner, insts, func(i *compute.Instance) error {
		i.Extra = withExtra(i.Extra, extraNICName, name)
		i.Extra[extraNICUpdated] = now
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ack(c), nil
}

// instanceOfNIC finds the instance whose primary NIC id is.
func (h *Handler) instanceOfNIC(c *call, id string) (compute.InstanceID, error) {
	page, err := h.Svc.List(c.ctx(), compute.Query{Owner: c.owner, Brief: true, Limit: 1,
		Links: []compute.LinkFilter{{Attr: compute.LinkNIC, Values: []string{id}}}})
	if err != nil {
		return "", err
	}
	if len(page.Instances) == 0 {
		return "", &compute.Error{Code: compute.NotFound, Param: "nic", Value: id}
	}
	return page.Instances[0].ID, nil
}

// setNICTags stores the primary NIC's tags in its instance.
func setNICTags(inst *compute.Instance, tags []compute.Tag, now time.Time) {
	raw, _ := json.Marshal(tags)
	inst.Extra = withExtra(inst.Extra, extraNICTags, string(raw))
	if len(tags) == 0 {
		delete(inst.Extra, extraNICTags)
	}
	inst.Extra[extraNICUpdated] = wireTime(now)
}
