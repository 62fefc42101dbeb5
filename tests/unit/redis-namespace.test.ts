import { ConfigError, loadConfig } from '../../src/config';
import { defaultRedisNamespace, redisKeys, reminderLaneKeys } from '../../src/lib/redis-namespace';
import { shardTag } from '../../src/lib/sharding/ownership';

const BASE = { DISCORD_TOKEN: 'x', DATABASE_URL: 'postgresql://dmw:s3cret@127.0.0.1:5432/dmw' };

describe('REDIS_NAMESPACE', () => {
  it('defaults to a hash of host, port and database of DATABASE_URL, and that hash never changes', () => {
    // Pinned: a different value would leave a running deployment's schedules and voice times behind.
    expect(loadConfig(BASE).redisNamespace).toBe('dmw-6a97106343f7');
    expect(loadConfig({ ...BASE, REDIS_NAMESPACE: '  ' }).redisNamespace).toBe('dmw-6a97106343f7');
  });

  it('ignores what does not pick the database: password, user, options, scheme spelling, host case, the default port', () => {
    const expected = defaultRedisNamespace('postgresql://dmw:s3cret@127.0.0.1:5432/dmw');
    for (const url of [
      'postgresql://dmw:other@127.0.0.1:5432/dmw',
      'postgres://someone@127.0.0.1/dmw?sslmode=require',
      'postgresql+asyncpg://dmw:s3cret@127.0.0.1:5432/dmw',
    ]) {
      expect(loadConfig({ ...BASE, DATABASE_URL: url }).redisNamespace).toBe(expected);
    }
    expect(defaultRedisNamespace('postgres://u@DB.Example:5432/x')).toBe(defaultRedisNamespace('postgres://u@db.example/x'));
  });

  it('differs for another database, host or port', () => {
    const namespaces = new Set(
      ['postgres://u@127.0.0.1:5432/dmw', 'postgres://u@127.0.0.1:5432/dmw_test', 'postgres://u@10.0.0.2:5432/dmw', 'postgres://u@127.0.0.1:5433/dmw'].map(
        defaultRedisNamespace,
      ),
    );
    expect(namespaces.size).toBe(4);
  });

  it('takes the database from the user name when the URL names none, as PostgreSQL does', () => {
    expect(defaultRedisNamespace('postgres://dmw@127.0.0.1:5432')).toBe(defaultRedisNamespace('postgres://dmw@127.0.0.1:5432/dmw'));
  });

  it('uses a set REDIS_NAMESPACE as it is', () => {
    expect(loadConfig({ ...BASE, REDIS_NAMESPACE: ' dmw-prod_2 ' }).redisNamespace).toBe('dmw-prod_2');
  });

  it.each(['a:b', 'dmw.prod', 'x y', '{hash}', 'ä', 'n'.repeat(65)])('refuses %p and says what is allowed', (value) => {
    expect(() => loadConfig({ ...BASE, REDIS_NAMESPACE: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...BASE, REDIS_NAMESPACE: value })).toThrow(/^REDIS_NAMESPACE='.*' may only contain letters, digits, '-' and '_' \(at most 64\)/);
  });
});

describe('redisKeys', () => {
  it('puts every key under "<namespace>:" and names the job queue after the namespace', () => {
    expect(redisKeys('blue')).toEqual({
      taskQueue: 'blue.scheduled-tasks',
      taskLockPrefix: 'blue:lock:task:',
      backupLock: 'blue:lock:backup',
      selfTestStatus: 'blue:selftest:status',
      levelingPrefix: 'blue:',
      floodPrefix: 'blue:',
      reminderQueue: 'blue.reminders',
      reminderIndexPrefix: 'blue:reminders:raid:',
      reminderPlanMarker: 'blue:reminders:planned',
      attendancePrefix: 'blue:attendance:',
      processRegistry: 'blue:processes',
      fanOutChannel: 'blue:tasks:fan-out',
      fanOutReplyPrefix: 'blue:tasks:fan-out:reply:',
      identifyBucketPrefix: 'blue:identify:',
    });
  });
});

describe('reminderLaneKeys', () => {
  it("unsharded, is exactly the one-process bot's reminder queue, index and marker", () => {
    const keys = redisKeys('blue');
    expect(reminderLaneKeys('blue', null)).toEqual({ queue: keys.reminderQueue, indexPrefix: keys.reminderIndexPrefix, planMarker: keys.reminderPlanMarker });
  });

  it('sharded, gives each shard its own queue, index and marker under the namespace', () => {
    const zero = reminderLaneKeys('blue', shardTag(0, 2));
    const one = reminderLaneKeys('blue', shardTag(1, 2));
    expect(zero).toEqual({ queue: 'blue.reminders.shard-0-of-2', indexPrefix: 'blue:reminders:shard-0-of-2:raid:', planMarker: 'blue:reminders:shard-0-of-2:planned' });
    expect(new Set([...Object.values(zero), ...Object.values(one)]).size).toBe(6);
  });
});
