import { PendingAcknowledgements } from '../../../src/lib/discord/pending-acks';

describe('PendingAcknowledgements', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 0;
    jest.useFakeTimers();
  });
  afterEach(() => jest.useRealTimers());

  it('counts interactions received and not yet acknowledged', () => {
    const acks = new PendingAcknowledgements(clock);
    acks.received('1');
    acks.received('2');
    acks.acknowledged('1');
    acks.acknowledged('unknown');
    expect(acks.size()).toBe(1);
  });

  it('stops waiting for an interaction past Discord\'s 3-second window', () => {
    const acks = new PendingAcknowledgements(clock);
    acks.received('1');
    now = 1000;
    acks.received('2');
    now = 3001;
    expect(acks.size()).toBe(1);
    now = 4001;
    expect(acks.size()).toBe(0);
  });

  it('settles at once when nothing is pending, when the last one is acknowledged, or after the longest wait', async () => {
    const acks = new PendingAcknowledgements(clock);
    await acks.settled(1000); // nothing pending

    acks.received('1');
    acks.received('2');
    let settled = false;
    const waiting = acks.settled(10_000).then(() => (settled = true));
    acks.acknowledged('1');
    await Promise.resolve();
    expect(settled).toBe(false);
    acks.acknowledged('2');
    await waiting;
    expect(settled).toBe(true);

    acks.received('3');
    let timedOut = false;
    const bounded = acks.settled(500).then(() => (timedOut = true));
    jest.advanceTimersByTime(499);
    await Promise.resolve();
    expect(timedOut).toBe(false);
    jest.advanceTimersByTime(1);
    await bounded;
    expect(timedOut).toBe(true);
  });
});
