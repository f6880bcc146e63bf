package aliyun_test

// A generic driver of the official SDKs for the resources around
// instances: a test names an action and its parameters by their wire
// names, and each SDK sends them through its own typed request of that
// action and decodes the answer into its own typed response. Reflection
// only fills the SDK's request struct and reads its response struct; the
// SDK itself builds, signs, sends and parses the call.

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	teaecs "github.com/alibabacloud-go/ecs-20140526/v4/client"
	"github.com/alibabacloud-go/tea/tea"
	teavpc "github.com/alibabacloud-go/vpc-20160428/v6/client"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	classicvpc "github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/dialect/aliyun"
)

// product names an API: ECS or the VPC API.
type product int

const (
	productECS product = iota
	productVPC
)

// wire is a request's parameters by their wire names. Values are strings,
// ints, bools, []string (a repeated Name.N), []wire (Name.N.Field) or wire
// (Name.Field).
type wire map[string]any

// sdk drives ecsd through one SDK.
type sdk struct {
	name string
	// call sends action with p and returns the SDK's typed response body
	// (a pointer to a struct) and, where the SDK keeps it, the raw JSON.
	call func(t *testing.T, prod product, action string, p wire) (body any, raw []byte, err error)
}

// resourceSDKs are the SDKs the resource tests run through: the classic
// SDK (RPC v1 over the query) and the Tea SDK (ACS3).
func resourceSDKs(t *testing.T, env *apptest.Env, region, keyID, secret string) []sdk {
	return []sdk{genericClassic(t, env.Host, region, keyID, secret), genericTea(t, env.Host, region, keyID, secret)}
}

// eachResourceSDK runs f once per SDK against a fresh ecsd.
func eachResourceSDK(t *testing.T, f func(t *testing.T, env *apptest.Env, s sdk)) {
	for i, name := range []string{"classic-rpc-v1", "tea-acs3"} {
		t.Run(name, func(t *testing.T) {
			env := apptest.Start(t, apptest.Options{})
			f(t, env, resourceSDKs(t, env, region, apptest.AccessKeyID, apptest.AccessKeySecret)[i])
		})
	}
}

// --- the classic SDK ---

func genericClassic(t *testing.T, host, region, keyID, secret string) sdk {
	t.Helper()
	ecsClient, err := classicecs.NewClientWithAccessKey(region, keyID, secret)
	if err != nil {
		t.Fatal(err)
	}
	ecsClient.Domain = host
	vpcClient, err := classicvpc.NewClientWithAccessKey(region, keyID, secret)
	if err != nil {
		t.Fatal(err)
	}
	vpcClient.Domain = host
	return sdk{name: "classic", call: func(t *testing.T, prod product, action string, p wire) (any, []byte, error) {
		t.Helper()
		client, api, version, code := reflect.ValueOf(ecsClient), "Ecs", aliyun.Version, "ecs"
		if prod == productVPC {
			client, api, version, code = reflect.ValueOf(vpcClient), "Vpc", aliyun.VPCVersion, "vpc"
		}
		m := client.MethodByName(action)
		if !m.IsValid() {
			t.Fatalf("the classic SDK has no action %s", action)
		}
		req := reflect.New(m.Type().In(0).Elem())
		rpc := &requests.RpcRequest{}
		req.Elem().FieldByName("RpcRequest").Set(reflect.ValueOf(rpc))
		rpc.InitWithApiInfo(api, version, action, code, "openAPI")
		rpc.Method = requests.POST
		for name, v := range p {
			if name == "RegionId" {
				rpc.RegionId = v.(string)
				continue
			}
			setClassic(t, req.Elem(), name, v)
		}
		out := m.Call([]reflect.Value{req})
		resp := out[0].Interface()
		var raw []byte
		if r, ok := resp.(responses.AcsResponse); ok && !out[0].IsNil() {
			raw = r.GetHttpContentBytes()
		}
		err, _ := out[1].Interface().(error)
		return resp, raw, err
	}}
}

