/**
 * The raid flows' counters, recorded by the raid services themselves (one place per
 * flow, whichever command, button or task started it). Kept apart from the process-wide
 * wiring in index.ts so the services depend on nothing but the registry.
 */
import type { ClosedRaidReason } from '../raids/types';
import { raidsClosed, raidsCreated, votes } from './registry';

export type VoteResult = 'changed' | 'unchanged' | 'rate_limited' | 'refused';

export function recordVote(result: VoteResult): void {
  votes.inc({ result });
}

export function recordRaidCreated(): void {
  raidsCreated.inc();
}

export function recordRaidsClosed(reason: ClosedRaidReason, count = 1): void {
  if (count > 0) raidsClosed.inc({ reason }, count);
}
