import { ChannelType, Routes, type APIChannel, type Client, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { LogForwarder } from './forwarder';

export interface LogChannelTarget {
  readonly guildId: string;
  readonly channelId: string;
}

export interface ForwardOutcome {
  readonly sent: number;
  readonly pending: number;
}

/**
 * One tick of the log forwarder task: a few batches to LOG_CHANNEL_ID, which must
 * be a text channel of LOG_GUILD_ID. Logs never ping anyone. A batch that cannot be
 * sent is lost (putting it back would retry a broken channel forever) and the
 * error is thrown, so the job shows as failed. Over REST alone: a shard process sends its
 * own lines even when the log server is on another process's shard (not in its cache).
 */
/** Channels a bot can post text in. */
const SENDABLE: ReadonlySet<ChannelType> = new Set([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildVoice,
  ChannelType.GuildStageVoice,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

export async function forwardLogBatches(client: Client, forwarder: LogForwarder, target: LogChannelTarget, maxMessages = 4): Promise<ForwardOutcome> {
  if (forwarder.pending === 0) return { sent: 0, pending: 0 };
  const channel = (await client.rest.get(Routes.channel(target.channelId))) as APIChannel;
  if (!('guild_id' in channel) || channel.guild_id !== target.guildId || !SENDABLE.has(channel.type)) {
    throw new Error(`LOG_CHANNEL_ID ${target.channelId} is not a text channel of LOG_GUILD_ID ${target.guildId}`);
  }
  let sent = 0;
  // One batch at a time, so a failing send loses that batch only.
  while (sent < maxMessages && forwarder.pending > 0) {
    const [content] = forwarder.drainBatches(1);
    const body: RESTPostAPIChannelMessageJSONBody = { content: content!, allowed_mentions: { parse: [] } };
    await client.rest.post(Routes.channelMessages(target.channelId), { body });
    sent += 1;
  }
  return { sent, pending: forwarder.pending };
}
