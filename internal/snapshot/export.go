package snapshot

import (
	"context"
	"fmt"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
)

// Export writes the whole inventory of every account as it is at now:
// every resource with everything that makes it, so that Import restores it
// exactly. Instances already gone are left out, and so are access keys'
// secrets, unless withSecrets.
func Export(ctx context.Context, store compute.Store, accounts auth.Store, now time.Time, withSecrets bool) (Document, error) {
	all, err := accounts.Accounts(ctx)
	if err != nil {
		return Document{}, err
	}
	doc := Document{Version: Version, ExportedAt: timePtr(now), Accounts: []Account{}}
	for _, a := range all {
		out := Account{Name: a.Name, ID: string(a.ID), CreatedAt: timePtr(a.CreatedAt)}
		keys, err := accounts.AccessKeys(ctx, a.ID)
		if err != nil {
			return Document{}, err
		}
		for _, k := range keys {
			key := Key{ID: k.ID, Disabled: k.Disabled, CreatedAt: timePtr(k.CreatedAt)}
			if withSecrets {
				key.Secret = k.Secret
			}
			out.Keys = append(out.Keys, key)
		}
		for cloud, inv := range out.inventories() {
			got, err := exportInventory(ctx, store.Read(compute.Owner{Account: a.ID, Cloud: cloud}), now)
			if err != nil {
				return Document{}, fmt.Errorf("exporting the %s inventory of account %s: %w", cloud, a.Name, err)
			}
			*inv = got
		}
		doc.Accounts = append(doc.Accounts, out)
	}
	return doc, nil
}

// exportInventory reads one owner's inventory; nil when it holds nothing.
func exportInventory(ctx context.Context, r compute.Reader, now time.Time) (*Inventory, error) {
	inv := &Inventory{}
	empty := true
	for _, kind := range compute.StoredKinds {
		found, err := r.Find(ctx, compute.Filter{Kind: kind})
		if err != nil {
			return nil, err
		}
		for _, res := range found {
			switch v := res.(type) {
			case *compute.Network:
				inv.Networks = append(inv.Networks, Network{Meta: metaOf(string(v.ID), v.Meta), CIDR: prefixString(v.CIDR),
					IsDefault: v.IsDefault, ReadyAt: timePtr(v.ReadyAt)})
			case *compute.Subnet:
				inv.Subnets = append(inv.Subnets, Subnet{Meta: metaOf(string(v.ID), v.Meta), Network: string(v.Network),
					CIDR: prefixString(v.CIDR), IsDefault: v.IsDefault, ReadyAt: timePtr(v.ReadyAt)})
			case *compute.SecurityGroup:
				g := SecurityGroup{Meta: metaOf(string(v.ID), v.Meta), Network: string(v.Network), IsDefault: v.IsDefault, Version: v.Version}
				for _, rule := range v.Rules {
					g.Rules = append(g.Rules, Rule{ID: rule.ID, Direction: string(rule.Direction), Protocol: rule.Protocol,
						Ports: rule.Ports, CIDR: rule.CIDR, Peer: string(rule.Peer), Policy: string(rule.Policy), Priority: rule.Priority,
						Description: rule.Description, CreatedAt: timePtr(rule.CreatedAt), Extra: rule.Extra})
				}
				inv.SecurityGroups = append(inv.SecurityGroups, g)
			case *compute.KeyPair:
				inv.KeyPairs = append(inv.KeyPairs, KeyPair{Meta: metaOf(string(v.ID), v.Meta), PublicKey: v.PublicKey})
			case *compute.Disk:
				inv.Disks = append(inv.Disks, Disk{Meta: metaOf(string(v.ID), v.Meta), Category: v.Category, SizeGiB: v.SizeGiB,
					System: v.System, Encrypted: v.Encrypted, KMSKeyID: v.KMSKeyID, DeleteWithInstance: v.DeleteWithInstance,
					Instance: string(v.Instance), Device: v.Device, LastInstance: string(v.LastInstance), ImageID: v.ImageID, SnapshotID: v.SnapshotID,
					ChargeType: string(v.ChargeType), AttachedAt: timePtr(v.AttachedAt), DetachedAt: timePtr(v.DetachedAt),
					Status: string(v.Target), Phases: phasesOf(v.Phases)})
			case *compute.Instance:
				if v.StatusAt(now) == compute.StatusTerminated {
					continue
				}
				inst := Instance{Meta: metaOf(string(v.ID), v.Meta), ImageID: v.ImageID, InstanceType: v.InstanceType,
					ChargeType: string(v.ChargeType), HostName: v.HostName, UserData: v.UserData, KeyPair: string(v.KeyPair),
					HasPassword: v.HasPassword, DeletionProtection: v.DeletionProtection, Network: string(v.Network),
					Subnet: string(v.Subnet), SecurityGroups: strs(v.SecurityGroups), NIC: string(v.NIC),
					PrivateIP: addrString(v.PrivateIP), InternetCharge: string(v.InternetCharge), BandwidthOut: v.BandwidthOut,
					BandwidthIn: v.BandwidthIn, Status: string(v.Target), Stages: phasesOf(v.Stages)}
				if v.SystemDisk != (compute.DiskSummary{}) {
					inst.SystemDisk = &DiskSummary{ID: string(v.SystemDisk.ID), Category: v.SystemDisk.Category, SizeGiB: v.SystemDisk.SizeGiB}
				}
				inv.Instances = append(inv.Instances, inst)
			default:
				continue
			}
			empty = false
		}
	}
	if empty {
		return nil, nil
	}
	return inv, nil
}
