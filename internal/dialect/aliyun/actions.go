package aliyun

import (
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// actionFunc serves one action and returns its wire response.
type actionFunc func(h *Handler, c *call) (any, error)

// read and write make the table's entries: each call carries its handler.
func read(f actionFunc) kit.Action[*call] {
	return kit.Read(func(c *call) (any, error) { return f(c.h, c) })
}
func write(f actionFunc) kit.Action[*call] {
	return kit.Write(func(c *call) (any, error) { return f(c.h, c) })
}

// actions are the ECS actions ecsd serves.
var actions = kit.Actions[*call]{
	"DescribeInstanceStatus": read((*Handler).describeInstanceStatus),
	"DescribeInstances":      read((*Handler).describeInstances),
	"RunInstances":           write((*Handler).runInstances),
	"CreateInstance":         write((*Handler).createInstance),
	"StartInstance":          write(single(compute.OpStart)),
	"StopInstance":           write(single(compute.OpStop)),
	"RebootInstance":         write(single(compute.OpReboot)),
	"DeleteInstance":         write(single(compute.OpTerminate)),
	"StartInstances":         write(batch(compute.OpStart)),
	"StopInstances":          write(batch(compute.OpStop)),
	"RebootInstances":        write(batch(compute.OpReboot)),
	"DeleteInstances":        write((*Handler).deleteInstances),
	"DescribeRegions":        read((*Handler).describeRegions),
	"DescribeZones":          read((*Handler).describeZones),

	"DescribeInstanceAttribute":             read((*Handler).describeInstanceAttribute),
	"ModifyInstanceAttribute":               write((*Handler).modifyInstanceAttribute),
	"DescribeUserData":                      read((*Handler).describeUserData),
	"ModifyInstanceMetadataOptions":         write((*Handler).modifyInstanceMetadataOptions),
	"DescribeInstanceMaintenanceAttributes": read((*Handler).describeInstanceMaintenanceAttributes),
	"ModifyInstanceMaintenanceAttributes":   write((*Handler).modifyInstanceMaintenanceAttributes),
	"DescribeInstanceAttachmentAttributes":  read((*Handler).describeInstanceAttachmentAttributes),
	"ModifyInstanceAttachmentAttributes":    write((*Handler).modifyInstanceAttachmentAttributes),
	"DescribeInstanceRamRole":               read((*Handler).describeInstanceRamRole),
	"DescribeInstanceAutoRenewAttribute":    read((*Handler).describeInstanceAutoRenewAttribute),
	"ModifyInstanceAutoRenewAttribute":      write((*Handler).modifyInstanceAutoRenewAttribute),

	"ModifyInstanceSpec":        write((*Handler).modifyInstanceSpec),
	"ModifyPrepayInstanceSpec":  write((*Handler).modifyPrepayInstanceSpec),
	"ModifyInstanceNetworkSpec": write((*Handler).modifyInstanceNetworkSpec),
	"AllocatePublicIpAddress":   write((*Handler).allocatePublicIPAddress),
	"JoinSecurityGroup":         write((*Handler).joinSecurityGroup),
	"LeaveSecurityGroup":        write((*Handler).leaveSecurityGroup),
	"AttachKeyPair":             write((*Handler).attachKeyPair),
	"DetachKeyPair":             write((*Handler).detachKeyPair),
	"DescribeNetworkInterfaces": read((*Handler).describeNetworkInterfaces),

	"DescribeImages":                    read((*Handler).describeImages),
	"DescribeImageSupportInstanceTypes": read((*Handler).describeImageSupportInstanceTypes),
	"DescribeInstanceTypes":             read((*Handler).describeInstanceTypes),
	"DescribeInstanceTypeFamilies":      read((*Handler).describeInstanceTypeFamilies),
	"DescribeAvailableResource":         read((*Handler).describeAvailableResource),

	// The resources around instances: security groups
	// (securitygroups.go), disks (disks.go), key pairs (keypairs.go),
	// tags and resource groups (tags.go).
	"CreateSecurityGroup":            write((*Handler).createSecurityGroup),
	"DescribeSecurityGroups":         read((*Handler).describeSecurityGroups),
	"DescribeSecurityGroupAttribute": read((*Handler).describeSecurityGroupAttribute),
	"ModifySecurityGroupAttribute":   write((*Handler).modifySecurityGroupAttribute),
	"ModifySecurityGroupPolicy":      write((*Handler).modifySecurityGroupPolicy),
	"DeleteSecurityGroup":            write((*Handler).deleteSecurityGroup),
	"AuthorizeSecurityGroup":         write(authorize(compute.Ingress)),
	"AuthorizeSecurityGroupEgress":   write(authorize(compute.Egress)),
	"RevokeSecurityGroup":            write(revoke(compute.Ingress)),
	"RevokeSecurityGroupEgress":      write(revoke(compute.Egress)),
	"ModifySecurityGroupRule":        write(modifyRule(compute.Ingress)),
	"ModifySecurityGroupEgressRule":  write(modifyRule(compute.Egress)),
	"DescribeDisks":                  read((*Handler).describeDisks),
	"CreateDisk":                     write((*Handler).createDisk),
	"AttachDisk":                     write((*Handler).attachDisk),
	"DetachDisk":                     write((*Handler).detachDisk),
	"DeleteDisk":                     write((*Handler).deleteDisk),
	"ResizeDisk":                     write((*Handler).resizeDisk),
	"ModifyDiskAttribute":            write((*Handler).modifyDiskAttribute),
	"ModifyDiskSpec":                 write((*Handler).modifyDiskSpec),
	"CreateKeyPair":                  write((*Handler).createKeyPair),
	"ImportKeyPair":                  write((*Handler).importKeyPair),
	"DescribeKeyPairs":               read((*Handler).describeKeyPairs),
	"DeleteKeyPairs":                 write((*Handler).deleteKeyPairs),
	"TagResources":                   write(tagResources(ecsTagProduct)),
	"UntagResources":                 write(untagResources(ecsTagProduct)),
	"ListTagResources":               read(listTagResources(ecsTagProduct, true, tagListPageSize)),
	"DescribeTags":                   read((*Handler).describeTags),
	"JoinResourceGroup":              write(joinResourceGroup(ecsTagProduct, "ResourceGroupId")),
}

// statusSpelling is how ECS spells each status (reference 2.8). ECS knows
// only five; it shows a reboot as Starting and has no terminating,
// recycled or failed status, so those borrow the nearest one. Terminated
// instances are never shown.
var statusSpelling = map[compute.Status]string{
	compute.StatusPending:      "Pending",
	compute.StatusStarting:     "Starting",
	compute.StatusRunning:      "Running",
	compute.StatusStopping:     "Stopping",
	compute.StatusStopped:      "Stopped",
	compute.StatusRebooting:    "Starting",
	compute.StatusTerminating:  "Stopping",
	compute.StatusRecycled:     "Stopped",
	compute.StatusLaunchFailed: "Stopped",
}

// statusesSpelled returns every status ECS spells as s: the inverse of
// statusSpelling, for status filters.
func statusesSpelled(s string) []compute.Status {
	var out []compute.Status
	for _, st := range compute.Statuses {
		if statusSpelling[st] == s {
			out = append(out, st)
		}
	}
	return out
}

// region reads the RegionId parameter: required, and known.
func (h *Handler) region(c *call) (compute.Region, error) {
	id, err := c.params.required("RegionId")
	if err != nil {
		return compute.Region{}, err
	}
	return h.Svc.Region(compute.CloudAliyun, compute.RegionID(id))
}

// optionalRegion reads RegionId when present; calls on named instances take
// it from the SDK's client region and scope the call to it.
func (h *Handler) optionalRegion(c *call) (compute.RegionID, error) {
	id := c.params.get("RegionId")
	if id == "" {
		return "", nil
	}
	r, err := h.Svc.Region(compute.CloudAliyun, compute.RegionID(id))
	return r.ID, err
}

// zone reads an optional ZoneId, which must lie in region.
func (h *Handler) zone(c *call, region compute.Region) (compute.ZoneID, error) {
	id := c.params.get("ZoneId")
	if id == "" {
		return "", nil
	}
	z, err := h.Svc.ZoneIn(compute.CloudAliyun, region.ID, compute.ZoneID(id))
	return z.ID, err
}

// dryRun reads the DryRun parameter.
func dryRun(c *call) (bool, error) { return c.params.boolean("DryRun") }
