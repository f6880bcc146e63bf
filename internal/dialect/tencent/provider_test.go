package tencent_test

// Replays of what terraform-provider-tencentcloud calls, resource by
// resource, through the official Go SDKs at the versions the provider
// vendors where the module proxy serves them (cvm v1.3.130, cbs v1.3.115,
// api v1.0.285) and otherwise the nearest it serves (vpc v1.0.1000, tag
// v1.1.0), all on common v1.3.209.
//
// References are to the provider at f6970a90038400958503a0edab62c6c463baa7b0
// (svc/ is tencentcloud/services/), as /work/notes/tencent-provider.md
// gives them. Each replay makes the calls the provider's create, read,
// update, import (a read) and delete make, with the same parameters, and
// checks what the provider reads: present, equal to what was set, and never
// null where the provider dereferences it.

import (
	"reflect"
	"testing"
	"time"

	api "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/api/v20201106"
	cbs "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cbs/v20170312"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
	tag "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/tag/v20180813"
	vpc "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/vpc/v20170312"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/store/postgres/pgtest"
)

// provider holds a client of each service, made as the provider makes them
// (tencentcloud/connectivity/client.go:274-289: POST, en-US), pointed at
// ecsd by Endpoint and Scheme.
type provider struct {
	t   *testing.T
	env *apptest.Env
	cvm *cvm.Client
	vpc *vpc.Client
	cbs *cbs.Client
	tag *tag.Client
	api *api.Client
}

func newProvider(t *testing.T, env *apptest.Env) *provider {
	t.Helper()
	cred := common.NewCredential(apptest.AccessKeyID, apptest.AccessKeySecret)
	cpf := func() *profile.ClientProfile {
		p := profile.NewClientProfile()
		p.HttpProfile.Endpoint, p.HttpProfile.Scheme, p.HttpProfile.ReqMethod = env.Host, "HTTP", "POST"
		p.Language = "en-US"
		return p
	}
	p := &provider{t: t, env: env}
	var err error
	if p.cvm, err = cvm.NewClient(cred, region, cpf()); err != nil {
		t.Fatal(err)
	}
	if p.vpc, err = vpc.NewClient(cred, region, cpf()); err != nil {
		t.Fatal(err)
	}
	if p.cbs, err = cbs.NewClient(cred, region, cpf()); err != nil {
		t.Fatal(err)
	}
	if p.tag, err = tag.NewClient(cred, region, cpf()); err != nil {
		t.Fatal(err)
	}
	if p.api, err = api.NewClient(cred, region, cpf()); err != nil {
		t.Fatal(err)
	}
	return p
}

// deref is *v, failing the test when v is nil: a field the provider
// dereferences without a check.
func deref[T any](t *testing.T, what string, v *T) T {
	t.Helper()
	if v == nil {
		t.Fatalf("%s is null; the provider dereferences it", what)
	}
	return *v
}

// equal fails unless got (a pointer the provider reads) holds want.
func equal[T comparable](t *testing.T, what string, got *T, want T) {
	t.Helper()
	if v := deref(t, what, got); v != want {
		t.Errorf("%s = %v, want %v", what, v, want)
	}
}

// noNilPointers fails for every nil pointer, slice or map among the
// exported fields of v, recursively: a response where every field of the
// SDK's struct is filled. skip names fields allowed to be null.
func noNilPointers(t *testing.T, what string, v any, skip ...string) {
	t.Helper()
	var walk func(path string, rv reflect.Value)
	walk = func(path string, rv reflect.Value) {
		for _, s := range skip {
			if s == path {
				return
			}
		}
		switch rv.Kind() {
		case reflect.Pointer:
			if rv.IsNil() {
				t.Errorf("%s: %s is null", what, path)
				return
			}
			walk(path, rv.Elem())
		case reflect.Slice:
			if rv.IsNil() {
				t.Errorf("%s: %s is null, want a list (empty if need be)", what, path)
				return
			}
			for i := 0; i < rv.Len(); i++ {
				walk(path+"[]", rv.Index(i))
			}
		case reflect.Struct:
			for i := 0; i < rv.NumField(); i++ {
				f := rv.Type().Field(i)
				if f.IsExported() && !f.Anonymous {
					walk(path+"."+f.Name, rv.Field(i))
				}
			}
		}
	}
	walk("", reflect.ValueOf(v))
}

// settle moves ecsd's clock past every transition, as the provider's
// polling loops wait for them.
func (p *provider) settle() { p.env.Clock.Advance(2 * apptest.DefaultDelay) }

