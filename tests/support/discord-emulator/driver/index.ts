/**
 * The driver: acts as Discord's users and admins around the bot under test. It builds
 * guilds, channels, roles and members (server.ts); sends messages, button clicks,
 * select choices and modal submits (member-acts.ts) and slash commands and
 * autocomplete (commands.ts) exactly as the Discord client would, refusing what the
 * client would refuse; and reads back what the bot did (read-backs.ts). Interactions
 * a modified client sends are in ../forged.ts.
 */
import { CommandInput } from './commands';
import { MemberActs } from './member-acts';
import { DriverPart } from './part';
import { ReadBacks } from './read-backs';
import { ServerSetup } from './server';

export interface DiscordDriver extends ServerSetup, MemberActs, CommandInput, ReadBacks {}

/** `emulator.driver`: the parts above as one object. */
export class DiscordDriver extends DriverPart {
  public get ackWindowMs(): number {
    return this.emulator.interactions.ackWindowMs;
  }
}

for (const part of [ServerSetup, MemberActs, CommandInput, ReadBacks]) {
  for (const name of Object.getOwnPropertyNames(part.prototype)) {
    if (name !== 'constructor') Object.defineProperty(DiscordDriver.prototype, name, Object.getOwnPropertyDescriptor(part.prototype, name)!);
  }
}

export type { OptionValue } from './commands';
export { InteractionFailedError, InteractionRefusedError } from './errors';
export { InteractionHandle, type InteractionAcknowledgement } from './handle';
export { DEFAULT_BOT_PERMISSIONS, type ChannelKind, type GuildFixture, type GuildSetup, type MemberFixture, type OverwriteInput } from './server';
