package compute

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Kind names a family of resources.
type Kind string

const (
	KindInstance      Kind = "instance"
	KindNetwork       Kind = "network"
	KindSubnet        Kind = "subnet"
	KindSecurityGroup Kind = "security_group"
	KindDisk          Kind = "disk"
	KindKeyPair       Kind = "key_pair"

	// Kinds that are parts of others, named only so that their IDs can be
	// drawn (see Profile.NewID): a rule of a security group, the primary
	// network interface of an instance.
	KindRule Kind = "rule"
	KindNIC  Kind = "nic"
)

// StoredKinds are the kinds a Store keeps as resources of their own.
var StoredKinds = []Kind{KindInstance, KindNetwork, KindSubnet, KindSecurityGroup, KindDisk, KindKeyPair}

// Key identifies a resource within its owner's inventory.
type Key struct {
	Kind Kind
	ID   string
}

// Meta is what every resource has, whatever its kind.
type Meta struct {
	Owner         Owner
	Region        RegionID
	Zone          ZoneID // empty for resources that span a region
	Name          string
	Description   string
	ResourceGroup string
	Tags          []Tag
	CreatedAt     time.Time
	// Serial is the store's creation number: unique among the resources of
	// a kind in one store, and assigned by the store when the resource is
	// created. Values that must be unique across owners (a MAC address, a
	// public IP) are derived from it.
	Serial int64
	// Extra holds the attributes of one vendor that no other shares (a
	// Tencent project, an Alibaba credit specification). The dialect that
	// set them reads them back; the core never looks inside.
	Extra map[string]string
}

// Metadata returns m; through embedding, every resource has it.
func (m *Meta) Metadata() *Meta { return m }

// Resource is anything a Store keeps for an owner.
type Resource interface {
	Key() Key
	Metadata() *Meta
	// Links lists what the resource refers to (its network, its security
	// groups, the instance it is attached to), so that stores can find it
	// by them and nothing in use is deleted. Tags are added by LinksOf.
	Links() []Link
}

// Link says that a resource refers to Value under Attr: a subnet to its
// network ("network", "vpc-1"), an instance to a security group. A store
// indexes links, so that a resource can be found by what it refers to.
type Link struct {
	Attr  string
	Value string
	// From is the resource that links, when a store reports links.
	From Key
}

// Link attributes.
const (
	LinkNetwork       = "network"
	LinkSubnet        = "subnet"
	LinkSecurityGroup = "security_group"
	LinkKeyPair       = "key_pair"
	LinkInstance      = "instance"
	LinkPrivateIP     = "private_ip"
	LinkNIC           = "nic"
	LinkImage         = "image"
	// linkSubnetIPPrefix + subnet ID is the attribute under which an
	// instance links to its private IP within that subnet: the addresses
	// taken in a subnet are the values of one attribute.
	linkSubnetIPPrefix = "ip@"
	// linkTagPrefix + key is the attribute under which a resource links to
	// the value of one of its tags.
	linkTagPrefix = "tag:"
)

// TagLinkAttr is the link attribute of tag key k.
func TagLinkAttr(k string) string { return linkTagPrefix + k }

// TagKeyOfLink returns the tag key a link attribute stands for.
func TagKeyOfLink(attr string) (string, bool) { return strings.CutPrefix(attr, linkTagPrefix) }

// TagLinkPrefix is the prefix shared by the link attributes of all tags.
const TagLinkPrefix = linkTagPrefix

// LinksOf lists every link of r: its own and one per tag.
func LinksOf(r Resource) []Link {
	links := r.Links()
	for _, t := range r.Metadata().Tags {
		links = append(links, Link{Attr: TagLinkAttr(t.Key), Value: t.Value})
	}
	return links
}

// Filter selects resources of one kind of an owner. Every condition that
// is set must hold.
type Filter struct {
	Kind   Kind
	Region RegionID
	IDs    []string
	// Links each must hold: the resource links to one of Values under
	// Attr, or to any value when Values is empty.
	Links []LinkFilter
}

// LinkFilter is one condition on links.
type LinkFilter struct {
	Attr string
	// Prefix makes Attr match every attribute that starts with it, as
	// TagLinkPrefix matches every tag.
	Prefix bool
	// Values the link must point to, one of them; any value when empty.
	Values []string
	// Kind, when set, keeps only links made by resources of this kind
	// (used by Reader.Links; a Filter has a kind of its own).
	Kind Kind
}

func (lf LinkFilter) matches(l Link) bool {
	attrOK := l.Attr == lf.Attr || lf.Prefix && strings.HasPrefix(l.Attr, lf.Attr)
	return attrOK && (len(lf.Values) == 0 || slices.Contains(lf.Values, l.Value)) &&
		(lf.Kind == "" || lf.Kind == l.From.Kind)
}

// MatchesLink reports whether l meets lf. Stores may use it to filter in
// memory.
func (lf LinkFilter) MatchesLink(l Link) bool { return lf.matches(l) }

