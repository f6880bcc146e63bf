package compute

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// DiskID names a disk.
type DiskID string

// DiskStatus is the vendor-neutral status of a disk.
type DiskStatus string

const (
	DiskCreating  DiskStatus = "creating"
	DiskAvailable DiskStatus = "available" // attached to nothing
	DiskAttaching DiskStatus = "attaching"
	DiskInUse     DiskStatus = "in_use" // attached to an instance
	DiskDetaching DiskStatus = "detaching"
)

// DiskStatuses lists every disk status.
var DiskStatuses = []DiskStatus{DiskCreating, DiskAvailable, DiskAttaching, DiskInUse, DiskDetaching}

// Disk is a block device: the system disk of an instance, or a data disk
// that may be attached to one instance at a time.
type Disk struct {
	ID DiskID
	Meta
	Category string
	SizeGiB  int
	// System marks the disk an instance boots from; it never leaves its
	// instance.
	System    bool
	Encrypted bool
	KMSKeyID  string
	// DeleteWithInstance deletes the disk when its instance is terminated;
	// otherwise it is detached and stays.
	DeleteWithInstance bool
	// Instance is the instance the disk is attached to, and Device its name
	// there; both empty while the disk is attached to nothing.
	Instance InstanceID
	Device   string
	// LastInstance is the instance the disk was last attached to, kept
	// after it is detached: Tencent shows it (LastAttachInsId), and while a
	// disk is still detaching the vendors show it attached there.
	LastInstance InstanceID
	ImageID      string // what a system disk was made from
	SnapshotID   string // what a data disk was made from
	ChargeType   ChargeType
	AttachedAt   time.Time
	DetachedAt   time.Time

	// Target is the status the disk settles in once Phases have passed.
	Target DiskStatus
	Phases []Phase[DiskStatus]

	// Status is shown only: filled in by Service when read.
	Status DiskStatus
}

// Key implements Resource.
func (d *Disk) Key() Key { return Key{KindDisk, string(d.ID)} }

// Links implements Resource.
func (d *Disk) Links() []Link {
	if d.Instance == "" {
		return nil
	}
	return []Link{{Attr: LinkInstance, Value: string(d.Instance)}}
}

// StatusAt reports the status the disk shows at t.
func (d Disk) StatusAt(t time.Time) DiskStatus { return statusAt(d.Target, d.Phases, t) }

// DiskSpec describes a disk to create: on its own, or with an instance.
type DiskSpec struct {
	Category                         string
	SizeGiB                          int
	Name, Description, ResourceGroup string
	Encrypted                        bool
	KMSKeyID                         string
	DeleteWithInstance               bool
	SnapshotID                       string
	Tags                             []Tag
	Extra                            map[string]string
}

// CreateDisksSpec describes data disks to create on their own, attached
// to nothing.
type CreateDisksSpec struct {
	Owner
	Zone       ZoneID
	Count      int
	ChargeType ChargeType
	Disk       DiskSpec
	DryRun     bool
}

