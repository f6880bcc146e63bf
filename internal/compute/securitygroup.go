package compute

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// SecurityGroupID names a security group.
type SecurityGroupID string

// SecurityGroup is a set of firewall rules that instances join.
type SecurityGroup struct {
	ID SecurityGroupID
	Meta
	// Network is the network whose instances may join, where the cloud
	// binds groups to one (Rules.SecurityGroupsNeedNetwork).
	Network   NetworkID
	IsDefault bool
	Rules     []SecurityRule
	// Version counts the changes made to Rules.
	Version int
}

// Key implements Resource.
func (g *SecurityGroup) Key() Key { return Key{KindSecurityGroup, string(g.ID)} }

// Links implements Resource: a group uses its network and every group its
// rules name as a peer.
func (g *SecurityGroup) Links() []Link {
	var links []Link
	if g.Network != "" {
		links = append(links, Link{Attr: LinkNetwork, Value: string(g.Network)})
	}
	var peers []SecurityGroupID
	for _, r := range g.Rules {
		if r.Peer != "" && r.Peer != g.ID && !slices.Contains(peers, r.Peer) {
			peers = append(peers, r.Peer)
			links = append(links, Link{Attr: LinkSecurityGroup, Value: string(r.Peer)})
		}
	}
	return links
}

// Direction is which traffic a rule governs.
type Direction string

const (
	Ingress Direction = "ingress"
	Egress  Direction = "egress"
)

// Policy is what a rule does with the traffic it matches.
type Policy string

const (
	Accept Policy = "accept"
	Drop   Policy = "drop"
)

// SecurityRule is one rule of a security group. Protocol and Ports are
// spelled by the dialect, in one canonical form per cloud, so that equal
// rules compare equal.
type SecurityRule struct {
	ID        string
	Direction Direction
	// Protocol in lower case: "tcp", "udp", "icmp", "icmpv6", "gre", "all".
	Protocol string
	Ports    string
	// CIDR is the other side of the traffic (the source of ingress, the
	// destination of egress), IPv4 or IPv6; empty when Peer is set.
	CIDR string
	// Peer is the security group on the other side, instead of a CIDR.
	Peer        SecurityGroupID
	Policy      Policy
	Priority    int
	Description string
	CreatedAt   time.Time
	// Extra holds what one vendor's rules carry beyond these.
	Extra map[string]string
}

// SameAs reports whether r and o match the same traffic the same way: they
// differ at most in ID, description and creation time.
func (r SecurityRule) SameAs(o SecurityRule) bool {
	return r.Direction == o.Direction && r.Protocol == o.Protocol && r.Ports == o.Ports &&
		r.CIDR == o.CIDR && r.Peer == o.Peer && r.Policy == o.Policy && r.Priority == o.Priority &&
		equalExtra(r.Extra, o.Extra)
}

