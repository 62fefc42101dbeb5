import type { CommandTextKey } from '../i18n';

type CommandNameOf<Key> = Key extends `commands.${infer Name}.description` ? Name : never;

/** Every command that has a description in the locale files. */
export type CommandName = CommandNameOf<CommandTextKey>;
