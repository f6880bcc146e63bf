package tencent

import (
	"slices"
	"testing"
)

func flat(t *testing.T, query string) params {
	t.Helper()
	values, err := flatValues(query)
	if err != nil {
		t.Fatalf("flatValues(%q): %v", query, err)
	}
	p, err := flatParams(values)
	if err != nil {
		t.Fatalf("flatParams(%q): %v", query, err)
	}
	return p
}

func TestFlatLists(t *testing.T) {
	tests := []struct {
		name, query string
		want        []string
	}{
		{"0-based, as the SDKs send", "InstanceIds.0=a&InstanceIds.1=b", []string{"a", "b"}},
		{"1-based, as the seed shows", "InstanceIds.1=a&InstanceIds.2=b", []string{"a", "b"}},
		{"index order, not text order", "InstanceIds.10=c&InstanceIds.9=b&InstanceIds.2=a", []string{"a", "b", "c"}},
		{"sparse", "InstanceIds.5=x", []string{"x"}},
		{"leading zeros", "InstanceIds.01=a&InstanceIds.2=b", []string{"a", "b"}},
		{"escaped values", "InstanceIds.0=a%2Bb+c", []string{"a+b c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := flat(t, tt.query).strs("InstanceIds")
			if err != nil || !ok || !slices.Equal(got, tt.want) {
				t.Fatalf("InstanceIds = %q, %v, %v; want %q", got, ok, err, tt.want)
			}
		})
	}
}

func TestFlatNested(t *testing.T) {
	p := flat(t, "Filters.0.Name=zone&Filters.0.Values.0=ap-guangzhou-3&Filters.1.Name=instance-state&Filters.1.Values.1=STOPPED&Filters.1.Values.0=RUNNING&Limit=5&Placement.Zone=z&Action=X&Region=r&Signature=s")
	filters, err := p.objects("Filters")
	if err != nil || len(filters) != 2 {
		t.Fatalf("Filters: %v, %v", filters, err)
	}
	name, _, _ := filters[1].str("Name")
	values, _, _ := filters[1].strs("Values")
	if name != "instance-state" || !slices.Equal(values, []string{"RUNNING", "STOPPED"}) {
		t.Fatalf("Filters.1 = %s %v", name, values)
	}
	if filters[1].prefix != "Filters.1." {
		t.Errorf("prefix %q", filters[1].prefix)
	}
	if n, ok, err := p.integer("Limit"); n != 5 || !ok || err != nil {
		t.Errorf("Limit = %d %v %v", n, ok, err)
	}
	pl, ok, err := p.object("Placement")
	if zone, _, _ := pl.str("Zone"); !ok || err != nil || zone != "z" {
		t.Errorf("Placement.Zone = %q %v %v", zone, ok, err)
	}
	if err := p.only("Filters", "Limit", "Placement"); err != nil {
		t.Errorf("the common parameters were kept: %v", err)
	}
}

func TestFlatErrors(t *testing.T) {
	for _, q := range []string{
		"Limit=1&Limit=2",
		"a=%zz",
		"InstanceIds=a&InstanceIds.0=b",
		"InstanceIds.0=a&InstanceIds.x=b",
		"InstanceIds.0=a&InstanceIds.00=b",
		"InstanceIds..0=a",
		"InstanceIds.=a",
		".x=1",
	} {
		values, err := flatValues(q)
		if err == nil {
			_, err = flatParams(values)
		}
		if a, ok := err.(*apiError); !ok || a.Code != "InvalidParameter" {
			t.Errorf("%q: got %v, want InvalidParameter", q, err)
		}
	}
}

func TestJSONTypes(t *testing.T) {
	p, err := jsonParams([]byte(`{"Limit":20,"Big":1e3,"Frac":2.5,"Str":"20","Yes":true,"Nil":null,"Ids":["a","b"],"Mixed":["a",1],"Obj":{"Zone":"z"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if n, ok, err := p.integer("Limit"); n != 20 || !ok || err != nil {
		t.Errorf("Limit = %d %v %v", n, ok, err)
	}
	for _, name := range []string{"Big", "Frac", "Str", "Yes", "Ids"} {
		if _, _, err := p.integer(name); err == nil {
			t.Errorf("%s was read as an Integer", name)
		}
	}
	if _, _, err := p.str("Limit"); err == nil {
		t.Error("a number was read as a String")
	}
	if _, _, err := p.boolean("Str"); err == nil {
		t.Error(`"20" was read as a Boolean in JSON`)
	}
	if b, ok, err := p.boolean("Yes"); !b || !ok || err != nil {
		t.Errorf("Yes = %v %v %v", b, ok, err)
	}
	if _, ok, err := p.str("Nil"); ok || err != nil {
		t.Errorf("null counts as present: %v %v", ok, err)
	}
	if _, _, err := p.strs("Mixed"); err == nil {
		t.Error("a list holding a number was read as Array of String")
	}
	if _, err := p.objects("Obj"); err == nil {
		t.Error("an object was read as Array of Object")
	}
	err = p.only("Limit")
	if a, ok := err.(*apiError); !ok || a.Code != "UnknownParameter" || a.Message != "The parameter `Big` is not recognized." {
		t.Errorf("only: %v", err)
	}
}

func TestJSONBodies(t *testing.T) {
	for body, ok := range map[string]bool{
		``: true, ` `: true, `{}`: true, `{"a":1}`: true, " {\"a\":1}\n": true,
		`[]`: false, `"x"`: false, `null`: false, `{`: false, `{} {}`: false, `{"a":}`: false, `{"a":1}x`: false,
	} {
		_, err := jsonParams([]byte(body))
		if (err == nil) != ok {
			t.Errorf("jsonParams(%q) = %v, want ok %v", body, err, ok)
		}
	}
}

func TestFlatTypes(t *testing.T) {
	p := flat(t, "N=12&B=true&F=false&X=yes&E=&Neg=-3")
	if n, _, err := p.integer("N"); n != 12 || err != nil {
		t.Errorf("N = %d %v", n, err)
	}
	if n, _, err := p.integer("Neg"); n != -3 || err != nil {
		t.Errorf("Neg = %d %v", n, err)
	}
	if _, _, err := p.integer("E"); err == nil {
		t.Error("an empty value was read as an Integer")
	}
	if b, _, err := p.boolean("B"); !b || err != nil {
		t.Errorf("B = %v %v", b, err)
	}
	if b, ok, err := p.boolean("F"); b || !ok || err != nil {
		t.Errorf("F = %v %v %v", b, ok, err)
	}
	if _, _, err := p.boolean("X"); err == nil {
		t.Error("yes was read as a Boolean")
	}
	if _, _, err := p.strs("N"); err == nil {
		t.Error("a single value was read as a list")
	}
}
