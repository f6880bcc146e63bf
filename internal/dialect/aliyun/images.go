package aliyun

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// DescribeImages and DescribeImageSupportInstanceTypes answer from the
// catalog's images.

const (
	imageStatusAvailable = "Available"
	imageOwnerSystem     = "system"
	imageUsageInstance   = "instance"
	progressDone         = "100%"
	systemDevice         = "/dev/xvda"
	// maxImageIDs bounds the comma-separated ImageId of DescribeImages.
	maxImageIDs = 100
)

// imageStatuses are the statuses DescribeImages filters by; every catalog
// image is Available.
var imageStatuses = []string{"Creating", "Waiting", imageStatusAvailable, "UnAvailable", "CreateFailed", "Deprecated"}

type diskDeviceMapping struct {
	Device          string `json:"Device" xml:"Device"`
	Size            string `json:"Size" xml:"Size"`
	SnapshotID      string `json:"SnapshotId" xml:"SnapshotId"`
	Type            string `json:"Type" xml:"Type"`
	Format          string `json:"Format" xml:"Format"`
	ImportOSSBucket string `json:"ImportOSSBucket" xml:"ImportOSSBucket"`
	ImportOSSObject string `json:"ImportOSSObject" xml:"ImportOSSObject"`
	Progress        string `json:"Progress" xml:"Progress"`
	RemainTime      int    `json:"RemainTime" xml:"RemainTime"`
}

type image struct {
	ImageID                 string `json:"ImageId" xml:"ImageId"`
	ImageName               string `json:"ImageName" xml:"ImageName"`
	Description             string `json:"Description" xml:"Description"`
	ImageVersion            string `json:"ImageVersion" xml:"ImageVersion"`
	ImageFamily             string `json:"ImageFamily" xml:"ImageFamily"`
	OSName                  string `json:"OSName" xml:"OSName"`
	OSNameEn                string `json:"OSNameEn" xml:"OSNameEn"`
	OSType                  string `json:"OSType" xml:"OSType"`
	Platform                string `json:"Platform" xml:"Platform"`
	Architecture            string `json:"Architecture" xml:"Architecture"`
	Size                    int    `json:"Size" xml:"Size"`
	Status                  string `json:"Status" xml:"Status"`
	Progress                string `json:"Progress" xml:"Progress"`
	CreationTime            string `json:"CreationTime" xml:"CreationTime"`
	ImageOwnerAlias         string `json:"ImageOwnerAlias" xml:"ImageOwnerAlias"`
	ImageOwnerID            int64  `json:"ImageOwnerId" xml:"ImageOwnerId"`
	IsSupportIoOptimized    bool   `json:"IsSupportIoOptimized" xml:"IsSupportIoOptimized"`
	IsSupportCloudinit      bool   `json:"IsSupportCloudinit" xml:"IsSupportCloudinit"`
	IsSubscribed            bool   `json:"IsSubscribed" xml:"IsSubscribed"`
	IsCopied                bool   `json:"IsCopied" xml:"IsCopied"`
	IsSelfShared            string `json:"IsSelfShared" xml:"IsSelfShared"`
	IsPublic                bool   `json:"IsPublic" xml:"IsPublic"`
	Usage                   string `json:"Usage" xml:"Usage"`
	ProductCode             string `json:"ProductCode" xml:"ProductCode"`
	SupplierName            string `json:"SupplierName" xml:"SupplierName"`
	BootMode                string `json:"BootMode" xml:"BootMode"`
	LoginAsNonRootSupported bool   `json:"LoginAsNonRootSupported" xml:"LoginAsNonRootSupported"`
	ResourceGroupID         string `json:"ResourceGroupId" xml:"ResourceGroupId"`
	DiskDeviceMappings      struct {
		DiskDeviceMapping []diskDeviceMapping `json:"DiskDeviceMapping" xml:"DiskDeviceMapping"`
	} `json:"DiskDeviceMappings" xml:"DiskDeviceMappings"`
	Features struct {
		NvmeSupport string `json:"NvmeSupport" xml:"NvmeSupport"`
	} `json:"Features" xml:"Features"`
	Tags struct {
		Tag []instanceTag `json:"Tag" xml:"Tag"`
	} `json:"Tags" xml:"Tags"`
	DetectionOptions struct {
		Status string `json:"Status" xml:"Status"`
		Items  struct {
			Item []struct {
				Name      string `json:"Name" xml:"Name"`
				Value     string `json:"Value" xml:"Value"`
				RiskCode  string `json:"RiskCode" xml:"RiskCode"`
				RiskLevel string `json:"RiskLevel" xml:"RiskLevel"`
			} `json:"Item" xml:"Item"`
		} `json:"Items" xml:"Items"`
	} `json:"DetectionOptions" xml:"DetectionOptions"`
}

type describeImagesResponse struct {
	RequestID  string `json:"RequestId" xml:"RequestId"`
	RegionID   string `json:"RegionId" xml:"RegionId"`
	TotalCount int    `json:"TotalCount" xml:"TotalCount"`
	PageNumber int    `json:"PageNumber" xml:"PageNumber"`
	PageSize   int    `json:"PageSize" xml:"PageSize"`
	Images     struct {
		Image []image `json:"Image" xml:"Image"`
	} `json:"Images" xml:"Images"`
}

