package zenlayer

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// The catalog as ZEC shows it: images and instance types.

// Values the image filters take (the SDK's ImageType, ImageSource,
// ImageOsType and ImageStatus). Catalog images are public, official and
// available; a filter on another valid value matches nothing.
var (
	imageTypes    = []string{"PUBLIC_IMAGE", "CUSTOM_IMAGE"}
	imageSources  = []string{"OFFICIAL", "MARKETING", "CUSTOM"}
	imageOSTypes  = []string{"windows", "linux", "bsd", "android", "any"}
	imageStatuses = []string{"CREATING", "AVAILABLE", "UNAVAILABLE", "SYNCING", "FAILED", "DELETING", "PROCESSING"}
)

// maxTagFilters bounds tagKeys and tags in every describe.
const maxTagFilters = 20

type describeImagesRequest struct {
	ZoneID      *string  `json:"zoneId"`
	ImageIDs    []string `json:"imageIds"`
	ImageName   *string  `json:"imageName"`
	Category    *string  `json:"category"`
	ImageType   *string  `json:"imageType"`
	ImageSource *string  `json:"imageSource"`
	OsType      *string  `json:"osType"`
	ImageStatus *string  `json:"imageStatus"`
	PageNum     *int     `json:"pageNum"`
	PageSize    *int     `json:"pageSize"`
	TagKeys     []string `json:"tagKeys"`
	Tags        []tag    `json:"tags"`
}

type image struct {
	ImageID          string   `json:"imageId"`
	ImageName        string   `json:"imageName"`
	ImageType        string   `json:"imageType"`
	ImageSource      string   `json:"imageSource"`
	ImageSize        string   `json:"imageSize"`
	ImageDescription string   `json:"imageDescription"`
	ImageVersion     string   `json:"imageVersion"`
	ImageStatus      string   `json:"imageStatus"`
	NicNetworkType   []string `json:"nicNetworkType"`
	Category         string   `json:"category"`
	OsType           string   `json:"osType"`
	Tags             tagSet   `json:"tags"`
}

type describeImagesResponse struct {
	RequestID  string  `json:"requestId"`
	TotalCount int     `json:"totalCount"`
	DataSet    []image `json:"dataSet"`
}

// describeImages lists the catalog's images offered in a zone (every
// catalog image is offered in every zone), filtered and paged.
func (h *Handler) describeImages(c *call) (any, error) {
	var req describeImagesRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	zone, err := required("zoneId", req.ZoneID)
	if err != nil {
		return nil, err
	}
	if _, _, err := h.Svc.Zone(compute.CloudZenlayer, compute.ZoneID(zone)); err != nil {
		return nil, err
	}
	p, err := paging(req.PageNum, req.PageSize)
	if err != nil {
		return nil, err
	}
	for _, f := range []struct {
		name   string
		value  *string
		values []string
	}{
		{"imageType", req.ImageType, imageTypes}, {"imageSource", req.ImageSource, imageSources},
		{"osType", req.OsType, imageOSTypes}, {"imageStatus", req.ImageStatus, imageStatuses},
	} {
		if err := oneOf(f.name, f.value, f.values); err != nil {
			return nil, err
		}
	}
	if err := checkTagFilters(req.TagKeys, req.Tags); err != nil {
		return nil, err
	}
	matches := func(im compute.Image) bool {
		switch {
		case len(req.ImageIDs) > 0 && !slices.Contains(req.ImageIDs, im.ID),
			set(req.ImageName) && !strings.Contains(im.Name, *req.ImageName),
			set(req.Category) && *req.Category != im.Platform,
			set(req.ImageType) && *req.ImageType != "PUBLIC_IMAGE",
			set(req.ImageSource) && *req.ImageSource != "OFFICIAL",
			set(req.OsType) && *req.OsType != im.OSType,
			set(req.ImageStatus) && *req.ImageStatus != "AVAILABLE",
			// Public images carry no tags.
			len(req.TagKeys) > 0 || len(req.Tags) > 0:
			return false
		}
		return true
	}
	var all []image
	for _, im := range h.Svc.Catalog(compute.CloudZenlayer).Images {
		if matches(im) {
			all = append(all, wireImage(im))
		}
	}
	page := kit.Page(all, p.offset(), p.size)
	return describeImagesResponse{RequestID: c.requestID, TotalCount: len(all), DataSet: page}, nil
}

func wireImage(im compute.Image) image {
	modes := strings.Split(im.Attributes[attrNICModes], ";")
	if im.Attributes[attrNICModes] == "" {
		modes = []string{defaultNICMode}
	}
	return image{
		ImageID: im.ID, ImageName: im.Name, ImageType: "PUBLIC_IMAGE", ImageSource: "OFFICIAL",
		ImageSize: strconv.Itoa(im.SizeGiB), ImageDescription: im.Description, ImageVersion: im.Attributes[attrImageVersion],
		ImageStatus: "AVAILABLE", NicNetworkType: modes, Category: im.Platform, OsType: im.OSType, Tags: wireTags(nil),
	}
}

