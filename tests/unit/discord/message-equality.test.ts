import { ButtonStyle, ComponentType, type APIMessage, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { messageShowsPayload } from '../../../src/lib/discord/message-equality';
import { renderPlannerMessage } from '../../../src/lib/raids/render/planner';
import type { RaidState } from '../../../src/lib/raids/types';

/** A message as Discord returns it for `payload`: ids on components, `type: 'rich'` on embeds, defaults filled in. */
function asDiscordShowsIt(payload: RESTPostAPIChannelMessageJSONBody): APIMessage {
  let nextId = 1;
  const decorate = (component: Record<string, unknown>): Record<string, unknown> => {
    const shown: Record<string, unknown> = { ...component, id: nextId++ };
    if (Array.isArray(component.components)) shown.components = (component.components as Record<string, unknown>[]).map(decorate);
    if (component.type === ComponentType.StringSelect) {
      shown.min_values ??= 1;
      shown.max_values ??= 1;
      shown.options = (component.options as Record<string, unknown>[]).map((option) => ({ default: false, ...option }));
    }
    return shown;
  };
  return {
    id: '500',
    channel_id: '400',
    author: { id: '1', username: 'bot', discriminator: '0', global_name: null, avatar: null, bot: true },
    content: payload.content ?? '',
    timestamp: '2026-01-01T00:00:00.000000+00:00',
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: (payload.embeds ?? []).map((embed) => ({
      type: 'rich',
      content_scan_version: 0,
      ...embed,
      fields: embed.fields?.map((field) => ({ inline: false, ...field })),
    })) as APIMessage['embeds'],
    components: (payload.components ?? []).map((row) => decorate(row as unknown as Record<string, unknown>)) as unknown as APIMessage['components'],
    pinned: false,
    type: 0,
    flags: 0 as APIMessage['flags'],
  };
}

const state: RaidState = {
  raid: {
    id: 7,
    guildId: '100',
    channelId: '400',
    creatorId: '200',
    dungeon: 'Nanos',
    displayId: 3,
    minPlayers: 2,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    messageId: '500',
    tempRoleId: null,
    tempRoleCreated: false,
  },
  days: [
    { id: 1, kind: 'day', label: 'Sat' },
    { id: 2, kind: 'day', label: 'Sun' },
  ],
  times: [{ id: 3, kind: 'time', label: '20:00' }],
  votes: [
    { kind: 'day', label: 'Sat', userId: '201' },
    { kind: 'time', label: '20:00', userId: '201' },
  ],
};

const planner = (votes = state.votes) => renderPlannerMessage({ ...state, votes }, { names: new Map([['201', 'Alice']]), locale: 'en-US', zone: 'Europe/Berlin' });

describe('messageShowsPayload', () => {
  it('recognises a planner message Discord shows with its own additions (ids, embed type, defaults)', () => {
    expect(messageShowsPayload(asDiscordShowsIt(planner()), planner())).toBe(true);
  });

  it('sees a changed vote count, a changed name and a missing component', () => {
    const shown = asDiscordShowsIt(planner());
    expect(messageShowsPayload(shown, planner([...state.votes, { kind: 'day', label: 'Sun', userId: '202' }]))).toBe(false);
    expect(messageShowsPayload(shown, renderPlannerMessage(state, { names: new Map([['201', 'Bob']]), locale: 'en-US', zone: 'Europe/Berlin' }))).toBe(false);
    const withoutFinish = { ...shown, components: shown.components!.slice(0, 2) };
    expect(messageShowsPayload(withoutFinish, planner())).toBe(false);
  });

  it('sees a language change and a renamed button', () => {
    const shown = asDiscordShowsIt(planner());
    expect(messageShowsPayload(shown, renderPlannerMessage(state, { names: new Map([['201', 'Alice']]), locale: 'de', zone: 'Europe/Berlin' }))).toBe(false);
    const payload = planner();
    const renamed = structuredClone(payload);
    (renamed.components![2] as { components: Array<{ label: string }> }).components[0]!.label = 'Finish now';
    expect(messageShowsPayload(shown, renamed)).toBe(false);
  });

  it('treats a part the message shows but the payload leaves out as a difference (an old footer must go)', () => {
    const payload: RESTPostAPIChannelMessageJSONBody = { embeds: [{ title: 'Open raids', description: 'none' }] };
    const shown = asDiscordShowsIt({ embeds: [{ title: 'Open raids', description: 'none', footer: { text: 'old' } }] });
    expect(messageShowsPayload(shown, payload)).toBe(false);
    expect(messageShowsPayload(asDiscordShowsIt(payload), payload)).toBe(true);
  });

  it('sees content that became an embed, and embeds that became content', () => {
    const text: RESTPostAPIChannelMessageJSONBody = { content: 'Participants', embeds: [], components: [] };
    const embed: RESTPostAPIChannelMessageJSONBody = { embeds: [{ description: 'Participants' }] };
    expect(messageShowsPayload(asDiscordShowsIt(text), text)).toBe(true);
    expect(messageShowsPayload(asDiscordShowsIt(embed), text)).toBe(false);
    expect(messageShowsPayload(asDiscordShowsIt(text), embed)).toBe(false);
  });

  it('compares timestamps as instants, not as strings', () => {
    const payload: RESTPostAPIChannelMessageJSONBody = { embeds: [{ title: 'x', timestamp: '2026-01-01T10:00:00.000Z' }] };
    const shown = asDiscordShowsIt({ embeds: [{ title: 'x', timestamp: '2026-01-01T10:00:00+00:00' }] });
    expect(messageShowsPayload(shown, payload)).toBe(true);
    expect(messageShowsPayload(asDiscordShowsIt({ embeds: [{ title: 'x', timestamp: '2026-01-01T11:00:00+00:00' }] }), payload)).toBe(false);
  });

  it('never calls a payload with parts it cannot read back equal (files, polls)', () => {
    const payload = { content: 'backup', attachments: [{ id: 0, filename: 'a.sql' }] } as RESTPostAPIChannelMessageJSONBody;
    expect(messageShowsPayload(asDiscordShowsIt({ content: 'backup' }), payload)).toBe(false);
  });

  it('compares the flags a payload can set and ignores the ones Discord sets', () => {
    const payload: RESTPostAPIChannelMessageJSONBody = { content: 'x', flags: 4 };
    expect(messageShowsPayload({ ...asDiscordShowsIt(payload), flags: 4 | 32 }, payload)).toBe(true);
    expect(messageShowsPayload({ ...asDiscordShowsIt(payload), flags: 0 as APIMessage['flags'] }, payload)).toBe(false);
  });

  it('sees a disabled button and a changed style', () => {
    const row = (disabled: boolean, style: ButtonStyle.Danger | ButtonStyle.Primary): RESTPostAPIChannelMessageJSONBody => ({
      components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, custom_id: 'raid:finish:7', label: 'Finish', style, disabled }] }],
    });
    const shown = asDiscordShowsIt(row(false, ButtonStyle.Danger));
    expect(messageShowsPayload(shown, row(false, ButtonStyle.Danger))).toBe(true);
    expect(messageShowsPayload(shown, row(true, ButtonStyle.Danger))).toBe(false);
    expect(messageShowsPayload(shown, row(false, ButtonStyle.Primary))).toBe(false);
  });
});
