package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/compute"
)

func writeCatalog(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "catalog.json")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCatalogFileReplacesOnlyTheListsItGives: a file that gives images
// alone keeps the built-in regions, instance types and disk categories.
func TestCatalogFileReplacesOnlyTheListsItGives(t *testing.T) {
	builtin := app.DefaultCatalogs()[compute.CloudAliyun]
	got, err := app.LoadCatalogs(writeCatalog(t, `{"aliyun": {"images": [
		{"id": "m-bp1custom0001", "name": "golden-image", "os_type": "linux", "platform": "Ubuntu",
		 "os_name": "Ubuntu  22.04 64位", "os_name_en": "Ubuntu  22.04 64 bit", "architecture": "x86_64",
		 "size_gib": 40, "created_at": "2025-01-02T03:04:05Z", "attributes": {"image_owner_alias": "self"}}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	c := got[compute.CloudAliyun]
	if len(c.Images) != 1 || c.Images[0].ID != "m-bp1custom0001" || c.Images[0].SizeGiB != 40 || c.Images[0].Attributes["image_owner_alias"] != "self" {
		t.Fatalf("images = %+v", c.Images)
	}
	if len(c.Regions) != len(builtin.Regions) || len(c.InstanceTypes) != len(builtin.InstanceTypes) || len(c.DiskCategories) != len(builtin.DiskCategories) {
		t.Fatalf("lists the file does not give changed: %d regions, %d types, %d disk categories", len(c.Regions), len(c.InstanceTypes), len(c.DiskCategories))
	}
	if len(got[compute.CloudTencent].Images) != len(app.DefaultCatalogs()[compute.CloudTencent].Images) {
		t.Fatal("a cloud the file does not name changed")
	}
}

// TestCatalogFileAllLists reads every list, and an empty image list, which
// lets a cloud accept any image ID.
func TestCatalogFileAllLists(t *testing.T) {
	got, err := app.LoadCatalogs(writeCatalog(t, `{"aliyun": {
		"regions": [{"id": "cn-test", "name": "Test", "attributes": {"id_prefix": "tt"},
		  "zones": [{"id": "cn-test-a"}, {"id": "cn-test-b"}]}],
		"images": [],
		"instance_types": [{"id": "ecs.x1.large", "family": "ecs.x1", "cpu": 2, "memory_mib": 4096,
		  "architecture": "arm64", "zones": ["cn-test-b"], "attributes": {"eni_quantity": "2"}}],
		"disk_categories": [{"id": "cloud_essd", "min_gib": 20, "max_gib": 100, "system_min_gib": 20, "system_max_gib": 50}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	c := got[compute.CloudAliyun]
	if len(c.Regions) != 1 || len(c.Images) != 0 || len(c.InstanceTypes) != 1 || len(c.DiskCategories) != 1 {
		t.Fatalf("catalog = %+v", c)
	}
	it := c.InstanceTypes[0]
	if it.CPU != 2 || it.MemoryMiB != 4096 || it.Architecture != "arm64" || !it.OfferedIn("cn-test-b") || it.OfferedIn("cn-test-a") {
		t.Fatalf("instance type = %+v", it)
	}
	if d := c.DiskCategories[0]; d.MaxGiB != 100 || d.SystemMaxGiB != 50 {
		t.Fatalf("disk category = %+v", d)
	}
}

// TestCatalogFileNewRegionsKeepBuiltInTypesInTheirZones: replacing regions
// alone drops a built-in type whose zones are all gone, rather than
// offering it everywhere.
func TestCatalogFileNewRegionsKeepBuiltInTypesInTheirZones(t *testing.T) {
	got, err := app.LoadCatalogs(writeCatalog(t, `{"aliyun": {"regions": [{"id": "cn-hangzhou", "name": "China (Hangzhou)",
		"zones": [{"id": "cn-hangzhou-b"}, {"id": "cn-hangzhou-j"}]}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	c := got[compute.CloudAliyun]
	for _, tc := range []struct {
		id    string
		zones []compute.ZoneID // nil: every zone; absent: dropped
		there bool
	}{
		{"ecs.g7.large", nil, true},
		{"ecs.g8y.large", []compute.ZoneID{"cn-hangzhou-j"}, true},
		{"ecs.n4.large", []compute.ZoneID{"cn-hangzhou-b"}, true},
	} {
		it, ok := c.InstanceType(tc.id)
		if ok != tc.there || len(it.Zones) != len(tc.zones) {
			t.Errorf("%s: found %v, zones %v; want %v, %v", tc.id, ok, it.Zones, tc.there, tc.zones)
		}
	}
	only, err := app.LoadCatalogs(writeCatalog(t, `{"aliyun": {"regions": [{"id": "us-east-1", "name": "US (Virginia)", "zones": [{"id": "us-east-1b"}]}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := only[compute.CloudAliyun].InstanceType("ecs.g8y.large"); ok {
		t.Error("ecs.g8y.large, offered in none of the new zones, is still listed")
	}
}

func TestCatalogFileErrors(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"not JSON", `{`, "is not a valid catalog"},
		{"unknown field", `{"aliyun": {"imagez": []}}`, `unknown field "imagez"`},
		{"unknown cloud", `{"aws": {"images": []}}`, `names cloud "aws"`},
		{"no region", `{"aliyun": {"regions": []}}`, "cloud aliyun: no region"},
		{"region without zone", `{"aliyun": {"regions": [{"id": "r1"}]}}`, "region r1 has no zone"},
		{"repeated zone", `{"aliyun": {"regions": [{"id": "r1", "zones": [{"id": "z"}, {"id": "z"}]}]}}`, `repeated zone ID "z"`},
		{"image without ID", `{"aliyun": {"images": [{"os_type": "linux", "architecture": "x86_64", "size_gib": 20}]}}`, `image 1 has an empty or repeated ID ""`},
		{"repeated image", `{"aliyun": {"images": [{"id": "a", "os_type": "linux", "architecture": "x86_64", "size_gib": 20}, {"id": "a", "os_type": "linux", "architecture": "x86_64", "size_gib": 20}]}}`, `image 2 has an empty or repeated ID "a"`},
		{"image OS type", `{"aliyun": {"images": [{"id": "a", "os_type": "beos", "architecture": "x86_64", "size_gib": 20}]}}`, `image a: os_type "beos"`},
		{"image architecture", `{"aliyun": {"images": [{"id": "a", "os_type": "linux", "architecture": "sparc", "size_gib": 20}]}}`, `image a: architecture "sparc"`},
		{"image size", `{"aliyun": {"images": [{"id": "a", "os_type": "linux", "architecture": "x86_64"}]}}`, "image a: size_gib must be at least 1"},
		{"image time", `{"aliyun": {"images": [{"id": "a", "os_type": "linux", "architecture": "x86_64", "size_gib": 20, "created_at": "yesterday"}]}}`, `created_at "yesterday"`},
		{"type without family", `{"aliyun": {"instance_types": [{"id": "t", "cpu": 1, "memory_mib": 1024, "architecture": "x86_64"}]}}`, "instance type t has no family"},
		{"type without CPU", `{"aliyun": {"instance_types": [{"id": "t", "family": "f", "memory_mib": 1024, "architecture": "x86_64"}]}}`, "cpu and memory_mib must be at least 1"},
		{"type in unknown zone", `{"aliyun": {"instance_types": [{"id": "t", "family": "f", "cpu": 1, "memory_mib": 1024, "architecture": "x86_64", "zones": ["mars-1a"]}]}}`, `offered in zone "mars-1a"`},
		{"no disk category", `{"aliyun": {"disk_categories": []}}`, "no disk category"},
		{"disk range", `{"aliyun": {"disk_categories": [{"id": "d", "min_gib": 50, "max_gib": 20}]}}`, "min_gib 50 and max_gib 20 are not a range"},
		{"disk offered as nothing", `{"aliyun": {"disk_categories": [{"id": "d"}]}}`, "offered neither as a data disk"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := app.LoadCatalogs(writeCatalog(t, tc.body))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