// imageAttr reads an image attribute, or its default.
func imageAttr(im compute.Image, key, def string) string { return cmp.Or(im.Attributes[key], def) }

// imageSnapshotID is a stable ID of the snapshot an image's system disk is
// made from, derived from the image's ID.
func imageSnapshotID(id string) string {
	sum := sha256.Sum256([]byte(id))
	const alphabet = lowerAlnum
	b := make([]byte, 20)
	for i := range b {
		b[i] = alphabet[int(sum[i])%len(alphabet)]
	}
	return "s-" + string(b)
}

// imageCreationTime spells a catalog time as ECS does, in seconds.
func imageCreationTime(s string) string {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Format(eniTimeLayout)
	}
	return s
}

func wireImage(im compute.Image) image {
	w := image{
		ImageID: im.ID, ImageName: im.Name, Description: im.Description,
		ImageVersion: im.Attributes[AttrImageVersion], ImageFamily: im.Attributes[AttrImageFamily],
		OSName: im.OSName, OSNameEn: im.OSNameEn, OSType: im.OSType, Platform: im.Platform, Architecture: im.Architecture,
		Size: im.SizeGiB, Status: imageStatusAvailable, Progress: progressDone, CreationTime: imageCreationTime(im.CreatedAt),
		ImageOwnerAlias: imageAttr(im, AttrImageOwner, imageOwnerSystem), IsSupportIoOptimized: true,
		IsSupportCloudinit: im.Attributes[AttrCloudInit] == "true", Usage: imageUsageInstance,
		BootMode: imageAttr(im, AttrBootMode, "BIOS"), LoginAsNonRootSupported: im.Attributes[AttrNonRootLogin] == "true",
	}
	w.IsPublic = w.ImageOwnerAlias == imageOwnerSystem
	w.DiskDeviceMappings.DiskDeviceMapping = []diskDeviceMapping{{
		Device: systemDevice, Size: strconv.Itoa(im.SizeGiB), SnapshotID: imageSnapshotID(im.ID), Type: "system", Progress: progressDone,
	}}
	w.Features.NvmeSupport = imageAttr(im, AttrNvmeSupport, nvmeSupported)
	w.Tags.Tag = []instanceTag{}
	w.DetectionOptions.Items.Item = []struct {
		Name      string `json:"Name" xml:"Name"`
		Value     string `json:"Value" xml:"Value"`
		RiskCode  string `json:"RiskCode" xml:"RiskCode"`
		RiskLevel string `json:"RiskLevel" xml:"RiskLevel"`
	}{}
	return w
}

// imageFilter is one condition of DescribeImages.
type imageFilter func(compute.Image) bool

