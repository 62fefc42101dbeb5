import { DataSource, type EntityManager } from 'typeorm';
import { RaidTemplate } from '../entities';
import { AUTO_TEMPLATE_NAME, templateDataJson, templateDefaultsFromJson } from '../../raids/parse';
import type { RaidTemplateDefaults } from '../../raids/types';

/**
 * Writes the guild's auto template for a dungeon ("last raid wins"), inside the
 * caller's transaction. Skipped (false) when the guild has no settings row, has
 * templates disabled, or the dungeon is gone: the template only prefills a form and
 * must never make raid creation fail. Relies on the production unique constraint
 * `uq_raid_templates_guild_dungeon_name` (guild_id, dungeon_id, template_name).
 */
export async function upsertAutoTemplate(
  manager: EntityManager,
  guildId: string,
  dungeonId: number,
  defaults: RaidTemplateDefaults,
): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO raid_templates (guild_id, dungeon_id, template_name, template_data)
     SELECT $1::bigint, $2::int, $3::varchar, $4::text
      WHERE EXISTS (SELECT 1 FROM guild_settings WHERE guild_id = $1::bigint AND templates_enabled)
        AND EXISTS (SELECT 1 FROM dungeons WHERE id = $2::int)
     ON CONFLICT (guild_id, dungeon_id, template_name)
     DO UPDATE SET template_data = EXCLUDED.template_data, updated_at = now()
     RETURNING id`,
    [guildId, dungeonId, AUTO_TEMPLATE_NAME, templateDataJson(defaults)],
  );
  return rows.length > 0;
}

/** Per-guild, per-dungeon defaults that prefill the raid create modal. */
export class TemplateRepository {
  private readonly manager: EntityManager;

  /** Bound to the data source, or to a transaction's manager to join that transaction (nested calls use savepoints). */
  public constructor(source: DataSource | EntityManager) {
    this.manager = source instanceof DataSource ? source.manager : source;
  }

  /** The auto template's values, or null when the guild has none for this dungeon. */
  public async defaultsFor(guildId: string, dungeonId: number): Promise<RaidTemplateDefaults | null> {
    const template = await this.manager.findOne(RaidTemplate, {
      where: { guildId, dungeonId, templateName: AUTO_TEMPLATE_NAME },
    });
    return template ? templateDefaultsFromJson(template.templateData) : null;
  }
}
