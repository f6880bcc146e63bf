package fault

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// List is the document of rules: what `ecsd admin fault list` prints and
// what `ecsd serve --faults FILE` reads, {"faults": [rule, ...]}. The id,
// fired and held of a listed rule are ignored when it is read back.
type List struct {
	Faults []Rule `json:"faults"`
}

// Parse reads a List strictly: a field it does not know, or a value of the
// wrong type, is an error naming its line and column. It returns the
// specs of the rules; AddAll checks them.
func Parse(data []byte) ([]Spec, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var l List
	if err := dec.Decode(&l); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syntax):
			return nil, invalid(position(data, syntax.Offset), "this is not JSON: %s", syntax.Error())
		case errors.As(err, &typ):
			field := strings.ReplaceAll(typ.Field, "Spec.", "") // the embedded struct is no field of the document
			return nil, invalid(position(data, typ.Offset)+" ("+field+")", "a %s where a %s belongs", typ.Value, typ.Type)
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return nil, invalid(position(data, int64(len(data))), "the document ends too early")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return nil, invalid(position(data, dec.InputOffset()), "%s is not a field of a fault rule", strings.TrimPrefix(err.Error(), "json: unknown field "))
		}
		return nil, invalid(position(data, dec.InputOffset()), "%v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, invalid(position(data, dec.InputOffset()), "there is more after the document")
	}
	if l.Faults == nil {
		return nil, invalid("faults", `the document lists no rules: {"faults": [{"cloud": ..., "action": ..., ...}]}`)
	}
	specs := make([]Spec, len(l.Faults))
	for i, r := range l.Faults {
		specs[i] = r.Spec
	}
	return specs, nil
}

// position spells a byte offset of data as "line L, column C".
func position(data []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}
