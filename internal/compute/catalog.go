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

// Catalog is what one cloud offers: regions and zones, images, instance
// types and disk categories.
type Catalog struct {
	Regions        []Region
	Images         []Image
	InstanceTypes  []InstanceType
	DiskCategories []DiskCategory
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

// Image is an operating system image instances are launched from. The
// catalog's images are the vendor's public ones.
type Image struct {
	ID          string
	Name        string
	Description string
	// OSType is "linux" or "windows".
	OSType string
	// Platform is the distribution ("Ubuntu", "Aliyun", "Windows Server
	// 2022"); OSName and OSNameEn its full name in the vendor's two
	// languages.
	Platform     string
	OSName       string
	OSNameEn     string
	Architecture string // "x86_64" or "arm64"
	// SizeGiB is the smallest system disk the image fits on.
	SizeGiB   int
	CreatedAt string // RFC 3339
	// Attributes carry vendor details a dialect shows; the core never
	// reads them.
	Attributes map[string]string
}

// InstanceType is a shape of instance.
type InstanceType struct {
	ID           string
	Family       string
	CPU          int
	MemoryMiB    int
	GPU          int
	GPUType      string
	Architecture string
	// Zones lists where the type is offered; every zone when empty.
	Zones      []ZoneID
	Attributes map[string]string
}

// OfferedIn reports whether the type is offered in zone.
func (t InstanceType) OfferedIn(zone ZoneID) bool {
	if len(t.Zones) == 0 {
		return true
	}
	for _, z := range t.Zones {
		if z == zone {
			return true
		}
	}
	return false
}

// DiskCategory is a kind of disk a cloud offers, with its size limits in
// GiB as a data disk and as a system disk (0: not offered as one).
type DiskCategory struct {
	ID                         string
	MinGiB, MaxGiB             int
	SystemMinGiB, SystemMaxGiB int
}

// Image finds an image by ID.
func (c Catalog) Image(id string) (Image, bool) {
	for _, im := range c.Images {
		if im.ID == id {
			return im, true
		}
	}
	return Image{}, false
}

// InstanceType finds an instance type by ID.
func (c Catalog) InstanceType(id string) (InstanceType, bool) {
	for _, t := range c.InstanceTypes {
		if t.ID == id {
			return t, true
		}
	}
	return InstanceType{}, false
}

// DiskCategory finds a disk category by ID.
func (c Catalog) DiskCategory(id string) (DiskCategory, bool) {
	for _, d := range c.DiskCategories {
		if d.ID == id {
			return d, true
		}
	}
	return DiskCategory{}, false
}
