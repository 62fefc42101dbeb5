/**
 * Asserts that a rendered payload is one Discord would accept, twice: with explicit
 * checks of every documented limit here, and with the Discord emulator's validator
 * (an independent implementation of the same rules).
 */
import { ComponentType } from 'discord-api-types/v10';
import type { APIModalInteractionResponseCallbackData, RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { validateMessageBody, validateModal } from '../../support/discord-emulator/validation/message';

type Json = Record<string, any>;

export function expectMessageWithinLimits(payload: RESTPostAPIChannelMessageJSONBody): void {
  const body = payload as Json;
  if (body.content !== undefined) expect(body.content.length).toBeLessThanOrEqual(2000);

  for (const embed of (body.embeds ?? []) as Json[]) {
    let total = 0;
    if (embed.title !== undefined) {
      expect(embed.title.length).toBeLessThanOrEqual(256);
      total += embed.title.length;
    }
    if (embed.description !== undefined) {
      expect(embed.description.length).toBeGreaterThan(0);
      expect(embed.description.length).toBeLessThanOrEqual(4096);
      total += embed.description.length;
    }
    const fields = (embed.fields ?? []) as Json[];
    expect(fields.length).toBeLessThanOrEqual(25);
    for (const field of fields) {
      expect(field.name.length).toBeGreaterThan(0);
      expect(field.name.length).toBeLessThanOrEqual(256);
      expect(field.value.length).toBeGreaterThan(0);
      expect(field.value.length).toBeLessThanOrEqual(1024);
      total += field.name.length + field.value.length;
    }
    if (embed.footer !== undefined) {
      expect(embed.footer.text.length).toBeLessThanOrEqual(2048);
      total += embed.footer.text.length;
    }
    expect(total).toBeLessThanOrEqual(6000);
  }

  const rows = (body.components ?? []) as Json[];
  expect(rows.length).toBeLessThanOrEqual(5);
  const customIds = new Set<string>();
  for (const row of rows) {
    expect(row.type).toBe(ComponentType.ActionRow);
    expect(row.components.length).toBeGreaterThanOrEqual(1);
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const component of row.components as Json[]) {
      expect(component.custom_id.length).toBeLessThanOrEqual(100);
      expect(customIds.has(component.custom_id)).toBe(false);
      customIds.add(component.custom_id);
      if (component.type === ComponentType.Button) {
        expect(component.label.length).toBeLessThanOrEqual(80);
        continue;
      }
      // A select takes the whole row.
      expect(row.components).toHaveLength(1);
      if (component.placeholder !== undefined) expect(component.placeholder.length).toBeLessThanOrEqual(150);
      expect(component.min_values).toBeLessThanOrEqual(component.max_values);
      expect(component.max_values).toBeLessThanOrEqual(25);
      if (component.type === ComponentType.StringSelect) {
        const selectOptions = component.options as Json[];
        expect(selectOptions.length).toBeGreaterThanOrEqual(1);
        expect(selectOptions.length).toBeLessThanOrEqual(25);
        expect(component.max_values).toBeLessThanOrEqual(selectOptions.length);
        for (const option of selectOptions) {
          expect(option.label.length).toBeGreaterThan(0);
          expect(option.label.length).toBeLessThanOrEqual(100);
          expect(option.value.length).toBeGreaterThan(0);
          expect(option.value.length).toBeLessThanOrEqual(100);
        }
        expect(new Set(selectOptions.map((option) => option.value)).size).toBe(selectOptions.length);
      }
    }
  }

  const mentions = body.allowed_mentions as Json | undefined;
  if (mentions?.users !== undefined) expect(mentions.users.length).toBeLessThanOrEqual(100);
  if (mentions?.roles !== undefined) expect(mentions.roles.length).toBeLessThanOrEqual(100);
  if (mentions?.parse !== undefined) expect(mentions.parse).not.toContain('everyone');

  expect(() => validateMessageBody(payload, { requireSomething: true, allowEphemeral: true })).not.toThrow();
}

export function expectModalWithinLimits(modal: APIModalInteractionResponseCallbackData): void {
  expect(modal.title.length).toBeLessThanOrEqual(45);
  expect(modal.custom_id.length).toBeLessThanOrEqual(100);
  expect(modal.components.length).toBeGreaterThanOrEqual(1);
  expect(modal.components.length).toBeLessThanOrEqual(5);
  for (const component of modal.components as Json[]) {
    expect(component.type).toBe(ComponentType.Label);
    expect(component.label.length).toBeLessThanOrEqual(45);
    const input = component.component as Json;
    expect(input.custom_id.length).toBeLessThanOrEqual(100);
    if (input.placeholder !== undefined) expect(input.placeholder.length).toBeLessThanOrEqual(100);
    if (input.value !== undefined) expect(input.value.length).toBeLessThanOrEqual(input.max_length);
  }
  expect(() => validateModal(modal)).not.toThrow();
}
