/**
 * Requests as Slack sends them to the bot: slash commands, `block_actions` and
 * `view_submission` payloads, in Slack's real shapes, signed with the v0 HMAC
 * scheme so that the app's signature check runs for real. Options produce the
 * requests Slack (or an attacker) sends on a bad day: a forged signature, a
 * replayed stale timestamp, a retry after a slow ack.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import type { SlackFile } from './slack-fake-api';
import { TEST_SIGNING_SECRET, WORKSPACE } from './slack-ids';

/** An HTTP request from Slack: headers in Slack's spelling, body as sent. */
export interface SlackHttpRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface SigningOptions {
  /** Default: the shared test secret. */
  readonly signingSecret?: string;
  /** Request time in seconds since the epoch; default now. */
  readonly timestamp?: number;
  /** Timestamp 6 minutes old: Bolt refuses anything older than 5. */
  readonly stale?: boolean;
  /** Sign with a secret the app does not know. */
  readonly forged?: boolean;
  /** Slack's redelivery headers, as after an ack that took over 3 s. */
  readonly retry?: { readonly num: number; readonly reason: 'http_timeout' | 'http_error' | 'too_many_requests' | string };
}

/** Who is clicking or typing. */
export interface Actor {
  readonly userId?: string;
  readonly userName?: string;
  readonly channelId?: string;
  readonly channelName?: string;
  readonly triggerId?: string;
}

export interface SlashCommandInput extends Actor {
  /** Default `/slurm`. */
  readonly command?: string;
  readonly text: string;
  /** Where the bot's delayed replies go; use `SlackFake.responseUrl()`. */
  readonly responseUrl: string;
}

export interface BlockActionInput extends Actor {
  readonly actionId: string;
  readonly value?: string;
  readonly blockId?: string;
  /** Label of the clicked button. */
  readonly buttonText?: string;
  readonly responseUrl: string;
  readonly messageTs?: string;
  /** Blocks of the message the button sits on (omitted by Slack for an ephemeral message). */
  readonly messageBlocks?: readonly unknown[];
  readonly messageText?: string;
  readonly isEphemeral?: boolean;
}

export interface ViewSubmissionInput extends Actor {
  readonly callbackId: string;
  /** `view.state.values`: block_id -> action_id -> element state (see the *Value helpers). */
  readonly values: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly privateMetadata?: string;
  readonly viewId?: string;
  readonly hash?: string;
  readonly blocks?: readonly unknown[];
  readonly title?: string;
  /** Present when an input block has `response_url_enabled`. */
  readonly responseUrls?: readonly { readonly blockId: string; readonly actionId: string; readonly channelId: string; readonly responseUrl: string }[];
}

const DEFAULT_USER = { id: 'U0ALICE', name: 'alice' } as const;
const FORM = 'application/x-www-form-urlencoded';
const STALE_SECONDS = 6 * 60;

/** Slack's v0 signature of a body: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Sign a body and add the headers Slack sends with it. */
export function signRequest(body: string, contentType: string, options: SigningOptions = {}): SlackHttpRequest {
  const now = options.timestamp ?? Math.floor(Date.now() / 1000);
  const timestamp = options.stale === true ? now - STALE_SECONDS : now;
  const secret = options.forged === true ? `forged-${randomBytes(8).toString('hex')}` : (options.signingSecret ?? TEST_SIGNING_SECRET);
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': slackSignature(secret, timestamp, body),
  };
  if (options.retry !== undefined) {
    headers['X-Slack-Retry-Num'] = String(options.retry.num);
    headers['X-Slack-Retry-Reason'] = options.retry.reason;
  }
  return { headers, body };
}

/** A trigger_id in Slack's shape (`digits.digits.hex`). */
export function newTriggerId(): string {
  return `${randomInt(1e9, 1e10)}.${randomInt(1e9, 1e10)}.${randomBytes(16).toString('hex')}`;
}

function user(a: Actor): { id: string; name: string } {
  return { id: a.userId ?? DEFAULT_USER.id, name: a.userName ?? (a.userId === undefined ? DEFAULT_USER.name : a.userId.toLowerCase()) };
}

/** The form fields of a slash command, as Slack posts them. */
export function slashCommandFields(input: SlashCommandInput): Record<string, string> {
  const u = user(input);
  return {
    token: WORKSPACE.verificationToken,
    team_id: WORKSPACE.teamId,
    team_domain: WORKSPACE.teamDomain,
    channel_id: input.channelId ?? WORKSPACE.channelId,
    channel_name: input.channelName ?? WORKSPACE.channelName,
    user_id: u.id,
    user_name: u.name,
    command: input.command ?? '/slurm',
    text: input.text,
    api_app_id: WORKSPACE.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? newTriggerId(),
  };
}

/** A signed slash command request (form-encoded). */
export function slashCommandRequest(input: SlashCommandInput, options?: SigningOptions): SlackHttpRequest {
  return signRequest(new URLSearchParams(slashCommandFields(input)).toString(), FORM, options);
}

