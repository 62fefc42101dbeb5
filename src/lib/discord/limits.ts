/**
 * Discord's size limits, stated once. Lengths are in UTF-16 code units (JavaScript's
 * `length`), never less than what Discord counts.
 */
export const DISCORD_LIMITS = Object.freeze({
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooterText: 2048,
  embedTotal: 6000,
  actionRows: 5,
  selectOptions: 25,
  selectOptionLabel: 100,
  selectOptionValue: 100,
  selectPlaceholder: 150,
  buttonLabel: 80,
  customId: 100,
  modalTitle: 45,
  textInputLabel: 45,
  textInputPlaceholder: 100,
  allowedMentionIds: 100,
  autocompleteChoices: 25,
  /** An autocomplete choice's name, and its value, each. */
  autocompleteChoiceLength: 100,
  roleName: 100,
  /** Messages one bulk-delete request takes, and one history page returns. */
  bulkDelete: 100,
  messagesPerPage: 100,
});
