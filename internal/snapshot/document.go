// Package snapshot is ecsd's inventory as a document: exported whole and
// imported back exactly (IDs, statuses, lifecycle timing and the serials
// addresses derive from), or written by hand as a fixture, where every
// field but a few has a default and resources without an ID are created
// as a launch creates them.
package snapshot

import (
	"net/netip"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// Version is the version of the document format this package writes and
// reads.
const Version = 1

// Document is a snapshot or a fixture.
type Document struct {
	// Version must be Version.
	Version    int        `json:"ecsd_snapshot"`
	ExportedAt *time.Time `json:"exported_at,omitempty"`
	Accounts   []Account  `json:"accounts"`
}

// Account is one account, its keys and its inventory on each cloud.
type Account struct {
	Name      string     `json:"name"`
	ID        string     `json:"id,omitempty"`
	CreatedAt *time.Time `json:"created_at,omitempty"`
	Keys      []Key      `json:"keys,omitempty"`
	Aliyun    *Inventory `json:"aliyun,omitempty"`
	Tencent   *Inventory `json:"tencent,omitempty"`
	Zenlayer  *Inventory `json:"zenlayer,omitempty"`
}

// inventories returns the account's inventories by cloud.
func (a *Account) inventories() map[compute.Cloud]**Inventory {
	return map[compute.Cloud]**Inventory{
		compute.CloudAliyun: &a.Aliyun, compute.CloudTencent: &a.Tencent, compute.CloudZenlayer: &a.Zenlayer,
	}
}

// Key is an access key. Its secret is exported only when asked for.
type Key struct {
	ID        string     `json:"id"`
	Secret    string     `json:"secret,omitempty"`
	Disabled  bool       `json:"disabled,omitempty"`
	CreatedAt *time.Time `json:"created_at,omitempty"`
}

// Inventory is one owner's resources, each kind in creation order.
type Inventory struct {
	Networks       []Network       `json:"networks,omitempty"`
	Subnets        []Subnet        `json:"subnets,omitempty"`
	SecurityGroups []SecurityGroup `json:"security_groups,omitempty"`
	KeyPairs       []KeyPair       `json:"key_pairs,omitempty"`
	Disks          []Disk          `json:"disks,omitempty"`
	Instances      []Instance      `json:"instances,omitempty"`
}

// Meta is what every resource has. A resource with an ID is restored as
// it is; one without is created, with defaults for what it leaves out.
type Meta struct {
	ID            string            `json:"id,omitempty"`
	Region        string            `json:"region,omitempty"`
	Zone          string            `json:"zone,omitempty"`
	Name          string            `json:"name,omitempty"`
	Description   string            `json:"description,omitempty"`
	ResourceGroup string            `json:"resource_group,omitempty"`
	Tags          []Tag             `json:"tags,omitempty"`
	CreatedAt     *time.Time        `json:"created_at,omitempty"`
	Serial        int64             `json:"serial,omitempty"`
	Extra         map[string]string `json:"extra,omitempty"`
}

// Tag is a tag of a resource.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Network is a private network (a VPC).
type Network struct {
	Meta
	CIDR      string     `json:"cidr,omitempty"`
	IsDefault bool       `json:"is_default,omitempty"`
	ReadyAt   *time.Time `json:"ready_at,omitempty"`
}

// Subnet is a block of a network in one zone. Network names the network
// by ID, or by name among the networks of the same inventory.
type Subnet struct {
	Meta
	Network   string     `json:"network"`
	CIDR      string     `json:"cidr"`
	IsDefault bool       `json:"is_default,omitempty"`
	ReadyAt   *time.Time `json:"ready_at,omitempty"`
}

// SecurityGroup is a security group and its rules.
type SecurityGroup struct {
	Meta
	Network   string `json:"network,omitempty"`
	IsDefault bool   `json:"is_default,omitempty"`
	Rules     []Rule `json:"rules,omitempty"`
	Version   int    `json:"version,omitempty"`
}

// Rule is a rule of a security group.
type Rule struct {
	ID          string            `json:"id,omitempty"`
	Direction   string            `json:"direction"`
	Protocol    string            `json:"protocol"`
	Ports       string            `json:"ports,omitempty"`
	CIDR        string            `json:"cidr,omitempty"`
	Peer        string            `json:"peer,omitempty"`
	Policy      string            `json:"policy,omitempty"`
	Priority    int               `json:"priority,omitempty"`
	Description string            `json:"description,omitempty"`
	CreatedAt   *time.Time        `json:"created_at,omitempty"`
	Extra       map[string]string `json:"extra,omitempty"`
}

// KeyPair is an SSH key pair; a fixture's without a public key gets a new
// one.
type KeyPair struct {
	Meta
	PublicKey string `json:"public_key,omitempty"`
}

// Disk is a disk: on its own, or attached to an instance.
type Disk struct {
	Meta
	Category           string     `json:"category"`
	SizeGiB            int        `json:"size_gib"`
	System             bool       `json:"system,omitempty"`
	Encrypted          bool       `json:"encrypted,omitempty"`
	KMSKeyID           string     `json:"kms_key_id,omitempty"`
	DeleteWithInstance bool       `json:"delete_with_instance,omitempty"`
	Instance           string     `json:"instance,omitempty"`
	Device             string     `json:"device,omitempty"`
	LastInstance       string     `json:"last_instance,omitempty"`
	ImageID            string     `json:"image_id,omitempty"`
	SnapshotID         string     `json:"snapshot_id,omitempty"`
	ChargeType         string     `json:"charge_type,omitempty"`
	AttachedAt         *time.Time `json:"attached_at,omitempty"`
	DetachedAt         *time.Time `json:"detached_at,omitempty"`
	// Status is where the disk settles (available, in_use); Phases the
	// transitional statuses on its way.
	Status string  `json:"status,omitempty"`
	Phases []Phase `json:"phases,omitempty"`
}

// Phase is a transitional status and when it ends.
type Phase struct {
	Status string    `json:"status"`
	Until  time.Time `json:"until"`
}

// Instance is a virtual machine. A fixture's without an ID is launched:
// Count of them (default 1), in the subnet named (by ID, or by name in the
// same inventory) or the default subnet of its zone, settled in Status
// (running by default, or stopped).
type Instance struct {
	Meta
	Count              int          `json:"count,omitempty"`
	ImageID            string       `json:"image_id,omitempty"`
	InstanceType       string       `json:"instance_type,omitempty"`
	ChargeType         string       `json:"charge_type,omitempty"`
	HostName           string       `json:"host_name,omitempty"`
	UserData           string       `json:"user_data,omitempty"`
	KeyPair            string       `json:"key_pair,omitempty"`
	HasPassword        bool         `json:"has_password,omitempty"`
	DeletionProtection bool         `json:"deletion_protection,omitempty"`
	Network            string       `json:"network,omitempty"`
	Subnet             string       `json:"subnet,omitempty"`
	SecurityGroups     []string     `json:"security_groups,omitempty"`
	NIC                string       `json:"nic,omitempty"`
	PrivateIP          string       `json:"private_ip,omitempty"`
	InternetCharge     string       `json:"internet_charge,omitempty"`
	BandwidthOut       int          `json:"bandwidth_out,omitempty"`
	BandwidthIn        int          `json:"bandwidth_in,omitempty"`
	SystemDisk         *DiskSummary `json:"system_disk,omitempty"`
	// Status is where the instance settles; Stages the transitional
	// statuses on its way, each with its end.
	Status string  `json:"status,omitempty"`
	Stages []Phase `json:"stages,omitempty"`
}

// DiskSummary names an instance's system disk.
type DiskSummary struct {
	ID       string `json:"id,omitempty"`
	Category string `json:"category,omitempty"`
	SizeGiB  int    `json:"size_gib,omitempty"`
}

// The conversions between the document and the core's types.

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

func metaOf(id string, m compute.Meta) Meta {
	out := Meta{ID: id, Region: string(m.Region), Zone: string(m.Zone), Name: m.Name, Description: m.Description,
		ResourceGroup: m.ResourceGroup, CreatedAt: timePtr(m.CreatedAt), Serial: m.Serial, Extra: m.Extra}
	for _, t := range m.Tags {
		out.Tags = append(out.Tags, Tag{Key: t.Key, Value: t.Value})
	}
	return out
}

func (m Meta) core(owner compute.Owner) compute.Meta {
	out := compute.Meta{Owner: owner, Region: compute.RegionID(m.Region), Zone: compute.ZoneID(m.Zone), Name: m.Name,
		Description: m.Description, ResourceGroup: m.ResourceGroup, CreatedAt: timeOf(m.CreatedAt), Serial: m.Serial, Extra: m.Extra}
	out.Tags = m.tags()
	return out
}

func (m Meta) tags() []compute.Tag {
	var out []compute.Tag
	for _, t := range m.Tags {
		out = append(out, compute.Tag{Key: t.Key, Value: t.Value})
	}
	return out
}

func prefixString(p netip.Prefix) string {
	if !p.IsValid() {
		return ""
	}
	return p.String()
}

func addrString(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}

func phasesOf[S ~string](ps []compute.Phase[S]) []Phase {
	var out []Phase
	for _, p := range ps {
		out = append(out, Phase{Status: string(p.Status), Until: p.Until.UTC()})
	}
	return out
}

func corePhases[S ~string](ps []Phase) []compute.Phase[S] {
	var out []compute.Phase[S]
	for _, p := range ps {
		out = append(out, compute.Phase[S]{Status: S(p.Status), Until: p.Until.UTC()})
	}
	return out
}

func strs[T ~string](in []T) []string {
	var out []string
	for _, v := range in {
		out = append(out, string(v))
	}
	return out
}

func typed[T ~string](in []string) []T {
	var out []T
	for _, v := range in {
		out = append(out, T(v))
	}
	return out
}
