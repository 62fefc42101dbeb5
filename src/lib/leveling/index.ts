export { xpRequiredForLevel, levelForXp } from './formula';
export { detectKeywords, KEYWORD_REPLIES, type Keyword } from './keywords';
export { MESSAGE_XP, claimMessageXp, recordMessageXp, type MessageXpDeps } from './message-xp';
export { grantXp, displayNameOf, type XpGrant, type XpResult } from './user-levels';
export { VoiceSessions, VOICE_XP_INTERVAL_MS, voiceTransition, type HourClaim, type VoiceTransition } from './voice-sessions';
export { awardVoiceXp, type GuildVoicePresence, type VoiceMember, type VoiceXpOutcome } from './voice-xp';
export { levelUpMessage, keywordReply } from './render';
