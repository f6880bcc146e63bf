package zenlayer

import (
	"github.com/ecsd/ecsd/internal/compute"
)

// Tags after creation, served by the zrm service: ModifyResourceTags sets
// and removes tags of any resource by its ID, as the Terraform provider
// changes the tags of instances, VPCs, disks and vNICs.

type modifyResourceTagsRequest struct {
	ResourceUUID  *string  `json:"resourceUuid"`
	ReplaceTags   []tag    `json:"replaceTags"`
	DeleteTagKeys []string `json:"deleteTagKeys"`
}

// modifyResourceTags removes the tags of deleteTagKeys, then sets those of
// replaceTags (a key the resource has takes the new value).
func (h *Handler) modifyResourceTags(c *call) (any, error) {
	var req modifyResourceTagsRequest
	if err := decode(c, &req); err != nil {
		return nil, err
	}
	id, err := requiredID("resourceUuid", req.ResourceUUID)
	if err != nil {
		return nil, err
	}
	tags, err := checkTags("replaceTags", req.ReplaceTags)
	if err != nil {
		return nil, err
	}
	for _, k := range req.DeleteTagKeys {
		if k == "" {
			return nil, invalidParameter("deleteTagKeys", "a tag key must not be empty")
		}
	}
	key, err := h.findResource(c, id)
	if err != nil {
		return nil, err
	}
	if key.Kind == compute.KindNIC {
		_, err := h.Svc.ModifyInstances(c.ctx(), c.owner, []compute.InstanceID{compute.InstanceID(key.ID)}, func(i *compute.Instance) error {
			current := nicTags(*i)
			for _, k := range req.DeleteTagKeys {
				current = withoutTag(current, k)
			}
			for _, t := range tags {
				current = append(withoutTag(current, t.Key), t)
			}
			if len(current) > maxTagsPerResource {
				return &compute.Error{Code: compute.LimitExceeded, Param: "tag", Message: "a resource has at most 20 tags"}
			}
			setNICTags(i, current, h.Svc.Now())
			return nil
		})
		if err != nil {
			return nil, err
		}
		return ack(c), nil
	}
	if len(req.DeleteTagKeys) > 0 {
		if err := h.Svc.Untag(c.ctx(), c.owner, []compute.Key{key}, req.DeleteTagKeys, false); err != nil {
			return nil, err
		}
	}
	if len(tags) > 0 {
		if err := h.Svc.Tag(c.ctx(), c.owner, []compute.Key{key}, tags); err != nil {
			return nil, err
		}
	}
	return ack(c), nil
}

// maxTagsPerResource is the profile's MaxTags.
const maxTagsPerResource = 20

func withoutTag(tags []compute.Tag, key string) []compute.Tag {
	out := tags[:0:0]
	for _, t := range tags {
		if t.Key != key {
			out = append(out, t)
		}
	}
	return out
}

// findResource finds what an ID names in the account: a resource of a
// stored kind, or the primary NIC of an instance (Kind KindNIC, ID the
// instance's).
func (h *Handler) findResource(c *call, id string) (compute.Key, error) {
	keys := make([]compute.Key, len(compute.StoredKinds))
	for i, k := range compute.StoredKinds {
		keys[i] = compute.Key{Kind: k, ID: id}
	}
	found, err := h.Svc.Tagged(c.ctx(), compute.TagSearch{Owner: c.owner, Keys: keys})
	if err != nil {
		return compute.Key{}, err
	}
	if len(found) > 0 {
		return found[0].Key(), nil
	}
	inst, err := h.instanceOfNIC(c, id)
	if err != nil {
		if compute.ErrorCode(err) == compute.NotFound {
			return compute.Key{}, &compute.Error{Code: compute.NotFound, Value: id, Message: "no resource has this ID"}
		}
		return compute.Key{}, err
	}
	return compute.Key{Kind: compute.KindNIC, ID: string(inst)}, nil
}
