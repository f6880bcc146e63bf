package compute

// Query selects instances of one owner. Every condition that is set must hold.
type Query struct {
	Owner
	Region        RegionID
	Zone          ZoneID
	ResourceGroup string
	// IDs, when not empty, restricts the result to these instances.
	IDs []InstanceID
	// Statuses, when not empty, keeps instances that show one of these.
	Statuses []Status
	// NameContains, when not empty, keeps instances whose name contains it.
	NameContains string
	// Links each must hold (see Filter.Links): instances in a network or
	// subnet, in a security group, with an address, with a tag.
	Links []LinkFilter
	// Brief says the caller needs only each instance's ID and lifecycle
	// state (Target and Stages), as a status listing does; a store may
	// then leave the other fields empty and answer faster.
	Brief bool

	Offset int
	Limit  int
}

// Page is one page of a listing.
type Page struct {
	Instances []Instance
	// Total is the number of all instances that match, on every page.
	Total int
}
