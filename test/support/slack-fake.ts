/**
 * A fake of Slack on 127.0.0.1: the Web API (reached through `SLACK_API_URL`),
 * private file downloads, upload URLs and `response_url`s. It records every
 * call so a test can assert what the user would have seen in Slack, and can be
 * told to fail a method the ways Slack fails (an error code, HTTP 500, 429).
 *
 *   const slack = await SlackFake.start();
 *   process.env.SLACK_API_URL = slack.apiUrl;        // http://127.0.0.1:PORT/api/
 *   const url = slack.responseUrl();                 // put it in a slash command
 *   const reply = await slack.waitForResponse(url);  // what the bot answered
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import {
  FakeWorkspace,
  SlackApiRefusal,
  decodeFormArgs,
  type FakeFileInput,
  type FakeUser,
  type Json,
  type SlackFile,
  type StoredMessage,
} from './slack-fake-api';
import { blockProblems } from './slack-block-limits';
import { WORKSPACE } from './slack-ids';

export type { FakeFileInput, FakeUser, SlackFile, StoredMessage } from './slack-fake-api';

/** One Web API call as the fake received it. */
export interface RecordedCall {
  readonly method: string;
  readonly args: Json;
  /** Bearer token (or `token` form field) the caller sent, if any. */
  readonly token: string | undefined;
  readonly status: number;
  readonly response: Json;
}

/** What the bot posted to a `response_url`. */
export interface ResponseUrlMessage {
  readonly text?: string;
  readonly blocks?: unknown[];
  readonly response_type?: 'ephemeral' | 'in_channel';
  readonly replace_original?: boolean;
  readonly delete_original?: boolean;
  readonly [key: string]: unknown;
}

export interface RecordedResponse {
  readonly url: string;
  readonly status: number;
  readonly body: ResponseUrlMessage;
}

export interface RecordedDownload {
  readonly fileId: string;
  readonly token: string | undefined;
  readonly served: boolean;
}

/** How a method (or `'response_url'`) should fail. */
export type Failure =
  | { readonly error: string }
  | { readonly status: 500 | 502 | 503 }
  | { readonly status: 429; readonly retryAfter: number };

export interface SlackFakeOptions {
  /** Tokens the fake accepts; default the test bot token. */
  readonly tokens?: readonly string[];
}

/**
 * The fake's own answer to a method, for methods called with another kind of token (Socket Mode's
 * `apps.connections.open` takes the app-level token): it checks `token` itself and refuses by
 * throwing a SlackApiRefusal.
 */
export type MethodAnswer = (args: Json, token: string) => Json;

/** Slack lets a response_url be used five times (and for 30 minutes). */
const RESPONSE_URL_USES = 5;
const DEFAULT_WAIT_MS = 5000;

const LOGIN_PAGE = '<!DOCTYPE html><html><head><title>Slack</title></head><body><h1>Sign in to chatops-dev</h1></body></html>';

