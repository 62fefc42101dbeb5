import type { Gateway } from '../../gateway';
import type { Interactions } from '../../interactions';
import type { OldMessageEdits } from '../../old-message-edits';
import type { SessionStarts } from '../../sharding';
import type { EmulatorState } from '../../state';
import type { World } from '../../world';

/** What route handlers work with. */
export interface RouteDeps {
  state: EmulatorState;
  world: World;
  gateway: Gateway;
  interactions: Interactions;
  /** Discord's limit on edits of messages older than an hour (30046). */
  oldMessageEdits: OldMessageEdits;
  /** Recommended shards and the session start limit of `GET /gateway/bot`. */
  sessionStarts: SessionStarts;
  /** http://127.0.0.1:<port> of the running emulator. */
  baseUrl(): string;
}
