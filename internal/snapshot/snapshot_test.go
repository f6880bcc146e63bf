package snapshot_test

import (
	"context"
	"encoding/json"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/snapshot"
	"github.com/ecsd/ecsd/internal/store/memory"
)

// profile is a small cloud: two regions, two images, two types, one disk
// category.
func profile() compute.Profile {
	rules := compute.Rules{
		NetworkBits: compute.PrefixBits{Min: 8, Max: 28}, SubnetBits: compute.PrefixBits{Min: 16, Max: 29},
		DefaultNetworkCIDR: netip.MustParsePrefix("172.16.0.0/12"), DefaultSubnetBits: 20, ReservedLow: 1, ReservedHigh: 3,
		PublicPool: netip.MustParsePrefix("47.96.0.0/16"), MACPrefix: [3]byte{0, 0x16, 0x3e}, DevicePrefix: "/dev/xvd",
		SecurityGroupsNeedNetwork: true,
	}
	return compute.Profile{Rules: rules, Catalog: compute.Catalog{
		Regions: []compute.Region{
			{ID: "cn-hangzhou", Zones: []compute.Zone{{ID: "cn-hangzhou-b"}, {ID: "cn-hangzhou-g"}}},
			{ID: "cn-shanghai", Zones: []compute.Zone{{ID: "cn-shanghai-b"}}},
		},
		Images:         []compute.Image{{ID: "aliyun_3_x64", SizeGiB: 20}, {ID: "ubuntu_22_04_x64", SizeGiB: 30}},
		InstanceTypes:  []compute.InstanceType{{ID: "ecs.g7.large"}, {ID: "ecs.c7.large"}},
		DiskCategories: []compute.DiskCategory{{ID: "cloud_essd", MinGiB: 20, MaxGiB: 32768, SystemMinGiB: 20, SystemMaxGiB: 2048}},
	}}
}

type env struct {
	ctx      context.Context
	clock    *computetest.Clock
	store    *memory.Store
	svc      *compute.Service
	loader   snapshot.Loader
	accounts auth.Store
}

func newEnv(t *testing.T) *env {
	clock := computetest.NewClock(time.Time{})
	store := memory.New()
	profiles := compute.Profiles{compute.CloudAliyun: profile()}
	svc := compute.NewService(compute.Config{Store: store, Clock: clock, TransitionDelay: 5 * time.Second, Profiles: profiles})
	loading := compute.NewService(compute.Config{Store: store, Clock: clock, Profiles: profiles})
	return &env{ctx: t.Context(), clock: clock, store: store, svc: svc, accounts: store,
		loader: snapshot.Loader{Store: store, Accounts: store, Service: loading}}
}

