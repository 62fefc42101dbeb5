/**
 * SHARD_COUNT=auto: Discord's recommendation, `GET /gateway/bot` (through DISCORD_API_URL
 * when set, so a REST proxy or the emulator answers it).
 */
import { REST, Routes, type RESTGetAPIGatewayBotResult } from 'discord.js';

export async function recommendedShardCount(token: string, apiUrl: string | null, timeoutMs = 15_000): Promise<number> {
  const rest = new REST({ timeout: timeoutMs, ...(apiUrl === null ? {} : { api: apiUrl }) }).setToken(token);
  const answer = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  if (!Number.isInteger(answer.shards) || answer.shards < 1) throw new Error(`GET /gateway/bot answered shards=${String(answer.shards)}`);
  return answer.shards;
}
