package snapshot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
)

// Invalid is what is wrong with a document: where (a line and column, or
// the path of a field, accounts[0].aliyun.instances[2].zone) and what.
type Invalid struct {
	Where, Problem string
}

func (e *Invalid) Error() string { return e.Where + ": " + e.Problem }

func invalid(where, format string, args ...any) *Invalid {
	return &Invalid{Where: where, Problem: fmt.Sprintf(format, args...)}
}

// Parse reads a document strictly: a field it does not know or a value of
// the wrong type is an error naming its line and column.
func Parse(data []byte) (Document, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc Document
	if err := dec.Decode(&doc); err != nil {
		return Document{}, parseError(data, dec, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Document{}, invalid(position(data, dec.InputOffset()), "there is more after the document")
	}
	if doc.Version != Version {
		return Document{}, invalid("ecsd_snapshot", "the document is of version %d; ecsd reads version %d", doc.Version, Version)
	}
	return doc, nil
}

func parseError(data []byte, dec *json.Decoder, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return invalid(position(data, syntax.Offset), "this is not JSON: %s", syntax.Error())
	case errors.As(err, &typ):
		return invalid(position(data, typ.Offset)+" ("+typ.Field+")", "a %s where a %s belongs", typ.Value, typ.Type)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return invalid(position(data, int64(len(data))), "the document ends too early")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return invalid(position(data, dec.InputOffset()), "%s is not a field of this format", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return invalid(position(data, dec.InputOffset()), "%v", err)
}

// position spells a byte offset of data as "line L, column C".
func position(data []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}

// Loader imports documents into a store.
type Loader struct {
	Store    compute.Store
	Accounts auth.Store
	// Service creates what a fixture describes without IDs, as the
	// vendors' calls would; it should run with no transition delay, so
	// that what it creates is settled.
	Service *compute.Service
}

// Loaded counts what an import made or restored: by account name, cloud
// and kind.
type Loaded map[string]map[compute.Cloud]map[compute.Kind]int

func (l Loaded) add(account string, cloud compute.Cloud, kind compute.Kind, n int) {
	if n == 0 {
		return
	}
	if l[account] == nil {
		l[account] = map[compute.Cloud]map[compute.Kind]int{}
	}
	if l[account][cloud] == nil {
		l[account][cloud] = map[compute.Kind]int{}
	}
	l[account][cloud][kind] += n
}

// owned is one account's inventory on one cloud, as the import goes.
type owned struct {
	path  string // accounts[i].cloud
	name  string // the account's
	owner compute.Owner
	inv   *Inventory
	// exact are the resources restored as they are, instances the
	// instances among them.
	exact     []compute.Resource
	instances []compute.Instance
	// ids maps what a fixture may call a resource by (its name, or an ID
	// given) to its ID, kind by kind, as resources are made.
	ids map[compute.Kind]map[string]string
}

// Import loads doc: accounts it names that do not exist are created (with
// their keys, whose secrets it must hold), resources with an ID are
// restored exactly, and resources without one are created through the
// Service. Everything is checked before anything is written; should a
// write still fail, the inventories that were empty are emptied again.
func (l Loader) Import(ctx context.Context, doc Document) (Loaded, error) {
	if doc.Version != Version {
		return nil, invalid("ecsd_snapshot", "the document is of version %d; ecsd reads version %d", doc.Version, Version)
	}
	accounts, newAccounts, err := l.checkAccounts(ctx, doc)
	if err != nil {
		return nil, err
	}
	var owners []*owned
	for i, a := range doc.Accounts {
		for _, cloud := range compute.Clouds {
			inv := *a.inventories()[cloud]
			if inv == nil {
				continue
			}
			o := &owned{path: fmt.Sprintf("accounts[%d].%s", i, cloud), name: a.Name,
				owner: compute.Owner{Account: accounts[i].ID, Cloud: cloud}, inv: inv, ids: map[compute.Kind]map[string]string{}}
			if err := o.convert(); err != nil {
				return nil, err
			}
			if err := l.checkFree(ctx, o); err != nil {
				return nil, err
			}
			owners = append(owners, o)
		}
	}
	var empty []compute.Owner
	for _, o := range owners {
		if n, err := l.count(ctx, o.owner); err != nil {
			return nil, err
		} else if n == 0 {
			empty = append(empty, o.owner)
		}
	}
	for _, n := range newAccounts {
		if err := l.Accounts.CreateAccount(ctx, n.account, n.key); err != nil {
			return nil, fmt.Errorf("%s: creating the account: %w", n.path, err)
		}
		for i, k := range n.more {
			if err := l.Accounts.(auth.KeyAdmin).AddKey(ctx, k); err != nil {
				return nil, fmt.Errorf("%s.keys[%d]: adding the key: %w", n.path, i+1, err)
			}
		}
	}
	loaded := Loaded{}
	for _, o := range owners {
		if err := l.load(ctx, o, loaded); err != nil {
			for _, e := range empty {
				_, _ = l.Store.Reset(ctx, e)
			}
			return nil, err
		}
	}
	return loaded, nil
}

// newAccount is an account the import creates.
type newAccount struct {
	path    string
	account auth.Account
	key     auth.AccessKey
	more    []auth.AccessKey // its other keys
}

// checkAccounts finds or plans each account of doc.
func (l Loader) checkAccounts(ctx context.Context, doc Document) ([]auth.Account, []newAccount, error) {
	existing, err := l.Accounts.Accounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	out := make([]auth.Account, len(doc.Accounts))
	var made []newAccount
	for i, a := range doc.Accounts {
		path := fmt.Sprintf("accounts[%d]", i)
		if err := auth.CheckName(a.Name); err != nil {
			return nil, nil, invalid(path+".name", "%s", messageOf(err))
		}
		if slices.ContainsFunc(doc.Accounts[:i], func(o Account) bool { return o.Name == a.Name }) {
			return nil, nil, invalid(path+".name", "account %q is named twice", a.Name)
		}
		if j := slices.IndexFunc(existing, func(e auth.Account) bool { return e.Name == a.Name }); j >= 0 {
			if a.ID != "" && a.ID != string(existing[j].ID) {
				return nil, nil, invalid(path+".id", "account %q exists with ID %s, not %s", a.Name, existing[j].ID, a.ID)
			}
			out[i] = existing[j]
			continue
		}
		if len(a.Keys) == 0 || a.Keys[0].Secret == "" {
			return nil, nil, invalid(path+".keys", "account %q does not exist, and a new account needs a key with its secret (export with secrets)", a.Name)
		}
		k := a.Keys[0]
		acct, key, err := auth.NewAccount(a.Name, k.ID, k.Secret, timeOf(a.CreatedAt))
		if err != nil {
			return nil, nil, invalid(path+".keys[0]", "%s", messageOf(err))
		}
		if a.ID != "" {
			acct.ID, key.Account = compute.AccountID(a.ID), compute.AccountID(a.ID)
		}
		if a.CreatedAt == nil {
			acct.CreatedAt = time.Now().UTC()
		}
		key.Disabled, key.CreatedAt = k.Disabled, acct.CreatedAt
		if k.CreatedAt != nil {
			key.CreatedAt = timeOf(k.CreatedAt)
		}
		if _, err := l.Accounts.AccessKey(ctx, key.ID); err == nil {
			return nil, nil, invalid(path+".keys[0].id", "access key %s belongs to another account already", key.ID)
		}
		var more []auth.AccessKey
		for j, k := range a.Keys[1:] {
			kpath := fmt.Sprintf("%s.keys[%d]", path, j+1)
			if _, ok := l.Accounts.(auth.KeyAdmin); !ok {
				return nil, nil, invalid(kpath, "this store takes one key per new account")
			}
			if k.Secret == "" {
				return nil, nil, invalid(kpath+".secret", "a new account's keys need their secrets (export with secrets)")
			}
			extra, err := auth.NewKey(acct.ID, k.ID, k.Secret, acct.CreatedAt)
			if err != nil {
				return nil, nil, invalid(kpath, "%s", messageOf(err))
			}
			extra.Disabled = k.Disabled
			if k.CreatedAt != nil {
				extra.CreatedAt = timeOf(k.CreatedAt)
			}
			if extra.ID == key.ID || slices.ContainsFunc(more, func(o auth.AccessKey) bool { return o.ID == extra.ID }) {
				return nil, nil, invalid(kpath+".id", "access key %s is named twice", extra.ID)
			}
			if _, err := l.Accounts.AccessKey(ctx, extra.ID); err == nil {
				return nil, nil, invalid(kpath+".id", "access key %s belongs to another account already", extra.ID)
			}
			more = append(more, extra)
		}
		out[i] = acct
		made = append(made, newAccount{path: path, account: acct, key: key, more: more})
	}
	return out, made, nil
}

func messageOf(err error) string {
	if e, ok := compute.AsError(err); ok && e.Message != "" {
		return e.Message
	}
	return err.Error()
}

// convert turns the resources of o that have an ID into the core's types,
// checking what can be checked without the store.
func (o *owned) convert() error {
	inv, owner := o.inv, o.owner
	for i, n := range inv.Networks {
		if n.ID == "" {
			continue
		}
		cidr, err := parsePrefix(n.CIDR)
		if err != nil {
			return invalid(fmt.Sprintf("%s.networks[%d].cidr", o.path, i), "%v", err)
		}
		o.exact = append(o.exact, &compute.Network{ID: compute.NetworkID(n.ID), Meta: n.core(owner), CIDR: cidr,
			IsDefault: n.IsDefault, ReadyAt: timeOf(n.ReadyAt)})
		o.name2id(compute.KindNetwork, n.Name, n.ID)
	}
	for i, s := range inv.Subnets {
		if s.ID == "" {
			continue
		}
		cidr, err := parsePrefix(s.CIDR)
		if err != nil {
			return invalid(fmt.Sprintf("%s.subnets[%d].cidr", o.path, i), "%v", err)
		}
		o.exact = append(o.exact, &compute.Subnet{ID: compute.SubnetID(s.ID), Meta: s.core(owner), Network: compute.NetworkID(s.Network),
			CIDR: cidr, IsDefault: s.IsDefault, ReadyAt: timeOf(s.ReadyAt)})
		o.name2id(compute.KindSubnet, s.Name, s.ID)
	}
	for i, g := range inv.SecurityGroups {
		if g.ID == "" {
			continue
		}
		group := &compute.SecurityGroup{ID: compute.SecurityGroupID(g.ID), Meta: g.core(owner), Network: compute.NetworkID(g.Network),
			IsDefault: g.IsDefault, Version: g.Version}
		rules, err := coreRules(fmt.Sprintf("%s.security_groups[%d]", o.path, i), g.Rules)
		if err != nil {
			return err
		}
		group.Rules = rules
		o.exact = append(o.exact, group)
		o.name2id(compute.KindSecurityGroup, g.Name, g.ID)
	}
	for _, k := range inv.KeyPairs {
		if k.ID == "" {
			continue
		}
		o.exact = append(o.exact, &compute.KeyPair{ID: compute.KeyPairID(k.ID), Meta: k.core(owner), PublicKey: k.PublicKey})
		o.name2id(compute.KindKeyPair, k.Name, k.ID)
	}
	for i, d := range inv.Disks {
		if d.ID == "" {
			continue
		}
		path := fmt.Sprintf("%s.disks[%d]", o.path, i)
		status := compute.DiskStatus(d.Status)
		if !slices.Contains(compute.DiskStatuses, status) {
			return invalid(path+".status", "%q is not a disk status; one of %v", d.Status, compute.DiskStatuses)
		}
		o.exact = append(o.exact, &compute.Disk{ID: compute.DiskID(d.ID), Meta: d.core(owner), Category: d.Category, SizeGiB: d.SizeGiB,
			System: d.System, Encrypted: d.Encrypted, KMSKeyID: d.KMSKeyID, DeleteWithInstance: d.DeleteWithInstance,
			Instance: compute.InstanceID(d.Instance), Device: d.Device, LastInstance: compute.InstanceID(d.LastInstance), ImageID: d.ImageID, SnapshotID: d.SnapshotID,
			ChargeType: compute.ChargeType(d.ChargeType), AttachedAt: timeOf(d.AttachedAt), DetachedAt: timeOf(d.DetachedAt),
			Target: status, Phases: corePhases[compute.DiskStatus](d.Phases)})
	}
	for i, in := range inv.Instances {
		if in.ID == "" {
			continue
		}
		path := fmt.Sprintf("%s.instances[%d]", o.path, i)
		status := compute.Status(in.Status)
		if !slices.Contains(compute.Statuses, status) || status == compute.StatusTerminated {
			return invalid(path+".status", "%q is not an instance status; one of %v", in.Status, compute.Statuses)
		}
		if len(in.Stages) > compute.MaxStages {
			return invalid(path+".stages", "an instance has at most %d stages", compute.MaxStages)
		}
		if in.Count > 1 {
			return invalid(path+".count", "an instance with an ID is one instance")
		}
		ip, err := parseAddr(in.PrivateIP)
		if err != nil {
			return invalid(path+".private_ip", "%v", err)
		}
		inst := compute.Instance{ID: compute.InstanceID(in.ID), Meta: in.core(owner), ImageID: in.ImageID,
			InstanceType: in.InstanceType, ChargeType: compute.ChargeType(in.ChargeType), HostName: in.HostName,
			UserData: in.UserData, KeyPair: compute.KeyPairID(in.KeyPair), HasPassword: in.HasPassword,
			DeletionProtection: in.DeletionProtection, Network: compute.NetworkID(in.Network), Subnet: compute.SubnetID(in.Subnet),
			SecurityGroups: typed[compute.SecurityGroupID](in.SecurityGroups), NIC: compute.NICID(in.NIC), PrivateIP: ip,
			InternetCharge: compute.InternetCharge(in.InternetCharge), BandwidthOut: in.BandwidthOut, BandwidthIn: in.BandwidthIn,
			Target: status, Stages: corePhases[compute.Status](in.Stages)}
		if inst.ChargeType == "" {
			inst.ChargeType = compute.PostPaid
		}
		if in.SystemDisk != nil {
			inst.SystemDisk = compute.DiskSummary{ID: compute.DiskID(in.SystemDisk.ID), Category: in.SystemDisk.Category, SizeGiB: in.SystemDisk.SizeGiB}
		}
		o.instances = append(o.instances, inst)
		o.exact = append(o.exact, &inst)
	}
	return nil
}

func coreRules(path string, rules []Rule) ([]compute.SecurityRule, error) {
	var out []compute.SecurityRule
	for j, r := range rules {
		dir, policy := compute.Direction(r.Direction), compute.Policy(r.Policy)
		if dir != compute.Ingress && dir != compute.Egress {
			return nil, invalid(fmt.Sprintf("%s.rules[%d].direction", path, j), "%q is neither ingress nor egress", r.Direction)
		}
		if policy == "" {
			policy = compute.Accept
		}
		if policy != compute.Accept && policy != compute.Drop {
			return nil, invalid(fmt.Sprintf("%s.rules[%d].policy", path, j), "%q is neither accept nor drop", r.Policy)
		}
		out = append(out, compute.SecurityRule{ID: r.ID, Direction: dir, Protocol: r.Protocol, Ports: r.Ports, CIDR: r.CIDR,
			Peer: compute.SecurityGroupID(r.Peer), Policy: policy, Priority: r.Priority, Description: r.Description,
			CreatedAt: timeOf(r.CreatedAt), Extra: r.Extra})
	}
	return out, nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	if s == "" {
		return netip.Prefix{}, nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not a CIDR block", s)
	}
	return p, nil
}

func parseAddr(s string) (netip.Addr, error) {
	if s == "" {
		return netip.Addr{}, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("%q is not an IP address", s)
	}
	return a, nil
}

// name2id remembers that a fixture may call a resource of kind by name or
// by ID.
func (o *owned) name2id(kind compute.Kind, name, id string) {
	if o.ids[kind] == nil {
		o.ids[kind] = map[string]string{}
	}
	o.ids[kind][id] = id
	if name != "" {
		if _, taken := o.ids[kind][name]; !taken {
			o.ids[kind][name] = id
		}
	}
}

// ref resolves what a fixture calls a resource of kind: a name or an ID of
// the same inventory, or else an ID as it is.
func (o *owned) ref(kind compute.Kind, s string) string {
	if id, ok := o.ids[kind][s]; ok {
		return id
	}
	return s
}

// checkFree fails when a resource to restore exists already.
func (l Loader) checkFree(ctx context.Context, o *owned) error {
	byKind := map[compute.Kind][]string{}
	for _, r := range o.exact {
		k := r.Key()
		if slices.Contains(byKind[k.Kind], k.ID) {
			return invalid(o.path, "%s %s is in the document twice", k.Kind, k.ID)
		}
		byKind[k.Kind] = append(byKind[k.Kind], k.ID)
	}
	r := l.Store.Read(o.owner)
	for kind, ids := range byKind {
		found, err := r.Get(ctx, kind, ids...)
		if err != nil {
			return err
		}
		if len(found) > 0 {
			return invalid(o.path, "%s %s exists already; reset before importing", kind, found[0].Key().ID)
		}
	}
	return nil
}

// count reports how many resources an owner has.
func (l Loader) count(ctx context.Context, owner compute.Owner) (int, error) {
	n := 0
	for _, kind := range compute.StoredKinds {
		found, err := l.Store.Read(owner).Find(ctx, compute.Filter{Kind: kind})
		if err != nil {
			return 0, err
		}
		n += len(found)
	}
	return n, nil
}

// load writes one owner's inventory: what it restores in one transaction,
// then what it creates, kind by kind.
func (l Loader) load(ctx context.Context, o *owned, loaded Loaded) error {
	if len(o.exact) > 0 {
		err := l.Store.Update(ctx, o.owner, time.Time{}, func(tx compute.Tx) error {
			for _, r := range o.exact {
				if r.Key().Kind == compute.KindInstance {
					continue
				}
				if err := tx.Put(ctx, r); err != nil {
					return err
				}
			}
			// Instances that keep their serials, then those that get new
			// ones: a store takes either kind of batch, not a mix.
			kept := slices.DeleteFunc(slices.Clone(o.instances), func(i compute.Instance) bool { return i.Serial == 0 })
			fresh := slices.DeleteFunc(slices.Clone(o.instances), func(i compute.Instance) bool { return i.Serial != 0 })
			for _, batch := range [][]compute.Instance{kept, fresh} {
				if len(batch) > 0 {
					if _, err := tx.CreateInstances(ctx, "", batch); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("%s: restoring: %s", o.path, messageOf(err))
		}
		for _, r := range o.exact {
			loaded.add(o.name, o.owner.Cloud, r.Key().Kind, 1)
		}
	}
	return l.create(ctx, o, loaded)
}
