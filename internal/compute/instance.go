package compute

import (
	"net/netip"
	"time"
)

// Named identifiers, so that arguments cannot be swapped by accident.
type (
	AccountID  string
	InstanceID string
	RegionID   string
	ZoneID     string
)

// Cloud names the vendor cloud an instance belongs to. An instance created
// through one vendor's API is only ever visible through that vendor's API.
type Cloud string

const (
	CloudAliyun   Cloud = "aliyun"
	CloudTencent  Cloud = "tencent"
	CloudZenlayer Cloud = "zenlayer"
)

// Clouds lists every cloud ecsd serves.
var Clouds = []Cloud{CloudAliyun, CloudTencent, CloudZenlayer}

// Owner is the tenant every use case runs for: one account on one cloud.
type Owner struct {
	Account AccountID
	Cloud   Cloud
}

// ChargeType is how an instance is billed. It matters to the lifecycle:
// prepaid instances may pass through the recycle bin before they are gone.
type ChargeType string

const (
	PostPaid ChargeType = "postpaid"
	PrePaid  ChargeType = "prepaid"
)

// InternetCharge is how an instance's public traffic is billed.
type InternetCharge string

const (
	ChargeByTraffic   InternetCharge = "traffic"
	ChargeByBandwidth InternetCharge = "bandwidth"
)

// Instance is one virtual machine.
type Instance struct {
	ID InstanceID
	Meta
	ImageID      string
	InstanceType string
	ChargeType   ChargeType

	HostName string
	// UserData is kept as the client sent it (the vendors take it Base64
	// encoded) and returned as it is.
	UserData string
	KeyPair  KeyPairID
	// HasPassword is set when a login password was given; the password
	// itself is never kept, since nothing ever shows it.
	HasPassword        bool
	DeletionProtection bool

	// Network: the subnet and network the instance lives in, its security
	// groups, its primary network interface and the private address it
	// has there, and its public bandwidth.
	Network        NetworkID
	Subnet         SubnetID
	SecurityGroups []SecurityGroupID
	NIC            NICID
	PrivateIP      netip.Addr
	InternetCharge InternetCharge
	BandwidthOut   int // Mbit/s; a public IP is shown while it is above 0
	BandwidthIn    int

	// SystemDisk is what the instance was launched with. The disk itself
	// is a Disk, which may go before the instance does (it is deleted when
	// the instance is terminated); the instance keeps showing it.
	SystemDisk DiskSummary

	// Target is the status the instance settles in once Stages have passed.
	Target Status
	// Stages are the transitional statuses shown before Target, in order.
	Stages []Stage

	// Shown only: filled in by Service when the instance is read, ignored
	// by stores.
	//
	// Status is the visible status at the moment the instance was read.
	Status Status
	// PublicIP is the instance's public address, while it has bandwidth.
	PublicIP netip.Addr
	// MAC is the address of the primary network interface.
	MAC string
}

// DiskSummary names a disk and its shape.
type DiskSummary struct {
	ID       DiskID
	Category string
	SizeGiB  int
}

// NICID names a network interface.
type NICID string

// Key implements Resource.
func (i *Instance) Key() Key { return Key{KindInstance, string(i.ID)} }

// Links implements Resource.
func (i *Instance) Links() []Link {
	var links []Link
	add := func(attr, value string) {
		if value != "" {
			links = append(links, Link{Attr: attr, Value: value})
		}
	}
	add(LinkNetwork, string(i.Network))
	add(LinkSubnet, string(i.Subnet))
	for _, sg := range i.SecurityGroups {
		add(LinkSecurityGroup, string(sg))
	}
	add(LinkKeyPair, string(i.KeyPair))
	add(LinkNIC, string(i.NIC))
	add(LinkImage, i.ImageID)
	if i.PrivateIP.IsValid() {
		add(LinkPrivateIP, i.PrivateIP.String())
		if i.Subnet != "" {
			add(linkSubnetIPPrefix+string(i.Subnet), i.PrivateIP.String())
		}
	}
	return links
}

// StatusAt reports the status the instance shows at t.
func (i Instance) StatusAt(t time.Time) Status { return statusAt(i.Target, i.Stages, t) }

// SettlesAt reports when the last transitional stage ends; the zero time when
// the instance is not in transition.
func (i Instance) SettlesAt() time.Time { return settlesAt(i.Stages) }

// Stage is one transitional status of an instance and the moment it ends.
type Stage = Phase[Status]

// MaxStages bounds how many transitional stages one transition shows, so that
// stores can keep them in fixed columns.
const MaxStages = 2