// defaultNICMode is the NIC mode of an instance created without one, and
// of an image whose catalog entry names none: adaptive.
const defaultNICMode = "auto"

// imageNICModes lists the NIC modes an image supports.
func imageNICModes(im compute.Image) []string { return wireImage(im).NicNetworkType }

type describeZoneInstanceConfigInfosRequest struct {
	ZoneID       *string `json:"zoneId"`
	InstanceType *string `json:"instanceType"`
}

type instanceTypeQuotaItem struct {
	ZoneID                       string   `json:"zoneId"`
	InstanceType                 string   `json:"instanceType"`
	InstanceTypeName             string   `json:"instanceTypeName"`
	CPUCount                     int      `json:"cpuCount"`
	Memory                       int      `json:"memory"`
	Bps                          int64    `json:"bps"`
	Pps                          int64    `json:"pps"`
	InternetMaxBandwidthOutLimit int      `json:"internetMaxBandwidthOutLimit"`
	WithStock                    bool     `json:"withStock"`
	InternetChargeTypes          []string `json:"internetChargeTypes"`
}

type describeZoneInstanceConfigInfosResponse struct {
	RequestID            string                  `json:"requestId"`
	InstanceTypeQuotaSet []instanceTypeQuotaItem `json:"instanceTypeQuotaSet"`
}

// internetChargeTypes are the public-network billing models ecsd takes on
// CreateZecInstances: a public IPv4 billed by bandwidth or by a traffic
// package. ecsd has no bandwidth clusters.
var internetChargeTypes = []string{"ByBandwidth", "ByTrafficPackage"}

// describeZoneInstanceConfigInfos lists the instance types offered in each
// zone, or in zoneId, or only instanceType. Every offered type is in
// stock.
func (h *Handler) describeZoneInstanceConfigInfos(c *call) (any, error) {
	var req describeZoneInstanceConfigInfosRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	if set(req.ZoneID) {
		if _, _, err := h.Svc.Zone(compute.CloudZenlayer, compute.ZoneID(*req.ZoneID)); err != nil {
			return nil, err
		}
	}
	cat := h.Svc.Catalog(compute.CloudZenlayer)
	resp := describeZoneInstanceConfigInfosResponse{RequestID: c.requestID, InstanceTypeQuotaSet: []instanceTypeQuotaItem{}}
	for _, r := range cat.Regions {
		for _, z := range r.Zones {
			if set(req.ZoneID) && *req.ZoneID != string(z.ID) {
				continue
			}
			for _, t := range cat.InstanceTypes {
				if set(req.InstanceType) && *req.InstanceType != t.ID || !t.OfferedIn(z.ID) {
					continue
				}
				resp.InstanceTypeQuotaSet = append(resp.InstanceTypeQuotaSet, wireInstanceType(z.ID, t))
			}
		}
	}
	return resp, nil
}

func wireInstanceType(zone compute.ZoneID, t compute.InstanceType) instanceTypeQuotaItem {
	number := func(key string) int64 {
		n, _ := strconv.ParseInt(t.Attributes[key], 10, 64)
		return n
	}
	memory := t.MemoryMiB / 1024
	return instanceTypeQuotaItem{
		ZoneID: string(zone), InstanceType: t.ID, InstanceTypeName: fmt.Sprintf("%s (%d vCPU, %d GiB)", t.ID, t.CPU, memory),
		CPUCount: t.CPU, Memory: memory, Bps: number(attrBps), Pps: number(attrPps),
		InternetMaxBandwidthOutLimit: int(number(attrMaxBandwidth)), WithStock: true,
		InternetChargeTypes: slices.Clone(internetChargeTypes),
	}
}

// set reports whether an optional string parameter was given a value.
func set(s *string) bool { return s != nil && *s != "" }

// oneOf checks an optional enumerated parameter.
func oneOf(name string, v *string, values []string) error {
	if !set(v) || slices.Contains(values, *v) {
		return nil
	}
	return invalidParameter(name, "%q is not one of %s", truncate(*v), strings.Join(values, ", "))
}

// checkTagFilters checks the tagKeys and tags filters of a describe: at
// most 20 each, keys not empty.
func checkTagFilters(keys []string, tags []tag) error {
	if len(keys) > maxTagFilters {
		return invalidParameter("tagKeys", "at most %d tag keys may be given", maxTagFilters)
	}
	if len(tags) > maxTagFilters {
		return invalidParameter("tags", "at most %d tags may be given", maxTagFilters)
	}
	for _, k := range keys {
		if k == "" {
			return invalidParameter("tagKeys", "a tag key must not be empty")
		}
	}
	for _, t := range tags {
		if t.Key == "" {
			return invalidParameter("tags", "a tag key must not be empty")
		}
	}
	return nil
}