// describeInstance is DescribeInstanceById (svc/cvm/service_tencentcloud_cvm.go:68-91):
// InstanceIds only, no Limit; InstanceSet[0] or nil.
func (p *provider) describeInstance(id string) *cvm.Instance {
	p.t.Helper()
	req := cvm.NewDescribeInstancesRequest()
	req.InstanceIds = []*string{&id}
	resp, err := p.cvm.DescribeInstances(req)
	check(p.t, err)
	if len(resp.Response.InstanceSet) == 0 {
		return nil
	}
	return resp.Response.InstanceSet[0]
}

// describeTags is TagService.DescribeResourceTags
// (svc/tag/service_tencentcloud_tag.go:67-114): ServiceType, ResourcePrefix,
// ResourceRegion, one ResourceId, Limit 20, paging while a page is full;
// tags of other resources are ignored.
func (p *provider) describeTags(service, prefix, id string) map[string]string {
	p.t.Helper()
	tags := map[string]string{}
	for offset := uint64(0); ; offset += 20 {
		req := tag.NewDescribeResourceTagsByResourceIdsRequest()
		req.ServiceType, req.ResourcePrefix, req.ResourceRegion = ptr(service), ptr(prefix), ptr(region)
		req.ResourceIds = []*string{&id}
		req.Limit, req.Offset = ptr(uint64(20)), ptr(offset)
		resp, err := p.tag.DescribeResourceTagsByResourceIds(req)
		check(p.t, err)
		for _, t := range resp.Response.Tags {
			if deref(p.t, "Tags[].ResourceId", t.ResourceId) != id {
				continue
			}
			tags[deref(p.t, "Tags[].TagKey", t.TagKey)] = deref(p.t, "Tags[].TagValue", t.TagValue)
		}
		if len(resp.Response.Tags) < 20 {
			return tags
		}
	}
}

// modifyTags is TagService.ModifyTags (svc/tag/service_tencentcloud_tag.go:30-65)
// on the name BuildTagResourceName makes (tencentcloud/common/common.go:424-432):
// qcs::SERVICE:REGION:uin/:PREFIX/ID, with no account.
func (p *provider) modifyTags(service, prefix, id string, replace map[string]string, drop ...string) {
	p.t.Helper()
	req := tag.NewModifyResourceTagsRequest()
	req.Resource = ptr("qcs::" + service + ":" + region + ":uin/:" + prefix + "/" + id)
	for k, v := range replace {
		req.ReplaceTags = append(req.ReplaceTags, &tag.Tag{TagKey: ptr(k), TagValue: ptr(v)})
	}
	for _, k := range drop {
		req.DeleteTags = append(req.DeleteTags, &tag.TagKeyObject{TagKey: ptr(k)})
	}
	_, err := p.tag.ModifyResourceTags(req)
	check(p.t, err)
}

func wantTags(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s tags = %v, want %v", what, got, want)
	}
}

// rfc3339 fails unless s parses as the RFC 3339 times the provider sorts
// and shows.
func rfc3339(t *testing.T, what string, s *string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, deref(t, what, s))
	if err != nil {
		t.Errorf("%s %q is not RFC 3339", what, *s)
	}
	return at
}

// TestProviderReplays runs every replay on SQLite and on PostgreSQL, the
// two stores a deployment uses.
func TestProviderReplays(t *testing.T) {
	replays := []struct {
		name string
		run  func(t *testing.T, env *apptest.Env)
	}{
		{"ProviderInstanceExample", replayProviderInstanceExample},
		{"ProviderInstance", replayProviderInstance},
		{"DescribeInstancesDocumentedFields", replayDescribeInstancesDocumentedFields},
		{"ProviderVpc", replayProviderVpc},
		{"ProviderSubnet", replayProviderSubnet},
		{"ProviderSecurityGroup", replayProviderSecurityGroup},
		{"ProviderCbsStorage", replayProviderCbsStorage},
		{"ProviderKeyPair", replayProviderKeyPair},
		{"ProviderDataSources", replayProviderDataSources},
	}
	stores := []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"sqlite", func(*testing.T) string { return "" }},
		{"postgres", func(t *testing.T) string { return pgtest.DSN(t) }},
	}
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			for _, r := range replays {
				t.Run(r.name, func(t *testing.T) { r.run(t, apptest.Start(t, apptest.Options{DB: s.db(t)})) })
			}
		})
	}
}
