import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener, type ListenerErrorPayload } from '@sapphire/framework';

/** Another listener threw (guild lifecycle, voice state, messages, …): log with the piece's name. */
@ApplyOptions<Listener.Options>({ event: Events.ListenerError })
export class ListenerErrorListener extends Listener<typeof Events.ListenerError> {
  public run(error: unknown, { piece }: ListenerErrorPayload): void {
    this.container.logger.error(`listener ${piece.name} (event ${String(piece.event)}) failed:`, error);
  }
}
