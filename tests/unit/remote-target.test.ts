import {
  MAX_AUTOCOMPLETE_CHOICES,
  guildsForListing,
  remoteGuildChoices,
  resolveRemoteTarget,
  type ConnectedGuild,
} from '../../src/lib/remote/target';

const alpha: ConnectedGuild = { id: '100000000000000001', name: 'Alpha Raiders' };
const alphaTwin: ConnectedGuild = { id: '100000000000000002', name: 'alpha raiders' };
const beta: ConnectedGuild = { id: '100000000000000003', name: 'Beta Guild' };
const betaPlus: ConnectedGuild = { id: '100000000000000004', name: 'Beta Guild Plus' };
const strasse: ConnectedGuild = { id: '100000000000000005', name: 'Straße' };

function foundId(input: string, guilds: readonly ConnectedGuild[]): string | undefined {
  const resolution = resolveRemoteTarget(input, guilds);
  return resolution.kind === 'found' ? resolution.guild.id : undefined;
}

describe('remote target resolution', () => {
  it('asks for a name when nothing (or only blanks) was typed', () => {
    expect(resolveRemoteTarget('', [alpha]).kind).toBe('empty');
    expect(resolveRemoteTarget('   ', [alpha]).kind).toBe('empty');
  });

  it('finds the guild whose name equals the input, ignoring case and surrounding blanks', () => {
    expect(foundId('  BETA guild ', [beta, betaPlus])).toBe(beta.id);
  });

  it('folds case fully, so ß matches ss', () => {
    expect(foundId('STRASSE', [strasse, beta])).toBe(strasse.id);
  });

  it('an exact name wins over names that merely contain it', () => {
    expect(foundId('beta guild', [betaPlus, beta])).toBe(beta.id);
  });

  it('several guilds with the same case-folded name are ambiguous', () => {
    const resolution = resolveRemoteTarget('Alpha Raiders', [alpha, alphaTwin, beta]);
    expect(resolution.kind).toBe('ambiguous-name');
    if (resolution.kind === 'ambiguous-name') expect(resolution.candidates.map((g) => g.id)).toEqual([alpha.id, alphaTwin.id]);
  });

  it('a unique substring finds its guild', () => {
    expect(foundId('plus', [beta, betaPlus, alpha])).toBe(betaPlus.id);
  });

  it('several substring matches (and no exact one) are ambiguous', () => {
    expect(resolveRemoteTarget('guil', [beta, betaPlus]).kind).toBe('ambiguous-substring');
  });

  it('the "Name (id)" form picks that id, even among twins', () => {
    expect(foundId(`alpha raiders (${alphaTwin.id})`, [alpha, alphaTwin])).toBe(alphaTwin.id);
    // The name part does not matter; the id decides.
    expect(foundId(`whatever (${alpha.id})`, [alpha, alphaTwin])).toBe(alpha.id);
  });

  it('the "Name (id)" form with an id the bot is not in is refused, not guessed', () => {
    expect(resolveRemoteTarget('Beta Guild (999)', [beta])).toEqual({ kind: 'not-connected', guildId: '999' });
  });

  it('a bare id is treated as a name', () => {
    expect(resolveRemoteTarget(beta.id, [beta]).kind).toBe('unknown');
  });

  it('nothing matching is unknown', () => {
    expect(resolveRemoteTarget('gamma', [alpha, beta]).kind).toBe('unknown');
    expect(resolveRemoteTarget('gamma', []).kind).toBe('unknown');
  });
});

describe('remote guild autocomplete', () => {
  it('lists guilds by case-folded name then id, plain names when unique', () => {
    expect(remoteGuildChoices('', [betaPlus, beta, strasse])).toEqual([
      { name: 'Beta Guild', value: 'Beta Guild' },
      { name: 'Beta Guild Plus', value: 'Beta Guild Plus' },
      { name: 'Straße', value: 'Straße' },
    ]);
  });

  it('guilds sharing a case-folded name get the "Name (id)" value, and that value resolves back', () => {
    const guilds = [alphaTwin, alpha, beta];
    const choices = remoteGuildChoices('alpha', guilds);
    expect(choices).toEqual([
      { name: 'Alpha Raiders', value: `Alpha Raiders (${alpha.id})` },
      { name: 'alpha raiders', value: `alpha raiders (${alphaTwin.id})` },
    ]);
    expect(choices.map((choice) => foundId(choice.value, guilds))).toEqual([alpha.id, alphaTwin.id]);
  });

  it('every offered value resolves to the guild it names', () => {
    const guilds: ConnectedGuild[] = [
      alpha,
      alphaTwin,
      beta,
      betaPlus,
      { id: '100000000000000006', name: '' },
      { id: '100000000000000007', name: 'Clan (2024)' },
      { id: '100000000000000008', name: 'x'.repeat(100) },
      { id: '100000000000000009', name: 'x'.repeat(100) },
    ];
    const choices = remoteGuildChoices('', guilds);
    expect(choices).toHaveLength(guilds.length);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
      expect(foundId(choice.value, guilds)).toBeDefined();
    }
    expect(new Set(choices.map((choice) => foundId(choice.value, guilds))).size).toBe(guilds.length);
  });

  it('a blank name is shown as "Server <id>"', () => {
    const nameless = { id: '100000000000000006', name: '  ' };
    expect(remoteGuildChoices('', [nameless])[0]?.name).toBe(`Server ${nameless.id}`);
  });

  it('filters by case-folded substring of name or value', () => {
    expect(remoteGuildChoices('PLUS', [beta, betaPlus]).map((c) => c.name)).toEqual(['Beta Guild Plus']);
    // The id is only part of the value of twins, and is searchable there.
    expect(remoteGuildChoices(alphaTwin.id, [alpha, alphaTwin]).map((c) => c.value)).toEqual([`alpha raiders (${alphaTwin.id})`]);
  });

  it('offers at most 25 choices', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ id: String(200 + i), name: `Guild ${String(i).padStart(2, '0')}` }));
    const choices = remoteGuildChoices('guild', many);
    expect(choices).toHaveLength(MAX_AUTOCOMPLETE_CHOICES);
    expect(choices[0]?.name).toBe('Guild 00');
  });
});

describe('remote guild listing', () => {
  it('sorts by name then id and caps the list', () => {
    const guilds = [betaPlus, alphaTwin, beta, alpha];
    expect(guildsForListing(guilds, 3)).toEqual({ shown: [alpha, alphaTwin, beta], omitted: 1 });
  });
});
