/**
 * Answering interactions exactly once and in time. Discord wants one acknowledgement
 * within 3 seconds (reply, defer, update or modal); everything after that goes through
 * the interaction's webhook. These helpers remember how an interaction was
 * acknowledged, so callers just say "answer the member" and the right call is made —
 * never a second acknowledgement (40060), never a reply into a dead token that throws.
 */
import { MessageFlags, type APIEmbed, type JSONEncodable, type MessageComponentInteraction, type RepliableInteraction } from 'discord.js';
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIMessageTopLevelComponent } from 'discord.js';
import { createLogger } from '../logging';
import { isStaleInteraction } from './errors';

const logger = createLogger('dmw.interactions');

/** What a handler wants to show; always ephemeral unless `public` is set. */
export interface AnswerPayload {
  readonly content?: string;
  readonly embeds?: readonly APIEmbed[];
  readonly components?: readonly (APIActionRowComponent<APIComponentInMessageActionRow> | APIMessageTopLevelComponent)[];
  readonly public?: boolean;
  /** Files attached to the answer (an .ics for the member's calendar). */
  readonly files?: readonly { readonly name: string; readonly data: Buffer; readonly description?: string }[];
}

type AckState = 'deferredReply' | 'deferredUpdate' | 'answered';

/** discord.js's RepliableInteraction union does not admit the generic component interaction. */
export type AnswerableInteraction = RepliableInteraction | MessageComponentInteraction;

/** How each interaction was acknowledged by these helpers (discord.js's flags cannot tell a deferred reply from a deferred update). */
const ackStates = new WeakMap<AnswerableInteraction, AckState>();

function ackState(interaction: AnswerableInteraction): AckState | null {
  const known = ackStates.get(interaction);
  if (known !== undefined) return known;
  if (interaction.replied) return 'answered';
  // Acknowledged by someone else without telling us: a follow-up is the only safe way on.
  if (interaction.deferred) return 'answered';
  return null;
}

export function isAcknowledged(interaction: AnswerableInteraction): boolean {
  return ackState(interaction) !== null;
}

/**
 * Our payloads are Discord's JSON already: handed to discord.js as JSON-encodable, it sends
 * them as they are instead of copying every embed and component key by key into snake
 * case and through its builders (the largest allocation of a vote's response).
 */
function asJson<T>(data: T): JSONEncodable<T> {
  return { toJSON: () => data };
}

function options(payload: AnswerPayload) {
  return {
    content: payload.content,
    embeds: payload.embeds?.map(asJson),
    components: payload.components?.map(asJson),
    allowedMentions: { parse: [] },
    ...(payload.files === undefined ? {} : { files: payload.files.map((file) => ({ attachment: file.data, name: file.name, description: file.description })) }),
  };
}

/**
 * Runs one acknowledging call. A 40060 means another acknowledgement won (for example a
 * retried delivery): the interaction is answered, so later messages go as follow-ups.
 * A 10062 means the token is dead: nothing can reach the member any more.
 */
async function acknowledge(interaction: AnswerableInteraction, state: AckState, call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    ackStates.set(interaction, state);
    return true;
  } catch (error) {
    if (!isStaleInteraction(error)) throw error;
    ackStates.set(interaction, 'answered');
    logger.warn(`interaction ${interaction.id} could not be acknowledged (${describeStale(error)})`);
    return false;
  }
}

function describeStale(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Acknowledges with a private "thinking…" state; the answer then replaces it. Call it
 * first on every path that talks to the database or Discord before answering.
 * False when the interaction was already acknowledged (nothing was sent).
 */
export async function deferEphemeral(interaction: AnswerableInteraction): Promise<boolean> {
  if (isAcknowledged(interaction)) return false;
  return acknowledge(interaction, 'deferredReply', () => interaction.deferReply({ flags: MessageFlags.Ephemeral }));
}

/** Acknowledges a component without changing its message yet (`editMessageOfComponent` follows). */
export async function deferComponentUpdate(interaction: MessageComponentInteraction): Promise<boolean> {
  if (isAcknowledged(interaction)) return false;
  return acknowledge(interaction, 'deferredUpdate', () => interaction.deferUpdate());
}

/**
 * Replaces the message a component sits on: as the acknowledgement itself (`update`)
 * when possible, else by editing it through the webhook after a deferred update.
 * False when the interaction was answered some other way or its token is dead.
 */
export async function updateMessageOfComponent(interaction: MessageComponentInteraction, payload: AnswerPayload): Promise<boolean> {
  const state = ackState(interaction);
  if (state === null) return acknowledge(interaction, 'answered', () => interaction.update(options(payload)));
  if (state !== 'deferredUpdate') return false;
  try {
    await interaction.editReply(options(payload));
    return true;
  } catch (error) {
    if (!isStaleInteraction(error)) throw error;
    return false;
  }
}

/**
 * Shows `payload` to the member: the first response when nothing was sent yet, the
 * deferred "thinking…" message replaced when one is pending, a follow-up otherwise.
 * Never throws for a dead or already-answered interaction; returns whether it arrived.
 */
export async function answer(interaction: AnswerableInteraction, payload: AnswerPayload): Promise<boolean> {
  const flags = payload.public ? undefined : MessageFlags.Ephemeral;
  const state = ackState(interaction);
  try {
    if (state === null) {
      return await acknowledge(interaction, 'answered', () => interaction.reply({ ...options(payload), flags }));
    }
    if (state === 'deferredReply') {
      await interaction.editReply(options(payload));
      ackStates.set(interaction, 'answered');
      return true;
    }
    await interaction.followUp({ ...options(payload), flags });
    return true;
  } catch (error) {
    if (isStaleInteraction(error)) {
      logger.warn(`answer to interaction ${interaction.id} was not delivered (${describeStale(error)})`);
      return false;
    }
    throw error;
  }
}

/**
 * Like `answer`, but swallows and logs every failure: for error paths, where throwing
 * again would only end in "This interaction failed".
 */
export async function answerQuietly(interaction: AnswerableInteraction, payload: AnswerPayload): Promise<boolean> {
  try {
    return await answer(interaction, payload);
  } catch (error) {
    logger.error(`answer to interaction ${interaction.id} failed`, error);
    return false;
  }
}
