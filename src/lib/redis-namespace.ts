import { createHash } from 'node:crypto';

/**
 * One bot deployment's share of a Redis database. Two deployments on the same Redis
 * (same REDIS_URL database) must never run each other's jobs or take each other's
 * locks, so every key and the job queue carry the deployment's namespace:
 *
 * - the bot's own keys are `<namespace>:…` (task and backup locks, self-test status,
 *   voice join times, message-XP cooldowns, vote-change windows, ping memory, the
 *   identify buckets every shard process of the deployment shares);
 * - the scheduled-task queue is named `<namespace>.scheduled-tasks`, so BullMQ keeps it
 *   under `bull:<namespace>.scheduled-tasks:…`; the reminder queue likewise
 *   `<namespace>.reminders` (`bull:<namespace>.reminders:…`). (BullMQ's own `prefix` option cannot
 *   carry the namespace: the scheduled-tasks plugin builds its worker without it.)
 */

/** Letters, digits, `-` and `_`: no `:` (that would nest one namespace in another) and no `.`. */
export const REDIS_NAMESPACE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The namespace of a deployment that sets no REDIS_NAMESPACE: `dmw-` and the first 12
 * hex digits of SHA-256 over `<host>:<port>/<database>` of DATABASE_URL (host in lower
 * case, port 5432 when absent, database defaulting to the user name as PostgreSQL
 * does). The bot's database identifies the deployment, and the singleton lock already
 * makes every process on one database a single bot; the password and options play no
 * part, so changing them keeps the namespace.
 */
export function defaultRedisNamespace(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const host = (url.searchParams.get('host') ?? url.hostname).toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? '5432' : url.port;
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username);
  const digest = createHash('sha256').update(`${host}:${port}/${database}`).digest('hex');
  return `dmw-${digest.slice(0, 12)}`;
}

export interface RedisKeys {
  /** Name of the scheduled-task queue (BullMQ keys `bull:<queue>:…`). */
  readonly taskQueue: string;
  /** Run locks of the scheduled tasks: `<prefix><task name>`. */
  readonly taskLockPrefix: string;
  /** Lock shared by the backup worker and `/backup_db`. */
  readonly backupLock: string;
  /** Hash with the last self-test outcome, for `/status`. */
  readonly selfTestStatus: string;
  /** Prefix of the leveling keys (`voice:<guild>`, `xp:cooldown:<guild>:<user>`). */
  readonly levelingPrefix: string;
  /** Prefix of the flood guards' keys (`votes:changes:<guild>:<user>`, `raid:<id>:pinged`). */
  readonly floodPrefix: string;
  /** Name of the reminder queue: delayed jobs per raid, slot and kind (BullMQ keys `bull:<queue>:…`). */
  readonly reminderQueue: string;
  /** Prefix of the per-raid sets of planned reminder job ids: `<prefix><raid id>`. */
  readonly reminderIndexPrefix: string;
  /** Set while Redis holds the reminder plan; its absence means Redis was emptied and the plan is made again. */
  readonly reminderPlanMarker: string;
  /** Prefix of the voice attendance keys (`open:<guild>`, `log:<guild>:<member>`, see src/lib/attendance/voice-log.ts). */
  readonly attendancePrefix: string;
  /** Sharded bot: the live bot processes and their shards (src/lib/tasks/process-registry.ts). */
  readonly processRegistry: string;
  /** Sharded bot: the pub/sub channel on which a scheduled task asks every process for its part (src/lib/tasks/fan-out.ts). */
  readonly fanOutChannel: string;
  /** Sharded bot: prefix of the reply lists of one fan-out request, `<prefix><request id>`. */
  readonly fanOutReplyPrefix: string;
  /** Prefix of the gateway identify buckets: `<prefix><shard id % max_concurrency>`, held for Discord's 5 s after an identify (src/lib/sharding/identify-throttle.ts). */
  readonly identifyBucketPrefix: string;
}

/** The keys of one lane of reminders: the whole bot unsharded, one shard's servers when sharded. */
export interface ReminderLaneKeys {
  readonly queue: string;
  readonly indexPrefix: string;
  readonly planMarker: string;
}

/**
 * Unsharded (`shard` null): exactly `reminderQueue`, `reminderIndexPrefix` and
 * `reminderPlanMarker`. Sharded, each shard its own: the queue
 * `<namespace>.reminders.<tag>`, the index `<namespace>:reminders:<tag>:raid:<raid id>`
 * and the marker `<namespace>:reminders:<tag>:planned` (tag `shard-<id>-of-<count>`),
 * so the owner of a shard plans and fires its servers' reminders and notices on its own
 * when Redis lost them.
 */
export function reminderLaneKeys(namespace: string, shardTag: string | null): ReminderLaneKeys {
  const keys = redisKeys(namespace);
  if (shardTag === null) return Object.freeze({ queue: keys.reminderQueue, indexPrefix: keys.reminderIndexPrefix, planMarker: keys.reminderPlanMarker });
  return Object.freeze({
    queue: `${keys.reminderQueue}.${shardTag}`,
    indexPrefix: `${namespace}:reminders:${shardTag}:raid:`,
    planMarker: `${namespace}:reminders:${shardTag}:planned`,
  });
}

export function redisKeys(namespace: string): RedisKeys {
  return Object.freeze({
    taskQueue: `${namespace}.scheduled-tasks`,
    taskLockPrefix: `${namespace}:lock:task:`,
    backupLock: `${namespace}:lock:backup`,
    selfTestStatus: `${namespace}:selftest:status`,
    levelingPrefix: `${namespace}:`,
    floodPrefix: `${namespace}:`,
    reminderQueue: `${namespace}.reminders`,
    reminderIndexPrefix: `${namespace}:reminders:raid:`,
    reminderPlanMarker: `${namespace}:reminders:planned`,
    attendancePrefix: `${namespace}:attendance:`,
    processRegistry: `${namespace}:processes`,
    fanOutChannel: `${namespace}:tasks:fan-out`,
    fanOutReplyPrefix: `${namespace}:tasks:fan-out:reply:`,
    identifyBucketPrefix: `${namespace}:identify:`,
  });
}
