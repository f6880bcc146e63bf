package bench

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
)

// The bench account's key. It is fixed, not drawn, so that a store seeded
// once serves every later run, and every node started on it, without the
// key being passed around; a store seeded for benchmarks holds nothing
// worth protecting.
const (
	KeyID       = "ecsdbench"
	Secret      = "ecsd-bench-secret"
	accountName = "bench"
)

// vendor is where one cloud's seeded instances live, and how their IDs
// look, so that the dialect finds them well formed.
type vendor struct {
	cloud  compute.Cloud
	region compute.RegionID
	zones  []compute.ZoneID
	image  string
	typ    string
	id     func(seq int) string
}

var (
	aliyun = vendor{compute.CloudAliyun, "cn-hangzhou", []compute.ZoneID{"cn-hangzhou-b", "cn-hangzhou-g", "cn-hangzhou-h"},
		"aliyun_3_x64_20G_alibase_20240819.vhd", "ecs.g7.large", aliyunID}
	tencent = vendor{compute.CloudTencent, "ap-guangzhou", []compute.ZoneID{"ap-guangzhou-3", "ap-guangzhou-4"},
		"img-487zeit5", "S5.MEDIUM2", tencentID}
	zenlayer = vendor{compute.CloudZenlayer, "asia-east-1", []compute.ZoneID{"asia-east-1a"},
		"ubuntu22", "z2a.cpu.1", zenlayerID}
	vendors = []vendor{aliyun, tencent, zenlayer}
)

// aliyunID is i-bp and 18 digits, as ECS IDs in cn-hangzhou look.
func aliyunID(seq int) string { return fmt.Sprintf("i-bp%018d", seq) }

// tencentID is ins- and 8 lower-case letters or digits: seq in base 36.
func tencentID(seq int) string {
	s := strconv.FormatInt(int64(seq), 36)
	return "ins-" + strings.Repeat("0", max(0, 8-len(s))) + s
}

// zenlayerID is 19 digits not starting with 0, as ecsd makes them.
func zenlayerID(seq int) string { return strconv.FormatInt(1_000_000_000_000_000_000+int64(seq), 10) }

// Seed makes sure store holds the bench account with at least n running
// instances of each vendor in its bench region, creating what is missing
// through the store's bulk path (compute.MaxBatch instances per
// transaction). It returns how many instances it created.
func Seed(ctx context.Context, store app.Store, n int, log io.Writer) (int, error) {
	key, err := store.AccessKey(ctx, KeyID)
	if compute.ErrorCode(err) == compute.NotFound {
		acct, k, err := auth.NewAccount(accountName, KeyID, Secret, time.Now())
		if err != nil {
			return 0, err
		}
		if err := store.CreateAccount(ctx, acct, k); err != nil {
			return 0, fmt.Errorf("creating the bench account: %w", err)
		}
		key = k
	} else if err != nil {
		return 0, fmt.Errorf("reading the bench key: %w", err)
	}
	created := 0
	for _, v := range vendors {
		owner := compute.Owner{Account: key.Account, Cloud: v.cloud}
		page, err := store.List(ctx, compute.Query{Owner: owner, Region: v.region, Limit: 1}, time.Now())
		if err != nil {
			return created, err
		}
		if page.Total >= n {
			continue
		}
		start, now := time.Now(), time.Now().UTC().Truncate(time.Second)
		for from := page.Total; from < n; from += compute.MaxBatch {
			batch := make([]compute.Instance, min(compute.MaxBatch, n-from))
			for i := range batch {
				seq := from + i
				batch[i] = compute.Instance{
					ID:      compute.InstanceID(v.id(seq)),
					Meta:    compute.Meta{Owner: owner, Region: v.region, Zone: v.zones[seq%len(v.zones)], CreatedAt: now},
					ImageID: v.image, InstanceType: v.typ, ChargeType: compute.PostPaid, Target: compute.StatusRunning,
				}
			}
			err := store.Update(ctx, owner, time.Time{}, func(tx compute.Tx) error {
				_, err := tx.CreateInstances(ctx, "", batch)
				return err
			})
			if err != nil {
				return created, fmt.Errorf("seeding %s: %w", v.cloud, err)
			}
			created += len(batch)
			if done := from + len(batch); done%100_000 == 0 || done == n {
				fmt.Fprintf(log, "seeding %s: %d of %d instances, %s\n", v.cloud, done, n, time.Since(start).Round(time.Second))
			}
		}
	}
	return created, nil
}
