package tencent

import (
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/compute"
)

func TestDefaultCatalog(t *testing.T) {
	c := DefaultCatalog()
	want := map[string]string{
		"ap-guangzhou": "3 4 6 7", "ap-shanghai": "2 3 4 5 8", "ap-beijing": "3 4 5 6 7", "ap-singapore": "1 2 3 4",
		"ap-chengdu": "1 2", "ap-chongqing": "1", "ap-nanjing": "1 2 3", "ap-hongkong": "1 2 3", "ap-tokyo": "1 2",
		"ap-seoul": "1 2", "ap-bangkok": "1 2", "ap-jakarta": "1 2", "na-siliconvalley": "1 2", "na-ashburn": "1 2",
		"eu-frankfurt": "1 2", "sa-saopaulo": "1",
	}
	if len(c.Regions) != len(want) {
		t.Errorf("%d regions, want %d", len(c.Regions), len(want))
	}
	zoneIDs := map[string]bool{}
	for _, r := range c.Regions {
		var numbers []string
		for _, z := range r.Zones {
			n, ok := strings.CutPrefix(string(z.ID), string(r.ID)+"-")
			if !ok {
				t.Errorf("zone %s is not in region %s", z.ID, r.ID)
			}
			numbers = append(numbers, n)
			id := z.Attributes[AttrZoneID]
			if len(id) != 6 || !strings.HasSuffix(id, n) || zoneIDs[id] {
				t.Errorf("zone %s has ZoneId %q: not 6 digits ending in its number, or taken", z.ID, id)
			}
			zoneIDs[id] = true
			if z.Name == "" || !strings.HasSuffix(z.LocalName, "区") {
				t.Errorf("zone %s is named %q / %q", z.ID, z.Name, z.LocalName)
			}
		}
		if got := strings.Join(numbers, " "); got != want[string(r.ID)] {
			t.Errorf("region %s has zones %s, want %s", r.ID, got, want[string(r.ID)])
		}
		if r.Name == "" || r.LocalName == "" {
			t.Errorf("region %s is named %q / %q", r.ID, r.Name, r.LocalName)
		}
	}
	r, z, ok := c.Zone("ap-guangzhou-3")
	if !ok || r.ID != "ap-guangzhou" || z.Attributes[AttrZoneID] != "100003" || z.LocalName != "广州三区" || z.Name != "Guangzhou Zone 3" {
		t.Errorf("ap-guangzhou-3: %+v in %s", z, r.ID)
	}
}

func TestInstanceIDs(t *testing.T) {
	for range 100 {
		if id := newID(compute.KindInstance, "", compute.CryptoRandom{}); !wellFormedID(id) {
			t.Fatalf("generated ID %s is malformed", id)
		}
	}
	for id, ok := range map[string]bool{
		"ins-r8hr2upy": true, "ins-11112222": true, "ins-1122": false, "ins-R8HR2UPY": false,
		"ins-r8hr2upy0": false, "i-r8hr2upy": false, "ins_r8hr2upy": false, "": false, "ins-r8hr2up!": false,
	} {
		if wellFormedID(id) != ok {
			t.Errorf("wellFormedID(%q) = %v, want %v", id, !ok, ok)
		}
	}
	a, b := instanceUUID("ins-r8hr2upy"), instanceUUID("ins-5d8a23rs")
	if a == b || len(a) != 36 || a != instanceUUID("ins-r8hr2upy") {
		t.Errorf("UUIDs %s %s are not stable and distinct", a, b)
	}
}

func TestInstanceShape(t *testing.T) {
	for typ, want := range map[string][2]int{
		"S5.SMALL1": {1, 1}, "S5.MEDIUM4": {2, 4}, "S5.LARGE8": {4, 8}, "SA2.2XLARGE16": {8, 16},
		"M5.8XLARGE128": {32, 128}, "weird": {1, 1}, "S5.HUGE": {1, 1}, "S5.": {1, 1},
	} {
		if cpu, mem := instanceShape(typ); cpu != want[0] || mem != want[1] {
			t.Errorf("instanceShape(%s) = %d, %d; want %d, %d", typ, cpu, mem, want[0], want[1])
		}
	}
}