// describeImages lists the catalog's images with ECS's filters; ImageName
// matches as a substring or, with '*', as a wildcard.
func (h *Handler) describeImages(c *call) (any, error) {
	p := c.params
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	number, size, err := paging(c, maxDescribePageSize)
	if err != nil {
		return nil, err
	}
	dry, err := dryRun(c)
	if err != nil {
		return nil, err
	}
	var filters []imageFilter
	if ids := p.get("ImageId"); ids != "" {
		list := strings.Split(ids, ",")
		if len(list) > maxImageIDs {
			return nil, invalidParameter("ImageId")
		}
		filters = append(filters, func(im compute.Image) bool { return slices.Contains(list, im.ID) })
	}
	if name := p.get("ImageName"); name != "" {
		filters = append(filters, func(im compute.Image) bool {
			return strings.Contains(name, "*") && wildcardMatch(name, im.Name) || strings.Contains(im.Name, name)
		})
	}
	statuses := []string{imageStatusAvailable}
	if s := p.get("Status"); s != "" {
		statuses = strings.Split(s, ",")
		for _, st := range statuses {
			if !slices.Contains(imageStatuses, st) {
				return nil, invalidParameter("Status")
			}
		}
	}
	filters = append(filters, func(compute.Image) bool { return slices.Contains(statuses, imageStatusAvailable) })
	for _, e := range []struct {
		param   string
		allowed []string
		value   func(compute.Image) string
	}{
		{"ImageOwnerAlias", []string{imageOwnerSystem, "self", "others", "marketplace"}, func(im compute.Image) string { return imageAttr(im, AttrImageOwner, imageOwnerSystem) }},
		{"OSType", []string{"linux", "windows"}, func(im compute.Image) string { return im.OSType }},
		{"Architecture", []string{"i386", "x86_64", "arm64"}, func(im compute.Image) string { return im.Architecture }},
		{"Usage", []string{imageUsageInstance, "none"}, func(compute.Image) string { return imageUsageInstance }},
		{"ActionType", []string{"CreateEcs", "ChangeOS"}, nil},
	} {
		want, err := p.oneOf(e.param, "", e.allowed...)
		if err != nil {
			return nil, err
		}
		if want != "" && e.value != nil {
			value := e.value
			filters = append(filters, func(im compute.Image) bool { return value(im) == want })
		}
	}
	if f := p.get("ImageFamily"); f != "" {
		filters = append(filters, func(im compute.Image) bool { return im.Attributes[AttrImageFamily] == f })
	}
	if typ := p.get("InstanceType"); typ != "" {
		t := typeNamed(h.Svc.Catalog(compute.CloudAliyun), typ)
		filters = append(filters, func(im compute.Image) bool { return archOf(im.Architecture) == archOf(t.Architecture) })
	}
	for _, b := range []struct {
		param string
		value func(compute.Image) bool
	}{
		{"IsSupportIoOptimized", func(compute.Image) bool { return true }},
		{"IsSupportCloudinit", func(im compute.Image) bool { return im.Attributes[AttrCloudInit] == "true" }},
		{"IsPublic", func(im compute.Image) bool {
			return imageAttr(im, AttrImageOwner, imageOwnerSystem) == imageOwnerSystem
		}},
	} {
		if p.get(b.param) == "" {
			continue
		}
		want, err := p.boolean(b.param)
		if err != nil {
			return nil, err
		}
		value := b.value
		filters = append(filters, func(im compute.Image) bool { return value(im) == want })
	}
	if _, err := p.boolean("ShowExpired"); err != nil {
		return nil, err
	}
	// ecsd keeps no snapshots, no image owners but the system, no tags on
	// public images and no resource groups of images: these filters match
	// nothing.
	none := p.get("SnapshotId") != "" || p.get("ImageOwnerId") != "" || p.get("ResourceGroupId") != "" || p.has("Tag.1.Key")
	if dry {
		return nil, &compute.Error{Code: compute.DryRunPassed, Op: "describe images"}
	}
	var matched []image
	if !none {
		images := slices.Clone(h.Svc.Catalog(compute.CloudAliyun).Images)
		// Newest first, as ECS lists them.
		sort.SliceStable(images, func(i, j int) bool { return images[i].CreatedAt > images[j].CreatedAt })
		for _, im := range images {
			if matchesImage(im, filters) {
				matched = append(matched, wireImage(im))
			}
		}
	}
	resp := describeImagesResponse{RequestID: c.requestID, RegionID: string(region.ID), TotalCount: len(matched), PageNumber: number, PageSize: size}
	resp.Images.Image = kit.Page(matched, (number-1)*size, size)
	return resp, nil
}

func matchesImage(im compute.Image, filters []imageFilter) bool {
	for _, f := range filters {
		if !f(im) {
			return false
		}
	}
	return true
}

type supportedInstanceType struct {
	InstanceTypeID     string  `json:"InstanceTypeId" xml:"InstanceTypeId"`
	CPUCoreCount       int     `json:"CpuCoreCount" xml:"CpuCoreCount"`
	MemorySize         float64 `json:"MemorySize" xml:"MemorySize"`
	InstanceTypeFamily string  `json:"InstanceTypeFamily" xml:"InstanceTypeFamily"`
}

type describeImageSupportInstanceTypesResponse struct {
	RequestID     string `json:"RequestId" xml:"RequestId"`
	RegionID      string `json:"RegionId" xml:"RegionId"`
	ImageID       string `json:"ImageId" xml:"ImageId"`
	InstanceTypes struct {
		InstanceType []supportedInstanceType `json:"InstanceType" xml:"InstanceType"`
	} `json:"InstanceTypes" xml:"InstanceTypes"`
}

// describeImageSupportInstanceTypes lists the types an image runs on: those
// of its architecture.
func (h *Handler) describeImageSupportInstanceTypes(c *call) (any, error) {
	region, err := h.region(c)
	if err != nil {
		return nil, err
	}
	id, err := c.params.required("ImageId")
	if err != nil {
		return nil, err
	}
	if _, err := c.params.oneOf("ActionType", "", "CreateEcs", "ChangeOS", "DescribeImageSupportInstanceTypes"); err != nil {
		return nil, err
	}
	cat := h.Svc.Catalog(compute.CloudAliyun)
	im, ok := cat.Image(id)
	if !ok {
		return nil, &compute.Error{Code: compute.NotFound, Param: "image", Value: id, Message: fmt.Sprintf("image %q does not exist", id)}
	}
	resp := describeImageSupportInstanceTypesResponse{RequestID: c.requestID, RegionID: string(region.ID), ImageID: id}
	resp.InstanceTypes.InstanceType = []supportedInstanceType{}
	for _, t := range cat.InstanceTypes {
		if archOf(t.Architecture) == archOf(im.Architecture) {
			resp.InstanceTypes.InstanceType = append(resp.InstanceTypes.InstanceType, supportedInstanceType{
				InstanceTypeID: t.ID, CPUCoreCount: t.CPU, MemorySize: memoryGiB(t), InstanceTypeFamily: t.Family,
			})
		}
	}
	return resp, nil
}

// memoryGiB is a type's memory as DescribeInstanceTypes gives it.
func memoryGiB(t compute.InstanceType) float64 { return float64(t.MemoryMiB) / 1024 }
