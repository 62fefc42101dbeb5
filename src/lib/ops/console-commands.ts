import type { Message } from 'discord.js';

/**
 * Hook for the log-channel console (`restart` typed in LOG_CHANNEL_ID by an
 * administrator, as with the old bot: operators restart from the channel they already
 * watch): the message listener asks it first about every
 * non-bot message; true means the message was a console command and is not processed
 * further. Installed by the feature that owns the console.
 *
 * It lives here, not in the listener's file: Sapphire loads piece files and then drops
 * them from the module cache, so a piece's module state seen through an `import` from
 * another piece can be a second copy of that file (which copy depends on load order).
 */
export type ConsoleCommandHandler = (message: Message) => Promise<boolean>;

let consoleCommandHandler: ConsoleCommandHandler | null = null;

export function setConsoleCommandHandler(handler: ConsoleCommandHandler | null): void {
  consoleCommandHandler = handler;
}

/** Runs the installed console handler; false when there is none or it did not take the message. */
export async function handleConsoleCommand(message: Message): Promise<boolean> {
  return consoleCommandHandler !== null && (await consoleCommandHandler(message));
}
