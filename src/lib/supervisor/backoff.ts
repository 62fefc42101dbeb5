/**
 * The supervisor's restart policy, the old runner's rules: a run shorter than the
 * minimum uptime is a quick failure; quick failures in a row double the delay up to
 * a cap; after too many the supervisor gives up. A run that lasted long enough resets
 * both the counter and the delay.
 */
export interface RestartPolicy {
  /** First delay before a restart, in ms (≥ 1 s). */
  readonly restartDelayMs: number;
  /** Upper bound for the doubling delay, in ms. */
  readonly maxBackoffMs: number;
  /** A run shorter than this is a quick failure, in ms. */
  readonly minUptimeMs: number;
  /** Give up after more than this many consecutive quick failures. */
  readonly maxQuickFailures: number;
}

export interface RestartState {
  readonly quickFailures: number;
  readonly nextDelayMs: number;
}

export type RestartDecision =
  | { readonly action: 'restart'; readonly delayMs: number; readonly state: RestartState }
  | { readonly action: 'give-up'; readonly state: RestartState };

export function initialRestartState(policy: RestartPolicy): RestartState {
  return { quickFailures: 0, nextDelayMs: policy.restartDelayMs };
}

/** What to do after the child ran for `uptimeMs` and exited. */
export function decideRestart(policy: RestartPolicy, state: RestartState, uptimeMs: number): RestartDecision {
  const quick = uptimeMs < policy.minUptimeMs;
  const quickFailures = quick ? state.quickFailures + 1 : 0;
  const delayMs = quick ? state.nextDelayMs : policy.restartDelayMs;
  if (quickFailures > policy.maxQuickFailures) {
    return { action: 'give-up', state: { quickFailures, nextDelayMs: delayMs } };
  }
  const nextDelayMs = Math.min(delayMs * 2, policy.maxBackoffMs);
  return { action: 'restart', delayMs, state: { quickFailures, nextDelayMs } };
}
