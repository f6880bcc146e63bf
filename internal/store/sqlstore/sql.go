package sqlstore

import (
	"strconv"
	"strings"

	"github.com/ecsd/ecsd/internal/compute"
)

// The statements, with ? placeholders. Instance columns are read in the
// order of instanceCols (see scanInstance).

const instanceCols = `seq, id, region, zone, resource_group, name, image_id, instance_type, charge_type,
	created_at, target, stage1, until1, stage2, until2, attrs`

// briefCols are the columns of a brief listing (compute.Query.Brief), read
// by scanBrief.
const briefCols = `seq, id, target, stage1, until1, stage2, until2`

// goneSQL holds when an instance shows StatusTerminated at the time given
// as its one argument: it is gone, never listed nor counted. The literal
// (not a placeholder) lets the partial index instances_terminated serve it.
const goneSQL = `target = '` + string(compute.StatusTerminated) + `' AND until2 <= ?`

// statusSQL is the status an instance shows at the time given twice.
const statusSQL = `CASE WHEN ? < until1 THEN stage1 WHEN ? < until2 THEN stage2 ELSE target END`

// ownerSQL restricts a statement to one owner; every statement has it.
const ownerSQL = `account_id = ? AND cloud = ?`

// hasGoneSQL tells whether the owner has instances to reap. Arguments:
// account, cloud, now.
const hasGoneSQL = `EXISTS (SELECT 1 FROM instances g WHERE g.account_id = ? AND g.cloud = ?
	AND g.target = '` + string(compute.StatusTerminated) + `' AND g.until2 <= ?)`

// scopeKind is the shape of a listing scope, each with its own index.
type scopeKind int

const (
	scopeAll    scopeKind = iota // the owner's instances
	scopeRegion                  // of one region
	scopeZone                    // of one zone of one region
	scopeGroup                   // of one resource group
	scopeKinds
)

// The listing of a scope binds its arguments by number, once each, in
// this order (see scopeArgs): every statement below names them by these
// numbers, whatever order they appear in.
const (
	argAccount = "?1"
	argCloud   = "?2"
	argScope   = "?3" // the scope key (see scopeKeys)
	argNow     = "?4" // Unix nanoseconds
	argLimit   = "?5"
	argOffset  = "?6"
	argScope1  = "?7" // the region, or the resource group
	argScope2  = "?8" // the zone
)

// scopeArgs are the arguments of pageSQL and countSQL, by number.
func scopeArgs(account, cloud, scope string, now int64, limit, offset int, scopeCols ...any) []any {
	return append([]any{account, cloud, scope, now, limit, offset}, scopeCols...)
}

// scopeTotalSQL is the number of instances in a scope: before + n of its
// highest bucket.
const scopeTotalSQL = `COALESCE((SELECT t.before + t.n FROM instance_tallies t
	WHERE t.account_id = ` + argAccount + ` AND t.cloud = ` + argCloud + ` AND t.scope = ` + argScope + `
	ORDER BY t.bucket DESC LIMIT 1), 0)`

// scopeHasGoneSQL tells whether the owner has instances to reap.
const scopeHasGoneSQL = `EXISTS (SELECT 1 FROM instances g WHERE g.account_id = ` + argAccount + ` AND g.cloud = ` + argCloud + `
	AND g.target = '` + string(compute.StatusTerminated) + `' AND g.until2 <= ` + argNow + `)`

// pageSQL reads one page of a scope with the scope's total and whether the
// owner has instances to reap; brief reads briefCols, otherwise
// instanceCols. Its arguments are scopeArgs.
//
// A deep page (offset of bucketSize or more) starts in the bucket that
// holds the instance at the offset, the one with the greatest before <=
// offset, and skips only the instances of that bucket before it; two
// lookups of the counts inside the statement find the bucket, so a deep
// page costs one round trip like a shallow one.
func pageSQL(k scopeKind, brief, deep bool) string {
	cols := instanceCols
	if brief {
		cols = briefCols
	}
	q := `SELECT ` + cols + `, ` + scopeTotalSQL + `, ` + scopeHasGoneSQL + `
	FROM instances WHERE account_id = ` + argAccount + ` AND cloud = ` + argCloud + scopeWhere[k]
	if !deep {
		return q + ` ORDER BY seq LIMIT ` + argLimit + ` OFFSET ` + argOffset
	}
	return q + ` AND seq >= (SELECT b.bucket * ` + strconv.Itoa(bucketSize) + bucketAtSQL + `)
	ORDER BY seq LIMIT ` + argLimit + ` OFFSET (` + argOffset + ` - COALESCE((SELECT b.before` + bucketAtSQL + `), 0))`
}

