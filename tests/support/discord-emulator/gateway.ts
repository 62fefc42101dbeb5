import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { apiUser, guildCreatePayload } from './serialize';
import { guildMembersChunks } from './guild-members-chunks';
import type { ApplicationRecord, EmulatorState } from './state';
import { OrderedDelivery, type NetworkDistance } from './distance';
import { MAX_GUILDS_PER_SHARD, parseShard, shardReceives, type SessionStarts } from './sharding';

export interface GatewayOptions {
  /** Network distance to the bot (events wait one way, in order). */
  distance: NetworkDistance;
  /** HELLO's heartbeat_interval. Discord uses 41250 ms; tests may go shorter. */
  heartbeatIntervalMs: number;
  /** How long a dropped session can still be resumed. */
  resumeWindowMs: number;
  /** The day's session starts and the identify rate limit (sharding.ts). */
  sessionStarts: SessionStarts;
}

export type SessionStatus = 'connected' | 'disconnected' | 'invalid';

/** One bot's gateway session (survives dropped connections until it is invalidated). */
export interface GatewaySession {
  readonly id: string;
  readonly application: ApplicationRecord;
  readonly intents: number;
  readonly shard: [number, number];
  status: SessionStatus;
  /** Last sequence number sent. */
  seq: number;
  /** Every dispatch of this session, for replay on RESUME. */
  readonly history: Array<{ s: number; t: string; d: unknown }>;
  socket: WebSocket | null;
  disconnectedAt: number | null;
  identifiedAt: number;
  resumes: number;
  /** Heartbeats received on the current connection. */
  heartbeats: number;
  /** False once a test invalidated the session: its next RESUME gets INVALID_SESSION. */
  resumable: boolean;
}

export interface DispatchRecord {
  sessionId: string;
  t: string;
  s: number;
  d: unknown;
  at: number;
  /** False when the session had no live connection; the event waits for RESUME. */
  delivered: boolean;
}

/** Who receives a dispatch. */
export interface DispatchScope {
  /**
   * The guild the event belongs to: it goes to the sessions of that guild's shard only
   * (none: shard 0 only, as Discord sends DMs). Alone, it also means every bot in the guild.
   */
  guildId?: string;
  /** Explicit bot users (e.g. the bot that just left a guild, DM recipients). */
  botUserIds?: string[];
  /** INTERACTION_CREATE goes to one application only. */
  applicationId?: string;
  /** DM events need DirectMessages instead of GuildMessages. */
  direct?: boolean;
  /** Per-recipient shaping (e.g. message content without the MessageContent intent). */
  transform?: (data: unknown, session: GatewaySession) => unknown;
}

const PRIVILEGED_INTENTS =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** The intent each event needs (Discord's "Gateway Intents" table); absent = always sent. */
const GUILD_EVENT_INTENTS: Partial<Record<string, number>> = {
  [GatewayDispatchEvents.GuildCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildScheduledEventCreate]: GatewayIntentBits.GuildScheduledEvents,
  [GatewayDispatchEvents.GuildScheduledEventUpdate]: GatewayIntentBits.GuildScheduledEvents,
  [GatewayDispatchEvents.GuildScheduledEventDelete]: GatewayIntentBits.GuildScheduledEvents,
  [GatewayDispatchEvents.GuildUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildDelete]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildRoleCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildRoleUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildRoleDelete]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelDelete]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildMemberAdd]: GatewayIntentBits.GuildMembers,
  [GatewayDispatchEvents.GuildMemberUpdate]: GatewayIntentBits.GuildMembers,
  [GatewayDispatchEvents.GuildMemberRemove]: GatewayIntentBits.GuildMembers,
  [GatewayDispatchEvents.VoiceStateUpdate]: GatewayIntentBits.GuildVoiceStates,
  [GatewayDispatchEvents.MessageCreate]: GatewayIntentBits.GuildMessages,
  [GatewayDispatchEvents.MessageUpdate]: GatewayIntentBits.GuildMessages,
  [GatewayDispatchEvents.MessageDelete]: GatewayIntentBits.GuildMessages,
  [GatewayDispatchEvents.MessageDeleteBulk]: GatewayIntentBits.GuildMessages,
};
const DIRECT_EVENT_INTENTS: Partial<Record<string, number>> = {
  [GatewayDispatchEvents.MessageCreate]: GatewayIntentBits.DirectMessages,
  [GatewayDispatchEvents.MessageUpdate]: GatewayIntentBits.DirectMessages,
  [GatewayDispatchEvents.MessageDelete]: GatewayIntentBits.DirectMessages,
  [GatewayDispatchEvents.ChannelCreate]: 0,
};