/** A `block_actions` payload for a button click on a message. */
export function blockActionsPayload(input: BlockActionInput): Record<string, unknown> {
  const u = user(input);
  const channelId = input.channelId ?? WORKSPACE.channelId;
  const messageTs = input.messageTs ?? `${Math.floor(Date.now() / 1000) - 60}.000100`;
  const actionTs = (Date.now() / 1000).toFixed(6);
  const ephemeral = input.isEphemeral ?? false;
  return {
    type: 'block_actions',
    user: { id: u.id, username: u.name, name: u.name, team_id: WORKSPACE.teamId },
    api_app_id: WORKSPACE.appId,
    token: WORKSPACE.verificationToken,
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: ephemeral },
    trigger_id: input.triggerId ?? newTriggerId(),
    team: { id: WORKSPACE.teamId, domain: WORKSPACE.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: input.channelName ?? WORKSPACE.channelName },
    // Slack does not send the message of an ephemeral container.
    ...(ephemeral
      ? {}
      : {
          message: {
            type: 'message',
            subtype: 'bot_message',
            text: input.messageText ?? '',
            ts: messageTs,
            bot_id: WORKSPACE.botId,
            blocks: input.messageBlocks ?? [],
          },
        }),
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [
      {
        action_id: input.actionId,
        block_id: input.blockId ?? randomBytes(3).toString('base64url'),
        text: { type: 'plain_text', text: input.buttonText ?? input.actionId, emoji: true },
        ...(input.value !== undefined ? { value: input.value } : {}),
        type: 'button',
        action_ts: actionTs,
      },
    ],
  };
}

/** A signed interactivity request: any payload, form-encoded in the `payload` field. */
export function interactiveRequest(payload: Record<string, unknown>, options?: SigningOptions): SlackHttpRequest {
  return signRequest(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM, options);
}

/** A signed button click. */
export function blockActionsRequest(input: BlockActionInput, options?: SigningOptions): SlackHttpRequest {
  return interactiveRequest(blockActionsPayload(input), options);
}

/** A `view_submission` payload for a modal. */
export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  const u = user(input);
  const viewId = input.viewId ?? 'V0MODAL0001';
  return {
    type: 'view_submission',
    team: { id: WORKSPACE.teamId, domain: WORKSPACE.teamDomain },
    user: { id: u.id, username: u.name, name: u.name, team_id: WORKSPACE.teamId },
    api_app_id: WORKSPACE.appId,
    token: WORKSPACE.verificationToken,
    trigger_id: input.triggerId ?? newTriggerId(),
    view: {
      id: viewId,
      team_id: WORKSPACE.teamId,
      type: 'modal',
      blocks: input.blocks ?? [],
      private_metadata: input.privateMetadata ?? '',
      callback_id: input.callbackId,
      state: { values: input.values },
      hash: input.hash ?? `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      title: { type: 'plain_text', text: input.title ?? 'Submit job', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: { type: 'plain_text', text: 'Cancel', emoji: true },
      submit: { type: 'plain_text', text: 'Submit', emoji: true },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: WORKSPACE.appId,
      external_id: '',
      app_installed_team_id: WORKSPACE.teamId,
      bot_id: WORKSPACE.botId,
    },
    response_urls: (input.responseUrls ?? []).map((r) => ({
      block_id: r.blockId,
      action_id: r.actionId,
      channel_id: r.channelId,
      response_url: r.responseUrl,
    })),
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** A signed modal submission. */
export function viewSubmissionRequest(input: ViewSubmissionInput, options?: SigningOptions): SlackHttpRequest {
  return interactiveRequest(viewSubmissionPayload(input), options);
}

/** State of a `plain_text_input` in `view.state.values`. */
export function plainTextValue(value: string | null): Record<string, unknown> {
  return { type: 'plain_text_input', value };
}

/** State of a `static_select` in `view.state.values` (`null`: nothing chosen). */
export function staticSelectValue(value: string | null, label = value ?? ''): Record<string, unknown> {
  return {
    type: 'static_select',
    selected_option: value === null ? null : { text: { type: 'plain_text', text: label, emoji: true }, value },
  };
}

/** State of a `file_input` in `view.state.values`: files as `files.info` describes them. */
export function fileInputValue(files: readonly SlackFile[]): Record<string, unknown> {
  return { type: 'file_input', files };
}

/** The bot's HTTP answer to a request. */
export interface SlackHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Raw body text ('' for a bare ack). */
  readonly body: string;
}

/**
 * POST a request to the bot (e.g. `http://127.0.0.1:3000/slack/events`).
 * @throws TypeError from fetch when nothing listens at `url`.
 */
export async function send(url: string, req: SlackHttpRequest): Promise<SlackHttpResponse> {
  const res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body });
  return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: await res.text() };
}
