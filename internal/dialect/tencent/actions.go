package tencent

import (
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// actionFunc serves one action and returns the fields of its Response.
type actionFunc func(h *Handler, c *call) (any, error)

// read and write make the table's entries: each call carries its handler.
// A global action takes a region when one is sent; the others need one.
func read(f actionFunc) kit.Action[*call] {
	return kit.Read(func(c *call) (any, error) { return f(c.h, c) })
}
func write(f actionFunc) kit.Action[*call] {
	return kit.Write(func(c *call) (any, error) { return f(c.h, c) })
}
func global(a kit.Action[*call]) kit.Action[*call] {
	a.Global = true
	return a
}

// The API versions of the Tencent services ecsd serves. CVM, VPC and CBS
// share one version; Tag and the zone catalogue of the api service have
// their own.
const (
	Version    = "2017-03-12" // CVM, VPC and CBS
	TagVersion = "2018-08-13"
	APIVersion = "2020-11-06"
)

// product is one Tencent service on ecsd's address: its name (the first
// label of its host, and the service its SDK signs for), its API version
// and its actions.
type product struct {
	service string
	version string
	actions kit.Actions[*call]
}

// products are the services ecsd serves, in the order routing by action
// prefers them.
var products = []*product{
	{"cvm", Version, cvmActions},
	{"vpc", Version, vpcActions},
	{"cbs", Version, cbsActions},
	{"tag", TagVersion, tagActions},
	{"api", APIVersion, apiActions},
}

// productNamed returns the service named s, or nil.
func productNamed(s string) *product {
	for _, p := range products {
		if p.service == s {
			return p
		}
	}
	return nil
}

// route picks the service a request is for. A request names its service in
// the TC3 credential scope (the Go SDK signs for its own service, the Node
// SDK for the first label of its endpoint) or in its Host's first label
// (cvm.tencentcloudapi.com); the first of those that is a Tencent service
// decides, and the action must then be one of that service's at its
// version. When neither names one (an IP address's first label, "localhost",
// a v1 request to 127.0.0.1), the version and the action decide: the first
// service of products with that version that has the action.
func route(named []string, action, version string) (*product, error) {
	for _, s := range named {
		p := productNamed(s)
		if p == nil {
			continue
		}
		if version != p.version {
			return nil, noSuchVersion(p, version)
		}
		if _, ok := p.actions[action]; !ok {
			return nil, unknownAction(p, action)
		}
		return p, nil
	}
	var versioned *product
	for _, p := range products {
		if p.version != version {
			continue
		}
		if versioned == nil {
			versioned = p
		}
		if _, ok := p.actions[action]; ok {
			return p, nil
		}
	}
	if versioned == nil {
		return nil, noSuchVersion(nil, version)
	}
	return nil, unknownAction(versioned, action)
}

// cvmActions are the CVM actions ecsd serves (reference 3.2, 3.8).
var cvmActions = kit.Actions[*call]{
	"DescribeInstancesStatus":            read((*Handler).describeInstancesStatus),
	"DescribeInstances":                  read((*Handler).describeInstances),
	"RunInstances":                       write((*Handler).runInstances),
	"StartInstances":                     write(operate(compute.OpStart)),
	"StopInstances":                      write(operate(compute.OpStop)),
	"RebootInstances":                    write(operate(compute.OpReboot)),
	"TerminateInstances":                 write(operate(compute.OpTerminate)),
	"DescribeInstancesAttributes":        read((*Handler).describeInstancesAttributes),
	"ModifyInstancesAttribute":           write((*Handler).modifyInstancesAttribute),
	"ResetInstance":                      write((*Handler).resetInstance),
	"ResizeInstanceDisks":                write((*Handler).resizeInstanceDisks),
	"ResetInstancesType":                 write((*Handler).resetInstancesType),
	"ResetInstancesInternetMaxBandwidth": write((*Handler).resetInstancesInternetMaxBandwidth),
	"ResetInstancesPassword":             write((*Handler).resetInstancesPassword),
	"ModifyInstancesProject":             write((*Handler).modifyInstancesProject),
	"ModifyInstancesRenewFlag":           write((*Handler).modifyInstancesRenewFlag),
	"DescribeImages":                     read((*Handler).describeImages),
	"DescribeInstanceTypeConfigs":        read((*Handler).describeInstanceTypeConfigs),
	"DescribeZoneInstanceConfigInfos":    read((*Handler).describeZoneInstanceConfigInfos),
	"DescribeInstanceFamilyConfigs":      read((*Handler).describeInstanceFamilyConfigs),
	"InquiryPriceRunInstances":           read((*Handler).inquiryPriceRunInstances),
	"CreateKeyPair":                      write((*Handler).createKeyPair),
	"ImportKeyPair":                      write((*Handler).importKeyPair),
	"DescribeKeyPairs":                   read((*Handler).describeKeyPairs),
	"DeleteKeyPairs":                     write((*Handler).deleteKeyPairs),
	"ModifyKeyPairAttribute":             write((*Handler).modifyKeyPairAttribute),
	"AssociateInstancesKeyPairs":         write((*Handler).associateInstancesKeyPairs),
	"DisassociateInstancesKeyPairs":      write((*Handler).disassociateInstancesKeyPairs),
	"DescribeRegions":                    global(read((*Handler).describeRegions)),
	"DescribeZones":                      read((*Handler).describeZones),
}

// apiActions are the actions of the api service (version 2020-11-06) ecsd
// serves: the zones of a region, by product.
var apiActions = kit.Actions[*call]{
	"DescribeZones": read((*Handler).describeProductZones),
}

// statusSpelling is how CVM spells each status (reference 3.7). A recycled
// instance is SHUTDOWN, Tencent's recycle-bin state. TERMINATED is never
// shown, since terminated instances are gone; it is spelled for the error
// that refuses an operation on one.
var statusSpelling = map[compute.Status]string{
	compute.StatusPending:      "PENDING",
	compute.StatusStarting:     "STARTING",
	compute.StatusRunning:      "RUNNING",
	compute.StatusStopping:     "STOPPING",
	compute.StatusStopped:      "STOPPED",
	compute.StatusRebooting:    "REBOOTING",
	compute.StatusTerminating:  "TERMINATING",
	compute.StatusTerminated:   "TERMINATED",
	compute.StatusRecycled:     "SHUTDOWN",
	compute.StatusLaunchFailed: "LAUNCH_FAILED",
}

// statusesSpelled returns the statuses CVM spells as s, for the
// instance-state filter: none for a state ecsd never shows.
func statusesSpelled(s string) []compute.Status {
	var out []compute.Status
	for _, st := range compute.Statuses {
		if st != compute.StatusTerminated && statusSpelling[st] == s {
			out = append(out, st)
		}
	}
	return out
}

func toInstanceIDs(ids []string) []compute.InstanceID {
	out := make([]compute.InstanceID, len(ids))
	for i, id := range ids {
		out[i] = compute.InstanceID(id)
	}
	return out
}

// maxIDs is the most instance IDs one call may name (reference 3.2, 3.9).
const maxIDs = 100

// instanceIDs reads InstanceIds: at most 100, each well formed.
func instanceIDs(p params) ([]compute.InstanceID, bool, error) {
	ids, ok, err := p.strs("InstanceIds")
	if err != nil {
		return nil, false, err
	}
	if err := checkIDs(ids); err != nil {
		return nil, false, err
	}
	return toInstanceIDs(ids), ok, nil
}

// checkIDs applies the rules of reference 3.9 to a list of instance IDs.
func checkIDs(ids []string) error {
	if len(ids) > maxIDs {
		return errTooManyIDs
	}
	for _, id := range ids {
		if !wellFormedID(id) {
			return malformedID(id)
		}
	}
	return nil
}
