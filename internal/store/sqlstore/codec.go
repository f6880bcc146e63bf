package sqlstore

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/ecsd/ecsd/internal/compute"
)

// A resource's fields are stored as JSON: the body column of resources, the
// attrs column of instances. The JSON holds the exported fields of the
// core's type (those of an embedded struct among them, as encoding/json
// promotes them) that are not zero, under their Go names, so that a
// resource with few attributes takes few bytes, and decoding into the
// zero value of the type restores it. Fields kept in columns of their own,
// and those the core fills in when it shows a resource, are left out:
// columnFields. A field renamed in the core no longer finds its stored
// value; codec_test pins the names of what is stored.

// columnFields are the fields a body never holds: in columns of their own,
// or shown only.
var columnFields = map[string]bool{
	// Every resource.
	"ID": true, "Owner": true, "Region": true, "CreatedAt": true, "Serial": true,
	// Instances.
	"Zone": true, "Name": true, "ResourceGroup": true, "ImageID": true, "InstanceType": true,
	"ChargeType": true, "Target": true, "Stages": true,
	// Shown only.
	"Status": true, "PublicIP": true, "MAC": true, "FreeIPs": true, "TotalIPs": true,
}

// instanceColumnFields are the fields of compute.Instance with columns of
// their own; other kinds keep these in their body.
var instanceColumnFields = map[string]bool{
	"Zone": true, "Name": true, "ResourceGroup": true, "ImageID": true, "InstanceType": true,
	"ChargeType": true, "Target": true, "Stages": true,
}

// encodeBody returns the JSON of r's fields that are not zero, less those
// in columns.
func encodeBody(r compute.Resource) ([]byte, error) {
	_, isInstance := r.(*compute.Instance)
	fields := make(map[string]any)
	collect(reflect.ValueOf(r).Elem(), isInstance, fields)
	return json.Marshal(fields)
}

func collect(v reflect.Value, isInstance bool, into map[string]any) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			collect(v.Field(i), isInstance, into)
			continue
		}
		if columnFields[f.Name] && (isInstance || !instanceColumnFields[f.Name]) {
			continue
		}
		if fv := v.Field(i); !fv.IsZero() {
			into[f.Name] = fv.Interface()
		}
	}
}

// decodeBody restores a resource of kind from its body.
func decodeBody(kind compute.Kind, body string) (compute.Resource, error) {
	r, ok := compute.New(kind)
	if !ok {
		return nil, fmt.Errorf("no resource of kind %q", kind)
	}
	if body != "" {
		if err := json.Unmarshal([]byte(body), r); err != nil {
			return nil, fmt.Errorf("decoding a %s: %w", kind, err)
		}
	}
	return r, nil
}
