// Package indexed keeps the listing index of every instance in memory, above
// a plain store (SQLite or the memory store) that stays the durable truth
// and answers everything else.
//
// # What it holds
//
// Per owner: a map from instance ID to an entry (what listings filter and
// order by: serial, region, zone, resource group, and the lifecycle a brief
// listing returns), and order-statistics lists of entries by serial, one per
// scope (the owner, a region, a zone of a region, a resource group) and one
// per scope and settled status. A page at any depth and the total are
// found by rank in O(log n); an ID is a map hit. Instances still in a
// transitional stage (and for a grace second after) are kept apart, few, and
// matched against the listing's time one by one, so that statuses driven by
// the clock are exactly those the plain store computes. Listings by name or
// by link go to the plain store.
//
// # Writes
//
// Every write goes to the plain store first, through a Tx that records which
// instances it creates, changes or deletes; only once the plain store has
// committed does the index take those changes (a write that fails changes
// nothing; one whose commit may or may not have happened reads its
// instances back). The writes of one owner go one at a time, so the index
// takes them in commit order; a brief listing reads memory alone, and a
// full listing reads its page from the plain store by ID while no write of
// the owner can come in between.
//
// # One process per SQLite file
//
// Over a store only this process writes (SQLite, memory), the index is the
// truth as it is: an SQLite file is served by one ecsd process (ecsd serve
// locks the file against a second one: see app.OpenServingStore). Commands
// that change accounts only (ecsd account) may run beside it.
//
// # Several nodes: PostgreSQL
//
// Several nodes share one PostgreSQL database, and each node's index
// follows the writes of the others through a plain store that is a
// Follower: it numbers each owner's committed writes of instances in commit
// order (versions) and tells which instances each wrote. Before a listing
// is answered from memory, the owner's latest version is read (one read
// shared by the listings that ask together, each of which waits for a read
// that began after it asked), and when the index is behind, the instances
// the missed versions wrote are read back from the plain store. So a write
// acknowledged by any node is in every listing that begins after it, on
// every node. Follow also brings every owner up to date now and then, in
// the background. A full listing checks the rows it reads against the index,
// and goes to the plain store when a concurrent write of another node made
// them disagree.
package indexed
