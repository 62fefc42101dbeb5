import type { Config } from '../../config';

/** The bot's operator (PRIVILEGED_USER_ID): the only one allowed the privileged commands. Nobody when none is configured. */
export function isPrivilegedUser(config: Pick<Config, 'privilegedUserId'>, userId: string): boolean {
  return config.privilegedUserId !== null && userId === config.privilegedUserId;
}
