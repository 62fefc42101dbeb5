import { createLogger, setConsoleOutput, type LogLevelName, type LogRecord } from '../../../src/lib/logging';
import {
  formatLogLine,
  installedLogForwarder,
  installLogForwarder,
  LogForwarder,
  MAX_MESSAGE_LENGTH,
  redactForDiscord,
  uninstallLogForwarder,
} from '../../../src/lib/log-forwarder';

function record(message: string, level: LogLevelName = 'INFO', time = new Date(Date.UTC(2026, 1, 13, 9, 5, 7))): LogRecord {
  return { time, level, logger: 'dmw.runtime', module: 'raid-list', function: 'refresh', line: 42, message };
}

/** The lines inside the code blocks, in order. */
function linesOf(messages: readonly string[]): string[] {
  return messages.flatMap((message) => {
    expect(message.startsWith('```\n') && message.endsWith('\n```')).toBe(true);
    return message.slice(4, -4).split('\n');
  });
}

describe('line format', () => {
  it('keeps time, level, logger, module, function and line', () => {
    expect(formatLogLine(record('raid list refreshed'))).toBe(
      '[2026-02-13 09:05:07] INFO src=dmw.runtime/raid-list.refresh:42 | raid list refreshed',
    );
  });

  it('cannot close the code block early', () => {
    expect(formatLogLine(record('a ``` b'))).not.toContain('```');
  });
});

describe('redaction', () => {
  it('removes SQL parameters', () => {
    expect(redactForDiscord(`query: INSERT INTO user_levels VALUES ($1) -- PARAMETERS: ["810", "secret name"]`)).toBe(
      'query: INSERT INTO user_levels VALUES ($1) -- PARAMETERS: [***]',
    );
    expect(redactForDiscord('failed with parameters: [1, "x"] in 3 ms')).toBe('failed with parameters: [***]');
  });

  it('removes tokens and passwords', () => {
    const token = 'MTA4NzY1NDMyMTA5ODc2NTQzMg.GabcDe.abcdefghijklmnopqrstuvwxyz0123';
    expect(redactForDiscord(`login with ${token}`)).toBe('login with ***');
    expect(redactForDiscord('GET /admin/queues?token=s3cr3t-value&x=1')).toBe('GET /admin/queues?token=***&x=1');
    expect(redactForDiscord('postgres://bot:hunter22@db:5432/dmw')).toBe('postgres://bot:***@db:5432/dmw');
    expect(redactForDiscord('password=hunter22 host=db')).toBe('password=*** host=db');
    expect(redactForDiscord('https://discord.com/api/webhooks/123/abcDEF-ghi_jkl')).toBe('https://discord.com/api/webhooks/123/***');
    expect(redactForDiscord('Authorization: Bearer abcdefghijklmnopqrstuvwxyz')).toBe('Authorization: Bearer ***');
  });

  it('leaves ordinary text alone', () => {
    expect(redactForDiscord('raid 12 closed as stale (guild 810000000000000001)')).toBe('raid 12 closed as stale (guild 810000000000000001)');
  });
});

describe('LogForwarder', () => {
  it('forwards records at or above its level only (INFO by default)', () => {
    const forwarder = new LogForwarder();
    forwarder.sink(record('debug detail', 'DEBUG'));
    forwarder.sink(record('started', 'INFO'));
    forwarder.sink(record('slow', 'WARNING'));
    const warningsOnly = new LogForwarder({ level: 'WARNING' });
    warningsOnly.sink(record('started', 'INFO'));
    warningsOnly.sink(record('broken', 'ERROR'));
    expect(linesOf(forwarder.drainBatches()).map((line) => line.split(' | ')[1])).toEqual(['started', 'slow']);
    expect(linesOf(warningsOnly.drainBatches()).map((line) => line.split(' | ')[1])).toEqual(['broken']);
  });

  it('keeps the newest lines when full, counts the dropped ones and says so once', () => {
    const forwarder = new LogForwarder({ capacity: 3 });
    for (let n = 1; n <= 5; n += 1) forwarder.sink(record(`line ${n}`));
    expect(forwarder.pending).toBe(3);
    expect(forwarder.droppedTotal).toBe(2);
    const lines = linesOf(forwarder.drainBatches());
    expect(lines[0]).toBe('... 2 older log line(s) dropped (buffer of 3 lines was full)');
    expect(lines.slice(1).map((line) => line.split(' | ')[1])).toEqual(['line 3', 'line 4', 'line 5']);
    forwarder.sink(record('line 6'));
    expect(linesOf(forwarder.drainBatches())).toHaveLength(1);
  });

  it('keeps records from before the gateway is ready until the first drain', () => {
    const forwarder = new LogForwarder();
    forwarder.sink(record('connecting the data source'));
    forwarder.sink(record('logging in'));
    expect(forwarder.pending).toBe(2);
    expect(linesOf(forwarder.drainBatches())).toHaveLength(2);
    expect(forwarder.pending).toBe(0);
    expect(forwarder.drainBatches()).toEqual([]);
  });

  it('packs lines into as few messages as fit under 2,000 characters, oldest first, leaving the rest', () => {
    const forwarder = new LogForwarder();
    for (let n = 0; n < 200; n += 1) forwarder.sink(record(`record ${String(n).padStart(3, '0')} ${'x'.repeat(60)}`));
    const first = forwarder.drainBatches(2);
    expect(first).toHaveLength(2);
    for (const message of first) expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    // Full: the next line would not have fitted.
    expect(first[0]!.length + 130).toBeGreaterThan(MAX_MESSAGE_LENGTH);
    const rest = forwarder.drainBatches(100);
    const numbers = linesOf([...first, ...rest]).map((line) => Number(/record (\d+)/.exec(line)![1]));
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, n) => n));
    expect(forwarder.pending).toBe(0);
  });

  it('cuts a single line that is too long for one message', () => {
    const forwarder = new LogForwarder();
    forwarder.sink(record(`stack: ${'y'.repeat(5000)}`));
    forwarder.sink(record('after'));
    const messages = forwarder.drainBatches();
    expect(messages).toHaveLength(2);
    expect(messages[0]!.length).toBe(MAX_MESSAGE_LENGTH);
    expect(messages[0]!.endsWith('...\n```')).toBe(true);
    expect(linesOf([messages[1]!])[0]).toMatch(/\| after$/);
  });

  it('never splits an emoji when cutting', () => {
    const forwarder = new LogForwarder();
    forwarder.sink(record('🐉'.repeat(3000)));
    const [message] = forwarder.drainBatches();
    expect(message!.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(message).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('installLogForwarder', () => {
  const config = { logGuildId: '1', logChannelId: '2', discordLogLevel: 'INFO' as const };

  afterEach(() => {
    uninstallLogForwarder();
    setConsoleOutput(true);
  });

  it('receives the records of every logger once installed, with the caller in the line', () => {
    setConsoleOutput(false);
    const forwarder = installLogForwarder(config)!;
    expect(installLogForwarder(config)).toBe(forwarder);
    createLogger('dmw.db').info('schema complete');
    const [line] = linesOf(forwarder.drainBatches());
    expect(line).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] INFO src=dmw\.db\/log-forwarder\.test\.[^:]+:\d+ \| schema complete$/);
  });

  it('is not installed without a log channel', () => {
    expect(installLogForwarder({ ...config, logChannelId: null })).toBeNull();
    expect(installedLogForwarder()).toBeNull();
  });
});