// bucketAtSQL finds the bucket that holds the instance at the offset.
const bucketAtSQL = ` FROM instance_tallies b WHERE b.account_id = ` + argAccount + ` AND b.cloud = ` + argCloud + `
	AND b.scope = ` + argScope + ` AND b.before <= ` + argOffset + `
	ORDER BY b.before DESC, b.bucket DESC LIMIT 1`

var scopeWhere = [scopeKinds]string{
	scopeAll:    ``,
	scopeRegion: ` AND region = ` + argScope1,
	scopeZone:   ` AND region = ` + argScope1 + ` AND zone = ` + argScope2,
	scopeGroup:  ` AND resource_group = ` + argScope1,
}

// countSQL reads a scope's total and whether the owner has instances to
// reap. Its arguments are the first four of scopeArgs.
const countSQL = `SELECT ` + scopeTotalSQL + `, ` + scopeHasGoneSQL

// insertRows are the numbers of rows of the INSERTs that Create runs,
// largest first. A batch is cut into as many runs of the largest as fit,
// then of the next, and so on: n rows take at most n/256 + 12 statements,
// one round trip each, and there are only these few statements to prepare.
var insertRows = [...]int{256, 64, 16, 4, 1}

// insertCols is how many arguments each row of insertSQL takes.
const insertCols = 17

// insertSQL inserts rows instances and returns the id and seq of each.
func insertSQL(rows int) string {
	return `INSERT INTO instances (id, account_id, cloud, region, zone, resource_group, name,
	image_id, instance_type, charge_type, created_at, target, stage1, until1, stage2, until2, attrs)
	VALUES ` + valueRows(rows, insertCols) + ` RETURNING id, seq`
}

// insertSerialSQL inserts one instance with its seq given first; override
// is what the database wants to take a value for an identity column.
func insertSerialSQL(override string) string {
	return `INSERT INTO instances (seq, id, account_id, cloud, region, zone, resource_group, name,
	image_id, instance_type, charge_type, created_at, target, stage1, until1, stage2, until2, attrs) ` + override +
		` VALUES (` + placeholders(insertCols+1) + `)`
}

