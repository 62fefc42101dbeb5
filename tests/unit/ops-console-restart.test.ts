import { isConsoleRestartCommand } from '../../src/lib/ops/restart';

describe('log channel console: restart command', () => {
  it.each(['restart', 'Restart', '/restart', '//RESTART now please', '  restart  ', 'restart\nbecause'])('%j restarts', (content) => {
    expect(isConsoleRestartCommand(content)).toBe(true);
  });

  it.each(['', '/', '///', ' / ', 'restarting', 'please restart', 'rest art', '/ restart'])('%j does not', (content) => {
    expect(isConsoleRestartCommand(content)).toBe(false);
  });
});
