import type { DiscordEmulator } from '../index';
import type { NewInteraction } from '../interaction-records';
import type { ApplicationRecord } from '../state';
import { InteractionHandle } from './handle';

/**
 * What every part of the driver stands on: the emulator it acts in and the one way
 * an interaction is sent. The parts (server.ts, member-acts.ts, commands.ts,
 * read-backs.ts) are composed into `DiscordDriver` in index.ts.
 */
export abstract class DriverPart {
  public constructor(protected readonly emulator: DiscordEmulator) {}

  protected get state() {
    return this.emulator.state;
  }

  protected get world() {
    return this.emulator.world;
  }

  protected async send(input: Omit<NewInteraction, 'application'> & { application: ApplicationRecord | undefined }): Promise<InteractionHandle> {
    const record = this.emulator.interactions.create({ ...input, application: input.application ?? this.emulator.bot.application });
    return new InteractionHandle(this.emulator, record);
  }
}