export class SlackFake {
  /** Base URL of the Web API, ending with `/` as Bolt's `slackApiUrl` needs. */
  readonly apiUrl: string;
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly downloads: RecordedDownload[] = [];
  private readonly workspace: FakeWorkspace;
  private readonly events = new EventEmitter();
  private readonly failures = new Map<string, { failure: Failure; remaining: number }>();
  private readonly responseUrls = new Map<string, number>();
  private readonly methodAnswers = new Map<string, MethodAnswer>();

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    private readonly tokens: readonly string[],
  ) {
    this.apiUrl = `${baseUrl}/api/`;
    this.workspace = new FakeWorkspace(baseUrl);
    this.events.setMaxListeners(0);
  }

  /** Listen on 127.0.0.1 on a free port. */
  static async start(options: SlackFakeOptions = {}): Promise<SlackFake> {
    let fake: SlackFake | undefined;
    const server = createServer((req, res) => {
      void fake!.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    fake = new SlackFake(server, `http://127.0.0.1:${port}`, options.tokens ?? [WORKSPACE.botToken]);
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  registerUser(user: FakeUser): void {
    this.workspace.addUser(user);
  }

  /** Make a file that `files.info` describes and its `url_private_download` serves (to the right token only). */
  registerFile(file: FakeFileInput): SlackFile {
    return this.workspace.addFile(file);
  }

  /** Content of a file, including one the bot uploaded through `files.uploadV2`. */
  fileContent(id: string): string | undefined {
    return this.workspace.fileContent(id)?.toString('utf8');
  }

  /** A message as it stands now in the fake channel (after any `chat.update`). */
  message(channel: string, ts: string): StoredMessage | undefined {
    return this.workspace.message(channel, ts);
  }

  /**
   * Make `method` (a Web API method, or `'response_url'` for every response URL)
   * fail the next `times` calls (default: until `clearFailures`).
   */
  failWith(method: string, failure: Failure, times = Number.POSITIVE_INFINITY): void {
    this.failures.set(method, { failure, remaining: times });
  }

  /** Answer `method` with `answer` instead of the workspace (see MethodAnswer). */
  answerMethod(method: string, answer: MethodAnswer): void {
    this.methodAnswers.set(method, answer);
  }

  clearFailures(): void {
    this.failures.clear();
  }

  /** Forget recorded calls, responses and downloads (workspace state stays). */
  clearRecords(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.downloads.length = 0;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** A fresh response_url on the fake, shaped like Slack's. */
  responseUrl(): string {
    const url = `${this.baseUrl}/commands/${WORKSPACE.teamId}/${Date.now()}${this.responseUrls.size}/${randomBytes(12).toString('hex')}`;
    this.responseUrls.set(new URL(url).pathname, 0);
    return url;
  }

  responsesTo(url: string): RecordedResponse[] {
    return this.responses.filter((r) => r.url === url);
  }

  /**
   * The first call to `method` (already made or still to come) that `predicate` accepts.
   * @throws Error after `timeoutMs`, listing the calls the fake did receive.
   */
  waitFor(method: string, predicate: (call: RecordedCall) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedCall> {
    return this.waitIn(
      this.calls,
      'call',
      (c) => c.method === method && predicate(c),
      timeoutMs,
      () => `no ${method} call matched within ${timeoutMs} ms; calls: ${this.describeCalls()}`,
    );
  }

  /**
   * The first message posted to `url` (already or still to come) that `predicate` accepts.
   * @throws Error after `timeoutMs`, listing what was posted to that URL.
   */
  waitForResponse(url: string, predicate: (r: RecordedResponse) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedResponse> {
    return this.waitIn(
      this.responses,
      'response',
      (r) => r.url === url && predicate(r),
      timeoutMs,
      () =>
        `no matching response_url post within ${timeoutMs} ms; posted there: ${JSON.stringify(this.responsesTo(url).map((r) => r.body))}; API calls: ${this.describeCalls()}`,
    );
  }

  private waitIn<T>(list: readonly T[], event: string, match: (t: T) => boolean, timeoutMs: number, describe: () => string): Promise<T> {
    const found = list.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onItem = (item: T): void => {
        if (!match(item)) return;
        clearTimeout(timer);
        this.events.off(event, onItem);
        resolve(item);
      };
      const timer = setTimeout(() => {
        this.events.off(event, onItem);
        reject(new Error(describe()));
      }, timeoutMs);
      this.events.on(event, onItem);
    });
  }

  private describeCalls(): string {
    if (this.calls.length === 0) return '(none)';
    return this.calls.map((c) => `${c.method}${c.response.ok === false ? `→${String(c.response.error)}` : ''}`).join(', ');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', this.baseUrl);
      const path = url.pathname;
      if (req.method === 'POST' && path.startsWith('/api/')) return this.handleApi(req, res, path.slice('/api/'.length), body);
      if (req.method === 'POST' && this.responseUrls.has(path)) return this.handleResponseUrl(res, url.href, body);
      if (req.method === 'POST' && path.startsWith('/commands/')) return send(res, 404, 'text/plain', 'expired_url');
      if (req.method === 'POST' && path.startsWith('/upload/')) return this.handleUpload(req, res, path.slice('/upload/'.length), body);
      if (req.method === 'GET' && path.startsWith('/files-pri/')) return this.handleDownload(req, res, path);
      if (req.method === 'GET' && path === '/signin') return send(res, 200, 'text/html; charset=utf-8', LOGIN_PAGE);
      return send(res, 404, 'text/plain', 'not found');
    } catch (e) {
      return send(res, 500, 'text/plain', e instanceof Error ? e.message : String(e));
    }
  }

  private handleApi(req: IncomingMessage, res: ServerResponse, method: string, raw: Buffer): void {
    const args = parseArgs(req.headers['content-type'] ?? '', raw);
    const token = bearer(req) ?? (typeof args.token === 'string' ? args.token : undefined);
    const answer = (status: number, response: Json, headers: Record<string, string> = {}): void => {
      const call: RecordedCall = { method, args, token, status, response };
      this.calls.push(call);
      this.events.emit('call', call);
      send(res, status, 'application/json; charset=utf-8', JSON.stringify(response), headers);
    };
    const failure = this.takeFailure(method);
    if (failure !== undefined) {
      if ('error' in failure) return answer(200, { ok: false, error: failure.error });
      if (failure.status === 429) return answer(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(failure.retryAfter) });
      return answer(failure.status, { ok: false, error: 'fatal_error' });
    }
    if (token === undefined) return answer(200, { ok: false, error: 'not_authed' });
    const custom = this.methodAnswers.get(method);
    if (custom === undefined && !this.tokens.includes(token)) return answer(200, { ok: false, error: 'invalid_auth' });
    try {
      return answer(200, { ok: true, ...(custom === undefined ? this.workspace.answer(method, args) : custom(args, token)) });
    } catch (e) {
      if (e instanceof SlackApiRefusal) return answer(200, { ok: false, error: e.error, ...e.extra });
      throw e;
    }
  }

  private handleResponseUrl(res: ServerResponse, url: string, raw: Buffer): void {
    let body: ResponseUrlMessage = {};
    let status = 200;
    let reply = 'ok';
    try {
      body = JSON.parse(raw.toString('utf8')) as ResponseUrlMessage;
    } catch {
      status = 400;
      reply = 'invalid_payload';
    }
    const path = new URL(url).pathname;
    const uses = (this.responseUrls.get(path) ?? 0) + 1;
    this.responseUrls.set(path, uses);
    const failure = this.takeFailure('response_url');
    if (status === 200 && failure !== undefined) {
      if ('error' in failure) [status, reply] = [404, failure.error];
      else [status, reply] = [failure.status, failure.status === 429 ? 'rate_limited' : 'internal_error'];
    } else if (status === 200 && uses > RESPONSE_URL_USES) {
      [status, reply] = [404, 'used_url'];
    } else if (status === 200 && body.text === undefined && body.blocks === undefined && body.delete_original !== true) {
      [status, reply] = [400, 'no_text'];
    } else if (status === 200 && blockProblems(body.blocks, 'message').length > 0) {
      [status, reply] = [400, 'invalid_blocks'];
    }
    const recorded: RecordedResponse = { url, status, body };
    this.responses.push(recorded);
    this.events.emit('response', recorded);
    send(res, status, 'text/plain', reply, failure !== undefined && 'retryAfter' in failure ? { 'Retry-After': String(failure.retryAfter) } : {});
  }

  private handleUpload(req: IncomingMessage, res: ServerResponse, fileId: string, raw: Buffer): Promise<void> | void {
    const contentType = req.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) {
      return send(res, this.workspace.receiveUpload(fileId, raw) ? 200 : 404, 'text/plain', `OK - ${raw.length}`);
    }
    // @slack/web-api posts the bytes as a multipart field; let the platform's parser read it.
    return new Response(raw, { headers: { 'content-type': contentType } }).formData().then(async (form) => {
      const part = [...form.values()][0];
      const bytes = part instanceof Blob ? Buffer.from(await part.arrayBuffer()) : Buffer.from(String(part ?? ''), 'utf8');
      send(res, this.workspace.receiveUpload(fileId, bytes) ? 200 : 404, 'text/plain', `OK - ${bytes.length}`);
    });
  }

  private handleDownload(req: IncomingMessage, res: ServerResponse, path: string): void {
    const match = /^\/files-pri\/[^/-]+-([^/]+)\//.exec(path);
    const fileId = match?.[1] ?? '';
    const token = bearer(req);
    const authorised = token !== undefined && this.tokens.includes(token);
    const content = this.workspace.fileContent(fileId);
    this.downloads.push({ fileId, token, served: authorised && content !== undefined });
    // Slack does not answer 401 here: without a valid token it redirects to its sign-in page (HTML, status 200).
    if (!authorised) return send(res, 302, 'text/html', '', { Location: `${this.baseUrl}/signin?redir=${encodeURIComponent(path)}` });
    if (content === undefined) return send(res, 404, 'text/plain', 'file_not_found');
    send(res, 200, 'application/octet-stream', content, { 'Content-Disposition': 'attachment' });
  }

  private takeFailure(method: string): Failure | undefined {
    const entry = this.failures.get(method);
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.failures.delete(method);
    return entry.failure;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseArgs(contentType: string, raw: Buffer): Json {
  const text = raw.toString('utf8');
  if (contentType.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null ? (parsed as Json) : {};
    } catch {
      return {};
    }
  }
  return decodeFormArgs(new URLSearchParams(text));
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': contentType, ...headers });
  res.end(body);
}
