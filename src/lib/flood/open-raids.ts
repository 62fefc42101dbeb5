/**
 * Caps on open raids (MAX_OPEN_RAIDS_PER_MEMBER, MAX_OPEN_RAIDS_PER_GUILD): /raidplan
 * refuses before the form opens, and creation checks again under the guild's creation
 * lock, so two forms submitted at once cannot both slip under a cap.
 */
import { t } from '../i18n';

export interface OpenRaidLimits {
  readonly maxOpenRaidsPerMember: number;
  readonly maxOpenRaidsPerGuild: number;
}

export interface OpenRaidCounts {
  /** Open raids of the server. */
  readonly guild: number;
  /** Open raids of the server created by the member. */
  readonly member: number;
}

export interface OpenRaidLimitHit {
  readonly scope: 'member' | 'guild';
  readonly max: number;
}

/** The cap one more raid would exceed (the member's first), or null. */
export function exceededOpenRaidLimit(counts: OpenRaidCounts, limits: OpenRaidLimits): OpenRaidLimitHit | null {
  if (counts.member >= limits.maxOpenRaidsPerMember) return { scope: 'member', max: limits.maxOpenRaidsPerMember };
  if (counts.guild >= limits.maxOpenRaidsPerGuild) return { scope: 'guild', max: limits.maxOpenRaidsPerGuild };
  return null;
}

/** Thrown by raid creation when a cap is reached; nothing was written. */
export class OpenRaidLimitError extends Error {
  public constructor(public readonly hit: OpenRaidLimitHit) {
    super(`open raid limit per ${hit.scope} (${hit.max}) reached`);
    this.name = 'OpenRaidLimitError';
  }
}

/** The member's refusal, in their language. */
export function openRaidLimitText(locale: string, hit: OpenRaidLimitHit): string {
  return t(locale, hit.scope === 'member' ? 'raidplan.memberCap' : 'raidplan.guildCap', { max: hit.max });
}