// insertResourceSerialSQL stores a resource with its seq given first.
func insertResourceSerialSQL(override string) string {
	return `INSERT INTO resources (seq, kind, id, account_id, cloud, region, created_at, body) ` + override +
		` VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
}

// replaceSQL replaces what may change of an instance, all but its
// lifecycle state (which updateSQL writes) and its place in the listing
// counts but its resource group.
const replaceSQL = `UPDATE instances SET resource_group = ?, name = ?, image_id = ?, instance_type = ?,
	charge_type = ?, attrs = ? WHERE ` + ownerSQL + ` AND id = ?`

// placeSQL reads an instance's place in the listing counts.
const placeSQL = `SELECT ` + placeCols + ` FROM instances WHERE ` + ownerSQL + ` AND id = ?`

// updateSQL replaces the lifecycle state of one instance.
const updateSQL = `UPDATE instances SET target = ?, stage1 = ?, until1 = ?, stage2 = ?, until2 = ?
	WHERE ` + ownerSQL + ` AND id = ?`

// updateCols is how many arguments each row of updateManySQL takes.
const updateCols = 6

// updateManySQL replaces the lifecycle state of rows instances of one
// owner in one statement. Arguments: per instance its id, target, stage1,
// until1, stage2, until2; then account, cloud. The casts type the VALUES,
// whose columns every database names column1, column2, ...
func updateManySQL(rows int) string {
	row := `(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS BIGINT))`
	return `UPDATE instances SET target = v.column2, stage1 = v.column3, until1 = v.column4,
	stage2 = v.column5, until2 = v.column6
	FROM (VALUES ` + repeatRow(row, rows) + `) AS v
	WHERE instances.account_id = ? AND instances.cloud = ? AND instances.id = v.column1`
}

// placeCols are what the listing counts need of a removed instance.
const placeCols = `seq, region, zone, resource_group`

const deleteSQL = `DELETE FROM instances WHERE ` + ownerSQL + ` AND id = ? RETURNING ` + placeCols

const reapSQL = `DELETE FROM instances WHERE ` + ownerSQL + ` AND ` + goneSQL + ` RETURNING id, ` + placeCols

const tokenSQL = `SELECT instance_id FROM client_tokens WHERE ` + ownerSQL + ` AND token = ?`

// addTokenSQL remembers rows instances a Create with a token made, each
// with four arguments: account, cloud, token, instance.
func addTokenSQL(rows int) string {
	return `INSERT INTO client_tokens (account_id, cloud, token, instance_id) VALUES ` + valueRows(rows, 4)
}

// upsertTallySQL adds n instances to a bucket. A new bucket's before is
// before + n of the next lower bucket. Arguments: account, cloud, scope,
// bucket, n; account, cloud, scope, bucket.
const upsertTallySQL = `INSERT INTO instance_tallies (account_id, cloud, scope, bucket, n, before)
	VALUES (?, ?, ?, ?, ?, COALESCE((SELECT t.before + t.n FROM instance_tallies t
		WHERE t.account_id = ? AND t.cloud = ? AND t.scope = ? AND t.bucket < ?
		ORDER BY t.bucket DESC LIMIT 1), 0))
	ON CONFLICT (account_id, cloud, scope, bucket) DO UPDATE SET n = instance_tallies.n + excluded.n`

// shiftTallySQL adds to before of the buckets in a range (low, high].
// Arguments: delta, account, cloud, scope, low, high.
const shiftTallySQL = `UPDATE instance_tallies SET before = before + ?
	WHERE ` + ownerSQL + ` AND scope = ? AND bucket > ? AND bucket <= ?`

// decTallySQL and dropTallySQL take instances out of a bucket and drop it
// when it is empty. Arguments: [n,] account, cloud, scope, bucket.
const decTallySQL = `UPDATE instance_tallies SET n = n - ? WHERE ` + ownerSQL + ` AND scope = ? AND bucket = ?`
const dropTallySQL = `DELETE FROM instance_tallies WHERE ` + ownerSQL + ` AND scope = ? AND bucket = ? AND n <= 0`

// Reset. The first two statements count what they remove.
var resetSQL = [...]string{
	`DELETE FROM instances WHERE ` + ownerSQL,
	`DELETE FROM resources WHERE ` + ownerSQL + ` RETURNING kind`,
	`DELETE FROM instance_tallies WHERE ` + ownerSQL,
	`DELETE FROM client_tokens WHERE ` + ownerSQL,
	`DELETE FROM links WHERE ` + ownerSQL,
}

// Resources and links.
const (
	resourceCols = `seq, kind, id, region, created_at, body`
	// insertResourceSQL stores a new resource. Arguments: kind, id,
	// account, cloud, region, created_at, body.
	insertResourceSQL = `INSERT INTO resources (kind, id, account_id, cloud, region, created_at, body)
	VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq`
	// updateResourceSQL replaces the body of a resource. Arguments: body,
	// account, cloud, kind, id.
	updateResourceSQL = `UPDATE resources SET body = ? WHERE ` + ownerSQL + ` AND kind = ? AND id = ?`
	deleteResourceSQL = `DELETE FROM resources WHERE ` + ownerSQL + ` AND kind = ? AND id = ?`
	// deleteLinksSQL drops the links of one resource. Arguments: account,
	// cloud, kind, id.
	deleteLinksSQL = `DELETE FROM links WHERE ` + ownerSQL + ` AND kind = ? AND id = ?`
	linkCols       = 6
)

// insertLinksSQL adds rows links; each row's arguments are account, cloud,
// attr, value, kind, id.
func insertLinksSQL(rows int) string {
	return `INSERT INTO links (account_id, cloud, attr, value, kind, id) VALUES ` + valueRows(rows, linkCols)
}

// Accounts.
const (
	nameTakenSQL     = `SELECT COUNT(*) FROM accounts WHERE name = ?`
	accountExistsSQL = `SELECT COUNT(*) FROM accounts WHERE id = ?`
	insertAccountSQL = `INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)`
	insertKeySQL     = `INSERT INTO access_keys (id, secret, account_id, disabled, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)`
	keyCols          = `id, secret, account_id, disabled, created_at, last_used_at`
	accessKeySQL     = `SELECT ` + keyCols + ` FROM access_keys WHERE id = ?`
	accountsSQL      = `SELECT id, name, created_at FROM accounts ORDER BY created_at, id`
	accountKeysSQL   = `SELECT ` + keyCols + ` FROM access_keys WHERE account_id = ? ORDER BY created_at, id`
	disableKeySQL    = `UPDATE access_keys SET disabled = ? WHERE id = ?`
	deleteKeySQL     = `DELETE FROM access_keys WHERE id = ?`
	deleteKeysSQL    = `DELETE FROM access_keys WHERE account_id = ?`
	deleteAccountSQL = `DELETE FROM accounts WHERE id = ?`
	// keyUsedSQL moves a key's last use forward, never back: nodes write
	// it at once without ordering.
	keyUsedSQL       = `UPDATE access_keys SET last_used_at = ? WHERE id = ? AND last_used_at < ?`
	replaceSecretSQL = `UPDATE access_keys SET secret = ? WHERE id = ? AND secret = ?`
	insertSecretSQL  = `INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`
	secretSQL        = `SELECT value FROM secrets WHERE name = ?`
	secretsSQL       = `SELECT name, value FROM secrets`
	replaceValueSQL  = `UPDATE secrets SET value = ? WHERE name = ? AND value = ?`
)

// placeholders returns n comma-separated placeholders.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// valueRows returns the VALUES of n rows of cols placeholders each.
func valueRows(n, cols int) string {
	return repeatRow("("+placeholders(cols)+")", n)
}

// repeatRow returns n copies of row, comma-separated.
func repeatRow(row string, n int) string {
	return strings.Repeat(row+", ", n-1) + row
}

// runs cuts n rows into runs of the sizes of insertRows, largest first,
// and calls f with the start and the size's index of each.
func runs(n int, f func(start, size int) error) error {
	start := 0
	for k, size := range insertRows {
		for ; n-start >= size; start += size {
			if err := f(start, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// escapeLike escapes the wildcards of LIKE (and the escape character \).
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Statements returns, by name, the SQL of the reads a Store runs (a few
// built per call are shown with sample conditions), with ? placeholders.
// A concrete store's tests explain their query plans with it, since a plan
// that scans an owner's instances is correct and only slow.
func Statements() map[string]string {
	ids := compute.Query{IDs: []compute.InstanceID{"a", "b", "c"}}
	idsWhere, _ := filter(ids, 0)
	status := compute.Query{Statuses: []compute.Status{compute.StatusRunning}}
	statusWhere, _ := filter(status, 0)
	m := map[string]string{
		"count":        countSQL,
		"upsert tally": upsertTallySQL,
		"shift tally":  shiftTallySQL,
		"dec tally":    decTallySQL,
		"reap":         reapSQL,
		"delete":       deleteSQL,
		"update":       updateSQL,
		"update many":  updateManySQL(4),
		"token":        tokenSQL,
		"access key":   accessKeySQL,
		"load":         `SELECT ` + instanceCols + ` FROM instances WHERE ` + ownerSQL + ` AND id IN (?, ?, ?)`,
		"ids":          `SELECT ` + instanceCols + ` FROM instances WHERE ` + idsWhere + ` AND id IN (?, ?, ?)`,
		"scan count":   `SELECT ` + hasGoneSQL + `, COUNT(*) FROM instances WHERE ` + statusWhere,
		"scan page":    `SELECT ` + instanceCols + ` FROM instances WHERE ` + statusWhere + ` ORDER BY seq LIMIT ? OFFSET ?`,
	}
	o := compute.Owner{Account: "a", Cloud: compute.CloudAliyun}
	subnetLink := []compute.LinkFilter{{Attr: compute.LinkSubnet, Values: []string{"vsw-1"}}}
	tagLink := []compute.LinkFilter{{Attr: compute.TagLinkAttr("env")}}
	for name, f := range map[string]struct {
		filter compute.Filter
		ids    []string
	}{
		"find kind":             {compute.Filter{Kind: compute.KindNetwork}, nil},
		"find kind region":      {compute.Filter{Kind: compute.KindNetwork, Region: "r1"}, nil},
		"find ids":              {compute.Filter{Kind: compute.KindDisk}, []string{"d-1", "d-2"}},
		"find linked":           {compute.Filter{Kind: compute.KindDisk, Links: []compute.LinkFilter{{Attr: compute.LinkInstance, Values: []string{"i-1"}}}}, nil},
		"find instances linked": {compute.Filter{Kind: compute.KindInstance, Links: subnetLink}, nil},
		"find instances ids":    {compute.Filter{Kind: compute.KindInstance}, []string{"i-1"}},
		"find tagged":           {compute.Filter{Kind: compute.KindKeyPair, Links: tagLink}, nil},
	} {
		m[name], _ = findSQL(o, f.filter, f.ids)
	}
	m["links"], _ = linksSQL(o, compute.LinkFilter{Attr: compute.LinkNetwork, Values: []string{"vpc-1"}})
	m["links kind"], _ = linksSQL(o, compute.LinkFilter{Attr: compute.LinkNetwork, Values: []string{"vpc-1"}, Kind: compute.KindSubnet})
	m["links prefix"], _ = linksSQL(o, compute.LinkFilter{Attr: compute.TagLinkPrefix, Prefix: true})
	m["links all values"], _ = linksSQL(o, compute.LinkFilter{Attr: "ip@vsw-1"})
	linkedWhere, _ := filter(compute.Query{Links: subnetLink}, 0)
	m["scan linked"] = `SELECT ` + instanceCols + ` FROM instances WHERE ` + linkedWhere + ` ORDER BY seq LIMIT ? OFFSET ?`
	m["place"] = placeSQL
	m["update resource"] = updateResourceSQL
	m["delete resource"] = deleteResourceSQL
	m["delete links"] = deleteLinksSQL
	for k, name := range [scopeKinds]string{"page all", "page region", "page zone", "page group"} {
		m[name] = pageSQL(scopeKind(k), false, false)
		m[name+" brief"] = pageSQL(scopeKind(k), true, false)
		m[name+" deep"] = pageSQL(scopeKind(k), false, true)
	}
	return m
}
