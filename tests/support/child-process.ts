/** Child processes of tests that are not the bot: run one to its end, tell whether one still lives. */
import { spawn } from 'node:child_process';

export interface FinishedRun {
  readonly code: number | null;
  readonly pid: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/** Runs `command` until it exits and returns what it wrote. */
export function runToEnd(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<FinishedRun> {
  const started = Date.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, pid: child.pid!, stdout, stderr, durationMs: Date.now() - started }));
  });
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
