import { DataSource, In, type EntityManager } from 'typeorm';
import { RaidPostedSlot } from '../entities';
import type { PostedSlot } from '../../raids/types';

export function toPostedSlot(entity: RaidPostedSlot): PostedSlot {
  return {
    id: entity.id,
    raidId: Number(entity.raidId),
    day: entity.dayLabel,
    time: entity.timeLabel,
    channelId: entity.channelId,
    messageId: entity.messageId,
  };
}

interface PostedSlotRow {
  id: string;
  raid_id: string;
  day_label: string;
  time_label: string;
  channel_id: string | null;
  message_id: string | null;
}

/** Participant-list messages of open raids (`raid_posted_slots`), one per qualified day × time. */
export class PostedSlotRepository {
  private readonly manager: EntityManager;

  /** Bound to the data source, or to a transaction's manager to join that transaction (nested calls use savepoints). */
  public constructor(source: DataSource | EntityManager) {
    this.manager = source instanceof DataSource ? source.manager : source;
  }

  public async slotsOfRaid(raidId: number): Promise<PostedSlot[]> {
    const slots = await this.manager.find(RaidPostedSlot, { where: { raidId: String(raidId) }, order: { id: 'ASC' } });
    return slots.map(toPostedSlot);
  }

  /** The lists of many raids in one query (restoration collects what it will compare), by raid id. */
  public async slotsOfRaids(raidIds: readonly number[]): Promise<Map<number, PostedSlot[]>> {
    const byRaid = new Map<number, PostedSlot[]>(raidIds.map((raidId) => [raidId, []]));
    if (raidIds.length === 0) return byRaid;
    const slots = await this.manager.find(RaidPostedSlot, { where: { raidId: In(raidIds.map(String)) }, order: { id: 'ASC' } });
    for (const slot of slots.map(toPostedSlot)) byRaid.get(slot.raidId)?.push(slot);
    return byRaid;
  }

  /**
   * Stores where a slot's participant list is posted (insert or replace by raid, day
   * and time). Null when the raid no longer exists, e.g. it was finished meanwhile.
   */
  public async upsert(raidId: number, day: string, time: string, channelId: string | null, messageId: string | null): Promise<PostedSlot | null> {
    // KEY SHARE on the raid row waits for a concurrent close (FOR UPDATE) and then
    // re-checks the row, so a raid closed or deleted meanwhile yields null: no list row
    // is added to a raid whose clean-up is under way.
    const rows: PostedSlotRow[] = await this.manager.query(
      `WITH raid AS (SELECT id FROM raids WHERE id = $1::int AND status = 'open' FOR KEY SHARE)
       INSERT INTO raid_posted_slots (raid_id, day_label, time_label, channel_id, message_id)
       SELECT raid.id, $2::text, $3::text, $4::bigint, $5::bigint FROM raid
       ON CONFLICT (raid_id, day_label, time_label)
       DO UPDATE SET channel_id = EXCLUDED.channel_id, message_id = EXCLUDED.message_id
       RETURNING id, raid_id, day_label, time_label, channel_id, message_id`,
      [raidId, day, time, channelId, messageId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      raidId: Number(row.raid_id),
      day: row.day_label,
      time: row.time_label,
      channelId: row.channel_id,
      messageId: row.message_id,
    };
  }

  /** Forgets a slot whose participant list was taken down. False when it was already gone. */
  public async remove(id: string): Promise<boolean> {
    const deleted = await this.manager.delete(RaidPostedSlot, { id });
    return (deleted.affected ?? 0) > 0;
  }
}
