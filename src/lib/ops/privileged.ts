import type { Config } from '../../config';

/** The bot's operator (PRIVILEGED_USER_ID): the only one allowed the privileged commands. */
export function isPrivilegedUser(config: Pick<Config, 'privilegedUserId'>, userId: string): boolean {
  return userId === config.privilegedUserId;
}
