package zenlayer

// What only ZEC resources have is kept in their compute.Meta.Extra, under
// these keys: the core stores it and never reads it.
const (
	extraMTU            = "mtu"             // the VPC's MTU
	extraPrivateIPv6    = "private_ipv6"    // "true" once private IPv6 is on
	extraSecurityGroup  = "security_group"  // the group assigned to the VPC
	extraStackType      = "stack_type"      // a subnet's IPv4 or IPv4_IPv6
	extraIPv6Type       = "ipv6_type"       // a subnet's Public or Private
	extraBurst          = "bursting"        // "true" for a disk with bursting
	extraTimeZone       = "time_zone"       // an instance's
	extraAgent          = "agent"           // "true" while QGA is on
	extraIPForward      = "ip_forward"      // "true" while IP forwarding is on
	extraNICMode        = "nic_mode"        // an instance's nicNetworkType
	extraNested         = "nested_virt"     // "true"/"false" when instanceOptions was given
	extraNICName        = "nic_name"        // the primary NIC's name
	extraNICUpdated     = "nic_updated"     // when the primary NIC last changed
	extraNICTags        = "nic_tags"        // the primary NIC's tags, JSON
	extraNICGroup       = "nic_group"       // the primary NIC's resource group, once moved
	extraRebuildUntil   = "rebuild_until"   // when a ResetInstance ends
	extraInternetCharge = "internet_charge" // an instance's internetChargeType
	extraRecycled       = "recycled"        // "true" for a disk in the recycle bin
	extraPublicKey      = "public_key"      // a key pair's public key text as imported
)