// CreateDisks creates data disks. They are creating for one transition
// delay, then available.
func (s *Service) CreateDisks(ctx context.Context, spec CreateDisksSpec) ([]Disk, error) {
	const op = "create disk"
	region, zone, err := s.Zone(spec.Cloud, spec.Zone)
	if err != nil {
		return nil, err
	}
	if spec.Count < 1 || spec.Count > MaxBatch {
		return nil, &Error{Code: InvalidArgument, Op: op, Param: "count", Value: fmt.Sprint(spec.Count), Message: fmt.Sprintf("count must be between 1 and %d", MaxBatch)}
	}
	if err := s.checkDisk(op, spec.Cloud, spec.Disk, false); err != nil {
		return nil, err
	}
	if spec.DryRun {
		return nil, dryRunPassed(op)
	}
	now := s.clock.Now()
	charge := spec.ChargeType
	if charge == "" {
		charge = PostPaid
	}
	disks := make([]Disk, spec.Count)
	for i := range disks {
		disks[i] = newDisk(DiskID(s.newID(spec.Cloud, KindDisk, region.ID)), spec.Owner, region.ID, zone.ID, spec.Disk, charge, now)
		disks[i].Target = DiskAvailable
		disks[i].Phases = schedule([]DiskStatus{DiskCreating}, now, s.delayFor(spec.Cloud, TransitionCreateDisk))
	}
	err = s.store.Update(ctx, spec.Owner, now, func(tx Tx) error {
		for i := range disks {
			if err := tx.Put(ctx, &disks[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range disks {
		disks[i].Status = disks[i].StatusAt(now)
	}
	return disks, nil
}

func newDisk(id DiskID, owner Owner, region RegionID, zone ZoneID, spec DiskSpec, charge ChargeType, now time.Time) Disk {
	return Disk{
		ID: id,
		Meta: Meta{Owner: owner, Region: region, Zone: zone, Name: spec.Name, Description: spec.Description,
			ResourceGroup: spec.ResourceGroup, Tags: spec.Tags, CreatedAt: now, Extra: spec.Extra},
		Category: spec.Category, SizeGiB: spec.SizeGiB, Encrypted: spec.Encrypted, KMSKeyID: spec.KMSKeyID,
		DeleteWithInstance: spec.DeleteWithInstance, SnapshotID: spec.SnapshotID, ChargeType: charge,
	}
}

// checkDisk checks a disk's category, size and tags against its cloud.
func (s *Service) checkDisk(op string, c Cloud, spec DiskSpec, system bool) error {
	p := s.profile(c)
	cat, ok := p.Catalog.DiskCategory(spec.Category)
	if !ok || system && cat.SystemMaxGiB == 0 || !system && cat.MaxGiB == 0 {
		return &Error{Code: InvalidArgument, Op: op, Param: "disk_category", Value: spec.Category,
			Message: fmt.Sprintf("disk category %q is not offered here", spec.Category)}
	}
	lo, hi := cat.MinGiB, cat.MaxGiB
	if system {
		lo, hi = cat.SystemMinGiB, cat.SystemMaxGiB
	}
	if spec.SizeGiB < lo || spec.SizeGiB > hi {
		return &Error{Code: InvalidArgument, Op: op, Param: "disk_size", Value: fmt.Sprint(spec.SizeGiB),
			Message: fmt.Sprintf("a %s disk is %d to %d GiB", spec.Category, lo, hi)}
	}
	return checkTags(op, spec.Tags, p.Rules.MaxTags)
}

// Disks returns the owner's disks that match f, as they show now.
func (s *Service) Disks(ctx context.Context, owner Owner, f Filter) ([]Disk, error) {
	f.Kind = KindDisk
	found, err := findAll[Disk](ctx, s.store.Read(owner), f)
	now := s.clock.Now()
	for i := range found {
		found[i].Status = found[i].StatusAt(now)
	}
	return found, err
}

// AttachDisk attaches an available data disk to an instance of its zone
// that is running or stopped. It is attaching for one transition delay.
// deleteWithInstance, when not nil, replaces the disk's setting.
func (s *Service) AttachDisk(ctx context.Context, owner Owner, id DiskID, instance InstanceID, deleteWithInstance *bool) (Disk, error) {
	const op = "attach disk"
	var out Disk
	now := s.clock.Now()
	err := s.store.Update(ctx, owner, now, func(tx Tx) error {
		d, err := s.disk(ctx, tx, id, now)
		if err != nil {
			return err
		}
		inst, err := s.instance(ctx, tx, instance, now)
		if err != nil {
			return err
		}
		if d.Status != DiskAvailable {
			return diskState(op, d)
		}
		if inst.Status != StatusRunning && inst.Status != StatusStopped {
			return &Error{Code: IncorrectState, Op: op, Param: "instance", Instance: inst.ID, Status: inst.Status,
				Message: fmt.Sprintf("instance %s is %s", inst.ID, inst.Status)}
		}
		if inst.Zone != d.Zone {
			return &Error{Code: InvalidArgument, Op: op, Param: "zone", Value: string(d.Zone),
				Message: fmt.Sprintf("disk %s is in zone %s, instance %s in %s", d.ID, d.Zone, inst.ID, inst.Zone)}
		}
		device, err := s.freeDevice(ctx, tx, inst)
		if err != nil {
			return err
		}
		d.Instance, d.Device, d.AttachedAt = inst.ID, device, now
		if deleteWithInstance != nil {
			d.DeleteWithInstance = *deleteWithInstance
		}
		d.Target, d.Phases = DiskInUse, schedule([]DiskStatus{DiskAttaching}, now, s.delayFor(d.Owner.Cloud, TransitionAttachDisk))
		d.Status = d.StatusAt(now)
		out = d
		return tx.Put(ctx, &d)
	})
	return out, err
}

// freeDevice returns the first device name no disk of inst holds.
func (s *Service) freeDevice(ctx context.Context, r Reader, inst Instance) (string, error) {
	const op = "attach disk"
	rules := s.profile(inst.Owner.Cloud).Rules
	attached, err := findAll[Disk](ctx, r, Filter{Kind: KindDisk, Links: []LinkFilter{{Attr: LinkInstance, Values: []string{string(inst.ID)}}}})
	if err != nil {
		return "", err
	}
	data := 0
	var held []string
	for _, d := range attached {
		held = append(held, d.Device)
		if !d.System {
			data++
		}
	}
	if rules.MaxDataDisks > 0 && data >= rules.MaxDataDisks {
		return "", &Error{Code: LimitExceeded, Op: op, Param: "disk", Message: fmt.Sprintf("an instance has at most %d data disks", rules.MaxDataDisks)}
	}
	return nextDevice(rules.DevicePrefix, held), nil
}

// nextDevice returns the first of prefix+"b", prefix+"c", ... not in held
// ("a" is the system disk's).
func nextDevice(prefix string, held []string) string {
	for i := 1; ; i++ {
		name := prefix + deviceSuffix(i)
		if !slices.Contains(held, name) {
			return name
		}
	}
}

// deviceSuffix spells slot i as a, b, ..., z, aa, ab, ...
func deviceSuffix(i int) string {
	if i < 26 {
		return string(rune('a' + i))
	}
	return deviceSuffix(i/26-1) + string(rune('a'+i%26))
}

// DetachDisk detaches a data disk from its instance (which must be it, when
// instance is not empty). It is detaching for one transition delay.
func (s *Service) DetachDisk(ctx context.Context, owner Owner, id DiskID, instance InstanceID) (Disk, error) {
	const op = "detach disk"
	var out Disk
	now := s.clock.Now()
	err := s.store.Update(ctx, owner, now, func(tx Tx) error {
		d, err := s.disk(ctx, tx, id, now)
		if err != nil {
			return err
		}
		if instance != "" {
			if _, err := s.instance(ctx, tx, instance, now); err != nil {
				return err
			}
			if d.Instance != instance {
				return &Error{Code: IncorrectState, Op: op, Param: "disk", Value: string(d.ID), State: "not_attached",
					Message: fmt.Sprintf("disk %s is not attached to instance %s", d.ID, instance)}
			}
		}
		if d.Status != DiskInUse {
			return diskState(op, d)
		}
		if d.System {
			return &Error{Code: IncorrectState, Op: op, Param: "disk", Value: string(d.ID), State: "system",
				Message: fmt.Sprintf("disk %s is the system disk of its instance", d.ID)}
		}
		d = detached(d, now, s.delayFor(d.Owner.Cloud, TransitionDetachDisk))
		out = d
		return tx.Put(ctx, &d)
	})
	return out, err
}

// detached returns d on its way to being attached to nothing.
func detached(d Disk, now time.Time, delay time.Duration) Disk {
	d.LastInstance = d.Instance
	d.Instance, d.Device, d.DetachedAt = "", "", now
	d.Target, d.Phases = DiskAvailable, schedule([]DiskStatus{DiskDetaching}, now, delay)
	d.Status = d.StatusAt(now)
	return d
}

// DeleteDisk deletes a disk attached to nothing.
func (s *Service) DeleteDisk(ctx context.Context, owner Owner, id DiskID, dryRun bool) error {
	const op = "delete disk"
	now := s.clock.Now()
	return s.store.Update(ctx, owner, now, func(tx Tx) error {
		d, err := s.disk(ctx, tx, id, now)
		if err != nil {
			return err
		}
		if d.Status != DiskAvailable {
			return diskState(op, d)
		}
		if dryRun {
			return dryRunPassed(op)
		}
		return tx.Delete(ctx, d.Key())
	})
}

// ResizeDisk grows a disk that is available or in use. A system disk's
// new size shows on its instance too.
func (s *Service) ResizeDisk(ctx context.Context, owner Owner, id DiskID, sizeGiB int) (Disk, error) {
	const op = "resize disk"
	var out Disk
	now := s.clock.Now()
	err := s.store.Update(ctx, owner, now, func(tx Tx) error {
		d, err := s.disk(ctx, tx, id, now)
		if err != nil {
			return err
		}
		if d.Status != DiskAvailable && d.Status != DiskInUse {
			return diskState(op, d)
		}
		if sizeGiB < d.SizeGiB {
			return &Error{Code: InvalidArgument, Op: op, Param: "disk_size", Value: fmt.Sprint(sizeGiB),
				Message: fmt.Sprintf("disk %s has %d GiB; a disk only grows", d.ID, d.SizeGiB)}
		}
		spec := DiskSpec{Category: d.Category, SizeGiB: sizeGiB}
		if err := s.checkDisk(op, owner.Cloud, spec, d.System); err != nil {
			return err
		}
		d.SizeGiB = sizeGiB
		out = d
		if d.System && d.Instance != "" {
			found, err := getAll[Instance](ctx, tx, KindInstance, string(d.Instance))
			if err != nil {
				return err
			}
			for _, inst := range found {
				inst.SystemDisk.SizeGiB = sizeGiB
				if err := tx.Put(ctx, &inst); err != nil {
					return err
				}
			}
		}
		return tx.Put(ctx, &d)
	})
	return out, err
}

// ModifyDisk changes what may change of a disk through edit: its name,
// description, resource group, Extra, and whether it goes with its
// instance.
func (s *Service) ModifyDisk(ctx context.Context, owner Owner, id DiskID, edit func(*Disk) error) (Disk, error) {
	const op = "modify disk"
	var out Disk
	now := s.clock.Now()
	err := s.store.Update(ctx, owner, now, func(tx Tx) error {
		d, err := s.disk(ctx, tx, id, now)
		if err != nil {
			return err
		}
		changed := d
		changed.Meta = cloneMeta(d.Meta)
		if err := edit(&changed); err != nil {
			return err
		}
		if d.Meta, err = s.applyMeta(op, d.Meta, changed.Meta); err != nil {
			return err
		}
		d.DeleteWithInstance = changed.DeleteWithInstance
		out = d
		return tx.Put(ctx, &d)
	})
	return out, err
}

// disk loads a disk of the owner, as it shows at now.
func (s *Service) disk(ctx context.Context, r Reader, id DiskID, now time.Time) (Disk, error) {
	found, err := getAll[Disk](ctx, r, KindDisk, string(id))
	if err != nil {
		return Disk{}, err
	}
	if len(found) == 0 {
		return Disk{}, notFound(KindDisk, string(id))
	}
	d := found[0]
	d.Status = d.StatusAt(now)
	return d, nil
}

func diskState(op string, d Disk) *Error {
	return &Error{Code: IncorrectState, Op: op, Param: "disk", Value: string(d.ID), State: string(d.Status),
		Message: fmt.Sprintf("disk %s is %s", d.ID, d.Status)}
}

// InstanceDisks returns the disks attached to each of the instances, in
// device order.
func (s *Service) InstanceDisks(ctx context.Context, owner Owner, ids []InstanceID) (map[InstanceID][]Disk, error) {
	out := make(map[InstanceID][]Disk, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	values := make([]string, len(ids))
	for i, id := range ids {
		values[i] = string(id)
	}
	disks, err := s.Disks(ctx, owner, Filter{Links: []LinkFilter{{Attr: LinkInstance, Values: values}}})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(disks, func(a, b Disk) int {
		if len(a.Device) != len(b.Device) {
			return len(a.Device) - len(b.Device)
		}
		return strings.Compare(a.Device, b.Device)
	})
	for _, d := range disks {
		out[d.Instance] = append(out[d.Instance], d)
	}
	return out, nil
}
