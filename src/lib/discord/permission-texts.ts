/**
 * What a member reads when the bot lacks a permission or a configured channel is
 * unusable: permission names in the member's language, and the refusal texts built
 * from them.
 */
import { t, hasTranslation, type TranslationKey } from '../i18n';
import type { ChannelUnavailableError } from './errors';
import { POSTING_PERMISSION_NAMES, type ChannelProblem } from './permissions';

/** A permission flag name (`SendMessages`) in the member's language, or spelled out when we have no text for it. */
export function permissionName(permission: string, locale: string): string {
  const key = `permissions.${permission}`;
  if (hasTranslation(key)) return t(locale, key as Extract<TranslationKey, `permissions.${string}`>);
  return permission.replace(/([a-z])([A-Z])/g, '$1 $2');
}

/** "Read Message History, Manage Messages" in the member's language. */
export function permissionNames(permissions: readonly string[], locale: string): string {
  return permissions.map((permission) => permissionName(permission, locale)).join(', ');
}

/** "I am missing … in #channel" for one or several permissions. */
export function missingPermissionText(channelId: string, permissions: readonly string[], locale: string): string {
  return t(locale, 'common.missingPermission', { channel: `<#${channelId}>`, permissions: permissionNames(permissions, locale), count: permissions.length });
}

/** What to tell a member when the bot cannot post in a configured channel. */
export function channelProblemText(problem: ChannelProblem, locale: string): string {
  const channel = `<#${problem.channelId}>`;
  switch (problem.kind) {
    case 'notFound':
      return t(locale, 'common.channelNotFound', { channel });
    case 'notText':
      return t(locale, 'common.channelNotText', { channel });
    case 'missingPermissions':
      return missingPermissionText(problem.channelId, problem.missing, locale);
  }
}

/**
 * The member-facing text for a refusal reported by Discord, where only the kind of
 * refusal is known: a missing channel, or the permissions posting needs.
 */
export function channelUnavailableText(locale: string, error: ChannelUnavailableError): string {
  if (error.reason === 'unknownChannel') return channelProblemText({ kind: 'notFound', channelId: error.channelId }, locale);
  const missing = error.reason === 'missingAccess' ? ['ViewChannel'] : POSTING_PERMISSION_NAMES;
  return channelProblemText({ kind: 'missingPermissions', channelId: error.channelId, missing }, locale);
}
