import { EditLimits } from '../../../src/lib/discord/edit-limits';
import { clockStartingAt } from '../../../src/lib/time/clock';

/** Refused edits of old messages (30046): back off once with one coalesced retry, then re-post. */

function limits(): EditLimits {
  // The bot's clock 60 000 times faster: the minute of back-off is about a millisecond.
  return new EditLimits({ clock: clockStartingAt(new Date('2026-12-07T12:00:00Z'), undefined, 600) });
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('EditLimits', () => {
  it('the first refusal waits and runs the latest retry once; a second refusal re-posts', async () => {
    const edits = limits();
    const runs: string[] = [];
    expect(edits.refused('m1', () => runs.push('first'))).toBe('wait');
    expect(edits.isWaiting('m1', () => runs.push('second'))).toBe(true);
    expect(edits.isWaiting('m1', () => runs.push('latest'))).toBe(true);
    expect(edits.waiting).toBe(1);
    await tick(400);
    expect(runs).toEqual(['latest']);
    expect(edits.isWaiting('m1', undefined)).toBe(false); // the retry may edit
    expect(edits.refused('m1', () => runs.push('again'))).toBe('repost');
  });

  it('without a way to retry a refused message is re-posted at once; a cleared message starts afresh', () => {
    const edits = limits();
    expect(edits.refused('m2', undefined)).toBe('repost');
    edits.clear('m2');
    expect(edits.refused('m2', () => undefined)).toBe('wait');
    edits.clear('m2');
    expect(edits.isWaiting('m2', undefined)).toBe(false);
    expect(edits.waiting).toBe(0);
  });

  it('after dispose no retry runs', async () => {
    const edits = limits();
    const runs: string[] = [];
    edits.refused('m3', () => runs.push('retry'));
    edits.dispose();
    await tick(400);
    expect(runs).toEqual([]);
  });
});
