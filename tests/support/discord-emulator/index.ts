import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OverwriteType } from 'discord-api-types/v10';
import { DiscordDriver } from './driver';
import { Faults } from './faults';
import { Gateway } from './gateway';
import { Interactions } from './interactions';
import { RequestContract } from './openapi/contract';
import { liveContracts } from './openapi/live';
import { resolvePermissions, type PermissionInput } from './permissions';
import { RateLimiter, type RateLimitOptions } from './rate-limits';
import { registerChannelRoutes } from './rest/routes/channels';
import { registerCommandRoutes } from './rest/routes/commands';
import type { RouteDeps } from './rest/routes/deps';
import { registerGuildRoutes } from './rest/routes/guilds';
import { registerInteractionRoutes } from './rest/routes/interactions';
import { registerMiscRoutes } from './rest/routes/misc';
import { registerScheduledEventRoutes } from './rest/routes/scheduled-events';
import { Router } from './rest/router';
import { API_PREFIX, RestServer } from './rest/server';
import type { ApplicationRecord } from './state';
import { EmulatorState } from './state';
import { World } from './world';
import { NetworkDistance } from './distance';
import { OldMessageEdits } from './old-message-edits';
import { SessionStarts } from './sharding';

export interface DiscordEmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** HELLO heartbeat interval (default 41 250 ms like Discord; tests may use less). */
  heartbeatIntervalMs?: number;
  /** How long a dropped gateway session stays resumable (default 120 s). */
  resumeWindowMs?: number;
  /** Time a bot has to acknowledge an interaction (default 3000 ms, as Discord). */
  interactionAckWindowMs?: number;
  /** How long follow-ups and @original edits work (default 15 min). */
  interactionTokenLifetimeMs?: number;
  rateLimits?: RateLimitOptions;
  /**
   * Network distance to the bot: round trip in ms (REST: half before Discord acts, half
   * on the way back; gateway events: half, in order) and its jitter. Default 0, or
   * DISCORD_EMULATOR_ROUND_TRIP_MS / DISCORD_EMULATOR_JITTER_MS for a whole run.
   */
  roundTripMs?: number;
  jitterMs?: number;
  /**
   * `GET /gateway/bot`'s `session_start_limit.max_concurrency` (default 1): per 5 s one
   * IDENTIFY per key `shard_id % maxConcurrency`; a faster one gets INVALID_SESSION.
   */
  maxConcurrency?: number;
  /** `GET /gateway/bot`'s `shards` (default: ceil(guilds / 1000), at least 1, as Discord recommends). */
  recommendedShards?: number;
  /** The bot application the emulator starts with. */
  bot?: { name?: string; privilegedIntents?: number; flags?: number };
}

/** The default bot's credentials, for `DISCORD_TOKEN` and for tests. */
export interface BotIdentity {
  token: string;
  applicationId: string;
  userId: string;
  username: string;
  application: ApplicationRecord;
}

/**
 * A local Discord for tests: REST v10 under `apiUrl` (`DISCORD_API_URL`) and a
 * gateway discovered through `GET /gateway/bot`, backed by one in-memory state.
 * `driver` acts as guild members; `faults` and `gateway` are test hooks.
 */
export class DiscordEmulator {
  public readonly state = new EmulatorState();
  public readonly faults = new Faults();
  /** Every REST request checked against Discord's OpenAPI description and documented rules (openapi/README.md). */
  public readonly requestContract = new RequestContract();
  public readonly rateLimits: RateLimiter;
  public readonly gateway: Gateway;
  /** Session start limit and identify rate limit; `identifies` logs every IDENTIFY judged (sharding.ts). */
  public readonly sessionStarts: SessionStarts;
  /** How far the bot is from this Discord (see distance.ts). */
  public readonly distance: NetworkDistance;
  /** Discord's limit on edits of messages older than an hour: 30046 on demand (old-message-edits.ts). */
  public readonly oldMessageEdits = new OldMessageEdits();
  public readonly world: World;
  public readonly interactions: Interactions;
  public readonly rest: RestServer;
  public readonly driver: DiscordDriver;
  public readonly bot: BotIdentity;
  private readonly server: Server;
  private port = 0;

