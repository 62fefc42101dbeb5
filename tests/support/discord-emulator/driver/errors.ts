/** The member's client would not send this interaction (Discord's UI refuses it). */
export class InteractionRefusedError extends Error {
  public constructor(
    public readonly reason:
      | 'unknown_command'
      | 'not_allowed'
      | 'unavailable_here'
      | 'missing_subcommand'
      | 'unknown_option'
      | 'missing_option'
      | 'invalid_option'
      | 'not_autocomplete'
      | 'unknown_message'
      | 'cannot_see_message'
      | 'unknown_component'
      | 'component_disabled'
      | 'invalid_values'
      | 'no_modal'
      | 'unknown_field'
      | 'invalid_field'
      | 'not_a_member',
    message: string,
  ) {
    super(`${reason}: ${message}`);
    this.name = 'InteractionRefusedError';
  }
}

/** The bot did not acknowledge in time: the member sees "This interaction failed". */
export class InteractionFailedError extends Error {
  public constructor(public readonly interactionId: string, ackWindowMs: number) {
    super(`The application did not respond: interaction ${interactionId} was not acknowledged within ${ackWindowMs} ms (This interaction failed)`);
    this.name = 'InteractionFailedError';
  }
}
