package compute

import (
	"context"
	"fmt"
	"slices"
)

// Tag is a key and value a user attaches to a resource. A resource has each
// key at most once; its tags keep the order they were first added in.
type Tag struct {
	Key   string
	Value string
}

// TagValue returns the value of key among tags.
func TagValue(tags []Tag, key string) (string, bool) {
	for _, t := range tags {
		if t.Key == key {
			return t.Value, true
		}
	}
	return "", false
}

// mergeTags sets each tag of add on tags: a new key is appended, a known
// one takes the new value.
func mergeTags(tags, add []Tag) []Tag {
	out := slices.Clone(tags)
	for _, t := range add {
		if i := slices.IndexFunc(out, func(o Tag) bool { return o.Key == t.Key }); i >= 0 {
			out[i].Value = t.Value
		} else {
			out = append(out, t)
		}
	}
	return out
}

// dropTags removes the tags with any of keys, or all when all is set.
func dropTags(tags []Tag, keys []string, all bool) []Tag {
	if all {
		return nil
	}
	return slices.DeleteFunc(slices.Clone(tags), func(t Tag) bool { return slices.Contains(keys, t.Key) })
}

// checkTags applies the rules every cloud shares: no empty key, no key
// twice, and no more than the cloud allows.
func checkTags(op string, tags []Tag, max int) error {
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		if t.Key == "" {
			return &Error{Code: InvalidArgument, Op: op, Param: "tag_key", Message: "a tag key must not be empty"}
		}
		if seen[t.Key] {
			return &Error{Code: InvalidArgument, Op: op, Param: "tag_key", Value: t.Key, Message: fmt.Sprintf("tag key %q is given twice", t.Key)}
		}
		seen[t.Key] = true
	}
	if max > 0 && len(tags) > max {
		return &Error{Code: LimitExceeded, Op: op, Param: "tag", Message: fmt.Sprintf("a resource has at most %d tags", max)}
	}
	return nil
}

// Tag sets tags on resources of owner, all or none: a resource that does
// not exist fails the call with NotFound (Param the resource's kind), and so
// does one that would end with more tags than its cloud allows.
func (s *Service) Tag(ctx context.Context, owner Owner, keys []Key, tags []Tag) error {
	const op = "tag"
	if err := checkTags(op, tags, 0); err != nil {
		return err
	}
	max := s.profile(owner.Cloud).Rules.MaxTags
	return s.retag(ctx, owner, keys, func(r Resource) error {
		m := r.Metadata()
		m.Tags = mergeTags(m.Tags, tags)
		return checkTags(op, m.Tags, max)
	})
}

// Untag removes the tags with any of tagKeys from resources of owner, or
// all their tags when all is set. Keys a resource lacks are ignored.
func (s *Service) Untag(ctx context.Context, owner Owner, keys []Key, tagKeys []string, all bool) error {
	return s.retag(ctx, owner, keys, func(r Resource) error {
		m := r.Metadata()
		m.Tags = dropTags(m.Tags, tagKeys, all)
		return nil
	})
}

// retag loads each resource, changes its tags with change, and stores it.
func (s *Service) retag(ctx context.Context, owner Owner, keys []Key, change func(Resource) error) error {
	return s.store.Update(ctx, owner, s.clock.Now(), func(tx Tx) error {
		now := s.clock.Now()
		for _, k := range keys {
			r, err := s.getVisible(ctx, tx, k, now)
			if err != nil {
				return err
			}
			if err := change(r); err != nil {
				return err
			}
			if err := tx.Put(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
}

// TagSearch selects resources by kind and tags, for the tag services.
type TagSearch struct {
	Owner
	// Kinds to search; all stored kinds when empty.
	Kinds  []Kind
	Region RegionID
	// Keys, when set, restricts the search to these resources.
	Keys []Key
	// Tags each must hold: the resource has the key, with one of the
	// values when any are given.
	Tags []TagFilter
}

// TagFilter is a condition on one tag key.
type TagFilter struct {
	Key    string
	Values []string
}

// Tagged returns the resources that match q, kind by kind in the order of
// q.Kinds, each kind in creation order. Instances that are gone are left
// out.
func (s *Service) Tagged(ctx context.Context, q TagSearch) ([]Resource, error) {
	kinds := q.Kinds
	if len(kinds) == 0 {
		kinds = StoredKinds
	}
	r := s.store.Read(q.Owner)
	now := s.clock.Now()
	var out []Resource
	for _, kind := range kinds {
		f := Filter{Kind: kind, Region: q.Region}
		for _, k := range q.Keys {
			if k.Kind == kind {
				f.IDs = append(f.IDs, k.ID)
			}
		}
		if len(q.Keys) > 0 && len(f.IDs) == 0 {
			continue
		}
		for _, t := range q.Tags {
			f.Links = append(f.Links, LinkFilter{Attr: TagLinkAttr(t.Key), Values: t.Values})
		}
		found, err := r.Find(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, res := range found {
			if visible(res, now) {
				out = append(out, s.shown(res, now))
			}
		}
	}
	return out, nil
}
