import { decideRestart, initialRestartState, type RestartPolicy, type RestartState } from '../../src/lib/supervisor/backoff';

const policy: RestartPolicy = { restartDelayMs: 5_000, maxBackoffMs: 120_000, minUptimeMs: 20_000, maxQuickFailures: 6 };

function crashLoop(runs: number): Array<string | number> {
  let state: RestartState = initialRestartState(policy);
  const out: Array<string | number> = [];
  for (let i = 0; i < runs; i += 1) {
    const decision = decideRestart(policy, state, 1_000);
    out.push(decision.action === 'restart' ? decision.delayMs : 'give-up');
    state = decision.state;
    if (decision.action === 'give-up') break;
  }
  return out;
}

describe('supervisor restart policy', () => {
  it('doubles the delay on quick failures, caps it and gives up on the 7th in a row', () => {
    expect(crashLoop(10)).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 120_000, 'give-up']);
  });

  it('a run that lasted the minimum uptime resets the counter and the delay', () => {
    let state = initialRestartState(policy);
    for (let i = 0; i < 4; i += 1) state = decideRestart(policy, state, 500).state;
    expect(state.quickFailures).toBe(4);
    const afterLongRun = decideRestart(policy, state, 20_000);
    expect(afterLongRun).toEqual({ action: 'restart', delayMs: 5_000, state: { quickFailures: 0, nextDelayMs: 10_000 } });
  });

  it('never gives up on runs that each lasted long enough', () => {
    let state = initialRestartState(policy);
    for (let i = 0; i < 50; i += 1) {
      const decision = decideRestart(policy, state, 60_000);
      expect(decision.action).toBe('restart');
      state = decision.state;
    }
  });
});
