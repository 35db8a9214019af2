/**
 * The state and the answers of the Slack Web API fake, without HTTP: what each
 * method returns for given arguments, in Slack's response shapes, with Slack's
 * error codes for the mistakes a bot can make (missing arguments, Block Kit
 * over its limits, updating an ephemeral message, a stale view hash).
 */
import { randomBytes } from 'node:crypto';
import { MAX_MESSAGE_TEXT, blockProblems, viewProblems } from './slack-block-limits';
import { WORKSPACE } from './slack-ids';

export type Json = Record<string, unknown>;

/** A Web API call refused the way Slack refuses it: HTTP 200, `{ ok: false, error }`. */
export class SlackApiRefusal extends Error {
  constructor(
    readonly error: string,
    readonly extra: Json = {},
  ) {
    super(error);
    this.name = 'SlackApiRefusal';
  }
}

export interface FakeUser {
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  readonly realName?: string;
  readonly isBot?: boolean;
  readonly deleted?: boolean;
}

export interface FakeFileInput {
  readonly id?: string;
  readonly name: string;
  readonly content: string | Buffer;
  readonly mimetype?: string;
  readonly filetype?: string;
  readonly user?: string;
}

/** A file as `files.info` (and a modal's `file_input` state) describes it. */
export interface SlackFile {
  readonly id: string;
  readonly created: number;
  readonly timestamp: number;
  readonly name: string;
  readonly title: string;
  readonly mimetype: string;
  readonly filetype: string;
  readonly pretty_type: string;
  readonly user: string;
  readonly user_team: string;
  readonly mode: 'hosted';
  readonly editable: boolean;
  readonly is_external: boolean;
  readonly is_public: boolean;
  readonly size: number;
  readonly url_private: string;
  readonly url_private_download: string;
  readonly permalink: string;
}

export interface StoredMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text?: string;
  readonly blocks?: unknown[];
  readonly threadTs?: string;
  readonly ephemeralFor?: string;
}

const FILETYPES: Readonly<Record<string, readonly [filetype: string, mimetype: string, pretty: string]>> = {
  sh: ['shell', 'text/x-sh', 'Shell'],
  bash: ['shell', 'text/x-sh', 'Shell'],
  slurm: ['text', 'text/plain', 'Plain Text'],
  sbatch: ['text', 'text/plain', 'Plain Text'],
  py: ['python', 'text/x-python', 'Python'],
  txt: ['text', 'text/plain', 'Plain Text'],
  json: ['json', 'application/json', 'JSON'],
  png: ['png', 'image/png', 'PNG'],
};

const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'files', 'metadata', 'unfurls']);

/** Decode what @slack/web-api sends: form fields, with objects JSON-encoded in known fields. */
export function decodeFormArgs(form: URLSearchParams): Json {
  const args: Json = {};
  for (const [key, value] of form) {
    if (JSON_FIELDS.has(key)) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // Slack answers a field that is not JSON with invalid_arguments: keep the raw text for the handler.
      }
    }
    args[key] = value;
  }
  return args;
}

