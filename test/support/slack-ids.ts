/**
 * The one fake Slack workspace every test talks about: the request builders
 * sign payloads from it and the Web API fake answers as it. IDs follow Slack's
 * shapes (a letter for the kind, then upper-case alphanumerics).
 */
export const WORKSPACE = {
  teamId: 'T0CHATOPS',
  teamDomain: 'chatops-dev',
  appId: 'A0SLURMBOT',
  botId: 'B0SLURMBOT',
  botUserId: 'U0SLURMBOT',
  botToken: 'xoxb-0000000001-0000000002-fakebottokenfortests',
  /** Slack's deprecated verification token, still sent in every payload. */
  verificationToken: 'fakeverificationtoken0001',
  channelId: 'C0GENERAL',
  channelName: 'general',
} as const;

/** Signing secret the tests share with the app under test. */
export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