func (e *env) account(t *testing.T, name, keyID string) compute.Owner {
	t.Helper()
	a, k, err := auth.NewAccount(name, keyID, "secret-"+keyID, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.accounts.CreateAccount(e.ctx, a, k); err != nil {
		t.Fatal(err)
	}
	return compute.Owner{Account: a.ID, Cloud: compute.CloudAliyun}
}

func (e *env) export(t *testing.T, secrets bool) []byte {
	t.Helper()
	doc, err := snapshot.Export(e.ctx, e.store, e.accounts, e.clock.Now(), secrets)
	if err != nil {
		t.Fatal(err)
	}
	doc.ExportedAt = nil
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func (e *env) load(t *testing.T, data string) (snapshot.Loaded, error) {
	t.Helper()
	doc, err := snapshot.Parse([]byte(data))
	if err != nil {
		return nil, err
	}
	return e.loader.Import(e.ctx, doc)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestRoundTrip: an inventory exported, reset and imported is exported
// again exactly as it was, and shows the same to the core: IDs, statuses
// in transit, addresses derived from serials.
func TestRoundTrip(t *testing.T) {
	e := newEnv(t)
	owner := e.account(t, "alice", "AKALICE")
	n := must(e.svc.CreateNetwork(e.ctx, compute.NetworkSpec{Owner: owner, Region: "cn-hangzhou", CIDR: netip.MustParsePrefix("10.0.0.0/16"),
		Name: "main", Tags: []compute.Tag{{Key: "env", Value: "test"}}, Extra: map[string]string{"EnableIpv6": "false"}}))
	e.clock.Advance(5 * time.Second)
	sub := must(e.svc.CreateSubnet(e.ctx, compute.SubnetSpec{Owner: owner, Network: n.ID, Zone: "cn-hangzhou-b", CIDR: netip.MustParsePrefix("10.0.1.0/24")}))
	e.clock.Advance(5 * time.Second)
	g := must(e.svc.CreateSecurityGroup(e.ctx, compute.SecurityGroupSpec{Owner: owner, Region: "cn-hangzhou", Network: n.ID,
		Rules: []compute.SecurityRule{{Direction: compute.Ingress, Protocol: "tcp", Ports: "22/22", CIDR: "0.0.0.0/0", Policy: compute.Accept, Priority: 1}}}))
	kp, _ := must2(e.svc.CreateKeyPair(e.ctx, compute.KeyPairSpec{Owner: owner, Region: "cn-hangzhou", Name: "kp"}))
	insts := must(e.svc.Launch(e.ctx, compute.LaunchSpec{Owner: owner, Region: "cn-hangzhou", Count: 3, ImageID: "aliyun_3_x64",
		InstanceType: "ecs.g7.large", Subnet: sub.ID, SecurityGroups: []compute.SecurityGroupID{g.ID}, KeyPair: kp.ID,
		BandwidthOut: 5, SystemDisk: compute.DiskSpec{Category: "cloud_essd", SizeGiB: 40},
		DataDisks: []compute.DiskSpec{{Category: "cloud_essd", SizeGiB: 100, DeleteWithInstance: true}}, Tags: []compute.Tag{{Key: "app", Value: "web"}}}))
	e.clock.Advance(5 * time.Second)
	if _, err := e.svc.Act(e.ctx, compute.OpStop, compute.Selection{Owner: owner, IDs: []compute.InstanceID{insts[1].ID}}, compute.ActOptions{AllOrNothing: true}); err != nil {
		t.Fatal(err)
	}
	// A data disk detached from a running instance, still detaching,
	// keeps the instance it left.
	disks := must(e.svc.InstanceDisks(e.ctx, owner, []compute.InstanceID{insts[0].ID}))[insts[0].ID]
	if _, err := e.svc.DetachDisk(e.ctx, owner, disks[1].ID, insts[0].ID); err != nil {
		t.Fatal(err)
	}
	before := e.export(t, false)
	if !strings.Contains(string(before), `"last_instance": "`+string(insts[0].ID)+`"`) {
		t.Errorf("the export does not keep the detached disk's instance:\n%s", before)
	}
	listed := must(e.svc.List(e.ctx, compute.Query{Owner: owner, Limit: 10}))

	removed := must(e.svc.Reset(e.ctx, owner))
	if removed[compute.KindInstance] != 3 {
		t.Fatalf("reset removed %v", removed)
	}
	loaded, err := e.load(t, string(before))
	if err != nil {
		t.Fatal(err)
	}
	if got := loaded["alice"][compute.CloudAliyun]; got[compute.KindInstance] != 3 || got[compute.KindDisk] != 6 || got[compute.KindNetwork] != 1 {
		t.Errorf("loaded %v", got)
	}
	if after := e.export(t, false); string(after) != string(before) {
		t.Errorf("the export after a round trip differs:\n%s\nwant:\n%s", after, before)
	}
	again := must(e.svc.List(e.ctx, compute.Query{Owner: owner, Limit: 10}))
	if !reflect.DeepEqual(again, listed) {
		t.Errorf("listed after the round trip:\n%+v\nwant\n%+v", again, listed)
	}
	if again.Instances[1].Status != compute.StatusStopping || !again.Instances[0].PublicIP.IsValid() {
		t.Errorf("the stopping instance shows %s, the first public IP %v", again.Instances[1].Status, again.Instances[0].PublicIP)
	}
	// Time goes on for the restored instance as it would have.
	e.clock.Advance(5 * time.Second)
	if got := must(e.svc.List(e.ctx, compute.Query{Owner: owner, IDs: []compute.InstanceID{insts[1].ID}, Limit: 1})); got.Instances[0].Status != compute.StatusStopped {
		t.Errorf("the restored stopping instance is %s after the delay", got.Instances[0].Status)
	}
	// What is made after the import does not collide with what it restored.
	later := must(e.svc.Launch(e.ctx, compute.LaunchSpec{Owner: owner, Region: "cn-hangzhou", Count: 1, ImageID: "aliyun_3_x64", InstanceType: "ecs.g7.large", Subnet: sub.ID, BandwidthOut: 1}))
	for _, inst := range again.Instances {
		if inst.PublicIP == later[0].PublicIP || inst.PrivateIP == later[0].PrivateIP {
			t.Errorf("a new instance got %v / %v, which %s has", later[0].PublicIP, later[0].PrivateIP, inst.ID)
		}
	}
	if _, err := e.load(t, string(before)); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("importing over what is there: %v; want a refusal", err)
	}
}

func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

// TestSecrets: keys' secrets leave only when asked for, and a new account
// comes only with one.
func TestSecrets(t *testing.T) {
	e := newEnv(t)
	e.account(t, "alice", "AKALICE")
	if strings.Contains(string(e.export(t, false)), "secret-AKALICE") {
		t.Error("an export without secrets holds one")
	}
	withSecrets := e.export(t, true)
	if !strings.Contains(string(withSecrets), `"secret": "secret-AKALICE"`) {
		t.Fatalf("an export with secrets lacks one:\n%s", withSecrets)
	}
	fresh := newEnv(t)
	if _, err := fresh.load(t, string(e.export(t, false))); err == nil || !strings.Contains(err.Error(), "accounts[0].keys") {
		t.Errorf("importing a new account without its secret: %v", err)
	}
	if _, err := fresh.load(t, string(withSecrets)); err != nil {
		t.Fatalf("importing with secrets: %v", err)
	}
	k, err := fresh.accounts.AccessKey(fresh.ctx, "AKALICE")
	if err != nil || k.Secret != "secret-AKALICE" {
		t.Errorf("the imported key: %+v %v", k, err)
	}
	accounts := must(fresh.accounts.Accounts(fresh.ctx))
	orig := must(e.accounts.Accounts(e.ctx))
	if accounts[0].ID != orig[0].ID {
		t.Errorf("the imported account has ID %s, want %s", accounts[0].ID, orig[0].ID)
	}
}

// TestSeveralKeys: an account's every key, enabled or not, goes out in an
// export and comes back in an import.
func TestSeveralKeys(t *testing.T) {
	e := newEnv(t)
	owner := e.account(t, "alice", "AKALICE")
	e.clock.Advance(time.Second)
	second, _ := auth.NewKey(owner.Account, "AKALICE2", "secret-2", e.clock.Now())
	second.Disabled = true
	if err := e.store.AddKey(e.ctx, second); err != nil {
		t.Fatal(err)
	}
	fresh := newEnv(t)
	if _, err := fresh.load(t, string(e.export(t, true))); err != nil {
		t.Fatalf("importing: %v", err)
	}
	keys := must(fresh.accounts.AccessKeys(fresh.ctx, owner.Account))
	if len(keys) != 2 || keys[0].ID != "AKALICE" || keys[1].ID != "AKALICE2" || !keys[1].Disabled || keys[1].Secret != "secret-2" ||
		!keys[1].CreatedAt.Equal(second.CreatedAt) {
		t.Errorf("the imported keys: %+v", keys)
	}
}

// TestFixture: a fixture written by hand, a few lines, names what it
// refers to and gets defaults for the rest.
func TestFixture(t *testing.T) {
	e := newEnv(t)
	loaded, err := e.load(t, `{"ecsd_snapshot": 1, "accounts": [{"name": "ci", "keys": [{"id": "CIKEY", "secret": "CISECRET"}],
	  "aliyun": {
	    "networks": [{"name": "main", "cidr": "192.168.0.0/16"}],
	    "subnets": [{"name": "app", "network": "main", "zone": "cn-hangzhou-g", "cidr": "192.168.1.0/24"}],
	    "key_pairs": [{"name": "deploy", "region": "cn-hangzhou"}],
	    "instances": [
	      {"count": 3},
	      {"name": "db", "subnet": "app", "key_pair": "deploy", "status": "stopped", "private_ip": "192.168.1.10",
	       "tags": [{"key": "role", "value": "db"}]}
	    ]}}]}`)
	if err != nil {
		t.Fatal(err)
	}
	if got := loaded["ci"][compute.CloudAliyun][compute.KindInstance]; got != 4 {
		t.Errorf("loaded %v", loaded)
	}
	k, err := e.accounts.AccessKey(e.ctx, "CIKEY")
	if err != nil {
		t.Fatal(err)
	}
	owner := compute.Owner{Account: k.Account, Cloud: compute.CloudAliyun}
	page := must(e.svc.List(e.ctx, compute.Query{Owner: owner, Limit: 10}))
	if page.Total != 4 {
		t.Fatalf("%d instances, want 4", page.Total)
	}
	for _, inst := range page.Instances[:3] {
		if inst.Status != compute.StatusRunning || inst.Region != "cn-hangzhou" || inst.Zone != "cn-hangzhou-b" ||
			inst.ImageID != "aliyun_3_x64" || inst.InstanceType != "ecs.g7.large" || inst.SystemDisk.SizeGiB != 20 {
			t.Errorf("a defaulted instance: %+v", inst)
		}
	}
	db := page.Instances[3]
	subs := must(e.svc.Subnets(e.ctx, owner, compute.Filter{}))
	var app compute.Subnet
	for _, s := range subs {
		if s.Name == "app" {
			app = s
		}
	}
	kp := must(e.svc.KeyPairNamed(e.ctx, owner, "cn-hangzhou", "deploy"))
	if db.Status != compute.StatusStopped || db.Subnet != app.ID || db.Zone != "cn-hangzhou-g" || db.KeyPair != kp.ID ||
		db.PrivateIP.String() != "192.168.1.10" || db.Tags[0].Value != "db" {
		t.Errorf("the named instance: %+v", db)
	}
}

// TestParseErrors: a broken document is refused with where it breaks.
func TestParseErrors(t *testing.T) {
	cases := []struct{ name, doc, want string }{
		{"not JSON", "{\n  \"ecsd_snapshot\": 1,\n  \"accounts\": [}", "line 3, column"},
		{"unknown field", `{"ecsd_snapshot": 1, "accounts": [{"name": "a", "aliyun": {"vms": []}}]}`, `"vms" is not a field`},
		{"wrong type", "{\"ecsd_snapshot\": 1,\n\"accounts\": [{\"name\": \"a\", \"aliyun\": {\"instances\": [{\"count\": \"3\"}]}}]}", "line 2"},
		{"wrong version", `{"ecsd_snapshot": 2, "accounts": []}`, "version 2"},
		{"no version", `{"accounts": []}`, "version 0"},
		{"trailing data", `{"ecsd_snapshot": 1, "accounts": []} {}`, "more after the document"},
		{"truncated", `{"ecsd_snapshot": 1, "accounts": [`, "line 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := snapshot.Parse([]byte(c.doc))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Parse = %v, want an error holding %q", err, c.want)
			}
		})
	}
}

