/**
 * The built bot (`node dist/index.js`) as a child process for boot and e2e tests:
 * spawned with exactly the environment a test gives it (nothing inherited but PATH
 * and HOME, so a developer's DISCORD_TOKEN or .env never leaks in), in a fresh
 * working directory, with stdout/stderr captured line by line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * Compiled entry point. `BOT_DIST_DIR` points at another build (it must live inside the
 * repository so node_modules resolve), e.g. while someone else rebuilds dist/.
 */
export function botEntry(): string {
  const entry = join(process.env.BOT_DIST_DIR ? resolve(process.env.BOT_DIST_DIR) : join(REPO_ROOT, 'dist'), 'index.js');
  if (!existsSync(entry)) {
    throw new Error(`${entry} does not exist: build first with \`npx tsc -p tsconfig.json\` (npm test builds before running jest)`);
  }
  return entry;
}

/** The supervisor (`dist/supervisor.js`, what `npm start` runs) of the same build. */
export function supervisorEntry(): string {
  return join(dirname(botEntry()), 'supervisor.js');
}

export interface BotExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Milliseconds from spawn to exit. */
  readonly durationMs: number;
}

export interface CapturedLine {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  /** When this process read the line (Date.now()): an upper bound of when the bot wrote it. */
  readonly receivedAt: number;
}

export interface StartBotOptions {
  /** The bot's whole environment (plus PATH and HOME). */
  readonly env: Readonly<Record<string, string>>;
  /** Content of a `.env` file placed in the bot's working directory. */
  readonly dotenv?: string;
  /** Start it as `npm start` does: under the supervisor (`dist/supervisor.js`), which runs the bot. */
  readonly supervised?: boolean;
  /** Runs this instead of `node dist/index.js` (scripts/container-smoke.ts: `podman run …` of the image). */
  readonly command?: { readonly file: string; readonly args: readonly string[] };
}

type LineWaiter = { match: (line: CapturedLine) => boolean; resolve: (line: string) => void };

export class BotProcess {
  public readonly lines: CapturedLine[] = [];
  public readonly child: ChildProcess;
  public readonly cwd: string;
  readonly #startedAt = Date.now();
  readonly #exit: Promise<BotExit>;
  #exitInfo: BotExit | null = null;
  #waiters = new Set<LineWaiter>();

