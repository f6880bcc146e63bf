package zenlayer_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/zenlayer"
	zt "github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// TestDescribeImages: the catalog's images, every field of the SDK's Image
// filled, each filter and paging.
func TestDescribeImages(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	catalog := zenlayer.DefaultCatalog().Images

	all := must(c.DescribeImages(&zt.DescribeImagesRequest{ZoneID: zt.String("asia-east-1a"), PageSize: zt.Int(100)}))
	if *all.TotalCount != len(catalog) || len(all.DataSet) != len(catalog) {
		t.Fatalf("%d images of %d, want %d", len(all.DataSet), *all.TotalCount, len(catalog))
	}
	for i, im := range all.DataSet {
		want := catalog[i]
		if im.ImageID == nil || *im.ImageID != want.ID || im.ImageName == nil || *im.ImageName != want.Name ||
			deref(im.ImageType) != "PUBLIC_IMAGE" || deref(im.ImageSource) != "OFFICIAL" || deref(im.ImageStatus) != "AVAILABLE" ||
			deref(im.ImageSize) == "" || deref(im.ImageDescription) == "" || deref(im.ImageVersion) == "" ||
			deref(im.Category) != want.Platform || deref(im.OsType) != want.OSType || len(im.NicNetworkType) == 0 ||
			im.Tags == nil || im.Tags.Tags == nil {
			t.Errorf("image %d: %+v lacks a field or differs from the catalog's %s", i, im, want.ID)
		}
	}
	if got := deref(all.DataSet[0].ImageSize); got != "20" {
		t.Errorf("imageSize %q, want the GiB as a string, 20", got)
	}

	tests := []struct {
		name string
		req  zt.DescribeImagesRequest
		want []string
	}{
		{"category", zt.DescribeImagesRequest{Category: zt.String("Ubuntu")}, []string{"ubuntu2404_20240712", "ubuntu2204_20240712"}},
		{"os type", zt.DescribeImagesRequest{OsType: zt.String("windows")}, []string{"windows2022_20240712"}},
		{"ids", zt.DescribeImagesRequest{ImageIDs: []string{"debian12_20240712", "nope"}}, []string{"debian12_20240712"}},
		{"name contains", zt.DescribeImagesRequest{ImageName: zt.String("Rocky")}, []string{"rocky9_20240712"}},
		{"custom images", zt.DescribeImagesRequest{ImageType: zt.String("CUSTOM_IMAGE")}, nil},
		{"status", zt.DescribeImagesRequest{ImageStatus: zt.String("CREATING")}, nil},
		{"tags", zt.DescribeImagesRequest{TagKeys: []string{"env"}}, nil},
		{"page 2 of 3", zt.DescribeImagesRequest{PageSize: zt.Int(3), PageNum: zt.Int(2)}, ids3(catalog, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := tt.req
			req.ZoneID = zt.String("na-west-1a")
			got := must(c.DescribeImages(&req))
			var ids []string
			for _, im := range got.DataSet {
				ids = append(ids, *im.ImageID)
			}
			wantTotal := len(tt.want)
			if req.PageNum != nil {
				wantTotal = len(catalog)
			}
			if !slices.Equal(ids, tt.want) || *got.TotalCount != wantTotal {
				t.Errorf("got %v (total %d), want %v (total %d)", ids, *got.TotalCount, tt.want, wantTotal)
			}
		})
	}
	_, err := c.DescribeImages(&zt.DescribeImagesRequest{})
	wantError(t, err, http.StatusBadRequest, "MISSING_PARAMETER")
	_, err = c.DescribeImages(&zt.DescribeImagesRequest{ZoneID: zt.String("SEL--A")})
	wantError(t, err, http.StatusNotFound, "INVALID_ZONE_NOT_FOUND")
	_, err = c.DescribeImages(&zt.DescribeImagesRequest{ZoneID: zt.String("na-west-1a"), OsType: zt.String("Linux")})
	wantError(t, err, http.StatusBadRequest, "INVALID_PARAMETER")
}

// ids3 returns the IDs of the n-th page of three images.
func ids3(images []compute.Image, page int) []string {
	var out []string
	for _, im := range images[(page-1)*3 : min(len(images), page*3)] {
		out = append(out, im.ID)
	}
	return out
}

// TestDescribeZoneInstanceConfigInfos: every offered type in every zone,
// or those of one zone or one type, each field filled.
func TestDescribeZoneInstanceConfigInfos(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	cat := zenlayer.DefaultCatalog()
	all := must(c.DescribeZoneInstanceConfigInfos(&zt.DescribeZoneInstanceConfigInfosRequest{}))
	if want := len(cat.Regions) * len(cat.InstanceTypes); len(all.InstanceTypeQuotaSet) != want {
		t.Errorf("%d items, want %d", len(all.InstanceTypeQuotaSet), want)
	}
	one := must(c.DescribeZoneInstanceConfigInfos(&zt.DescribeZoneInstanceConfigInfosRequest{ZoneID: zt.String("asia-east-1a"), InstanceType: zt.String("z2a.cpu.4")}))
	if len(one.InstanceTypeQuotaSet) != 1 {
		t.Fatalf("one zone and type: %d items", len(one.InstanceTypeQuotaSet))
	}
	q := one.InstanceTypeQuotaSet[0]
	if deref(q.ZoneID) != "asia-east-1a" || deref(q.InstanceType) != "z2a.cpu.4" || deref(q.InstanceTypeName) == "" ||
		q.CPUCount == nil || *q.CPUCount != 4 || q.Memory == nil || *q.Memory != 8 || q.Bps == nil || *q.Bps <= 0 || q.Pps == nil || *q.Pps <= 0 ||
		q.InternetMaxBandwidthOutLimit == nil || *q.InternetMaxBandwidthOutLimit <= 0 || q.WithStock == nil || !*q.WithStock ||
		!slices.Equal(q.InternetChargeTypes, []string{"ByBandwidth", "ByTrafficPackage"}) {
		t.Errorf("item %+v", q)
	}
	none := must(c.DescribeZoneInstanceConfigInfos(&zt.DescribeZoneInstanceConfigInfosRequest{InstanceType: zt.String("z9.none")}))
	if len(none.InstanceTypeQuotaSet) != 0 {
		t.Errorf("an unknown type: %+v", none.InstanceTypeQuotaSet)
	}
	_, err := c.DescribeZoneInstanceConfigInfos(&zt.DescribeZoneInstanceConfigInfosRequest{ZoneID: zt.String("SEL--A")})
	wantError(t, err, http.StatusNotFound, "INVALID_ZONE_NOT_FOUND")
}

// TestDescribeZonesFields: every field of the SDK's ZoneInfo is there.
func TestDescribeZonesFields(t *testing.T) {
	e := start(t, apptest.Options{})
	zones := must(e.a1(t).DescribeZones(&zt.DescribeZonesRequest{ZoneIDs: []string{"asia-east-1a"}}))
	if len(zones.ZoneSet) != 1 {
		t.Fatalf("zones %+v", zones)
	}
	z := zones.ZoneSet[0]
	if deref(z.ZoneID) != "asia-east-1a" || deref(z.RegionID) != "asia-east-1" || deref(z.ZoneName) == "" || z.SupportSecurityGroup == nil ||
		deref(z.TimeZone) != "Asia/Shanghai" || deref(z.CityName) != "Shanghai" || deref(z.CityCode) != "SHA" ||
		deref(z.CountryCode) != "CN" || deref(z.CountryName) != "China" || z.SupportHaVip == nil || *z.SupportHaVip {
		t.Errorf("zone %+v", z)
	}
}
