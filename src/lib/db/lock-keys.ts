/** PostgreSQL advisory lock keys of the bot (advisory-lock.ts, shard-locks.ts). */

/** Session advisory lock key shared with the old bot: one running instance per database. */
export const SINGLETON_LOCK_KEY = 92_837_465;
/** With a shard id as second key: that shard (two-int keys never collide with the bigint key above). */
export const SHARD_LOCK_KEY = SINGLETON_LOCK_KEY;
/** With a shard count as second key, shared: the count the shard processes run with. */
export const SHARD_COUNT_LOCK_KEY = 92_837_466;
/** Transaction lock that serialises claims of shard sets. */
export const SHARD_CLAIM_LOCK_KEY = 92_837_467;
