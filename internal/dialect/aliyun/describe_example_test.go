package aliyun_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// jsonKind is the kind of a JSON value: what the SDKs' decoders and the
// provider's type assertions care about.
type jsonKind int

const (
	kString jsonKind = iota
	kNumber
	kBool
	kArray
)

func (k jsonKind) String() string {
	return [...]string{"a string", "a number", "a boolean", "an array"}[k]
}

// documentedField is one field of Alibaba's documented example answer of
// DescribeInstances (API Reference, Instances, DescribeInstances,
// "Sample success responses": a VPC instance with a public IP, an EIP,
// tags, a primary interface and a security group), with the kind the
// example gives it, and what ecsd must answer for the instance
// replayDescribeInstancesDocumentedExample launches.
type documentedField struct {
	path string // dotted; a number indexes a list
	kind jsonKind
	want any // a string, int, bool, []string or *regexp.Regexp
}

// replayDescribeInstancesDocumentedExample: DescribeInstances of a VPC
// instance with a public IP and tags answers every field of Alibaba's
// documented example answer, in JSON with the example's types and in XML
// with the example's elements, each equal to what was sent or derived
// from it.
func replayDescribeInstancesDocumentedExample(t *testing.T, env *apptest.Env) {
	w := newWorld(t, env)
	g2 := w.group2(t, "sg-2")
	id := runFull(t, env, w, string(g2.ID))
	settle(env)
	const in = "Instances.Instance.0."
	fields := []documentedField{
		{"RequestId", kString, regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$`)},
		{"TotalCount", kNumber, 1}, {"PageSize", kNumber, 10}, {"PageNumber", kNumber, 1}, {"NextToken", kString, ""},
		{in + "ResourceGroupId", kString, "rg-acfmzw2jz2z2z2a"},
		{in + "Memory", kNumber, 8192},
		{in + "InstanceChargeType", kString, "PostPaid"},
		{in + "Cpu", kNumber, 1}, // ThreadsPerCore=1 halves the type's two vCPUs
		{in + "OSName", kString, "Ubuntu  22.04 64位"},
		{in + "InstanceNetworkType", kString, "vpc"},
		{in + "InnerIpAddress.IpAddress", kArray, []string{}}, // classic network only
		{in + "ExpiredTime", kString, "2099-12-31T15:59Z"},
		{in + "ImageId", kString, ubuntuImage},
		// No EIP is bound: ecsd models none; the public IP is the
		// instance's own.
		{in + "EipAddress.AllocationId", kString, ""},
		{in + "EipAddress.IpAddress", kString, ""},
		{in + "EipAddress.InternetChargeType", kString, ""},
		{in + "HostName", kString, "k8s-" + id},
		{in + "Tags.Tag.0.TagKey", kString, "env"}, {in + "Tags.Tag.0.TagValue", kString, "prod"},
		{in + "Tags.Tag.1.TagKey", kString, "team"}, {in + "Tags.Tag.1.TagValue", kString, "web"},
		{in + "VlanId", kString, ""},
		{in + "Status", kString, "Running"},
		{in + "MetadataOptions.HttpTokens", kString, "required"},
		{in + "MetadataOptions.HttpEndpoint", kString, "enabled"},
		{in + "InstanceId", kString, id},
		{in + "StoppedMode", kString, "Not-applicable"}, // Running
		{in + "CpuOptions.ThreadsPerCore", kNumber, 1},
		{in + "CpuOptions.Numa", kString, ""},
		{in + "CpuOptions.CoreCount", kNumber, 1},
		{in + "StartTime", kString, minuteTime},
		{in + "DeletionProtection", kBool, true},
		{in + "SecurityGroupIds.SecurityGroupId", kArray, []string{string(w.group.ID), string(g2.ID)}},
		{in + "VpcAttributes.PrivateIpAddress.IpAddress", kArray, []string{"172.16.0.10"}},
		{in + "VpcAttributes.VpcId", kString, string(w.vpc.ID)},
		{in + "VpcAttributes.VSwitchId", kString, string(w.vswitch.ID)},
		{in + "VpcAttributes.NatIpAddress", kString, ""},
		{in + "InternetChargeType", kString, "PayByBandwidth"},
		{in + "InstanceName", kString, "web-0001"}, // web-[1,4]
		{in + "DeploymentSetId", kString, ""},
		{in + "InternetMaxBandwidthOut", kNumber, 20},
		{in + "SerialNumber", kString, uuidShape},
		{in + "OSType", kString, "linux"},
		{in + "CreationTime", kString, minuteTime},
		{in + "AutoReleaseTime", kString, ""},
		{in + "Description", kString, "front end"},
		{in + "InstanceTypeFamily", kString, "ecs.g7"},
		{in + "DedicatedInstanceAttribute.Tenancy", kString, "default"},
		{in + "DedicatedInstanceAttribute.Affinity", kString, "default"},
		{in + "PublicIpAddress.IpAddress.0", kString, regexp.MustCompile(`^47\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$`)},
		{in + "GPUSpec", kString, ""},
		{in + "NetworkInterfaces.NetworkInterface.0.Type", kString, "Primary"},
		{in + "NetworkInterfaces.NetworkInterface.0.PrimaryIpAddress", kString, "172.16.0.10"},
		{in + "NetworkInterfaces.NetworkInterface.0.NetworkInterfaceId", kString, eniShape},
		{in + "NetworkInterfaces.NetworkInterface.0.MacAddress", kString, macShape},
		{in + "NetworkInterfaces.NetworkInterface.0.PrivateIpSets.PrivateIpSet.0.PrivateIpAddress", kString, "172.16.0.10"},
		{in + "NetworkInterfaces.NetworkInterface.0.PrivateIpSets.PrivateIpSet.0.Primary", kBool, true},
		{in + "SpotPriceLimit", kNumber, 0},
		{in + "DeviceAvailable", kBool, true},
		{in + "SaleCycle", kString, ""}, // PostPaid, and NeedSaleCycle not asked
		{in + "InstanceType", kString, itype},
		{in + "OSNameEn", kString, "Ubuntu  22.04 64 bit"},
		{in + "SpotStrategy", kString, "NoSpot"},
		{in + "IoOptimized", kBool, true},
		{in + "ZoneId", kString, worldZone},
		{in + "ClusterId", kString, ""},
		{in + "EcsCapacityReservationAttr.CapacityReservationPreference", kString, ""},
		{in + "EcsCapacityReservationAttr.CapacityReservationId", kString, ""},
		{in + "DedicatedHostAttribute.DedicatedHostId", kString, ""},
		{in + "DedicatedHostAttribute.DedicatedHostName", kString, ""},
		{in + "DedicatedHostAttribute.DedicatedHostClusterId", kString, ""},
		{in + "GPUAmount", kNumber, 0},
		{in + "OperationLocks.LockReason", kArray, []string{}},
		{in + "InternetMaxBandwidthIn", kNumber, 15},
		{in + "Recyclable", kBool, false},
		{in + "RegionId", kString, region},
		{in + "CreditSpecification", kString, ""},
	}

	describe := func(format string) string {
		t.Helper()
		req := classicecs.CreateDescribeInstancesRequest()
		req.RegionId, req.InstanceIds, req.AcceptFormat = region, `["`+id+`"]`, format
		resp, err := classicSDK(t, env).DescribeInstances(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp.GetHttpContentString()
	}

	t.Run("JSON", func(t *testing.T) {
		var doc any
		d := json.NewDecoder(strings.NewReader(describe("JSON")))
		d.UseNumber()
		if err := d.Decode(&doc); err != nil {
			t.Fatal(err)
		}
		for _, f := range fields {
			v, ok := jsonAt(doc, f.path)
			if !ok {
				t.Errorf("%s is missing", f.path)
				continue
			}
			var got any
			switch f.kind {
			case kString:
				s, ok := v.(string)
				if !ok {
					t.Errorf("%s = %#v, want %s", f.path, v, f.kind)
					continue
				}
				got = s
			case kNumber:
				n, ok := v.(json.Number)
				if !ok {
					t.Errorf("%s = %#v, want %s", f.path, v, f.kind)
					continue
				}
				got = n.String()
			case kBool:
				b, ok := v.(bool)
				if !ok {
					t.Errorf("%s = %#v, want %s", f.path, v, f.kind)
					continue
				}
				got = b
			case kArray:
				a, ok := v.([]any)
				if !ok {
					t.Errorf("%s = %#v, want %s", f.path, v, f.kind)
					continue
				}
				ss := []string{}
				for _, x := range a {
					ss = append(ss, fmt.Sprint(x))
				}
				got = ss
			}
			checkDocumented(t, "JSON", f, got)
		}
	})

	t.Run("XML", func(t *testing.T) {
		root := parseXML(t, describe("XML"))
		if root.name != "DescribeInstancesResponse" {
			t.Fatalf("the XML root is %s", root.name)
		}
		for _, f := range fields {
			if f.kind == kArray {
				// An XML list is the elements of its container named
				// after it: <InnerIpAddress><IpAddress>…</IpAddress></InnerIpAddress>.
				cut := strings.LastIndex(f.path, ".")
				container := root.at(f.path[:cut])
				if container == nil {
					t.Errorf("%s is missing", f.path[:cut])
					continue
				}
				items := []string{}
				for _, c := range container.children {
					if c.name == f.path[cut+1:] {
						items = append(items, c.text)
					}
				}
				checkDocumented(t, "XML", f, items)
				continue
			}
			n := root.at(f.path)
			if n == nil {
				t.Errorf("%s is missing", f.path)
				continue
			}
			var got any = n.text
			switch f.kind {
			case kBool:
				b, err := strconv.ParseBool(n.text)
				if err != nil {
					t.Errorf("%s = %q, want a boolean", f.path, n.text)
					continue
				}
				got = b
			case kNumber:
				if _, err := strconv.ParseFloat(n.text, 64); err != nil {
					t.Errorf("%s = %q, want a number", f.path, n.text)
					continue
				}
			}
			checkDocumented(t, "XML", f, got)
		}
	})
}

// checkDocumented compares what a format answered for f with f.want.
func checkDocumented(t *testing.T, format string, f documentedField, got any) {
	t.Helper()
	switch w := f.want.(type) {
	case *regexp.Regexp:
		if !w.MatchString(fmt.Sprint(got)) {
			t.Errorf("%s: %s = %v, want to match %s", format, f.path, got, w)
		}
	case int:
		if fmt.Sprint(got) != strconv.Itoa(w) {
			t.Errorf("%s: %s = %v, want %d", format, f.path, got, w)
		}
	default:
		if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", w) {
			t.Errorf("%s: %s = %#v, want %#v", format, f.path, got, w)
		}
	}
}

// jsonAt walks a decoded JSON document by a dotted path.
func jsonAt(doc any, path string) (any, bool) {
	cur := doc
	for _, step := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[step]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// xmlNode is an element of an XML answer.
type xmlNode struct {
	name     string
	text     string
	parent   *xmlNode
	children []*xmlNode
}

func parseXML(t *testing.T, doc string) *xmlNode {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	var root, cur *xmlNode
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the XML does not parse: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: tok.Name.Local, parent: cur}
			if cur == nil {
				root = n
			} else {
				cur.children = append(cur.children, n)
			}
			cur = n
		case xml.CharData:
			if cur != nil {
				cur.text += string(tok)
			}
		case xml.EndElement:
			if len(cur.children) > 0 {
				cur.text = ""
			}
			cur = cur.parent
		}
	}
	return root
}

// at walks n by a dotted path; a number picks the nth element of that
// name among its siblings, so "Tag.1" is the second <Tag>.
func (n *xmlNode) at(path string) *xmlNode {
	steps := strings.Split(path, ".")
	cur := n
	for i := 0; i < len(steps); i++ {
		name := steps[i]
		index := 0
		if i+1 < len(steps) {
			if k, err := strconv.Atoi(steps[i+1]); err == nil {
				index = k
				i++
			}
		}
		var next *xmlNode
		seen := 0
		for _, c := range cur.children {
			if c.name == name {
				if seen == index {
					next = c
					break
				}
				seen++
			}
		}
		if next == nil {
			return nil
		}
		cur = next
	}
	return cur
}
