import { Shutdown } from '../../../src/lib/shutdown';
import { createLogger, type LogRecord } from '../../../src/lib/logging';
import { captureLogs, type CapturedLogs } from '../../support/logs';

let logs: CapturedLogs;
let records: LogRecord[];

beforeEach(() => {
  logs = captureLogs();
  records = logs.records;
});

afterEach(() => {
  logs.stop();
});

function shutdownWith(timeoutMs = 1_000) {
  const exits: number[] = [];
  const shutdown = new Shutdown(createLogger('dmw.test'), { timeoutMs, exit: (code) => exits.push(code) });
  return { shutdown, exits };
}

describe('Shutdown', () => {
  it('closes newest first (gateway, tasks, database, lock) and then exits with the requested code', async () => {
    const { shutdown, exits } = shutdownWith();
    const closed: string[] = [];
    for (const name of ['lock', 'database', 'tasks', 'gateway']) shutdown.add(name, async () => void closed.push(name));
    await shutdown.run('SIGTERM', 0);
    expect(closed).toEqual(['gateway', 'tasks', 'database', 'lock']);
    expect(exits).toEqual([0]);
  });

  it('runs once: a second request joins the first', async () => {
    const { shutdown, exits } = shutdownWith();
    let closes = 0;
    shutdown.add('thing', () => void closes++);
    await Promise.all([shutdown.run('SIGTERM', 0), shutdown.run('SIGINT', 1)]);
    expect(closes).toBe(1);
    expect(exits).toEqual([0]);
    expect(shutdown.inProgress).toBe(true);
  });

  it('a failing step is logged and the rest still close', async () => {
    const { shutdown, exits } = shutdownWith();
    const closed: string[] = [];
    shutdown.add('lock', () => void closed.push('lock'));
    shutdown.add('database', () => Promise.reject(new Error('already closed')));
    await shutdown.run('test', 0);
    expect(closed).toEqual(['lock']);
    expect(exits).toEqual([0]);
    expect(records).toEqual(expect.arrayContaining([expect.objectContaining({ level: 'WARNING', message: expect.stringMatching(/^Closing database failed: Error: already closed/) })]));
  });

  it('exits anyway (once) when a step hangs past the timeout', async () => {
    const { shutdown, exits } = shutdownWith(150);
    let finishHang: () => void = () => undefined;
    shutdown.add('hanging worker', () => new Promise<void>((resolve) => (finishHang = resolve)));
    void shutdown.run('SIGTERM', 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(exits).toEqual([0]);
    expect(records.some((r) => r.level === 'ERROR' && r.message === 'Shutdown did not finish within 0.15 s; exiting anyway')).toBe(true);
    finishHang();
    await shutdown.run('again', 0);
    expect(exits).toEqual([0]);
  });
});
