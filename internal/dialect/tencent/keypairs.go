package tencent

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// CVM's SSH key pairs. They belong to no region: a key made in one region
// logs in to instances of every region.

const maxKeyName = 25

func malformedKeyID(id string) *apiError {
	return &apiError{"InvalidKeyPairId.Malformed", fmt.Sprintf("The key pair ID `%s` is malformed: it must be `skey-` followed by 8 lower-case letters or digits.", id)}
}

// keyIDs reads a list of key pair IDs: at most 100, each well formed.
func keyIDs(p params, name string) ([]compute.KeyPairID, error) {
	ids, _, err := p.strs(name)
	if err != nil {
		return nil, err
	}
	if len(ids) > maxIDs {
		return nil, &apiError{"InvalidParameterValue.LimitExceeded", fmt.Sprintf("At most %d key pair IDs may be given in one request.", maxIDs)}
	}
	out := make([]compute.KeyPairID, len(ids))
	for i, id := range ids {
		if !wellFormed(id, "skey-") {
			return nil, malformedKeyID(id)
		}
		out[i] = compute.KeyPairID(id)
	}
	return out, nil
}

// checkKeyName applies CVM's rule for key names: 1 to 25 letters, digits
// and underscores.
func checkKeyName(name string) error {
	switch {
	case name == "":
		return &apiError{"InvalidKeyPairNameEmpty", "The key name must not be empty."}
	case len(name) > maxKeyName:
		return &apiError{"InvalidKeyPairNameTooLong", fmt.Sprintf("The key name must not exceed %d characters.", maxKeyName)}
	case strings.Trim(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != "":
		return &apiError{"InvalidKeyPairNameIncludeIllegalChar", "The key name may hold only letters, digits and underscores."}
	}
	return nil
}

type keyPair struct {
	KeyID                 string   `json:"KeyId"`
	KeyName               string   `json:"KeyName"`
	ProjectID             int64    `json:"ProjectId"`
	Description           string   `json:"Description"`
	PublicKey             string   `json:"PublicKey"`
	PrivateKey            string   `json:"PrivateKey"`
	AssociatedInstanceIDs []string `json:"AssociatedInstanceIds"`
	CreatedTime           string   `json:"CreatedTime"`
	Tags                  []tag    `json:"Tags"`
}

func wireKeyPair(kp compute.KeyPair, private string, instances []string) keyPair {
	if instances == nil {
		instances = []string{}
	}
	return keyPair{
		KeyID: string(kp.ID), KeyName: kp.Name, ProjectID: projectOf(kp.Meta), Description: kp.Description,
		PublicKey: kp.PublicKey, PrivateKey: private, AssociatedInstanceIDs: instances,
		CreatedTime: kp.CreatedAt.UTC().Format(createdTimeLayout), Tags: wireTags(kp.Tags),
	}
}

// newKeyPair creates or imports a key pair.
func (h *Handler) newKeyPair(c *call, imported bool) (compute.KeyPair, string, error) {
	p := c.params
	known := []string{"KeyName", "ProjectId", "TagSpecification"}
	if imported {
		known = append(known, "PublicKey")
	}
	if err := p.only(known...); err != nil {
		return compute.KeyPair{}, "", err
	}
	name, _, err := p.str("KeyName")
	if err != nil {
		return compute.KeyPair{}, "", err
	}
	if !p.has("KeyName") {
		return compute.KeyPair{}, "", missingParameter("KeyName")
	}
	if err := checkKeyName(name); err != nil {
		return compute.KeyPair{}, "", err
	}
	if !p.has("ProjectId") {
		return compute.KeyPair{}, "", missingParameter("ProjectId")
	}
	project, err := readProject(p, "ProjectId")
	if err != nil {
		return compute.KeyPair{}, "", err
	}
	tags, err := readTagSpecification(p, "keypair")
	if err != nil {
		return compute.KeyPair{}, "", err
	}
	spec := compute.KeyPairSpec{Owner: c.owner, Name: name, Tags: tags,
		Extra: map[string]string{extraProjectID: strconv.FormatInt(project, 10)}}
	if imported {
		if spec.PublicKey, err = requiredStr(p, "PublicKey"); err != nil {
			return compute.KeyPair{}, "", err
		}
		existing, err := h.Svc.KeyPairs(c.ctx(), c.owner, compute.Filter{})
		if err != nil {
			return compute.KeyPair{}, "", err
		}
		fields := strings.Fields(spec.PublicKey)
		if slices.ContainsFunc(existing, func(kp compute.KeyPair) bool { return len(fields) > 1 && kp.PublicKey == fields[0]+" "+fields[1] }) {
			return compute.KeyPair{}, "", &apiError{"InvalidPublicKey.Duplicate", "A key pair with this public key exists already."}
		}
	}
	return h.Svc.CreateKeyPair(c.ctx(), spec)
}

type createKeyPairResponse struct {
	KeyPair   keyPair `json:"KeyPair"`
	RequestID string  `json:"RequestId"`
}

// createKeyPair makes a new RSA key pair and returns its private key, which
// ecsd keeps nowhere.
func (h *Handler) createKeyPair(c *call) (any, error) {
	kp, private, err := h.newKeyPair(c, false)
	if err != nil {
		return nil, err
	}
	return createKeyPairResponse{KeyPair: wireKeyPair(kp, private, nil), RequestID: c.requestID}, nil
}

type importKeyPairResponse struct {
	KeyID     string `json:"KeyId"`
	RequestID string `json:"RequestId"`
}

// importKeyPair keeps a public key the caller made.
func (h *Handler) importKeyPair(c *call) (any, error) {
	kp, _, err := h.newKeyPair(c, true)
	if err != nil {
		return nil, err
	}
	return importKeyPairResponse{KeyID: string(kp.ID), RequestID: c.requestID}, nil
}

type describeKeyPairsResponse struct {
	TotalCount int       `json:"TotalCount"`
	KeyPairSet []keyPair `json:"KeyPairSet"`
	RequestID  string    `json:"RequestId"`
}

var keyPairFilters = []string{"project-id", "key-name", "key-id", "tag-key", "tag-value"}

// describeKeyPairs lists key pairs by KeyIds or Filters (not both), with
// the instances that use each.
func (h *Handler) describeKeyPairs(c *call) (any, error) {
	p := c.params
	if err := p.only("KeyIds", "Filters", "Offset", "Limit"); err != nil {
		return nil, err
	}
	ids, err := keyIDs(p, "KeyIds")
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 && p.has("Filters") {
		return nil, &apiError{"InvalidParameter", "The parameters `KeyIds` and `Filters` cannot be given together."}
	}
	filterList, err := p.objects("Filters")
	if err != nil {
		return nil, err
	}
	filters, _, err := readFilters(filterList, keyPairFilters, true)
	if err != nil {
		return nil, err
	}
	offset, limit, err := paging(p)
	if err != nil {
		return nil, err
	}
	f := compute.Filter{}
	for _, id := range ids {
		f.IDs = append(f.IDs, string(id))
	}
	if v, ok := filters["key-id"]; ok {
		f.IDs = append(f.IDs, v...)
		if len(v) == 0 {
			f.IDs = []string{""}
		}
	}
	all, err := h.Svc.KeyPairs(c.ctx(), c.owner, f)
	if err != nil {
		return nil, err
	}
	all = slices.DeleteFunc(all, func(kp compute.KeyPair) bool {
		return !matchesMeta(kp.Meta, kp.Name, filters, "key-name")
	})
	page := kit.Page(all, offset, limit)
	used, err := h.keyPairInstances(c, page)
	if err != nil {
		return nil, err
	}
	resp := describeKeyPairsResponse{TotalCount: len(all), KeyPairSet: make([]keyPair, len(page)), RequestID: c.requestID}
	for i, kp := range page {
		resp.KeyPairSet[i] = wireKeyPair(kp, "", used[kp.ID])
	}
	return resp, nil
}

// matchesMeta applies the filters every Tencent listing shares to a
// resource: its name (under nameFilter), its project, and its tags
// (tag-key, tag-value, tag:KEY).
func matchesMeta(m compute.Meta, name string, filters map[string][]string, nameFilter string) bool {
	for f, values := range filters {
		ok := true
		switch {
		case f == nameFilter:
			ok = slices.Contains(values, name)
		case f == "project-id":
			ok = slices.Contains(values, strconv.FormatInt(projectOf(m), 10))
		case f == "tag-key":
			ok = slices.ContainsFunc(m.Tags, func(t compute.Tag) bool { return slices.Contains(values, t.Key) })
		case f == "tag-value":
			ok = slices.ContainsFunc(m.Tags, func(t compute.Tag) bool { return slices.Contains(values, t.Value) })
		case strings.HasPrefix(f, "tag:"):
			v, has := compute.TagValue(m.Tags, strings.TrimPrefix(f, "tag:"))
			ok = has && slices.Contains(values, v)
		}
		if !ok {
			return false
		}
	}
	return true
}

// keyPairInstances returns the instances, of every region, that use each
// of the key pairs.
func (h *Handler) keyPairInstances(c *call, kps []compute.KeyPair) (map[compute.KeyPairID][]string, error) {
	out := map[compute.KeyPairID][]string{}
	if len(kps) == 0 {
		return out, nil
	}
	var values []string
	for _, kp := range kps {
		values = append(values, string(kp.ID))
	}
	insts, err := h.listAll(c, compute.Query{Owner: c.owner, Links: []compute.LinkFilter{{Attr: compute.LinkKeyPair, Values: values}}})
	if err != nil {
		return nil, err
	}
	for _, inst := range insts {
		out[inst.KeyPair] = append(out[inst.KeyPair], string(inst.ID))
	}
	return out, nil
}

// deleteKeyPairs deletes key pairs, all or none; one an instance uses
// stays.
func (h *Handler) deleteKeyPairs(c *call) (any, error) {
	p := c.params
	if err := p.only("KeyIds"); err != nil {
		return nil, err
	}
	ids, err := keyIDs(p, "KeyIds")
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, missingParameter("KeyIds")
	}
	if err := h.Svc.DeleteKeyPairs(c.ctx(), c.owner, ids); err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

type modifyKeyPairAttributeResponse = requestOnlyResponse

// modifyKeyPairAttribute renames a key pair or changes its description.
func (h *Handler) modifyKeyPairAttribute(c *call) (any, error) {
	p := c.params
	if err := p.only("KeyId", "KeyName", "Description"); err != nil {
		return nil, err
	}
	id, err := requiredStr(p, "KeyId")
	if err != nil {
		return nil, err
	}
	if !wellFormed(id, "skey-") {
		return nil, malformedKeyID(id)
	}
	name, nameGiven, err := p.str("KeyName")
	if err != nil {
		return nil, err
	}
	if nameGiven {
		if err := checkKeyName(name); err != nil {
			return nil, err
		}
	}
	desc, descGiven, err := p.str("Description")
	if err != nil {
		return nil, err
	}
	if len([]rune(desc)) > 60 {
		return nil, invalidValuef("The Description must not exceed 60 characters.")
	}
	if !nameGiven && !descGiven {
		return nil, missingParameter("KeyName")
	}
	_, err = h.Svc.ModifyKeyPair(c.ctx(), c.owner, compute.KeyPairID(id), func(kp *compute.KeyPair) error {
		if nameGiven {
			kp.Name = name
		}
		if descGiven {
			kp.Description = desc
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return modifyKeyPairAttributeResponse{RequestID: c.requestID}, nil
}

// keyAssociation reads the InstanceIds and KeyIds of Associate and
// DisassociateInstancesKeyPairs.
func keyAssociation(p params) ([]compute.InstanceID, []compute.KeyPairID, error) {
	if err := p.only("InstanceIds", "KeyIds", "ForceStop"); err != nil {
		return nil, nil, err
	}
	ids, err := requiredInstanceIDs(p)
	if err != nil {
		return nil, nil, err
	}
	keys, err := keyIDs(p, "KeyIds")
	if err != nil {
		return nil, nil, err
	}
	if len(keys) == 0 {
		return nil, nil, missingParameter("KeyIds")
	}
	if _, _, err := p.boolean("ForceStop"); err != nil {
		return nil, nil, err
	}
	return ids, keys, nil
}

// associateInstancesKeyPairs lets a key pair log in to instances. ecsd
// keeps one key pair per instance: an instance that has another fails the
// call.
func (h *Handler) associateInstancesKeyPairs(c *call) (any, error) {
	ids, keys, err := keyAssociation(c.params)
	if err != nil {
		return nil, err
	}
	if len(slices.Compact(slices.Sorted(slices.Values(keys)))) > 1 {
		return nil, invalidValuef("ecsd keeps one key pair per instance; `KeyIds` names %d.", len(keys))
	}
	key := keys[0]
	_, err = h.modifyInstances(c, ids, true, func(i *compute.Instance) error {
		if i.KeyPair != "" && i.KeyPair != key {
			return refused(invalidValuef("ecsd keeps one key pair per instance; instance `%s` has key pair `%s` already: disassociate it first.", i.ID, i.KeyPair))
		}
		i.KeyPair = key
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

// disassociateInstancesKeyPairs takes key pairs off instances; a key an
// instance does not have is ignored.
func (h *Handler) disassociateInstancesKeyPairs(c *call) (any, error) {
	ids, keys, err := keyAssociation(c.params)
	if err != nil {
		return nil, err
	}
	found, err := h.Svc.KeyPairs(c.ctx(), c.owner, compute.Filter{IDs: keyStrings(keys)})
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if !slices.ContainsFunc(found, func(kp compute.KeyPair) bool { return kp.ID == k }) {
			return nil, &compute.Error{Code: compute.NotFound, Param: string(compute.KindKeyPair), Value: string(k), Message: "key pair not found"}
		}
	}
	_, err = h.modifyInstances(c, ids, true, func(i *compute.Instance) error {
		if slices.Contains(keys, i.KeyPair) {
			i.KeyPair = ""
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return requestOnlyResponse{RequestID: c.requestID}, nil
}

func keyStrings(keys []compute.KeyPairID) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = string(k)
	}
	return out
}
