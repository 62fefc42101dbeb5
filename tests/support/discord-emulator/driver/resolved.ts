import type { APIAttachment, ChannelType } from 'discord-api-types/v10';
import type { DiscordEmulator } from '../index';
import { channelPermissions } from '../permissions';
import { apiMember, apiUser } from '../serialize';
import { snowflake } from '../snowflake';
import type { ChannelRecord, GuildRecord } from '../state';

/** Collects `resolved` users/members/roles/channels/attachments for an interaction. */
export class ResolvedBuilder {
  private readonly users: Record<string, unknown> = {};
  private readonly members: Record<string, unknown> = {};
  private readonly roles: Record<string, unknown> = {};
  private readonly channels: Record<string, unknown> = {};
  private readonly attachments: Record<string, APIAttachment> = {};

  public constructor(
    private readonly state: DiscordEmulator['state'],
    private readonly guild: GuildRecord | null,
    private readonly channel: ChannelRecord,
    /** The invoking member: resolved channels carry their permissions there. */
    private readonly userId: string,
  ) {}

  public get isEmpty(): boolean {
    return [this.users, this.roles, this.channels, this.attachments].every((o) => Object.keys(o).length === 0);
  }

  public addUser(id: string): boolean {
    const user = this.state.users.get(id);
    if (!user) return false;
    this.users[id] = apiUser(user);
    const member = this.guild?.members.get(id);
    if (member && this.guild) {
      const { user: _user, ...rest } = apiMember(this.state, member);
      this.members[id] = { ...rest, permissions: channelPermissions(this.guild, this.channel, id).toString() };
    }
    return true;
  }

  public addRole(id: string): boolean {
    const role = this.guild?.roles.get(id);
    if (!role) return false;
    this.roles[id] = { ...role };
    return true;
  }

  public addChannel(id: string, types: readonly ChannelType[] | undefined): boolean {
    const channel = this.state.channels.get(id);
    if (!channel || !this.guild || channel.guildId !== this.guild.id) return false;
    if (types?.length && !types.includes(channel.type)) return false;
    this.channels[id] = {
      id: channel.id,
      type: channel.type,
      name: channel.name,
      parent_id: channel.parentId,
      permissions: channelPermissions(this.guild, channel, this.userId).toString(),
    };
    return true;
  }

  public addAttachment(file: { filename: string; content: string | Buffer; contentType?: string }): string {
    const id = snowflake();
    const data = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
    const contentType = file.contentType ?? 'application/octet-stream';
    this.state.files.set(id, { id, filename: file.filename, contentType, data });
    const url = `attachment://${file.filename}`;
    this.attachments[id] = { id, filename: file.filename, size: data.length, url, proxy_url: url, content_type: contentType };
    return id;
  }

  public toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (Object.keys(this.users).length) out.users = this.users;
    if (Object.keys(this.members).length) out.members = this.members;
    if (Object.keys(this.roles).length) out.roles = this.roles;
    if (Object.keys(this.channels).length) out.channels = this.channels;
    if (Object.keys(this.attachments).length) out.attachments = this.attachments;
    return out;
  }
}
