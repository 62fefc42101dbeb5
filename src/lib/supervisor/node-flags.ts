/**
 * Node flags the supervisor starts the bot with, before the supervisor's own flags (so
 * an operator's `node --max-semi-space-size=… dist/supervisor.js` still wins). They keep
 * the bot's resident memory close to its live heap (docs/decisions.md, "Client cache
 * policy and memory"): a 1 MB young generation instead of up to 16 MB per semi-space,
 * and V8's memory-over-speed heap sizing, which collects the old generation long before
 * it doubles. Measured by bench/memory/: 100 servers × 1,000 members in 135–146 MB,
 * at about twice the CPU time per vote.
 */
export const BOT_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--optimize-for-size'];

/**
 * Environment the supervisor gives the bot unless the operator set it: glibc keeps up to
 * eight malloc arenas per core for Node's threads, and memory freed into them stays
 * resident. Two arenas cost no measurable CPU and took bench/memory from 140.8 / 148.1 MB
 * (after ready / after the burst) to 132.0 / 136.5 MB on the same build. Ignored by musl.
 */
export const BOT_ENVIRONMENT: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