const MAX_HISTORY = 10_000;

/** A `transform` returns this to leave one recipient out. */
export const SKIP_DISPATCH = Symbol('skip-dispatch');

/**
 * The gateway: HELLO / IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME with
 * replay of missed events, INVALID_SESSION, REQUEST_GUILD_MEMBERS, and intent-
 * filtered dispatch of everything the REST side and the driver change, each
 * session getting only its shard's guilds and events (sharding.ts).
 *
 * Events: `identify`, `ready` (session), `resumed` (session), `invalidSession`,
 * `disconnect` (session, code), `payload` (session|null, payload).
 */
export class Gateway extends EventEmitter {
  private readonly wss = new WebSocketServer({ noServer: true });
  public readonly sessions = new Map<string, GatewaySession>();
  public readonly dispatchLog: DispatchRecord[] = [];
  private readonly sockets = new Set<WebSocket>();
  /** Updated whenever the bot sends anything; used by `settle`. */
  public lastActivityAt = Date.now();
  private baseUrl = '';

  public constructor(
    private readonly state: EmulatorState,
    private readonly options: GatewayOptions,
  ) {
    super();
  }

  public setBaseUrl(wsBaseUrl: string): void {
    this.baseUrl = wsBaseUrl;
  }

  /** URL returned by GET /gateway/bot. */
  public get url(): string {
    return `${this.baseUrl}/gateway`;
  }

  /** READY's resume_gateway_url: a different path, so tests can see resumes use it. */
  public get resumeUrl(): string {
    return `${this.baseUrl}/gateway-resume`;
  }

