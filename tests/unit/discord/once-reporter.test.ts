import { OnceReporter } from '../../../src/lib/discord/once-reporter';

describe('OnceReporter', () => {
  it('logs a problem once per key until it is cleared, then once again', () => {
    const reporter = new OnceReporter();
    const lines: string[] = [];
    const report = (key: string) => reporter.report(key, () => lines.push(key));

    expect(report('channel:1')).toBe(true);
    expect(report('channel:1')).toBe(false);
    expect(report('channel:2')).toBe(true);
    reporter.clear('channel:1');
    reporter.clear('channel:3'); // never reported: nothing to forget
    expect(report('channel:1')).toBe(true);
    expect(report('channel:2')).toBe(false);
    expect(lines).toEqual(['channel:1', 'channel:2', 'channel:1']);
  });
});