func equalExtra(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// SecurityGroupSpec describes a security group to create.
type SecurityGroupSpec struct {
	Owner
	// Region is ignored where networks span regions: groups have none.
	Region RegionID
	// Network may be empty where groups need none; where they need one, an
	// empty Network means the owner's default network in the region.
	Network                          NetworkID
	Name, Description, ResourceGroup string
	Tags                             []Tag
	Rules                            []SecurityRule
	Extra                            map[string]string
	DryRun                           bool
}

// CreateSecurityGroup creates a security group.
func (s *Service) CreateSecurityGroup(ctx context.Context, spec SecurityGroupSpec) (SecurityGroup, error) {
	const op = "create security group"
	p := s.profile(spec.Cloud)
	if p.Rules.NetworksSpanRegions {
		spec.Region = ""
	} else if _, err := s.Region(spec.Cloud, spec.Region); err != nil {
		return SecurityGroup{}, err
	}
	if err := checkTags(op, spec.Tags, p.Rules.MaxTags); err != nil {
		return SecurityGroup{}, err
	}
	now := s.clock.Now()
	var g SecurityGroup
	err := s.store.Update(ctx, spec.Owner, now, func(tx Tx) error {
		if spec.Network != "" {
			n, err := s.network(ctx, tx, spec.Network, now)
			if err != nil {
				return err
			}
			if n.Region != spec.Region {
				return notFound(KindNetwork, string(spec.Network))
			}
		}
		if spec.DryRun {
			return dryRunPassed(op)
		}
		g = SecurityGroup{
			ID: SecurityGroupID(s.newID(spec.Cloud, KindSecurityGroup, spec.Region)),
			Meta: Meta{Owner: spec.Owner, Region: spec.Region, Name: spec.Name, Description: spec.Description,
				ResourceGroup: spec.ResourceGroup, Tags: spec.Tags, CreatedAt: now, Extra: spec.Extra},
			Network: spec.Network,
		}
		if len(spec.Rules) > 0 {
			rules, err := s.checkRules(ctx, tx, op, g, spec.Rules, now)
			if err != nil {
				return err
			}
			g.Rules, g.Version = rules, 1
		}
		return tx.Put(ctx, &g)
	})
	return g, err
}

// SecurityGroups returns the owner's security groups that match f.
func (s *Service) SecurityGroups(ctx context.Context, owner Owner, f Filter) ([]SecurityGroup, error) {
	f.Kind = KindSecurityGroup
	return findAll[SecurityGroup](ctx, s.store.Read(owner), f)
}

// ModifySecurityGroup changes a security group through edit: its name,
// description, resource group, Extra, and its rules. New rules (without an
// ID) get one; every rule is checked (a peer must exist, no rule twice, no
// more than the cloud allows); Version grows when the rules change.
func (s *Service) ModifySecurityGroup(ctx context.Context, owner Owner, id SecurityGroupID, edit func(*SecurityGroup) error) (SecurityGroup, error) {
	const op = "modify security group"
	var out SecurityGroup
	now := s.clock.Now()
	err := s.store.Update(ctx, owner, now, func(tx Tx) error {
		g, err := s.securityGroup(ctx, tx, id)
		if err != nil {
			return err
		}
		changed := g
		changed.Meta = cloneMeta(g.Meta)
		changed.Rules = slices.Clone(g.Rules)
		if err := edit(&changed); err != nil {
			return err
		}
		if g.Meta, err = s.applyMeta(op, g.Meta, changed.Meta); err != nil {
			return err
		}
		if !slices.EqualFunc(g.Rules, changed.Rules, sameRuleAndID) {
			rules, err := s.checkRules(ctx, tx, op, g, changed.Rules, now)
			if err != nil {
				return err
			}
			g.Rules = rules
			g.Version++
		}
		out = g
		return tx.Put(ctx, &g)
	})
	return out, err
}

func sameRuleAndID(a, b SecurityRule) bool {
	return a.ID == b.ID && a.SameAs(b) && a.Description == b.Description
}

// checkRules checks the rules g is to have and gives new ones an ID and a
// creation time.
func (s *Service) checkRules(ctx context.Context, r Reader, op string, g SecurityGroup, rules []SecurityRule, now time.Time) ([]SecurityRule, error) {
	p := s.profile(g.Owner.Cloud)
	if max := p.Rules.MaxRules; max > 0 && len(rules) > max {
		return nil, &Error{Code: LimitExceeded, Op: op, Param: "rule", Message: fmt.Sprintf("a security group has at most %d rules", max)}
	}
	out := slices.Clone(rules)
	var peers []string
	for i, rule := range out {
		for _, earlier := range out[:i] {
			if earlier.SameAs(rule) {
				return nil, &Error{Code: AlreadyExists, Op: op, Param: "rule", Value: earlier.ID,
					Message: "the security group has this rule already"}
			}
		}
		if rule.Peer != "" && rule.Peer != g.ID && !slices.Contains(peers, string(rule.Peer)) {
			peers = append(peers, string(rule.Peer))
		}
		if rule.ID == "" {
			out[i].ID = s.newID(g.Owner.Cloud, KindRule, g.Region)
			out[i].CreatedAt = now
		}
	}
	found, err := getAll[SecurityGroup](ctx, r, KindSecurityGroup, peers...)
	if err != nil {
		return nil, err
	}
	for _, peer := range peers {
		if !slices.ContainsFunc(found, func(f SecurityGroup) bool { return string(f.ID) == peer }) {
			return nil, notFound(KindSecurityGroup, peer)
		}
	}
	return out, nil
}

// DeleteSecurityGroup deletes a security group no instance uses and no
// other group's rules name.
func (s *Service) DeleteSecurityGroup(ctx context.Context, owner Owner, id SecurityGroupID, dryRun bool) error {
	const op = "delete security group"
	return s.store.Update(ctx, owner, s.clock.Now(), func(tx Tx) error {
		g, err := s.securityGroup(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := inUse(ctx, tx, op, g.Key(), LinkSecurityGroup, KindInstance, KindSecurityGroup); err != nil {
			return err
		}
		if dryRun {
			return dryRunPassed(op)
		}
		return tx.Delete(ctx, g.Key())
	})
}

// securityGroup loads a security group of the owner.
func (s *Service) securityGroup(ctx context.Context, r Reader, id SecurityGroupID) (SecurityGroup, error) {
	found, err := getAll[SecurityGroup](ctx, r, KindSecurityGroup, string(id))
	if err != nil {
		return SecurityGroup{}, err
	}
	if len(found) == 0 {
		return SecurityGroup{}, notFound(KindSecurityGroup, string(id))
	}
	return found[0], nil
}

// ensureDefaultSecurityGroup returns the owner's default security group of
// a network (or of a region, where groups need no network), creating it
// when missing.
func (s *Service) ensureDefaultSecurityGroup(ctx context.Context, tx Tx, owner Owner, region RegionID, network NetworkID, now time.Time) (SecurityGroup, error) {
	p := s.profile(owner.Cloud)
	if p.Rules.NetworksSpanRegions {
		region = ""
	}
	f := Filter{Kind: KindSecurityGroup, Region: region}
	if !p.Rules.SecurityGroupsNeedNetwork {
		network = ""
	}
	if network != "" {
		f.Links = []LinkFilter{{Attr: LinkNetwork, Values: []string{string(network)}}}
	}
	groups, err := findAll[SecurityGroup](ctx, tx, f)
	if err != nil {
		return SecurityGroup{}, err
	}
	for _, g := range groups {
		if g.IsDefault {
			return g, nil
		}
	}
	g := SecurityGroup{
		ID:      SecurityGroupID(s.newID(owner.Cloud, KindSecurityGroup, region)),
		Meta:    Meta{Owner: owner, Region: region, Name: p.Rules.DefaultNames.SecurityGroup, CreatedAt: now},
		Network: network, IsDefault: true, Version: 1,
	}
	for _, r := range p.Rules.DefaultSecurityRules {
		r.ID, r.CreatedAt = s.newID(owner.Cloud, KindRule, region), now
		g.Rules = append(g.Rules, r)
	}
	return g, tx.Put(ctx, &g)
}
