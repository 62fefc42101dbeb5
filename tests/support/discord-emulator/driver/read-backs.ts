import type { APIApplicationCommand, APIAttachment, APIChannel, APIGuildMember, APIMessage, APIRole } from 'discord-api-types/v10';
import { storedFileOf } from '../attachments';
import type { RestCall } from '../rest/server';
import { apiChannel, apiMember, apiMessage } from '../serialize';
import type { ApplicationRecord, PingRecord, StoredFile } from '../state';
import { InteractionHandle } from './handle';
import { DriverPart } from './part';

/** Reading back what the bot did: messages, channels, roles, members, commands, REST calls and interactions. */
export class ReadBacks extends DriverPart {
  /** Messages of a channel, oldest first; ephemeral ones only when `visibleTo` is their recipient. */
  public messages(channelId: string, options: { visibleTo?: string } = {}): APIMessage[] {
    return this.state.channelMessages(channelId, options.visibleTo).map((m) => apiMessage(this.state, m));
  }

  public message(channelId: string, messageId: string, options: { visibleTo?: string } = {}): APIMessage | null {
    const message = this.state.messages.get(messageId);
    if (!message || message.channelId !== channelId) return null;
    if (message.visibleTo !== null && message.visibleTo !== options.visibleTo) return null;
    return apiMessage(this.state, message);
  }

  /** Pings so far (who was notified by which new message), optionally of one channel. */
  public pings(channelId?: string): PingRecord[] {
    return this.state.pings.filter((ping) => channelId === undefined || ping.channelId === channelId);
  }

  public lastMessage(channelId: string, options: { visibleTo?: string } = {}): APIMessage | null {
    return this.messages(channelId, options).at(-1) ?? null;
  }

  /** Waits for a message in a channel that satisfies `predicate` (already there or still to come). */
  public async waitForMessage(channelId: string, predicate: (message: APIMessage) => boolean = () => true, timeoutMs = 10_000): Promise<APIMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages(channelId).find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching message in channel ${channelId} within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  public channel(channelId: string): APIChannel | null {
    const channel = this.state.channels.get(channelId);
    return channel ? apiChannel(channel, this.state) : null;
  }

  public channels(guildId: string): APIChannel[] {
    return this.state.guildChannels(this.state.guild(guildId)).map((c) => apiChannel(c, this.state));
  }

  public roles(guildId: string): APIRole[] {
    return [...this.state.guild(guildId).roles.values()].map((r) => ({ ...r })).sort((a, b) => a.position - b.position);
  }

  public role(guildId: string, roleId: string): APIRole | null {
    const role = this.state.guild(guildId).roles.get(roleId);
    return role ? { ...role } : null;
  }

  public member(guildId: string, userId: string): APIGuildMember | null {
    const member = this.state.guild(guildId).members.get(userId);
    return member ? apiMember(this.state, member) : null;
  }

  public memberRoles(guildId: string, userId: string): string[] {
    return [...(this.state.guild(guildId).members.get(userId)?.roles ?? [])];
  }

  /** Who is in which voice channel. */
  public voiceChannelOf(guildId: string, userId: string): string | null {
    return this.state.guild(guildId).voiceStates.get(userId)?.channelId ?? null;
  }

  /** Commands the bot registered: global ones, plus those of `guildId` when given. */
  public commands(options: { guildId?: string; application?: ApplicationRecord } = {}): APIApplicationCommand[] {
    const application = options.application ?? this.emulator.bot.application;
    const global = [...application.globalCommands.values()];
    const local = options.guildId ? [...(application.guildCommands.get(options.guildId)?.values() ?? [])] : [];
    return [...global, ...local].map((c) => structuredClone(c));
  }

  /** The log of REST calls the bot made, optionally filtered by method and route template or path. */
  public restCalls(filter: { method?: string; route?: string | RegExp; path?: string | RegExp } = {}): RestCall[] {
    return this.emulator.rest.calls.filter((call) => {
      if (filter.method && call.method !== filter.method.toUpperCase()) return false;
      if (filter.route !== undefined && !matchText(call.route ?? '', filter.route)) return false;
      if (filter.path !== undefined && !matchText(call.path, filter.path)) return false;
      return true;
    });
  }

  /** Waits for the bot's next REST call matching `filter` (one already finished counts when `since` is before it). */
  public async waitForRestCall(
    filter: { method?: string; route?: string | RegExp; path?: string | RegExp; since?: number } = {},
    timeoutMs = 10_000,
  ): Promise<RestCall> {
    const since = filter.since ?? 0;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.restCalls(filter).find((call) => call.finishedAt !== null && call.startedAt >= since);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no REST call ${JSON.stringify({ ...filter, route: String(filter.route ?? ''), path: String(filter.path ?? '') })} within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  /** The file behind an attachment (object, id or URL), as the member downloads it; null when there is none. */
  public attachment(attachment: APIAttachment | string): StoredFile | null {
    return storedFileOf(this.state, attachment);
  }

  /** Interactions the driver sent, oldest first. */
  public interactions(): InteractionHandle[] {
    return [...this.emulator.interactions.records.values()].map((r) => new InteractionHandle(this.emulator, r));
  }

  /**
   * Waits until the bot is idle: no REST request in flight, no interaction
   * waiting for its acknowledgement, and nothing sent or received for `quietMs`.
   */
  public async settle(options: { quietMs?: number; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    const quietMs = options.quietMs ?? 250;
    const timeoutMs = options.timeoutMs ?? 15_000;
    const deadline = Date.now() + timeoutMs;
    while (!options.signal?.aborted) {
      const now = Date.now();
      const lastActivity = Math.max(this.emulator.rest.lastActivityAt, this.emulator.gateway.lastActivityAt);
      const pending = this.emulator.interactions.pending.length;
      const inFlight = this.emulator.rest.inFlight;
      if (inFlight === 0 && pending === 0 && now - lastActivity >= quietMs) return;
      if (now > deadline) {
        throw new Error(`settle: bot still busy after ${timeoutMs} ms (${inFlight} REST request(s) in flight, ${pending} unacknowledged interaction(s))`);
      }
      await sleep(Math.min(25, quietMs));
    }
  }
}

function matchText(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text === pattern : pattern.test(text);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
