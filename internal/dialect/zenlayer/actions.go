package zenlayer

import (
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// actionFunc serves one action and returns the value put in "response".
type actionFunc func(h *Handler, c *call) (any, error)

// services are the API services ecsd serves, by the name in their path
// (/api/v2/<name>) and X-ZC-Service header.
var services = map[string]apiService{
	"zec":  {versions: []apiVersion{{"2025-09-01", zecActions}, {"2024-04-01", zec2024Actions}}},
	"ccs":  {versions: []apiVersion{{"2025-09-01", ccsActions}}},
	"user": {versions: []apiVersion{{"2024-05-29", userActions}}},
	"zrm":  {versions: []apiVersion{{"2025-10-14", zrmActions}}},
}

// userActions are the user-service actions ecsd serves: the one the
// Terraform provider calls.
var userActions = kit.Actions[*call]{
	"AddResourceResourceGroup": write((*Handler).addResourceResourceGroup),
}

// zrmActions are the zrm actions ecsd serves: the one the Terraform
// provider calls.
var zrmActions = kit.Actions[*call]{
	"ModifyResourceTags": write((*Handler).modifyResourceTags),
}

// ccsActions are the key-pair actions of ccs 2025-09-01: all four of them.
var ccsActions = kit.Actions[*call]{
	"ImportKeyPair":          write((*Handler).importKeyPair),
	"DescribeKeyPairs":       read((*Handler).describeKeyPairs),
	"ModifyKeyPairAttribute": write((*Handler).modifyKeyPairAttribute),
	"DeleteKeyPairs":         write((*Handler).deleteKeyPairs),
}

// zecActions are the ZEC 2025-09-01 actions ecsd serves.
var zecActions = kit.Actions[*call]{
	"DescribeInstancesStatus": read((*Handler).describeInstancesStatus),
	"DescribeInstances":       read((*Handler).describeInstances),
	"CreateZecInstances":      write((*Handler).createZecInstances),
	"StartInstances":          write(operation(compute.OpStart)),
	"StopInstances":           write(operation(compute.OpStop)),
	"RebootInstances":         write(operation(compute.OpReboot)),
	"ReleaseInstances":        write(operation(compute.OpTerminate)),
	"DescribeZones":           read((*Handler).describeZones),

	"ModifyInstancesAttribute": write((*Handler).modifyInstancesAttribute),
	"ResetInstance":            write((*Handler).resetInstance),
	"ResetInstancePassword":    write((*Handler).resetInstancePassword),
	"ModifyInstanceType":       write((*Handler).modifyInstanceType),
	"StartIpForward":           write(ipForward(true)),
	"StopIpForward":            write(ipForward(false)),

	"DescribeNetworkInterfaces":        read((*Handler).describeNetworkInterfaces),
	"ModifyNetworkInterfaceAttribute":  write((*Handler).modifyNetworkInterfaceAttribute),
	"ModifyNetworkInterfacesAttribute": write((*Handler).modifyNetworkInterfacesAttribute),

	"CreateDisks":           write((*Handler).createDisks),
	"DescribeDisks":         read((*Handler).describeDisks),
	"AttachDisks":           write((*Handler).attachDisks),
	"DetachDisks":           write((*Handler).detachDisks),
	"ModifyDisksAttributes": write((*Handler).modifyDisksAttributes),
	"ResizeDisk":            write((*Handler).resizeDisk),
	"ReleaseDisk":           write((*Handler).releaseDisk),

	"DescribeZoneInstanceConfigInfos": read((*Handler).describeZoneInstanceConfigInfos),
	"DescribeImages":                  read((*Handler).describeImages),

	"CreateVpc":              write((*Handler).createVpc),
	"DescribeVpcs":           read((*Handler).describeVpcs),
	"ModifyVpcAttribute":     write((*Handler).modifyVpcAttribute),
	"ModifyVpcsAttribute":    write((*Handler).modifyVpcsAttribute),
	"DeleteVpc":              write((*Handler).deleteVpc),
	"CreateSubnet":           write((*Handler).createSubnet),
	"DescribeSubnets":        read((*Handler).describeSubnets),
	"ModifySubnetAttribute":  write((*Handler).modifySubnetAttribute),
	"ModifySubnetsAttribute": write((*Handler).modifySubnetsAttribute),
	"ModifySubnetStackType":  write((*Handler).modifySubnetStackType),
	"DeleteSubnet":           write((*Handler).deleteSubnet),

	"CreateSecurityGroup":           write((*Handler).createSecurityGroup),
	"DescribeSecurityGroups":        read((*Handler).describeSecurityGroups),
	"ModifySecurityGroupsAttribute": write((*Handler).modifySecurityGroupsAttribute),
	"DeleteSecurityGroup":           write((*Handler).deleteSecurityGroup),
	"DescribeSecurityGroupRule":     read((*Handler).describeSecurityGroupRule),
	"ConfigureSecurityGroupRules":   write((*Handler).configureSecurityGroupRules),
	"AssignSecurityGroupVpc":        write((*Handler).assignSecurityGroupVpc),
	"UnAssignSecurityGroupVpc":      write((*Handler).unAssignSecurityGroupVpc),
}

// zec2024Actions are the ZEC 2024-04-01 actions ecsd serves: those whose
// request and response have the same shape in both versions, the ones the
// Terraform provider still calls with that version among them. The
// describes of 2024-04-01 lack fields 2025-09-01 shows, so only the
// 2025-09-01 ones are served.
var zec2024Actions = pick(zecActions,
	"DescribeInstancesStatus", "StartInstances", "StopInstances", "RebootInstances", "ReleaseInstances",
	"ModifyInstancesAttribute", "ResetInstancePassword", "StartIpForward", "StopIpForward", "ReleaseDisk", "ResizeDisk",
	"DeleteVpc", "CreateSubnet", "ModifySubnetAttribute", "ModifySubnetStackType", "DeleteSubnet",
	"ModifySecurityGroupsAttribute", "DeleteSecurityGroup",
)

// pick returns the named entries of a table; a name it lacks is a
// programming error, caught by the first test that loads the package.
func pick(from kit.Actions[*call], names ...string) kit.Actions[*call] {
	out := make(kit.Actions[*call], len(names))
	for _, n := range names {
		a, ok := from[n]
		if !ok {
			panic("zenlayer: no action " + n + " to pick")
		}
		out[n] = a
	}
	return out
}

// read and write make the table's entries: each call carries its handler.
func read(f actionFunc) kit.Action[*call] {
	return kit.Read(func(c *call) (any, error) { return f(c.h, c) })
}
func write(f actionFunc) kit.Action[*call] {
	return kit.Write(func(c *call) (any, error) { return f(c.h, c) })
}

// statusSpelling is how ZEC spells each status (reference 4.6). Starting
// is BOOTING, the status enum's word (the StartInstances page says
// STARTING). A terminated instance is never shown, since stores drop it;
// its row is the last status it showed.
var statusSpelling = map[compute.Status]string{
	compute.StatusPending:      "DEPLOYING",
	compute.StatusStarting:     "BOOTING",
	compute.StatusRunning:      "RUNNING",
	compute.StatusStopping:     "STOPPING",
	compute.StatusStopped:      "STOPPED",
	compute.StatusRebooting:    "REBOOT",
	compute.StatusTerminating:  "RELEASING",
	compute.StatusTerminated:   "RELEASING",
	compute.StatusRecycled:     "RECYCLE",
	compute.StatusLaunchFailed: "CREATE_FAILED",
}

// statusRebuilding is what an instance shows while ResetInstance
// reinstalls it: it is starting, in the core's words, from the reset until
// the time kept in its Extra.
const statusRebuilding = "REBUILDING"

// otherStatuses are ZEC statuses (reference 4.6, and the terraform
// provider's PENDING and REINSTALL_FAILED) that ecsd never shows. A status
// filter naming one is valid and matches nothing.
var otherStatuses = []string{"RECYCLING", "IMAGING", "RESIZING", "PENDING", "REINSTALL_FAILED"}

// statusOf spells the status an instance shows now.
func (h *Handler) statusOf(inst compute.Instance) string {
	if inst.Status == compute.StatusStarting && rebuilding(inst, h.Svc.Now()) {
		return statusRebuilding
	}
	return statusSpelling[inst.Status]
}

// rebuilding reports whether a ResetInstance is still reinstalling inst
// at now.
func rebuilding(inst compute.Instance, now time.Time) bool {
	until, err := time.Parse(time.RFC3339Nano, inst.Extra[extraRebuildUntil])
	return err == nil && now.Before(until)
}

// statusesSpelled returns the statuses ZEC spells as s, and whether s is a
// ZEC status at all.
func statusesSpelled(s string) ([]compute.Status, bool) {
	if s == statusRebuilding {
		return []compute.Status{compute.StatusStarting}, true
	}
	var out []compute.Status
	for _, st := range compute.Statuses {
		if statusSpelling[st] == s {
			out = append(out, st)
		}
	}
	if len(out) > 0 {
		return out, true
	}
	for _, o := range otherStatuses {
		if o == s {
			return nil, true
		}
	}
	return nil, false
}
