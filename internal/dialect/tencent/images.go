package tencent

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// CVM's images: the public images of the catalog.

type snapshot struct {
	SnapshotID string `json:"SnapshotId"`
	DiskUsage  string `json:"DiskUsage"`
	DiskSize   int    `json:"DiskSize"`
}

type image struct {
	ImageID            string     `json:"ImageId"`
	OsName             string     `json:"OsName"`
	ImageType          string     `json:"ImageType"`
	CreatedTime        string     `json:"CreatedTime"`
	ImageName          string     `json:"ImageName"`
	ImageDescription   string     `json:"ImageDescription"`
	ImageSize          int        `json:"ImageSize"`
	Architecture       string     `json:"Architecture"`
	ImageState         string     `json:"ImageState"`
	Platform           string     `json:"Platform"`
	ImageCreator       string     `json:"ImageCreator"`
	ImageSource        string     `json:"ImageSource"`
	SyncPercent        int        `json:"SyncPercent"`
	IsSupportCloudinit bool       `json:"IsSupportCloudinit"`
	SnapshotSet        []snapshot `json:"SnapshotSet"`
	Tags               []tag      `json:"Tags"`
	LicenseType        string     `json:"LicenseType"`
	ImageFamily        string     `json:"ImageFamily"`
	ImageDeprecated    bool       `json:"ImageDeprecated"`
	CdcCacheStatus     string     `json:"CdcCacheStatus"`
}

// imageType is the type of a catalog image: public unless it says.
func imageType(im compute.Image) string { return or(im.Attributes[AttrImageType], "PUBLIC_IMAGE") }

// wireImage spells a catalog image. Public images are Tencent's own, fully
// synced, and have no snapshots of the caller's.
func wireImage(im compute.Image) image {
	source := "OFFICIAL"
	if imageType(im) != "PUBLIC_IMAGE" {
		source = "CREATE_IMAGE"
	}
	return image{
		ImageID: im.ID, OsName: or(im.OSNameEn, im.OSName), ImageType: imageType(im), CreatedTime: im.CreatedAt,
		ImageName: im.Name, ImageDescription: im.Description, ImageSize: im.SizeGiB, Architecture: im.Architecture,
		ImageState: "NORMAL", Platform: im.Platform, ImageCreator: "", ImageSource: source, SyncPercent: 100,
		IsSupportCloudinit: im.OSType != "windows", SnapshotSet: []snapshot{}, Tags: []tag{},
		LicenseType: "TencentCloud",
	}
}

type describeImagesResponse struct {
	ImageSet   []image `json:"ImageSet"`
	TotalCount int     `json:"TotalCount"`
	RequestID  string  `json:"RequestId"`
}

var imageFilters = []string{"image-id", "image-type", "image-name", "platform", "image-name-keyword", "tag-key", "tag-value"}

// imageTypes are the types DescribeImages filters by.
var imageTypes = []string{"PUBLIC_IMAGE", "PRIVATE_IMAGE", "SHARED_IMAGE", "MARKET_IMAGE"}

// describeImages lists images by ImageIds or Filters (not both), in the
// catalog's order. InstanceType, when given, must be a type of the catalog;
// every image runs on every type.
func (h *Handler) describeImages(c *call) (any, error) {
	p := c.params
	if err := p.only("ImageIds", "Filters", "Offset", "Limit", "InstanceType"); err != nil {
		return nil, err
	}
	ids, _, err := p.strs("ImageIds")
	if err != nil {
		return nil, err
	}
	if len(ids) > maxIDs {
		return nil, &apiError{"InvalidParameterValue.LimitExceeded", "At most 100 image IDs may be given in one request."}
	}
	for _, id := range ids {
		if !wellFormed(id, "img-") {
			return nil, &apiError{"InvalidImageId.Malformed", fmt.Sprintf("The image ID `%s` is malformed: it must be `img-` followed by 8 lower-case letters or digits.", id)}
		}
	}
	if len(ids) > 0 && p.has("Filters") {
		return nil, &apiError{"InvalidParameter.InvalidParameterCoexistImageIdsFilters", "The parameters `ImageIds` and `Filters` cannot be given together."}
	}
	list, err := p.objects("Filters")
	if err != nil {
		return nil, err
	}
	filters, _, err := readFilters(list, imageFilters, true)
	if err != nil {
		return nil, err
	}
	for _, t := range filters["image-type"] {
		if !slices.Contains(imageTypes, t) {
			return nil, invalidValuef("The value `%s` of the filter `image-type` is not one of %s.", t, strings.Join(imageTypes, ", "))
		}
	}
	offset, limit, err := paging(p)
	if err != nil {
		return nil, err
	}
	cat := h.Svc.Catalog(compute.CloudTencent)
	if t, ok, err := p.str("InstanceType"); err != nil {
		return nil, err
	} else if ok {
		if _, found := cat.InstanceType(t); !found {
			return nil, &apiError{"InvalidInstanceType.Malformed", fmt.Sprintf("The instance type `%s` does not exist.", t)}
		}
	}
	var all []image
	for _, im := range cat.Images {
		if len(ids) > 0 && !slices.Contains(ids, im.ID) || !imageMatches(im, filters) {
			continue
		}
		all = append(all, wireImage(im))
	}
	page := kit.Page(all, offset, limit)
	return describeImagesResponse{ImageSet: page, TotalCount: len(all), RequestID: c.requestID}, nil
}

// imageMatches applies DescribeImages' filters to a catalog image, which
// has no tags.
func imageMatches(im compute.Image, filters map[string][]string) bool {
	for name, values := range filters {
		var ok bool
		switch name {
		case "image-id":
			ok = slices.Contains(values, im.ID)
		case "image-type":
			ok = slices.Contains(values, imageType(im))
		case "image-name":
			ok = slices.Contains(values, im.Name)
		case "platform":
			ok = slices.Contains(values, im.Platform)
		case "image-name-keyword":
			ok = slices.ContainsFunc(values, func(v string) bool { return strings.Contains(im.Name, v) })
		}
		if !ok {
			return false
		}
	}
	return true
}