  private constructor(options: StartBotOptions) {
    this.cwd = mkdtempSync(join(tmpdir(), 'dmw-bot-'));
    if (options.dotenv !== undefined) writeFileSync(join(this.cwd, '.env'), options.dotenv);
    const base: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    if (process.env.HOME) base.HOME = process.env.HOME;
    const entry = options.supervised === true ? supervisorEntry() : botEntry();
    const command = options.command ?? { file: process.execPath, args: [entry] };
    this.child = spawn(command.file, [...command.args], {
      cwd: this.cwd,
      env: { ...base, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#capture('stdout');
    this.#capture('stderr');
    this.#exit = new Promise((resolveExit) => {
      this.child.once('exit', (code, signal) => {
        this.#exitInfo = { code, signal, durationMs: Date.now() - this.#startedAt };
        rmSync(this.cwd, { recursive: true, force: true });
        resolveExit(this.#exitInfo);
      });
    });
  }

  public static start(options: StartBotOptions): BotProcess {
    return new BotProcess(options);
  }

  /** Runs the bot to its end (it is expected to exit by itself) and returns what it said. */
  public static async run(options: StartBotOptions, timeoutMs = 30_000): Promise<{ exit: BotExit; stdout: string[]; stderr: string[] }> {
    const bot = BotProcess.start(options);
    const exit = await bot.waitForExit(timeoutMs);
    return { exit, stdout: bot.stdout, stderr: bot.stderr };
  }

  public get stdout(): string[] {
    return this.lines.filter((l) => l.stream === 'stdout').map((l) => l.text);
  }

  public get stderr(): string[] {
    return this.lines.filter((l) => l.stream === 'stderr').map((l) => l.text);
  }

  /** Everything said so far, prefixed by stream, for failure messages. */
  public transcript(): string {
    return this.lines.map((l) => `${l.stream}| ${l.text}`).join('\n');
  }

  public get exited(): boolean {
    return this.#exitInfo !== null;
  }

  /**
   * Resolves with the first line (already printed or still to come) matching `pattern`;
   * rejects when the process exits first or the timeout passes.
   */
  public waitForLine(pattern: RegExp | string, options: { stream?: 'stdout' | 'stderr'; timeoutMs?: number } = {}): Promise<string> {
    const test = (line: CapturedLine): boolean =>
      (options.stream === undefined || line.stream === options.stream) &&
      (typeof pattern === 'string' ? line.text.includes(pattern) : pattern.test(line.text));
    const seen = this.lines.find(test);
    if (seen) return Promise.resolve(seen.text);
    return new Promise((resolveLine, reject) => {
      const timeoutMs = options.timeoutMs ?? 20_000;
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no line matching ${String(pattern)} within ${timeoutMs} ms; output so far:\n${this.transcript()}`));
      }, timeoutMs);
      const waiter: LineWaiter = {
        match: test,
        resolve: (text) => {
          clearTimeout(timer);
          resolveLine(text);
        },
      };
      this.#waiters.add(waiter);
      void this.#exit.then((exit) => {
        if (!this.#waiters.delete(waiter)) return;
        clearTimeout(timer);
        reject(new Error(`bot exited (code ${exit.code}, signal ${exit.signal}) before printing ${String(pattern)}; output:\n${this.transcript()}`));
      });
    });
  }

  public signal(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (!this.exited) this.child.kill(signal);
  }

  public waitForExit(timeoutMs = 20_000): Promise<BotExit> {
    return new Promise((resolveExit, reject) => {
      const timer = setTimeout(() => reject(new Error(`bot still running after ${timeoutMs} ms; output:\n${this.transcript()}`)), timeoutMs);
      void this.#exit.then((exit) => {
        clearTimeout(timer);
        resolveExit(exit);
      });
    });
  }

  /** For afterAll/afterEach: SIGTERM, then SIGKILL if it does not go within the grace time. */
  public async stop(graceMs = 12_000): Promise<BotExit> {
    if (this.#exitInfo) return this.#exitInfo;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    const exit = await this.#exit;
    clearTimeout(timer);
    return exit;
  }

  #capture(stream: 'stdout' | 'stderr'): void {
    let partial = '';
    const source = this.child[stream]!;
    source.setEncoding('utf8');
    source.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const text of parts) this.#push({ stream, text, receivedAt: Date.now() });
    });
    source.on('end', () => {
      if (partial !== '') this.#push({ stream, text: partial, receivedAt: Date.now() });
      partial = '';
    });
  }

  #push(line: CapturedLine): void {
    this.lines.push(line);
    for (const waiter of [...this.#waiters]) {
      if (waiter.match(line)) {
        this.#waiters.delete(waiter);
        waiter.resolve(line.text);
      }
    }
  }
}

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
}

/**
 * A stand-in Discord REST base that records every request and never answers, so a bot
 * pointed at it (DISCORD_API_URL) stays in "logging in" for as long as a test needs.
 */
export interface HangingDiscordApi {
  /** Value for DISCORD_API_URL. */
  readonly apiUrl: string;
  readonly requests: RecordedRequest[];
  /** Resolves at the first request. */
  firstRequest(timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export async function startHangingDiscordApi(): Promise<HangingDiscordApi> {
  const requests: RecordedRequest[] = [];
  const open = new Set<IncomingMessage>();
  const listeners = new Set<(request: RecordedRequest) => void>();
  const server: Server = createServer((request) => {
    const recorded = { method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization };
    requests.push(recorded);
    open.add(request);
    request.once('close', () => open.delete(request));
    for (const listener of listeners) listener(recorded);
    // Never answered: discord.js keeps waiting for the gateway information.
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    requests,
    firstRequest(timeoutMs = 20_000) {
      if (requests[0]) return Promise.resolve(requests[0]);
      return new Promise((resolveRequest, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`no request reached the stand-in Discord API within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (request: RecordedRequest): void => {
          clearTimeout(timer);
          listeners.delete(listener);
          resolveRequest(request);
        };
        listeners.add(listener);
      });
    },
    close() {
      for (const request of open) request.socket.destroy();
      server.closeAllConnections();
      return new Promise((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