  private constructor(options: DiscordEmulatorOptions) {
    this.distance = new NetworkDistance({
      ...(options.roundTripMs !== undefined ? { roundTripMs: options.roundTripMs } : {}),
      ...(options.jitterMs !== undefined ? { jitterMs: options.jitterMs } : {}),
    });
    this.sessionStarts = new SessionStarts({
      ...(options.maxConcurrency !== undefined ? { maxConcurrency: options.maxConcurrency } : {}),
      ...(options.recommendedShards !== undefined ? { recommendedShards: options.recommendedShards } : {}),
    });
    this.gateway = new Gateway(this.state, {
      distance: this.distance,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      resumeWindowMs: options.resumeWindowMs ?? 120_000,
      sessionStarts: this.sessionStarts,
    });
    this.world = new World(this.state, this.gateway);
    this.interactions = new Interactions(this.state, this.world, {
      ackWindowMs: options.interactionAckWindowMs ?? 3000,
      tokenLifetimeMs: options.interactionTokenLifetimeMs ?? 15 * 60 * 1000,
    });
    this.rateLimits = new RateLimiter(options.rateLimits);
    const router = new Router();
    const deps: RouteDeps = {
      state: this.state,
      world: this.world,
      gateway: this.gateway,
      interactions: this.interactions,
      oldMessageEdits: this.oldMessageEdits,
      sessionStarts: this.sessionStarts,
      baseUrl: () => this.url,
    };
    registerMiscRoutes(router, deps);
    registerCommandRoutes(router, deps);
    registerChannelRoutes(router, deps);
    registerGuildRoutes(router, deps);
    registerInteractionRoutes(router, deps);
    registerScheduledEventRoutes(router, deps);
    this.rest = new RestServer(router, this.state, this.faults, this.rateLimits, this.requestContract, this.distance);
    const application = this.world.createApplication({
      name: options.bot?.name ?? 'Raid Bot',
      ...(options.bot?.privilegedIntents !== undefined ? { privilegedIntents: options.bot.privilegedIntents } : {}),
      ...(options.bot?.flags !== undefined ? { flags: options.bot.flags } : {}),
    });
    this.bot = {
      token: application.token,
      applicationId: application.id,
      userId: application.botUserId,
      username: application.name,
      application,
    };
    this.driver = new DiscordDriver(this);
    this.server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (path.startsWith(`${API_PREFIX}/`)) {
        void this.rest.handle(request, response);
      } else if (path.startsWith('/attachments/')) {
        const file = this.state.files.get(path.split('/')[2] ?? '');
        if (!file) {
          response.writeHead(404).end();
          return;
        }
        response.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.data.length }).end(file.data);
      } else {
        response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: '404: Not Found', code: 0 }));
      }
    });
    this.server.on('upgrade', (request, socket, head) => this.gateway.handleUpgrade(request, socket, head));
    // The jest hook fails the running test with any violation of the open emulators.
    liveContracts.add(this.requestContract);
  }

  public static async start(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
    const emulator = new DiscordEmulator(options);
    await new Promise<void>((resolve, reject) => {
      emulator.server.once('error', reject);
      emulator.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    emulator.port = (emulator.server.address() as AddressInfo).port;
    emulator.gateway.setBaseUrl(`ws://127.0.0.1:${emulator.port}`);
    emulator.interactions.setBaseUrl(emulator.url);
    return emulator;
  }

  /** http://127.0.0.1:<port> */
  public get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The value for `DISCORD_API_URL` / discord.js `rest.api`: REST calls arrive at `/api/v10/...`. */
  public get apiUrl(): string {
    return `${this.url}/api`;
  }

  // ── things that happen behind the bot's back (each sends Discord's event) ─

  /** Someone deletes a message (MESSAGE_DELETE). */
  public deleteMessageBehindBotsBack(channelId: string, messageId: string): void {
    const message = this.state.messages.get(messageId);
    if (!message || message.channelId !== channelId) throw new Error(`no message ${messageId} in channel ${channelId}`);
    this.world.deleteMessage(message);
  }

  /** Someone deletes a channel (CHANNEL_DELETE; its messages are gone). */
  public deleteChannel(channelId: string): void {
    this.world.deleteChannel(this.state.channel(channelId));
  }

  /** An admin denies `permissions` to a role or member in one channel (CHANNEL_UPDATE). */
  public removeChannelPermission(channelId: string, targetId: string, permissions: PermissionInput): void {
    const channel = this.state.channel(channelId);
    const bits = resolvePermissions(permissions);
    const current = channel.overwrites.find((o) => o.id === targetId);
    const guild = this.state.guild(channel.guildId!);
    const type = current?.type ?? (guild.roles.has(targetId) ? OverwriteType.Role : OverwriteType.Member);
    const allow = BigInt(current?.allow ?? '0') & ~bits;
    const deny = BigInt(current?.deny ?? '0') | bits;
    this.world.setOverwrite(channel, targetId, type, allow, deny);
  }

  /** An admin grants `permissions` to a role or member in one channel (CHANNEL_UPDATE). */
  public grantChannelPermission(channelId: string, targetId: string, permissions: PermissionInput): void {
    const channel = this.state.channel(channelId);
    const bits = resolvePermissions(permissions);
    const current = channel.overwrites.find((o) => o.id === targetId);
    const guild = this.state.guild(channel.guildId!);
    const type = current?.type ?? (guild.roles.has(targetId) ? OverwriteType.Role : OverwriteType.Member);
    this.world.setOverwrite(channel, targetId, type, BigInt(current?.allow ?? '0') | bits, BigInt(current?.deny ?? '0') & ~bits);
  }

  /** An admin takes `permissions` away from a role (GUILD_ROLE_UPDATE). */
  public removeRolePermission(guildId: string, roleId: string, permissions: PermissionInput): void {
    const guild = this.state.guild(guildId);
    const role = this.state.role(guild, roleId);
    this.world.updateRole(guild, role, { permissions: (BigInt(role.permissions) & ~resolvePermissions(permissions)).toString() });
  }

  /** An admin gives `permissions` to a role (GUILD_ROLE_UPDATE). */
  public grantRolePermission(guildId: string, roleId: string, permissions: PermissionInput): void {
    const guild = this.state.guild(guildId);
    const role = this.state.role(guild, roleId);
    this.world.updateRole(guild, role, { permissions: (BigInt(role.permissions) | resolvePermissions(permissions)).toString() });
  }

  /** Someone deletes a role (GUILD_ROLE_DELETE). */
  public deleteRole(guildId: string, roleId: string): void {
    const guild = this.state.guild(guildId);
    this.world.deleteRole(guild, this.state.role(guild, roleId));
  }

  /**
   * Closes the gateway and HTTP server and clears every timer: no open handle stays
   * behind. Then throws a `RequestContractError` if a request broke Discord's API
   * contract and no test has reported it yet.
   */
  public async close(): Promise<void> {
    this.interactions.close();
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    liveContracts.delete(this.requestContract);
    this.requestContract.writeCounts();
    this.requestContract.throwIfUnreported();
  }
}

export function startDiscordEmulator(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
  return DiscordEmulator.start(options);
}

export { DiscordDriver } from './driver';
export type { ChannelKind, GuildFixture, GuildSetup, InteractionAcknowledgement, MemberFixture, OptionValue, OverwriteInput } from './driver';
export { DEFAULT_BOT_PERMISSIONS } from './driver';
export { InteractionHandle, InteractionFailedError, InteractionRefusedError } from './driver';
export { forgedComponent, forgedSlash } from './forged';
export type { RestCall } from './rest/server';
export { RequestContractError } from './openapi/contract';
export type { AllowedDeviation, Violation } from './openapi/contract';
export type { FaultSpec, FaultHandle, HoldSpec, HoldHandle } from './faults';
export type { OldMessageEditLimit, OldMessageBlock, OldMessageBlockHandle } from './old-message-edits';
export type { RateLimitOptions, RateLimitRule } from './rate-limits';
export { DEFAULT_RATE_LIMIT_RULES } from './rate-limits';
export type { GatewaySession } from './gateway';
export { MAX_GUILDS_PER_SHARD, shardOfGuild, snowflakeOnShard } from './sharding';
export type { IdentifyRecord, ShardTuple } from './sharding';
export { LIMITS } from './limits';
export { ATTACHMENT_SIZE_LIMIT } from './attachments';
export type { StoredFile } from './state';
export { resolvePermissions } from './permissions';
export type { PermissionInput } from './permissions';