// setClassic sets the field of a classic request named (by its name tag)
// after a wire parameter.
func setClassic(t *testing.T, req reflect.Value, name string, v any) {
	t.Helper()
	f, ok := fieldByTag(req, "name", name)
	if !ok {
		t.Fatalf("the classic request %s has no parameter %s", req.Type().Name(), name)
	}
	switch val := v.(type) {
	case []string:
		s := slices.Clone(val)
		f.Set(reflect.ValueOf(&s))
	case []wire:
		list := reflect.MakeSlice(f.Type().Elem(), len(val), len(val))
		for i, item := range val {
			for k, iv := range item {
				setClassic(t, list.Index(i), k, iv)
			}
		}
		ptr := reflect.New(list.Type())
		ptr.Elem().Set(list)
		f.Set(ptr)
	case wire:
		for k, iv := range val {
			setClassic(t, f, k, iv)
		}
	default:
		if f.Kind() == reflect.Ptr && f.Type().Elem().Kind() == reflect.Slice {
			// A repeated parameter given one value.
			s := []string{fmt.Sprint(v)}
			f.Set(reflect.ValueOf(&s))
			return
		}
		f.SetString(fmt.Sprint(v))
	}
}

// fieldByTag finds the field of struct v whose tag key is name.
func fieldByTag(v reflect.Value, key, name string) (reflect.Value, bool) {
	for v.Kind() == reflect.Ptr {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get(key), ",")[0]
		if tag == name {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// --- the Tea SDK ---

func genericTea(t *testing.T, host, region, keyID, secret string) sdk {
	t.Helper()
	cfg := func() *openapi.Config {
		return &openapi.Config{
			AccessKeyId: tea.String(keyID), AccessKeySecret: tea.String(secret), RegionId: tea.String(region),
			Endpoint: tea.String(host), Protocol: tea.String("HTTP"),
		}
	}
	ecsClient, err := teaecs.NewClient(cfg())
	if err != nil {
		t.Fatal(err)
	}
	vpcClient, err := teavpc.NewClient(cfg())
	if err != nil {
		t.Fatal(err)
	}
	return sdk{name: "tea", call: func(t *testing.T, prod product, action string, p wire) (any, []byte, error) {
		t.Helper()
		client := reflect.ValueOf(ecsClient)
		if prod == productVPC {
			client = reflect.ValueOf(vpcClient)
		}
		m := client.MethodByName(action)
		if !m.IsValid() {
			t.Fatalf("the Tea SDK has no action %s", action)
		}
		req := reflect.New(m.Type().In(0).Elem())
		for name, v := range p {
			setTea(t, req.Elem(), name, v)
		}
		out := m.Call([]reflect.Value{req})
		err, _ := out[1].Interface().(error)
		if err != nil || out[0].IsNil() {
			return nil, nil, err
		}
		return out[0].Elem().FieldByName("Body").Interface(), nil, nil
	}}
}

// setTea sets the field of a Tea request named (by its json tag) after a
// wire parameter.
func setTea(t *testing.T, req reflect.Value, name string, v any) {
	t.Helper()
	f, ok := fieldByTag(req, "json", name)
	if !ok {
		t.Fatalf("the Tea request %s has no parameter %s", req.Type().Name(), name)
	}
	switch val := v.(type) {
	case []string:
		f.Set(reflect.ValueOf(tea.StringSlice(val)))
	case []wire:
		list := reflect.MakeSlice(f.Type(), len(val), len(val))
		for i, item := range val {
			elem := reflect.New(f.Type().Elem().Elem())
			for k, iv := range item {
				setTea(t, elem.Elem(), k, iv)
			}
			list.Index(i).Set(elem)
		}
		f.Set(list)
	case wire:
		for k, iv := range val {
			setTea(t, f, k, iv)
		}
	default:
		if f.Kind() == reflect.Slice {
			f.Set(reflect.ValueOf(tea.StringSlice([]string{fmt.Sprint(v)})))
			return
		}
		setScalar(t, f, v)
	}
}

// setScalar sets a Tea pointer field (*string, *int32, *int64, *bool,
// *float32) from a Go value or its decimal spelling.
func setScalar(t *testing.T, f reflect.Value, v any) {
	t.Helper()
	s := fmt.Sprint(v)
	elem := reflect.New(f.Type().Elem())
	switch f.Type().Elem().Kind() {
	case reflect.String:
		elem.Elem().SetString(s)
	case reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("%v is not an integer", v)
		}
		elem.Elem().SetInt(n)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			t.Fatalf("%v is not a boolean", v)
		}
		elem.Elem().SetBool(b)
	case reflect.Float32, reflect.Float64:
		n, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%v is not a number", v)
		}
		elem.Elem().SetFloat(n)
	default:
		t.Fatalf("no way to set a %s", f.Type())
	}
	f.Set(elem)
}

