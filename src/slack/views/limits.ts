/**
 * Slack's documented Block Kit limits for messages. Slack rejects a whole message
 * (`invalid_blocks`) when one is exceeded, so every view stays inside them.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  actionsElements: 25,
  contextElements: 10,
  contextText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** Slack truncates a message's `text` beyond 40,000 characters; notifications show far less. */
  messageText: 40000,
} as const;
