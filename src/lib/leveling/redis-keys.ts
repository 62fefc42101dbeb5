/** Namespace of the bot's own Redis keys (BullMQ keeps to `bull:`); tests pass their own. */
export const DEFAULT_KEY_PREFIX = 'dmw:';