function str(args: Json, key: string): string | undefined {
  const v = args[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function need(args: Json, key: string, error = 'invalid_arguments'): string {
  const v = str(args, key);
  if (v === undefined) throw new SlackApiRefusal(error, { response_metadata: { messages: [`[ERROR] missing required field: ${key}`] } });
  return v;
}

function checkBlocks(blocks: unknown, surface: 'message' | 'view', error: string): void {
  const problems = surface === 'view' ? viewProblems(blocks) : blockProblems(blocks, 'message');
  if (problems.length > 0) throw new SlackApiRefusal(error, { response_metadata: { messages: problems } });
}

/** Everything the fake workspace knows, and the answer to each supported method. */
export class FakeWorkspace {
  private readonly users = new Map<string, FakeUser>();
  private readonly files = new Map<string, { file: SlackFile; content: Buffer }>();
  private readonly messages = new Map<string, StoredMessage>();
  private readonly views = new Map<string, Json>();
  private readonly pendingUploads = new Map<string, { name: string; content?: Buffer }>();
  private readonly tsBase = Math.floor(Date.now() / 1000);
  private seq = 0;

  constructor(private readonly baseUrl: string) {}

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  addFile(input: FakeFileInput): SlackFile {
    const id = input.id ?? this.id('F');
    const ext = input.name.includes('.') ? (input.name.split('.').pop() ?? '').toLowerCase() : '';
    const [filetype, mimetype, pretty] = FILETYPES[ext] ?? ['text', 'text/plain', 'Plain Text'];
    const content = Buffer.isBuffer(input.content) ? input.content : Buffer.from(input.content, 'utf8');
    const name = encodeURIComponent(input.name);
    const created = Math.floor(Date.now() / 1000);
    const file: SlackFile = {
      id,
      created,
      timestamp: created,
      name: input.name,
      title: input.name,
      mimetype: input.mimetype ?? mimetype,
      filetype: input.filetype ?? filetype,
      pretty_type: pretty,
      user: input.user ?? 'U0ALICE',
      user_team: WORKSPACE.teamId,
      mode: 'hosted',
      editable: false,
      is_external: false,
      is_public: false,
      size: content.length,
      url_private: `${this.baseUrl}/files-pri/${WORKSPACE.teamId}-${id}/${name}`,
      url_private_download: `${this.baseUrl}/files-pri/${WORKSPACE.teamId}-${id}/download/${name}`,
      permalink: `${this.baseUrl}/files/${input.user ?? 'U0ALICE'}/${id}/${name}`,
    };
    this.files.set(id, { file, content });
    return file;
  }

  fileContent(id: string): Buffer | undefined {
    return this.files.get(id)?.content;
  }

  /** Content sent to an upload URL from `files.getUploadURLExternal`. */
  receiveUpload(fileId: string, content: Buffer): boolean {
    const pending = this.pendingUploads.get(fileId);
    if (pending === undefined) return false;
    pending.content = content;
    return true;
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(`${channel}:${ts}`);
  }

  /** The answer to one Web API call made with a valid token; throws SlackApiRefusal for Slack's errors. */
  answer(method: string, args: Json): Json {
    switch (method) {
      case 'api.test':
        return { args };
      case 'auth.test':
        return {
          url: `https://${WORKSPACE.teamDomain}.slack.com/`,
          team: WORKSPACE.teamDomain,
          user: 'slurmbot',
          team_id: WORKSPACE.teamId,
          user_id: WORKSPACE.botUserId,
          bot_id: WORKSPACE.botId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage':
        return this.postMessage(args);
      case 'chat.postEphemeral':
        return this.postEphemeral(args);
      case 'chat.update':
        return this.update(args);
      case 'chat.delete': {
        const channel = need(args, 'channel', 'channel_not_found');
        const ts = need(args, 'ts', 'message_not_found');
        this.messages.delete(`${channel}:${ts}`);
        return { channel, ts };
      }
      case 'chat.getPermalink': {
        const channel = need(args, 'channel', 'channel_not_found');
        const ts = need(args, 'message_ts', 'message_not_found');
        return { channel, permalink: `${this.baseUrl}/archives/${channel}/p${ts.replace('.', '')}` };
      }
      case 'conversations.open': {
        const users = need(args, 'users', 'users_list_not_supplied');
        return { channel: { id: `D${users.split(',')[0]!.slice(1)}` } };
      }
      case 'views.open':
      case 'views.push':
        need(args, 'trigger_id');
        return { view: this.storeView(args.view, undefined) };
      case 'views.update':
        return { view: this.updateView(args) };
      case 'views.publish':
        need(args, 'user_id');
        return { view: this.storeView(args.view, undefined) };
      case 'files.info': {
        const file = this.files.get(need(args, 'file', 'file_not_found'));
        if (file === undefined) throw new SlackApiRefusal('file_not_found');
        return { file: file.file, comments: [] };
      }
      case 'files.getUploadURLExternal': {
        const name = need(args, 'filename');
        const id = this.id('F');
        this.pendingUploads.set(id, { name });
        return { upload_url: `${this.baseUrl}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return this.completeUpload(args);
      case 'users.info': {
        const user = this.users.get(need(args, 'user', 'user_not_found'));
        if (user === undefined) throw new SlackApiRefusal('user_not_found');
        return { user: this.userObject(user) };
      }
      default:
        throw new SlackApiRefusal('unknown_method');
    }
  }

  private postMessage(args: Json): Json {
    const requested = need(args, 'channel', 'channel_not_found');
    if (str(args, 'text') === undefined && args.blocks === undefined && args.attachments === undefined) {
      throw new SlackApiRefusal('no_text');
    }
    this.checkText(args);
    checkBlocks(args.blocks, 'message', 'invalid_blocks');
    // Posting to a user ID lands in the DM with the bot, which has its own channel ID.
    const channel = /^[UW]/.test(requested) ? `D${requested.slice(1)}` : requested;
    const message = this.store({ channel, ts: this.ts(), text: str(args, 'text'), blocks: args.blocks as unknown[] | undefined, threadTs: str(args, 'thread_ts') });
    return { channel, ts: message.ts, message: this.messageObject(message) };
  }

  private postEphemeral(args: Json): Json {
    const channel = need(args, 'channel', 'channel_not_found');
    const user = need(args, 'user', 'user_not_in_channel');
    if (str(args, 'text') === undefined && args.blocks === undefined && args.attachments === undefined) {
      throw new SlackApiRefusal('no_text');
    }
    this.checkText(args);
    checkBlocks(args.blocks, 'message', 'invalid_blocks');
    const message = this.store({ channel, ts: this.ts(), text: str(args, 'text'), blocks: args.blocks as unknown[] | undefined, ephemeralFor: user });
    return { message_ts: message.ts };
  }

  private update(args: Json): Json {
    const channel = need(args, 'channel', 'channel_not_found');
    const ts = need(args, 'ts', 'message_not_found');
    const existing = this.message(channel, ts);
    // Ephemeral messages can only be changed through their response_url.
    if (existing?.ephemeralFor !== undefined) throw new SlackApiRefusal('message_not_found');
    this.checkText(args);
    checkBlocks(args.blocks, 'message', 'invalid_blocks');
    const message = this.store({
      channel,
      ts,
      text: str(args, 'text') ?? existing?.text,
      blocks: (args.blocks as unknown[] | undefined) ?? existing?.blocks,
      threadTs: existing?.threadTs,
    });
    return { channel, ts, text: message.text ?? '', message: this.messageObject(message) };
  }

  private checkText(args: Json): void {
    const text = str(args, 'text');
    if (text !== undefined && text.length > MAX_MESSAGE_TEXT) throw new SlackApiRefusal('msg_too_long');
  }

  private storeView(view: unknown, id: string | undefined): Json {
    checkBlocks(view, 'view', 'invalid_arguments');
    const v = view as Json;
    const viewId = id ?? this.id('V');
    const previous = this.views.get(viewId);
    const stored: Json = {
      id: viewId,
      team_id: WORKSPACE.teamId,
      type: v.type,
      title: v.title,
      submit: v.submit ?? null,
      close: v.close ?? null,
      blocks: v.blocks ?? [],
      private_metadata: v.private_metadata ?? '',
      callback_id: v.callback_id ?? '',
      external_id: v.external_id ?? '',
      state: { values: {} },
      hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      clear_on_close: v.clear_on_close ?? false,
      notify_on_close: v.notify_on_close ?? false,
      root_view_id: previous?.root_view_id ?? viewId,
      previous_view_id: null,
      app_id: WORKSPACE.appId,
      app_installed_team_id: WORKSPACE.teamId,
      bot_id: WORKSPACE.botId,
    };
    this.views.set(viewId, stored);
    return stored;
  }

  private updateView(args: Json): Json {
    const viewId = str(args, 'view_id');
    const externalId = str(args, 'external_id');
    if (viewId === undefined && externalId === undefined) throw new SlackApiRefusal('invalid_arguments');
    const known = viewId !== undefined ? this.views.get(viewId) : [...this.views.values()].find((v) => v.external_id === externalId);
    const hash = str(args, 'hash');
    if (known !== undefined && hash !== undefined && hash !== known.hash) throw new SlackApiRefusal('hash_conflict');
    // A view the fake never opened (a test built the submission by hand) is accepted as Slack would have it.
    return this.storeView(args.view, (known?.id as string | undefined) ?? viewId ?? this.id('V'));
  }

  private completeUpload(args: Json): Json {
    const list = args.files;
    if (!Array.isArray(list) || list.length === 0) throw new SlackApiRefusal('invalid_arguments');
    const files = list.map((entry: unknown) => {
      const e = entry as Json;
      const id = typeof e.id === 'string' ? e.id : '';
      const pending = this.pendingUploads.get(id);
      if (pending?.content === undefined) throw new SlackApiRefusal('file_not_found');
      this.pendingUploads.delete(id);
      const file = this.addFile({ id, name: pending.name, content: pending.content, user: WORKSPACE.botUserId });
      return { id, title: typeof e.title === 'string' ? e.title : file.title };
    });
    return { files };
  }

  private store(message: StoredMessage): StoredMessage {
    this.messages.set(`${message.channel}:${message.ts}`, message);
    return message;
  }

  private messageObject(m: StoredMessage): Json {
    return {
      type: 'message',
      user: WORKSPACE.botUserId,
      bot_id: WORKSPACE.botId,
      app_id: WORKSPACE.appId,
      team: WORKSPACE.teamId,
      ts: m.ts,
      text: m.text ?? '',
      ...(m.blocks !== undefined ? { blocks: m.blocks } : {}),
      ...(m.threadTs !== undefined ? { thread_ts: m.threadTs } : {}),
    };
  }

  private userObject(u: FakeUser): Json {
    const realName = u.realName ?? u.name;
    return {
      id: u.id,
      team_id: WORKSPACE.teamId,
      name: u.name,
      deleted: u.deleted ?? false,
      real_name: realName,
      tz: 'Europe/London',
      is_bot: u.isBot ?? false,
      is_admin: false,
      is_app_user: false,
      profile: {
        real_name: realName,
        display_name: u.name,
        ...(u.email !== undefined ? { email: u.email } : {}),
        team: WORKSPACE.teamId,
      },
    };
  }

  /** Message timestamps: unique, increasing, in Slack's `seconds.micro` form. */
  private ts(): string {
    this.seq += 1;
    return `${this.tsBase}.${String(this.seq).padStart(6, '0')}`;
  }

  private id(prefix: string): string {
    this.seq += 1;
    return `${prefix}0${String(this.seq).padStart(8, '0')}`;
  }
}