// --- reading typed responses ---

// pick reads a value out of a typed response (either SDK's) by a path of
// field names and list indexes: "Vpcs.Vpc.0.VpcId". Pointers are followed;
// integers come back as int64, strings as string, booleans as bool. A
// missing field fails the test; a nil pointer reads as nil.
func pick(t *testing.T, v any, path string) any {
	t.Helper()
	cur := reflect.ValueOf(v)
	for _, part := range strings.Split(path, ".") {
		for cur.Kind() == reflect.Ptr || cur.Kind() == reflect.Interface {
			if cur.IsNil() {
				return nil
			}
			cur = cur.Elem()
		}
		switch cur.Kind() {
		case reflect.Slice:
			i, err := strconv.Atoi(part)
			if err != nil || i >= cur.Len() {
				t.Fatalf("path %s: no element %s of %d", path, part, cur.Len())
			}
			cur = cur.Index(i)
		case reflect.Struct:
			f := cur.FieldByName(part)
			if !f.IsValid() {
				// Field names follow the wire names, with Id for ID.
				if f, _ = fieldByTag(cur, "json", part); !f.IsValid() {
					t.Fatalf("path %s: %s has no field %s", path, cur.Type(), part)
				}
			}
			cur = f
		default:
			t.Fatalf("path %s: cannot step into a %s at %s", path, cur.Kind(), part)
		}
	}
	for cur.Kind() == reflect.Ptr {
		if cur.IsNil() {
			return nil
		}
		cur = cur.Elem()
	}
	switch cur.Kind() {
	case reflect.Int, reflect.Int32, reflect.Int64:
		return cur.Int()
	case reflect.String:
		return cur.String()
	case reflect.Bool:
		return cur.Bool()
	}
	return cur.Interface()
}

// count reads the length of a list in a typed response.
func count(t *testing.T, v any, path string) int {
	t.Helper()
	cur := reflect.ValueOf(pick(t, v, path))
	if !cur.IsValid() {
		return 0
	}
	if cur.Kind() != reflect.Slice {
		t.Fatalf("path %s is a %s, not a list", path, cur.Kind())
	}
	return cur.Len()
}

// str and num read a string or an integer by path.
func str(t *testing.T, v any, path string) string {
	t.Helper()
	s, _ := pick(t, v, path).(string)
	return s
}

func num(t *testing.T, v any, path string) int64 {
	t.Helper()
	n, _ := pick(t, v, path).(int64)
	return n
}

func boolean(t *testing.T, v any, path string) bool {
	t.Helper()
	b, _ := pick(t, v, path).(bool)
	return b
}

// --- every field of the SDKs' response structs ---

// checkFields checks that a raw JSON response holds every field of the
// response structs of both SDKs for the action: present, not null, and of
// the JSON type the field's Go type needs. Lists must hold at least one
// element for their elements to be checked, so tests give them one.
// ignore lists paths ("Tags.Tag[].Key") of fields a struct carries only
// because the SDK reuses one struct type across actions.
func checkFields(t *testing.T, prod product, action string, raw []byte, ignore ...string) {
	t.Helper()
	var doc any
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	if err := d.Decode(&doc); err != nil {
		t.Fatalf("%s: the response is not JSON: %v\n%s", action, err, raw)
	}
	classic, tea := responseTypes(t, prod, action)
	var problems []string
	walkFields(classic, doc, "", ignore, &problems)
	walkFields(tea, doc, "", ignore, &problems)
	slices.Sort(problems)
	problems = slices.Compact(problems)
	for _, p := range problems {
		t.Errorf("%s: %s", action, p)
	}
}