// Matches reports whether r meets f. Stores may use it to filter in memory.
func (f Filter) Matches(r Resource) bool {
	k := r.Key()
	if k.Kind != f.Kind {
		return false
	}
	if f.Region != "" && r.Metadata().Region != f.Region {
		return false
	}
	if len(f.IDs) > 0 && !slices.Contains(f.IDs, k.ID) {
		return false
	}
	links := LinksOf(r)
	for _, lf := range f.Links {
		lf.Kind = ""
		if !slices.ContainsFunc(links, lf.matches) {
			return false
		}
	}
	return true
}

// Reader reads an owner's inventory. Instances it returns carry their
// lifecycle state, not a visible status; ones already gone may still be
// among them (Service hides them).
type Reader interface {
	// Get loads the resources of kind with these IDs, in creation order;
	// those not found are absent.
	Get(ctx context.Context, kind Kind, ids ...string) ([]Resource, error)
	// Find loads the resources that match f, in creation order.
	Find(ctx context.Context, f Filter) ([]Resource, error)
	// Links lists the links that meet lf, with the resource that makes
	// each: who refers to what.
	Links(ctx context.Context, lf LinkFilter) ([]Link, error)
}

// Tx is one write transaction on an owner's inventory: everything it does
// happens together or not at all, and no other write to the owner's
// inventory comes in between.
type Tx interface {
	Reader
	// Put stores r, replacing the resource with the same key. Storing a
	// new resource creates it and sets its Serial; a key of another owner
	// fails with AlreadyExists. Instances are created with CreateInstances
	// only; Put replaces an existing one whole.
	Put(ctx context.Context, r Resource) error
	// Delete removes a resource and its links. Deleting one that does not
	// exist does nothing.
	Delete(ctx context.Context, k Key) error

	// Claimed returns the instances an earlier CreateInstances of the
	// owner made with token (those that still exist), and whether token
	// was used at all.
	Claimed(ctx context.Context, token string) ([]Instance, bool, error)
	// CreateInstances stores new instances, all or none, and remembers
	// that token (when not empty) made them. An ID that exists already
	// fails with AlreadyExists. It returns them with their Serial set.
	CreateInstances(ctx context.Context, token string, instances []Instance) ([]Instance, error)
	// SetLifecycles replaces the lifecycle state (Target and Stages) of
	// existing instances and nothing else: the path every start and stop
	// takes, kept narrow so that a store can make it fast.
	SetLifecycles(ctx context.Context, instances []Instance) error
}

// Store keeps the inventory of every owner: instances and the resources
// around them. Every method is scoped to one Owner: a store never returns,
// counts or changes another owner's resources.
//
// A Store holds an instance's lifecycle state (Target and Stages), never a
// visible status: what an instance shows is computed from that state and
// the time, so stores never need a timer to advance it.
type Store interface {
	// Update runs fn in one write transaction on the owner's inventory and
	// commits it when fn returns nil. Before fn runs, it removes the
	// owner's instances gone at now (StatusTerminated, their stages
	// passed), so fn never meets one. fn may run more than once, when the
	// store retries, so it must not have effects outside tx; an error it
	// returns is returned unchanged and nothing is stored.
	Update(ctx context.Context, owner Owner, now time.Time, fn func(tx Tx) error) error

	// Read returns a Reader of the owner's inventory, outside any
	// transaction.
	Read(owner Owner) Reader

	// List returns one page of the owner's instances that match q, in the
	// order they were created, and the number of all matches. An instance
	// whose status at now is StatusTerminated is neither listed nor
	// counted.
	List(ctx context.Context, q Query, now time.Time) (Page, error)

	// Reset removes everything of the owner and reports how many of each
	// kind it removed.
	Reset(ctx context.Context, owner Owner) (map[Kind]int, error)
}

// New returns a zero resource of a stored kind, for stores to decode into.
func New(kind Kind) (Resource, bool) {
	switch kind {
	case KindInstance:
		return &Instance{}, true
	case KindNetwork:
		return &Network{}, true
	case KindSubnet:
		return &Subnet{}, true
	case KindSecurityGroup:
		return &SecurityGroup{}, true
	case KindDisk:
		return &Disk{}, true
	case KindKeyPair:
		return &KeyPair{}, true
	}
	return nil, false
}

// typed loads resources of one kind as their concrete type.
func typed[T any, P interface {
	*T
	Resource
}](rs []Resource) []T {
	out := make([]T, 0, len(rs))
	for _, r := range rs {
		if p, ok := r.(P); ok {
			out = append(out, *p)
		}
	}
	return out
}

// getAll loads resources of one kind by ID, as their concrete type.
func getAll[T any, P interface {
	*T
	Resource
}](ctx context.Context, r Reader, kind Kind, ids ...string) ([]T, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rs, err := r.Get(ctx, kind, ids...)
	if err != nil {
		return nil, err
	}
	return typed[T, P](rs), nil
}

// findAll loads the resources that match f, as their concrete type.
func findAll[T any, P interface {
	*T
	Resource
}](ctx context.Context, r Reader, f Filter) ([]T, error) {
	rs, err := r.Find(ctx, f)
	if err != nil {
		return nil, err
	}
	return typed[T, P](rs), nil
}