// TestInvalidFixtures: what a document gets wrong is named by its path,
// and a document that fails loads nothing.
func TestInvalidFixtures(t *testing.T) {
	account := func(inv string) string {
		return `{"ecsd_snapshot": 1, "accounts": [{"name": "ci", "keys": [{"id": "CIKEY", "secret": "S"}], "aliyun": ` + inv + `}]}`
	}
	cases := []struct{ name, doc, want string }{
		{"an unknown status", account(`{"instances": [{"status": "sleeping"}]}`), "accounts[0].aliyun.instances[0].status"},
		{"an unknown zone", account(`{"instances": [{"zone": "cn-hangzhou-z"}]}`), "accounts[0].aliyun.instances[0]: zone"},
		{"an unknown image", account(`{"instances": [{"image_id": "nope"}]}`), `image "nope" does not exist`},
		{"a subnet of an unknown network", account(`{"subnets": [{"network": "nope", "zone": "cn-hangzhou-b", "cidr": "10.0.0.0/24"}]}`), "accounts[0].aliyun.subnets[0]"},
		{"a bad CIDR", account(`{"networks": [{"cidr": "10.0.0.0/33"}]}`), "accounts[0].aliyun.networks[0].cidr"},
		{"an ID twice", account(`{"key_pairs": [{"id": "kp-1", "name": "a"}, {"id": "kp-1", "name": "b"}]}`), "key_pair kp-1 is in the document twice"},
		{"a bad disk status", account(`{"disks": [{"id": "d-1", "category": "cloud_essd", "size_gib": 20, "status": "melted"}]}`), "accounts[0].aliyun.disks[0].status"},
		{"an account named twice", `{"ecsd_snapshot": 1, "accounts": [{"name": "a", "keys": [{"id": "K1", "secret": "S"}]}, {"name": "a"}]}`, "accounts[1].name"},
		{"a bad account name", `{"ecsd_snapshot": 1, "accounts": [{"name": "a b", "keys": [{"id": "K1", "secret": "S"}]}]}`, "accounts[0].name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			_, err := e.load(t, c.doc)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("load = %v, want an error holding %q", err, c.want)
			}
		})
	}
	t.Run("nothing half-loaded", func(t *testing.T) {
		e := newEnv(t)
		_, err := e.load(t, account(`{"networks": [{"name": "n", "cidr": "10.0.0.0/16"}], "instances": [{"count": 2}, {"image_id": "nope"}]}`))
		if err == nil {
			t.Fatal("the broken fixture loaded")
		}
		k, err := e.accounts.AccessKey(e.ctx, "CIKEY")
		if err != nil {
			t.Fatal(err)
		}
		owner := compute.Owner{Account: k.Account, Cloud: compute.CloudAliyun}
		if p := must(e.svc.List(e.ctx, compute.Query{Owner: owner, Limit: 10})); p.Total != 0 {
			t.Errorf("%d instances stayed from a fixture that failed", p.Total)
		}
		if nets := must(e.svc.Networks(e.ctx, owner, compute.Filter{})); len(nets) != 0 {
			t.Errorf("%d networks stayed from a fixture that failed", len(nets))
		}
	})
}