// responseTypes are the response struct types of an action in both SDKs.
func responseTypes(t *testing.T, prod product, action string) (classic, tea reflect.Type) {
	t.Helper()
	var c, tc reflect.Value
	if prod == productECS {
		c, tc = reflect.ValueOf(&classicecs.Client{}), reflect.ValueOf(&teaecs.Client{})
	} else {
		c, tc = reflect.ValueOf(&classicvpc.Client{}), reflect.ValueOf(&teavpc.Client{})
	}
	cm, tm := c.MethodByName(action), tc.MethodByName(action)
	if !cm.IsValid() || !tm.IsValid() {
		t.Fatalf("an SDK lacks %s", action)
	}
	body, _ := tm.Type().Out(0).Elem().FieldByName("Body")
	return cm.Type().Out(0).Elem(), body.Type.Elem()
}

func walkFields(typ reflect.Type, doc any, path string, ignore []string, problems *[]string) {
	for typ.Kind() == reflect.Ptr {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Struct:
		obj, ok := doc.(map[string]any)
		if !ok {
			*problems = append(*problems, fmt.Sprintf("%s is %T, want an object", orRoot(path), doc))
			return
		}
		names := make([]string, 0, typ.NumField())
		fields := map[string]reflect.Type{}
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			name := strings.Split(f.Tag.Get("json"), ",")[0]
			if f.Anonymous || name == "" || name == "-" {
				continue
			}
			names = append(names, name)
			fields[name] = f.Type
		}
		sort.Strings(names)
		for _, name := range names {
			p := join(path, name)
			if slices.Contains(ignore, p) {
				continue
			}
			v, ok := obj[name]
			if !ok || v == nil {
				*problems = append(*problems, fmt.Sprintf("%s is missing or null", p))
				continue
			}
			walkFields(fields[name], v, p, ignore, problems)
		}
	case reflect.Slice:
		arr, ok := doc.([]any)
		if !ok {
			*problems = append(*problems, fmt.Sprintf("%s is %T, want a list", path, doc))
			return
		}
		for _, item := range arr {
			walkFields(typ.Elem(), item, path+"[]", ignore, problems)
		}
	case reflect.String:
		if _, ok := doc.(string); !ok {
			*problems = append(*problems, fmt.Sprintf("%s is %T, want a string", path, doc))
		}
	case reflect.Bool:
		if _, ok := doc.(bool); !ok {
			*problems = append(*problems, fmt.Sprintf("%s is %T, want a boolean", path, doc))
		}
	case reflect.Int, reflect.Int32, reflect.Int64:
		n, ok := doc.(json.Number)
		if _, err := n.Int64(); !ok || err != nil {
			*problems = append(*problems, fmt.Sprintf("%s is %v, want an integer", path, doc))
		}
	case reflect.Float32, reflect.Float64:
		if _, ok := doc.(json.Number); !ok {
			*problems = append(*problems, fmt.Sprintf("%s is %T, want a number", path, doc))
		}
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func orRoot(path string) string {
	if path == "" {
		return "the response"
	}
	return path
}

// mustCall sends an action that must succeed and returns its typed body;
// through the classic SDK it also checks every response field of both
// SDKs' structs, unless fields is false.
func mustCall(t *testing.T, s sdk, prod product, action string, p wire, ignore ...string) any {
	t.Helper()
	body, raw, err := s.call(t, prod, action, p)
	if err != nil {
		t.Fatalf("%s %s: %v", s.name, action, err)
	}
	if raw != nil {
		checkFields(t, prod, action, raw, ignore...)
	}
	return body
}

// callErr sends an action that must fail with code and HTTP status.
func callErr(t *testing.T, s sdk, prod product, action string, p wire, code string, status int) {
	t.Helper()
	_, _, err := s.call(t, prod, action, p)
	if err == nil {
		t.Fatalf("%s %s: got no error, want %s (%d)", s.name, action, code, status)
	}
	e := sdkError(t, err)
	if e.code != code || e.status != status {
		t.Fatalf("%s %s: got %s (%d), want %s (%d): %v", s.name, action, e.code, e.status, code, status, err)
	}
}