  public handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/gateway')) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws, url));
  }

  private onConnection(ws: WebSocket, url: URL): void {
    this.sockets.add(ws);
    const encoding = url.searchParams.get('encoding') ?? 'json';
    if (encoding !== 'json') {
      ws.close(GatewayCloseCodes.DecodeError, 'Only encoding=json is served');
      return;
    }
    const connection: { session: GatewaySession | null } = { session: null };
    ws.on('message', (raw: RawData) => this.onMessage(ws, connection, raw));
    ws.on('close', (code: number) => {
      this.sockets.delete(ws);
      this.onClose(ws, connection.session, code);
    });
    ws.on('error', () => undefined);
    this.send(ws, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
  }

  /** Per socket: events reach the bot one way later, never overtaking each other. */
  private readonly deliveries = new WeakMap<WebSocket, OrderedDelivery>();

  private send(ws: WebSocket, payload: unknown): void {
    const text = JSON.stringify(payload);
    let delivery = this.deliveries.get(ws);
    if (delivery === undefined) {
      delivery = new OrderedDelivery(this.options.distance);
      this.deliveries.set(ws, delivery);
    }
    delivery.deliver(() => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
      this.lastActivityAt = Date.now();
    });
  }

  private onMessage(ws: WebSocket, connection: { session: GatewaySession | null }, raw: RawData): void {
    let payload: { op?: number; d?: any };
    try {
      payload = JSON.parse(raw.toString());
    } catch {
      ws.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    // Heartbeats are the bot's pulse, not work; everything else counts as activity for `settle`.
    if (payload.op !== GatewayOpcodes.Heartbeat) this.lastActivityAt = Date.now();
    this.emit('payload', connection.session, payload);
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        if (connection.session) connection.session.heartbeats += 1;
        this.send(ws, { op: GatewayOpcodes.HeartbeatAck });
        return;
      case GatewayOpcodes.Identify:
        if (connection.session) {
          ws.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
          return;
        }
        connection.session = this.identify(ws, payload.d);
        return;
      case GatewayOpcodes.Resume:
        if (connection.session) {
          ws.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
          return;
        }
        connection.session = this.resume(ws, payload.d);
        return;
      case GatewayOpcodes.RequestGuildMembers:
        if (!connection.session) {
          ws.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
          return;
        }
        this.requestGuildMembers(connection.session, payload.d);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (!connection.session) ws.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        return;
      default:
        ws.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  private identify(ws: WebSocket, data: any): GatewaySession | null {
    const application = typeof data?.token === 'string' ? this.state.applicationByToken(data.token.replace(/^Bot\s+/i, '')) : undefined;
    if (!application) {
      ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return null;
    }
    const intents = data.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0) {
      ws.close(GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
      return null;
    }
    if ((intents & PRIVILEGED_INTENTS & ~application.privilegedIntents) !== 0) {
      ws.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
      return null;
    }
    const shard = parseShard(data.shard);
    if (!shard) {
      ws.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return null;
    }
    const botUser = this.state.user(application.botUserId);
    const guilds = this.state.guildsOf(botUser.id).filter((guild) => shardReceives(shard, guild.id));
    if (guilds.length > MAX_GUILDS_PER_SHARD) {
      ws.close(GatewayCloseCodes.ShardingRequired, 'Sharding required.');
      return null;
    }
    const start = this.options.sessionStarts.judge(application.id, shard);
    if (start === 'exhausted') {
      // Discord resets the token of a bot past its daily session starts: the IDENTIFY fails to authenticate.
      ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return null;
    }
    if (start === 'too-fast') {
      this.sendInvalidSession(ws);
      return null;
    }
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      application,
      intents,
      shard,
      status: 'connected',
      seq: 0,
      history: [],
      socket: ws,
      disconnectedAt: null,
      identifiedAt: Date.now(),
      resumes: 0,
      heartbeats: 0,
      resumable: true,
    };
    this.sessions.set(session.id, session);
    this.emit('identify', session);
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: { ...apiUser(botUser), verified: true, mfa_enabled: false, email: null } as GatewayReadyDispatchData['user'],
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.resumeUrl,
      shard,
      application: { id: application.id, flags: application.flags, flags_new: String(application.flags) },
    };
    this.sendDispatch(session, GatewayDispatchEvents.Ready, ready);
    if (intents & GatewayIntentBits.Guilds) {
      for (const guild of guilds) {
        this.sendDispatch(
          session,
          GatewayDispatchEvents.GuildCreate,
          guildCreatePayload(this.state, guild, botUser.id, {
            members: (intents & GatewayIntentBits.GuildMembers) !== 0,
            voiceStates: (intents & GatewayIntentBits.GuildVoiceStates) !== 0,
          }),
        );
      }
    }
    this.emit('ready', session);
    return session;
  }

  private resume(ws: WebSocket, data: any): GatewaySession | null {
    const session = typeof data?.session_id === 'string' ? this.sessions.get(data.session_id) : undefined;
    const token = typeof data?.token === 'string' ? data.token.replace(/^Bot\s+/i, '') : '';
    const resumable =
      session !== undefined &&
      session.status !== 'invalid' &&
      session.resumable &&
      session.application.token === token &&
      typeof data.seq === 'number' &&
      data.seq <= session.seq &&
      (session.disconnectedAt === null || Date.now() - session.disconnectedAt <= this.options.resumeWindowMs);
    if (!resumable) {
      if (session && session.status !== 'invalid') session.status = 'invalid';
      this.emit('invalidSession', session ?? null);
      this.sendInvalidSession(ws);
      return null;
    }
    const previous = session.socket;
    session.socket = ws;
    session.status = 'connected';
    session.disconnectedAt = null;
    session.resumes += 1;
    session.heartbeats = 0;
    if (previous && previous !== ws) previous.terminate();
    for (const event of session.history) {
      if (event.s > data.seq) this.send(ws, { op: GatewayOpcodes.Dispatch, t: event.t, s: event.s, d: event.d });
    }
    this.sendDispatch(session, GatewayDispatchEvents.Resumed, {});
    this.emit('resumed', session);
    return session;
  }

  /** INVALID_SESSION (`d: false`: identify anew). Discord waits a moment; clients must not hammer IDENTIFY. */
  private sendInvalidSession(ws: WebSocket): void {
    setTimeout(() => this.send(ws, { op: GatewayOpcodes.InvalidSession, d: false }), 50).unref();
  }

  private requestGuildMembers(session: GatewaySession, data: any): void {
    for (const chunk of guildMembersChunks(this.state, session, data)) this.sendDispatch(session, GatewayDispatchEvents.GuildMembersChunk, chunk);
  }

  private onClose(ws: WebSocket, session: GatewaySession | null, code: number): void {
    if (!session || session.socket !== ws) return;
    session.socket = null;
    // A clean close (1000/1001) by the client ends the session, as on Discord.
    if (code === 1000 || code === 1001 || !session.resumable) session.status = 'invalid';
    else if (session.status === 'connected') {
      session.status = 'disconnected';
      session.disconnectedAt = Date.now();
    }
    this.emit('disconnect', session, code);
  }

  private sendDispatch(session: GatewaySession, t: string, d: unknown): void {
    session.seq += 1;
    const event = { s: session.seq, t, d };
    session.history.push(event);
    if (session.history.length > MAX_HISTORY) session.history.splice(0, session.history.length - MAX_HISTORY);
    const delivered = session.socket !== null && session.socket.readyState === WebSocket.OPEN;
    if (delivered) {
      this.send(session.socket!, { op: GatewayOpcodes.Dispatch, ...event });
      this.lastActivityAt = Date.now();
    }
    this.dispatchLog.push({ sessionId: session.id, t, s: session.seq, d, at: Date.now(), delivered });
    this.emit('dispatch', session, event);
  }

  /** Sends `event` to every live session in scope whose intents ask for it. */
  public dispatch(t: GatewayDispatchEvents, d: unknown, scope: DispatchScope): void {
    for (const session of this.sessions.values()) {
      if (session.status === 'invalid') continue;
      const botUserId = session.application.botUserId;
      if (scope.applicationId !== undefined) {
        if (session.application.id !== scope.applicationId) continue;
      } else if (scope.botUserIds !== undefined) {
        if (!scope.botUserIds.includes(botUserId)) continue;
      } else if (scope.guildId !== undefined) {
        if (!this.state.guilds.get(scope.guildId)?.members.has(botUserId)) continue;
      } else continue;
      if (!shardReceives(session.shard, scope.guildId)) continue;
      const intent = (scope.direct ? DIRECT_EVENT_INTENTS : GUILD_EVENT_INTENTS)[t];
      if (intent && (session.intents & intent) === 0 && !this.isOwnMemberUpdate(t, d, botUserId)) continue;
      const payload = scope.transform ? scope.transform(d, session) : d;
      if (payload !== SKIP_DISPATCH) this.sendDispatch(session, t, payload);
    }
  }

  /** Discord sends GUILD_MEMBER_UPDATE for the bot itself even without GuildMembers. */
  private isOwnMemberUpdate(t: string, d: unknown, botUserId: string): boolean {
    return t === GatewayDispatchEvents.GuildMemberUpdate && (d as { user?: { id?: string } }).user?.id === botUserId;
  }

  /** Current live (connected) session of an application (of shard `shardId` when given), if any. */
  public liveSession(applicationId: string, shardId?: number): GatewaySession | undefined {
    return this.liveSessions(applicationId).find((s) => shardId === undefined || s.shard[0] === shardId);
  }

  /** Every live (connected) session of an application, e.g. one per shard. */
  public liveSessions(applicationId: string): GatewaySession[] {
    return [...this.sessions.values()].filter((s) => s.application.id === applicationId && s.status === 'connected');
  }

  /**
   * Test hook: drops the live connections. Default is an abrupt drop (the client
   * sees 1006 and resumes); `resumable: false` also invalidates the sessions so
   * the client's RESUME gets INVALID_SESSION; `code` closes with that code instead.
   */
  public dropConnections(options: { code?: number; resumable?: boolean; applicationId?: string } = {}): number {
    let dropped = 0;
    for (const session of this.sessions.values()) {
      if (options.applicationId && session.application.id !== options.applicationId) continue;
      const socket = session.socket;
      if (!socket) continue;
      dropped += 1;
      session.socket = null;
      if (options.resumable === false) session.resumable = false;
      session.status = session.resumable ? 'disconnected' : 'invalid';
      session.disconnectedAt = Date.now();
      if (options.code !== undefined) socket.close(options.code, 'Dropped by the emulator');
      else socket.terminate();
      this.emit('disconnect', session, options.code ?? 1006);
    }
    return dropped;
  }

  /** Test hook: the next RESUME of these sessions answers INVALID_SESSION. */
  public invalidateSessions(applicationId?: string): void {
    for (const session of this.sessions.values()) {
      if (applicationId && session.application.id !== applicationId) continue;
      session.resumable = false;
      if (session.socket === null) session.status = 'invalid';
    }
  }

  /** Test hook: asks the client to reconnect and resume (op 7), as Discord does before maintenance. */
  public requestReconnect(applicationId?: string): void {
    for (const session of this.sessions.values()) {
      if (session.socket && (!applicationId || session.application.id === applicationId)) {
        this.send(session.socket, { op: GatewayOpcodes.Reconnect, d: null });
      }
    }
  }

  /** Resolves with the next session (of `applicationId`, of shard `shardId`) that reaches READY or RESUMED. */
  public waitFor(
    event: 'ready' | 'resumed' | 'invalidSession' | 'disconnect',
    options: { applicationId?: string; shardId?: number; timeoutMs?: number } = {},
  ): Promise<GatewaySession> {
    const timeoutMs = options.timeoutMs ?? 15_000;
    return new Promise((resolve, reject) => {
      const onEvent = (session: GatewaySession | null) => {
        if (options.applicationId && session?.application.id !== options.applicationId) return;
        if (options.shardId !== undefined && session?.shard[0] !== options.shardId) return;
        cleanup();
        resolve(session as GatewaySession);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`gateway: no ${event} within ${timeoutMs} ms`));
      }, timeoutMs).unref();
      const cleanup = () => {
        clearTimeout(timer);
        this.off(event, onEvent);
      };
      this.on(event, onEvent);
    });
  }

  public async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
