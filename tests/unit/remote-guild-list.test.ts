import { MAX_CONTENT_LENGTH, renderGuildList } from '../../src/lib/remote/guild-list';
import type { ConnectedGuild } from '../../src/lib/remote/target';

const guild = (n: number, name = `Guild ${String(n).padStart(3, '0')}`): ConnectedGuild => ({ id: String(1000 + n), name });

describe('/remote_guilds listing', () => {
  it('lists servers by name, bold, with markdown in names escaped', () => {
    expect(renderGuildList('en-US', [guild(2, 'beta'), guild(1, '**Alpha**')])).toBe('**Servers the bot is on (2)**\n• **\\*\\*Alpha\\*\\***\n• **beta**');
  });

  it('says so when the bot is on no server', () => {
    expect(renderGuildList('de', [])).toBe('Keine verbundenen Server gefunden.');
  });

  it('shows at most 50 and counts the rest', () => {
    const lines = renderGuildList('en-US', Array.from({ length: 53 }, (_, i) => guild(i))).split('\n');
    expect(lines).toHaveLength(1 + 50 + 1);
    expect(lines[50]).toBe('• **Guild 049**');
    expect(lines.at(-1)).toBe('… +3 more');
  });

  it('stays within 2,000 characters with long names, counting what did not fit', () => {
    const guilds = Array.from({ length: 40 }, (_, i) => guild(i, `${String(i).padStart(2, '0')} ${'x'.repeat(95)}`));
    const text = renderGuildList('en-US', guilds);
    expect(text.length).toBeLessThanOrEqual(MAX_CONTENT_LENGTH);
    const listed = text.split('\n').filter((line) => line.startsWith('• ')).length;
    expect(listed).toBeGreaterThan(10);
    expect(text.split('\n').at(-1)).toBe(`… +${40 - listed} more`);
  });
});
