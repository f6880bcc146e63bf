package compute

import "time"

// Named identifiers, so that arguments cannot be swapped by accident.
type (
	AccountID  string
	InstanceID string
	RegionID   string
	ZoneID     string
)

// Cloud names the vendor cloud an instance belongs to. An instance created
// through one vendor's API is only ever visible through that vendor's API.
type Cloud string

const (
	CloudAliyun   Cloud = "aliyun"
	CloudTencent  Cloud = "tencent"
	CloudZenlayer Cloud = "zenlayer"
)

// Clouds lists every cloud ecsd serves.
var Clouds = []Cloud{CloudAliyun, CloudTencent, CloudZenlayer}

// Owner is the tenant every use case runs for: one account on one cloud.
type Owner struct {
	Account AccountID
	Cloud   Cloud
}

// ChargeType is how an instance is billed. It matters to the lifecycle:
// prepaid instances may pass through the recycle bin before they are gone.
type ChargeType string

const (
	PostPaid ChargeType = "postpaid"
	PrePaid  ChargeType = "prepaid"
)

// Instance is one virtual machine.
type Instance struct {
	ID            InstanceID
	Owner         Owner
	Region        RegionID
	Zone          ZoneID
	Name          string
	ImageID       string
	InstanceType  string
	ResourceGroup string
	ChargeType    ChargeType
	CreatedAt     time.Time

	// Target is the status the instance settles in once Stages have passed.
	Target Status
	// Stages are the transitional statuses shown before Target, in order.
	Stages []Stage

	// Status is the visible status at the moment the instance was read.
	// Service fills it in; stores ignore it.
	Status Status
}

// StatusAt reports the status the instance shows at t.
func (i Instance) StatusAt(t time.Time) Status {
	for _, s := range i.Stages {
		if t.Before(s.Until) {
			return s.Status
		}
	}
	return i.Target
}

// SettlesAt reports when the last transitional stage ends; the zero time when
// the instance is not in transition.
func (i Instance) SettlesAt() time.Time {
	if len(i.Stages) == 0 {
		return time.Time{}
	}
	return i.Stages[len(i.Stages)-1].Until
}

// Stage is one transitional status and the moment it ends.
type Stage struct {
	Status Status
	Until  time.Time
}

// MaxStages bounds how many transitional stages one transition shows, so that
// stores can keep them in fixed columns.
const MaxStages = 2
