import { renderHelp } from '../../../src/lib/discord/help';
import { expectMessageWithinLimits } from '../render/limits';

describe('renderHelp', () => {
  it('lists the commands sorted by name with their localised descriptions', () => {
    const payload = renderHelp(['raidplan', 'help', 'raid_finish', 'custom_thing'], 'en-US');
    expect(payload.content.split('\n')).toEqual([
      '**Available commands**',
      '- `/custom_thing`',
      '- `/help` — List the available commands',
      '- `/raid_finish` — Finish a raid and record attendance',
      '- `/raidplan` — Plan a new raid',
    ]);
    expect(renderHelp(['raidplan'], 'de').content).toContain('- `/raidplan` — Einen neuen Raid planen');
    expectMessageWithinLimits(payload);
  });
});
