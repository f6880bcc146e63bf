package compute

// Region is a geographic region of one cloud.
type Region struct {
	ID RegionID
	// Name is the English display name; LocalName the vendor's local one.
	Name      string
	LocalName string
	Zones     []Zone
	// Attributes carry vendor details a dialect may show (an endpoint, a
	// city); the core never reads them.
	Attributes map[string]string
}

// Zone is an availability zone inside a Region.
type Zone struct {
	ID         ZoneID
	Name       string
	LocalName  string
	Attributes map[string]string
}

// Catalog is the set of regions and zones of one cloud.
type Catalog struct {
	Regions []Region
}

// Region finds a region by ID.
func (c Catalog) Region(id RegionID) (Region, bool) {
	for _, r := range c.Regions {
		if r.ID == id {
			return r, true
		}
	}
	return Region{}, false
}

// Zone finds a zone and the region holding it, by zone ID alone.
func (c Catalog) Zone(id ZoneID) (Region, Zone, bool) {
	for _, r := range c.Regions {
		for _, z := range r.Zones {
			if z.ID == id {
				return r, z, true
			}
		}
	}
	return Region{}, Zone{}, false
}

// Catalogs holds one Catalog per cloud.
type Catalogs map[Cloud]Catalog
