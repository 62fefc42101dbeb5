/**
 * The bot as deployed (Dockerfile, `npm start`): run by its supervisor
 * (`dist/supervisor.js`), which starts it with the build's node flags
 * (`src/lib/supervisor/node-flags.ts`). Shared by the benchmarks so their figures are
 * those of production, not of a bare `node dist/index.js` with V8's defaults.
 */
import { readFileSync } from 'node:fs';
import { supervisorEntry } from '../tests/support/bot-process';
import type { World } from '../tests/support/world';

/**
 * Extra node flags (space-separated, `BENCH_NODE_FLAGS`) for the supervisor, which passes
 * them on to the bot after the build's own (so they win), e.g. to try V8 heap settings or
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` for a profile.
 */
export const BENCH_NODE_FLAGS: readonly string[] = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');

/** `WorldOptions.botCommand` that runs the supervisor of the build under test with `flags`. */
export function deployedBotCommand(flags: readonly string[] = BENCH_NODE_FLAGS): () => { file: string; args: string[] } {
  return () => ({ file: process.execPath, args: [...flags, supervisorEntry()] });
}

/** The bot: the supervisor's only child process. */
export function botPid(world: World): number {
  const supervisor = world.bot.child.pid!;
  const children = readFileSync(`/proc/${supervisor}/task/${supervisor}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  if (children.length !== 1) throw new Error(`the supervisor ${supervisor} has ${children.length} child processes`);
  return Number(children[0]);
}
