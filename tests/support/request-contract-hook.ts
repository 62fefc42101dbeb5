/**
 * Jest setup (setupFilesAfterEnv): after each test, any request the bot (or a
 * test's client) sent that breaks Discord's API contract fails that test, with
 * the JSON pointer and the value — even when the bot swallowed the emulator's
 * 400. See tests/support/discord-emulator/openapi/README.md.
 */
import { throwUnreportedViolations } from './discord-emulator/openapi/live';

afterEach(() => {
  throwUnreportedViolations();
});
