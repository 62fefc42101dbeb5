import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { parseCustomId } from '../../../src/lib/discord/custom-ids';
import { parseRaidOptionValue } from '../../../src/lib/raids/vote-values';
import { renderClosedPlanner, renderPlannerMessage } from '../../../src/lib/raids/render';
import {
  everyoneVotesEverything,
  makeRaid,
  makeState,
  markdownLabels,
  markdownName,
  snowflake,
  vote,
} from './fixtures';
import { expectMessageWithinLimits } from './limits';

type Json = Record<string, any>;
const noNames = new Map<string, string>();

function embedOf(payload: Json): Json {
  expect(payload.embeds).toHaveLength(1);
  return payload.embeds[0];
}

function field(payload: Json, name: RegExp): Json {
  const found = (embedOf(payload).fields as Json[]).filter((candidate) => name.test(candidate.name));
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('renderPlannerMessage', () => {
  const alice = snowflake(101);
  const bob = snowflake(102);
  const carol = snowflake(103);

  it('shows dungeon, display id and min players', () => {
    const payload = renderPlannerMessage(makeState(['Sat'], ['20:00']), { names: noNames, locale: 'en-US', zone: 'Europe/Berlin' }) as Json;
    const embed = embedOf(payload);
    expect(embed.title).toBe('Raid planner: Nanos Lair');
    expect(embed.description).toContain('`12`');
    expect(field(payload, /^Min players/).value).toBe('4');
  });

  it('explains min players 0 instead of showing a bare 0', () => {
    const payload = renderPlannerMessage(makeState(['Sat'], ['20:00'], [], makeRaid({ minPlayers: 0 })), { names: noNames, locale: 'en-US', zone: 'Europe/Berlin' });
    expect(field(payload, /^Min players/).value).toContain('1');
  });

  it('counts votes per option in option order and leaves out options nobody chose', () => {
    const state = makeState(
      ['Sun', 'Mon', 'Tue'],
      ['18:00', '20:00'],
      [vote('day', 'Tue', alice), vote('day', 'Tue', bob), vote('day', 'Sun', carol), vote('time', '20:00', alice)],
    );
    const payload = renderPlannerMessage(state, { names: noNames, locale: 'en-US', zone: 'Europe/Berlin' });
    expect(field(payload, /^Day votes/).value).toBe('- Sun: **1**\n- Tue: **2**');
    expect(field(payload, /^Time votes/).value).toBe('- 20:00: **1**');
  });

  it('shows "-" when nobody voted', () => {
    const payload = renderPlannerMessage(makeState(['Sat'], ['20:00']), { names: noNames, locale: 'en-US', zone: 'Europe/Berlin' });
    expect(field(payload, /^Day votes/).value).toBe('-');
    expect(field(payload, /^Time votes/).value).toBe('-');
    expect(field(payload, /^Voted day \+ time/).value).toBe('-');
  });

  it('lists members with a day and a time vote by name, sorted case-insensitively, without mentions', () => {
    const dave = snowflake(104);
    const state = makeState(
      ['Sat', 'Sun'],
      ['20:00'],
      [
        vote('day', 'Sat', alice),
        vote('time', '20:00', alice),
        vote('day', 'Sun', bob),
        vote('time', '20:00', bob),
        vote('day', 'Sat', carol), // day only: not fully voted
        vote('day', 'Sat', dave),
        vote('time', '20:00', dave),
      ],
    );
    const names = new Map([
      [alice, 'zoe'],
      [bob, 'Adam'],
      [carol, 'Carol'],
    ]);
    const fullyVoted = field(renderPlannerMessage(state, { names, locale: 'en-US', zone: 'Europe/Berlin' }), /^Voted day \+ time/);
    expect(fullyVoted.name).toBe('Voted day + time (3)');
    expect(fullyVoted.value).toBe(`Adam, User ${dave}, zoe`);
    expect(fullyVoted.value).not.toContain('<@');
  });

  it('escapes markdown in labels and names', () => {
    const state = makeState(['*Sat*'], ['20:00'], [vote('day', '*Sat*', alice), vote('time', '20:00', alice)]);
    const payload = renderPlannerMessage(state, { names: new Map([[alice, '__bold__']]), locale: 'en-US', zone: 'Europe/Berlin' });
    expect(field(payload, /^Day votes/).value).toBe('- \\*Sat\\*: **1**');
    expect(field(payload, /^Voted/).value).toBe('\\_\\_bold\\_\\_');
  });

  it('offers day and time selects whose ids and values lead back to the raid and the options', () => {
    const state = makeState(['Sat', 'Sun'], ['18:00', '20:00', '22:00']);
    const payload = renderPlannerMessage(state, { names: noNames, locale: 'en-US', zone: 'Europe/Berlin' }) as Json;
    expect(payload.components).toHaveLength(3);
    const [dayRow, timeRow, buttonRow] = payload.components as Json[];
    const daySelect = dayRow!.components[0];
    expect(daySelect.type).toBe(ComponentType.StringSelect);
    expect(parseCustomId(daySelect.custom_id)).toEqual({ kind: 'raidVote', raidId: state.raid.id, optionKind: 'day' });
    expect(daySelect.min_values).toBe(1);
    expect(daySelect.max_values).toBe(2);
    expect(daySelect.options.map((option: Json) => option.label)).toEqual(['Sat', 'Sun']);
    expect(daySelect.options.map((option: Json) => parseRaidOptionValue(option.value))).toEqual(state.days.map((option) => option.id));
    const timeSelect = timeRow!.components[0];
    expect(parseCustomId(timeSelect.custom_id)).toEqual({ kind: 'raidVote', raidId: state.raid.id, optionKind: 'time' });
    expect(timeSelect.max_values).toBe(3);
    const finish = buttonRow!.components[0];
    expect(finish.type).toBe(ComponentType.Button);
    expect(finish.style).toBe(ButtonStyle.Danger);
    expect(parseCustomId(finish.custom_id)).toEqual({ kind: 'raidFinish', raidId: state.raid.id });
  });

  it('speaks German for German guilds', () => {
    const payload = renderPlannerMessage(makeState(['Sa'], ['20:00']), { names: noNames, locale: 'de', zone: 'Europe/Berlin' }) as Json;
    expect(embedOf(payload).title).toBe('Raid-Planer: Nanos Lair');
    expect(payload.components[2].components[0].label).toBe('Raid beenden');
  });

  it('stays within every Discord limit in the worst case: 25 × 25 options of 100 markdown characters, 1000 voters', () => {
    const days = markdownLabels(25);
    const times = markdownLabels(25).map((label) => `t${label}`.slice(0, 100));
    const voters = Array.from({ length: 1000 }, (_, index) => snowflake(10_000 + index));
    const names = new Map(voters.map((id, index) => [id, markdownName(index)]));
    const state = makeState(days, times, everyoneVotesEverything(days, times, voters), makeRaid({ dungeon: '*'.repeat(300) }));
    for (const locale of ['en-US', 'de']) {
      const payload = renderPlannerMessage(state, { names, locale, zone: 'Europe/Berlin' });
      expectMessageWithinLimits(payload);
      // Every option keeps its line (shortened labels), none is dropped.
      expect(field(payload, /^(Day votes|Stimmen Tage)/).value.split('\n')).toHaveLength(25);
      expect(field(payload, /^(Time votes|Stimmen Uhrzeiten)/).value.split('\n')).toHaveLength(25);
      const fullyVoted = field(payload, /\(1000\)$/).value as string;
      const shown = fullyVoted.split(', ');
      const hidden = Number(/\+(\d+)/.exec(shown.at(-1)!)![1]);
      expect(shown.length - 1 + hidden).toBe(1000);
    }
  });

  it('stays within the limits for rows the old bot wrote: 40 options of 300 characters', () => {
    const days = Array.from({ length: 40 }, (_, index) => `${index}`.padEnd(300, 'x'));
    const voters = Array.from({ length: 3 }, (_, index) => snowflake(index + 50));
    const state = makeState(days, days, everyoneVotesEverything(days, days, voters));
    const payload = renderPlannerMessage(state, { names: noNames, locale: 'en-US', zone: 'Europe/Berlin' }) as Json;
    expectMessageWithinLimits(payload);
    expect(payload.components[0].components[0].options).toHaveLength(25);
    // All 40 voted options stay listed, with labels shortened to fit the field.
    expect(field(payload, /^Day votes/).value.split('\n')).toHaveLength(40);
  });
});

describe('renderPlannerMessage: slots in time', () => {
  const [alice, bob, carol] = [snowflake(201), snowflake(202), snowflake(203)];
  const zone = 'Europe/Berlin';
  const days = ['Sun 2026-12-27', 'Sat 2026-12-26'];
  const times = ['21:00', '20:00'];
  const sat20 = Date.UTC(2026, 11, 26, 19) / 1000;
  const sun21 = Date.UTC(2026, 11, 27, 20) / 1000;

  it('shows the best slots first with Discord timestamps, then per day in date order the shared times', () => {
    const votes = [
      ...[alice, bob].flatMap((user) => [vote('day', 'Sat 2026-12-26', user), vote('time', '20:00', user)]),
      vote('day', 'Sun 2026-12-27', carol),
      vote('time', '21:00', carol),
    ];
    const payload = renderPlannerMessage(makeState(days, times, votes, makeRaid({ minPlayers: 2 })), { names: noNames, locale: 'en-US', zone }) as Json;
    expect(embedOf(payload).description).toBe(
      [
        'Raid ID `12`',
        '',
        '**Best slots** (✅ = enough players)',
        `✅ **2** · <t:${sat20}:F> (<t:${sat20}:R>)`,
        `▫️ **1** · <t:${sun21}:F> (<t:${sun21}:R>)`,
        // Nobody shares these yet: the earliest first.
        `▫️ **0** · <t:${sat20 + 3600}:F> (<t:${sat20 + 3600}:R>)`,
        `▫️ **0** · <t:${sun21 - 3600}:F> (<t:${sun21 - 3600}:R>)`,
        '',
        '**By day** (Europe/Berlin)',
        '**Sat 2026-12-26**: 20:00 ✅**2**',
        '**Sun 2026-12-27**: 21:00 **1**',
      ].join('\n'),
    );
    // The selects and the tallies follow the same order.
    expect(payload.components[0].components[0].options.map((option: Json) => option.label)).toEqual(['Sat 2026-12-26', 'Sun 2026-12-27']);
    expect(payload.components[1].components[0].options.map((option: Json) => option.label)).toEqual(['20:00', '21:00']);
    expect(field(payload, /^Day votes/).value).toBe('- Sat 2026-12-26: **2**\n- Sun 2026-12-27: **1**');
  });

  it('shows the same labels at other instants in another zone', () => {
    const votes = [vote('day', 'Sat 2026-12-26', alice), vote('time', '20:00', alice)];
    const payload = renderPlannerMessage(makeState(days, times, votes), { names: noNames, locale: 'en-US', zone: 'America/New_York' }) as Json;
    const newYork = Date.UTC(2026, 11, 27, 1) / 1000;
    expect(embedOf(payload).description).toContain(`<t:${newYork}:F> (<t:${newYork}:R>)`);
    expect(embedOf(payload).description).toContain('**By day** (America/New_York)');
  });

  it('before anyone voted shows the earliest slots with their timestamps, and speaks German', () => {
    const payload = renderPlannerMessage(makeState(days, times), { names: noNames, locale: 'de', zone }) as Json;
    expect(embedOf(payload).description).toContain(`**Beste Slots** (✅ = genug Spieler)\n▫️ **0** · <t:${sat20}:F> (<t:${sat20}:R>)\n`);
    expect(embedOf(payload).description).toContain('**Nach Tagen** (Europe/Berlin)\n**Sat 2026-12-26**: -\n**Sun 2026-12-27**: -');
  });

  it('shows labels of the old bot as plain text, without timestamps', () => {
    const votes = [vote('day', 'Samstag', alice), vote('time', 'abends', alice)];
    const payload = renderPlannerMessage(makeState(['Samstag'], ['abends'], votes), { names: noNames, locale: 'de', zone }) as Json;
    expect(embedOf(payload).description).toContain('▫️ **1** · Samstag abends');
    expect(embedOf(payload).description).not.toContain('<t:');
    expect(embedOf(payload).description).toContain('**Nach Tagen**\n**Samstag**: abends **1**');
  });

  it('falls back to the best slots when 25 days × 25 times with 1000 voters do not fit, within every limit', () => {
    const manyDays = Array.from({ length: 25 }, (_, index) => {
      const date = new Date(Date.UTC(2026, 11, 1 + index));
      return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][date.getUTCDay()]} ${date.toISOString().slice(0, 10)}`;
    });
    const manyTimes = Array.from({ length: 25 }, (_, index) => `${String(Math.floor(index / 2)).padStart(2, '0')}:${index % 2 === 0 ? '00' : '30'}`);
    const voters = Array.from({ length: 1000 }, (_, index) => snowflake(10_000 + index));
    const names = new Map(voters.map((id, index) => [id, markdownName(index)]));
    const state = makeState([...manyDays].reverse(), manyTimes, everyoneVotesEverything(manyDays, manyTimes, voters), makeRaid({ dungeon: '*'.repeat(300) }));
    for (const locale of ['en-US', 'de']) {
      const payload = renderPlannerMessage(state, { names, locale, zone }) as Json;
      expectMessageWithinLimits(payload);
      const description = embedOf(payload).description as string;
      expect(description).not.toMatch(/By day|Nach Tagen/);
      const lines = description.split('\n');
      // The earliest slot is the best among equals; the rest is counted.
      const first = Date.UTC(2026, 10, 30, 23) / 1000;
      expect(lines[3]).toBe(`✅ **1000** · <t:${first}:F> (<t:${first}:R>)`);
      const shown = lines.filter((line) => line.startsWith('✅')).length;
      const hidden = Number(/\+(\d+)/.exec(lines.at(-1)!)![1]);
      expect(shown).toBeGreaterThan(5);
      expect(shown + hidden).toBe(625);
    }
  });
});

describe('renderClosedPlanner', () => {
  it.each([
    ['finished', 'Raid closed: finished'],
    ['cancelled', 'Raid closed: cancelled'],
    ['stale-cleanup', 'Raid closed: expired after 7 days'],
    ['remote-cancelled', 'Raid closed: cancelled by the bot owner'],
  ] as const)('%s: red embed without components', (reason, title) => {
    const payload = renderClosedPlanner(makeRaid(), { reason, locale: 'en-US' }) as Json;
    expectMessageWithinLimits(payload);
    expect(payload.components).toEqual([]);
    const embed = embedOf(payload);
    expect(embed.title).toBe(title);
    expect(embed.color).toBe(0xed4245);
    expect(embed.description).toContain('`12`');
    expect(embed.description).not.toContain('Attendance');
  });

  it('shows the attendance rows of a finished raid', () => {
    const payload = renderClosedPlanner(makeRaid(), { reason: 'finished', attendanceRows: 7, locale: 'de' });
    expect(embedOf(payload).title).toBe('Raid geschlossen: beendet');
    expect(embedOf(payload).description).toContain('`7`');
  });

  it('attendance 0 is still shown', () => {
    expect(embedOf(renderClosedPlanner(makeRaid(), { reason: 'finished', attendanceRows: 0, locale: 'en-US' })).description).toContain(
      'Attendance rows: `0`',
    );
  });
});
