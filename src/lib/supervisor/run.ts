import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { decideRestart, initialRestartState, type RestartPolicy } from './backoff';

export interface SupervisorOptions {
  readonly policy: RestartPolicy;
  /** Starts the supervised bot: a program and its arguments, or a function that starts the process (a cluster). */
  readonly start: { readonly command: string; readonly args: readonly string[] } | (() => Promise<ChildProcess>);
  /** Exit code with which the bot says another instance holds the database; never restarted (null: restarted like a failure). */
  readonly alreadyRunningExitCode: number | null;
  /** Exit code with which the bot says an operator asked for a restart; restarted at once, never a failure. */
  readonly restartRequestedExitCode: number;
  /** How long a stopping child may take before it is killed, in ms. */
  readonly stopTimeoutMs: number;
  readonly log: (line: string) => void;
  /** Aborting it stops the bot as SIGTERM would (the launcher stops every cluster when one gives up). */
  readonly stopSignal?: AbortSignal;
}

/**
 * Runs the bot as a child process and restarts it: at once after a requested restart
 * (`/restart`, never counted as a failure), after a clean exit or a crash with the
 * back-off of `decideRestart`. SIGTERM/SIGINT are passed on to the child and end the supervisor with 0 once the child is gone. Resolves with the
 * supervisor's exit code.
 */
export async function runSupervisor(options: SupervisorOptions): Promise<number> {
  const { policy, log } = options;
  let state = initialRestartState(policy);
  let stopping = false;
  let child: ChildProcess | undefined;
  const stopWaiters = new AbortController();

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`supervisor: ${signal} received, stopping the bot`);
    stopWaiters.abort();
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => {
        log(`supervisor: the bot did not stop within ${options.stopTimeoutMs} ms, killing it`);
        child?.kill('SIGKILL');
      }, options.stopTimeoutMs);
      killer.unref();
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const onStopRequested = () => onSignal('SIGTERM');
  options.stopSignal?.addEventListener('abort', onStopRequested, { once: true });

  try {
    for (;;) {
      const startedAt = Date.now();
      const { code, signal } = await runOnce(options, (started) => {
        child = started;
        log(`supervisor: bot started (pid ${started.pid})`);
        // A signal that arrived while the process was being started.
        if (stopping) started.kill('SIGTERM');
      });
      const uptimeMs = Date.now() - startedAt;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (stopping) {
        log(`supervisor: bot stopped (${how})`);
        return 0;
      }
      if (options.alreadyRunningExitCode !== null && code === options.alreadyRunningExitCode) {
        log('supervisor: another instance is running against this database; not restarting');
        return code;
      }
      if (code === options.restartRequestedExitCode) {
        // Asked for, not failed: a run of /restart right after start-up must not use up the quick-failure budget.
        log(`supervisor: restart requested after ${uptimeMs} ms; starting the bot again`);
        state = initialRestartState(policy);
        continue;
      }
      log(code === 0 ? `supervisor: bot exited cleanly after ${uptimeMs} ms` : `supervisor: bot failed (${how}) after ${uptimeMs} ms`);
      const decision = decideRestart(policy, state, uptimeMs);
      state = decision.state;
      if (decision.action === 'give-up') {
        log(`supervisor: ${state.quickFailures} quick failures in a row, giving up`);
        return code === 0 || code === null ? 1 : code;
      }
      log(`supervisor: restarting in ${decision.delayMs} ms`);
      try {
        await sleep(decision.delayMs, undefined, { signal: stopWaiters.signal });
      } catch {
        return 0; // stopped while waiting
      }
    }
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    options.stopSignal?.removeEventListener('abort', onStopRequested);
  }
}

type Exit = { code: number | null; signal: NodeJS.Signals | null };

async function runOnce(options: SupervisorOptions, onStarted: (child: ChildProcess) => void): Promise<Exit> {
  let child: ChildProcess;
  try {
    child = typeof options.start === 'function' ? await options.start() : spawn(options.start.command, [...options.start.args], { stdio: 'inherit' });
  } catch (error) {
    options.log(`supervisor: could not start the bot: ${error instanceof Error ? error.message : String(error)}`);
    return { code: 1, signal: null };
  }
  const exited = new Promise<Exit>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    child.once('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
    child.once('error', (error) => {
      options.log(`supervisor: could not start the bot: ${error.message}`);
      resolve({ code: 1, signal: null });
    });
  });
  onStarted(child);
  return exited;
}
