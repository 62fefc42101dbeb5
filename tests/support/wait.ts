/**
 * Polls `condition` every 50 ms until it holds; rejects after `timeoutMs` naming what
 * it waited for, with what the bot said so far when `output` is given (a world, or
 * anything else with a transcript).
 */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000, output?: { transcript(): string }): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      const said = output?.transcript() ?? '';
      throw new Error(`timed out waiting until ${what}${said ? `; bot output:\n${said}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
