/**
 * The client's cache policy without a gateway: which managers keep nothing, the member
 * cache's bound and what it keeps over it, and the names it leaves behind.
 */
import { Client, GatewayIntentBits, type ClientOptions, GuildMemberManager, LimitedCollection, MessageManager, PresenceManager, UserManager, VoiceStateManager } from 'discord.js';
import { cacheFactory, knownDisplayName, RECENT_MEMBERS_PER_GUILD, RECENT_USERS } from '../../../src/lib/discord/cache-policy';
import { MemberNames } from '../../../src/lib/discord/member-names';

const BOT_ID = '100000000000000001';
const GUILD_ID = '200000000000000001';

function member(index: number, nick: string | null = null): Record<string, unknown> {
  const id = String(300000000000000000n + BigInt(index));
  return { user: { id, username: `user${index}`, discriminator: '0', global_name: null, avatar: null }, roles: [], joined_at: new Date(0).toISOString(), nick, deaf: false, mute: false };
}

/** discord.js's internal `_add`, as the gateway handlers call it. */
function add(manager: unknown, data: unknown): void {
  (manager as { _add(data: unknown): unknown })._add(data);
}

function clientWithGuild(names: MemberNames): Client {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], makeCache: cacheFactory(names) } as unknown as ClientOptions);
  names.attachTo(client);
  (client as unknown as { user: unknown }).user = (client.users as unknown as { _add(data: unknown): unknown })._add({ id: BOT_ID, username: 'bot', discriminator: '0', global_name: null, avatar: null, bot: true });
  add(client.guilds, { id: GUILD_ID, name: 'Guild', channels: [], roles: [], members: [], voice_states: [] });
  return client;
}

describe('MemberNames', () => {
  it('remembers, replaces and forgets names per guild, and drops the oldest beyond its bound', () => {
    const names = new MemberNames(3);
    names.set('g1', 'a', 'Ann');
    names.set('g1', 'b', 'Bob');
    names.set('g2', 'a', 'Ann in g2');
    names.set('g1', 'a', 'Annie');
    expect(names.get('g1', 'a')).toBe('Annie');
    expect(names.get('g2', 'a')).toBe('Ann in g2');
    expect(names.count).toBe(3);
    names.set('g1', 'c', 'Cid');
    expect(names.count).toBe(3);
    expect(names.get('g1', 'b')).toBeUndefined();
    names.forget('g1', 'a');
    expect(names.get('g1', 'a')).toBeUndefined();
    names.forget('g2');
    expect(names.get('g2', 'a')).toBeUndefined();
    expect(names.count).toBe(1);
  });
});

describe('cacheFactory', () => {
  it('keeps no messages and no presences, a bounded user cache, and every voice state', () => {
    const make = cacheFactory(new MemberNames());
    expect((make(MessageManager as never, null as never, MessageManager as never) as LimitedCollection<string, unknown>).maxSize).toBe(0);
    expect((make(PresenceManager as never, null as never, PresenceManager as never) as LimitedCollection<string, unknown>).maxSize).toBe(0);
    expect((make(UserManager as never, null as never, UserManager as never) as LimitedCollection<string, unknown>).maxSize).toBe(RECENT_USERS);
    expect(make(VoiceStateManager as never, null as never, VoiceStateManager as never)).not.toBeInstanceOf(LimitedCollection);
    expect((make(GuildMemberManager as never, null as never, GuildMemberManager as never) as LimitedCollection<string, unknown>).maxSize).toBe(RECENT_MEMBERS_PER_GUILD);
  });

  it('keeps the bot’s own member and members in voice over the bound; everyone it lets go keeps their display name', async () => {
    const names = new MemberNames();
    const client = clientWithGuild(names);
    const guild = client.guilds.cache.get(GUILD_ID)!;
    add(guild.members, { ...member(0), user: { id: BOT_ID, username: 'bot', discriminator: '0', global_name: null, avatar: null, bot: true } });
    add(guild.members, member(1, 'Nick One'));
    add(guild.voiceStates, { user_id: String(300000000000000001n), channel_id: '400000000000000001', session_id: 's', deaf: false, mute: false, self_deaf: false, self_mute: false, self_video: false, suppress: false, request_to_speak_timestamp: null });
    for (let index = 2; index < RECENT_MEMBERS_PER_GUILD + 20; index++) add(guild.members, member(index, index === 2 ? 'Nick Two' : null));

    expect(guild.members.cache.size).toBe(RECENT_MEMBERS_PER_GUILD);
    expect(guild.members.cache.has(BOT_ID)).toBe(true);
    expect(guild.members.cache.has(String(300000000000000001n))).toBe(true);
    expect(guild.members.cache.has(String(300000000000000002n))).toBe(false);
    expect(knownDisplayName(client, GUILD_ID, String(300000000000000002n))).toBe('Nick Two');
    expect(knownDisplayName(client, GUILD_ID, String(300000000000000003n))).toBe('user3');
    expect(knownDisplayName(client, GUILD_ID, String(300000000000000001n))).toBe('Nick One');
    expect(knownDisplayName(client, GUILD_ID, '999')).toBeUndefined();
    await client.destroy();
  });
});
