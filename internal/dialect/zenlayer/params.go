package zenlayer

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
)

// decode reads the JSON body into v, a pointer to the action's request
// struct. An empty body counts as {}. Fields ecsd does not know are
// ignored, as newer SDKs may send more; a known field of the wrong type is
// an INVALID_PARAMETER naming it.
func decode(c *call, v any) error {
	body := bytes.TrimSpace(c.in.Body)
	if len(body) == 0 {
		return nil
	}
	if body[0] != '{' {
		return errBody
	}
	err := json.Unmarshal(body, v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return invalidParameter(te.Field, "must be %s", typeName(te.Type))
	}
	return errBody
}

// typeName names a Go type as Zenlayer's documentation names JSON types,
// with its article: "an Integer", "an Array of String".
func typeName(t reflect.Type) string {
	noun := typeNoun(t)
	if strings.ContainsRune("AEIOU", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

func typeNoun(t reflect.Type) string {
	if t == nil {
		return "Value"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "Integer"
	case reflect.Bool:
		return "Boolean"
	case reflect.String:
		return "String"
	case reflect.Slice, reflect.Array:
		return "Array of " + typeNoun(t.Elem())
	case reflect.Pointer:
		return typeNoun(t.Elem())
	case reflect.Struct, reflect.Map:
		return "Object"
	}
	return "Value"
}

// Paging rules of reference 4.2 and 4.7.
const (
	defaultPageSize = 20
	maxPageSize     = 1000
	// maxPageNum keeps (pageNum-1)*pageSize far from overflowing.
	maxPageNum = math.MaxInt32
)

// page is a validated pageNum and pageSize.
type page struct {
	num, size int
}

func (p page) offset() int { return (p.num - 1) * p.size }

// paging validates pageNum (default 1) and pageSize (default 20, 1 to 1000).
func paging(num, size *int) (page, error) {
	p := page{num: 1, size: defaultPageSize}
	if num != nil {
		if *num < 1 || *num > maxPageNum {
			return page{}, invalidParameter("pageNum", "must be between 1 and %d", maxPageNum)
		}
		p.num = *num
	}
	if size != nil {
		if *size < 1 || *size > maxPageSize {
			return page{}, invalidParameter("pageSize", "must be between 1 and %d", maxPageSize)
		}
		p.size = *size
	}
	return p, nil
}

// maxIDs is the most instance IDs one call may name (reference 4.2, 4.7).
const maxIDs = 100

// instanceIDs validates a list of instance IDs: at most 100, each well
// formed. Repeated IDs are allowed; the core acts on each once.
func instanceIDs(name string, ids []string) ([]compute.InstanceID, error) {
	if len(ids) > maxIDs {
		return nil, invalidParameter(name, "at most %d instance IDs may be given", maxIDs)
	}
	out := make([]compute.InstanceID, len(ids))
	for i, id := range ids {
		if !wellFormedID(id) {
			return nil, invalidParameter(name, "%q is not an instance ID", truncate(id))
		}
		out[i] = compute.InstanceID(id)
	}
	return out, nil
}

// requiredIDs is instanceIDs for the operations, which need at least one.
func requiredIDs(name string, ids []string) ([]compute.InstanceID, error) {
	if len(ids) == 0 {
		return nil, missingParameter(name)
	}
	return instanceIDs(name, ids)
}

// truncate shortens a value quoted back to the client.
func truncate(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}
