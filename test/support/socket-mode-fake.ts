/**
 * Slack's Socket Mode, faked on 127.0.0.1 beside the Web API fake. `apps.connections.open`, called
 * with the app-level token, hands out a one-time `ws://` URL; the WebSocket server there says hello,
 * delivers envelopes (slash commands, interactivity) and collects the app's acks, in Slack's shapes,
 * and can ask the app to reconnect the way Slack refreshes its connections.
 *
 *   const slack = await SlackFake.start();
 *   const socket = await SocketModeFake.start(slack);   // the app runs with SLACK_APP_TOKEN=TEST_APP_TOKEN
 *   const ack = await socket.slashCommand(slashCommandFields({ text: 'jobs', responseUrl: slack.responseUrl() }));
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { SlackFake } from './slack-fake';
import { SlackApiRefusal, type Json } from './slack-fake-api';
import { WORKSPACE } from './slack-ids';

/** The app-level token the fake accepts by default. */
export const TEST_APP_TOKEN = 'xapp-1-A0SLURMBOT-0000000003-fakeapptokenfortests';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** What the app sent back for an envelope. */
export interface EnvelopeAck {
  readonly envelope_id: string;
  /** The response payload: for a slash command, the message the user sees at once. */
  readonly payload?: Json;
}

export interface DeliverOptions {
  /** Slack sets it for slash commands and view submissions, whose ack may carry an answer. */
  readonly acceptsResponsePayload?: boolean;
  /** Default 3000: after that Slack gives up and shows the user an error. */
  readonly timeoutMs?: number;
}

/** Slack's time limit for an ack, over HTTP and over the socket alike. */
const ACK_LIMIT_MS = 3000;
const DEFAULT_WAIT_MS = 10000;
const HOST = 'applink-fake-1';

export class SocketModeFake {
  readonly acks: EnvelopeAck[] = [];
  /** Close codes of the connections that ended, in order (1000: the app closed normally). */
  readonly closeCodes: number[] = [];
  /** Connections the app has opened so far (each after its own `apps.connections.open`). */
  connectionCount = 0;
  private readonly tickets = new Set<string>();
  private readonly events = new EventEmitter();

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    private readonly wsBase: string,
    private readonly appToken: string,
  ) {
    this.events.setMaxListeners(0);
  }

  /** Listens on a free port of 127.0.0.1 and makes `slack` answer `apps.connections.open` for `appToken`. */
  static async start(slack: SlackFake, appToken: string = TEST_APP_TOKEN): Promise<SocketModeFake> {
    const wss = new WebSocketServer({ noServer: true });
    const server = createServer((_req, res) => res.writeHead(426).end('upgrade required'));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const fake = new SocketModeFake(server, wss, `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, appToken);
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => fake.upgrade(req, socket, head));
    slack.answerMethod('apps.connections.open', (_args, token) => fake.open(token));
    return fake;
  }

  /** Connections open now. */
  get openConnections(): number {
    return [...this.wss.clients].filter((c) => c.readyState === WebSocket.OPEN).length;
  }

  /**
   * Resolves once the app has opened its `n`th connection (and been greeted).
   * @throws Error after `timeoutMs`.
   */
  waitForConnection(n = 1, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.waitUntil('connection', () => this.connectionCount >= n, timeoutMs, () => `the app opened ${this.connectionCount} Socket Mode connection(s), not ${n}`);
  }

  /**
   * Resolves once a connection has ended with `code`.
   * @throws Error after `timeoutMs`.
   */
  waitForClose(code: number, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.waitUntil('close', () => this.closeCodes.includes(code), timeoutMs, () => `no connection closed with ${code}; closes: ${JSON.stringify(this.closeCodes)}`);
  }

  /**
   * Sends one envelope on the newest open connection and resolves with the app's ack.
   * @throws Error when no connection is open, or when the app does not ack in time.
   */
  async deliver(type: EnvelopeType, payload: Json, options: DeliverOptions = {}): Promise<EnvelopeAck> {
    const socket = [...this.wss.clients].filter((c) => c.readyState === WebSocket.OPEN).pop();
    if (socket === undefined) throw new Error('no Socket Mode connection is open');
    const envelopeId = randomUUID();
    const acked = this.waitUntil(
      'ack',
      () => this.acks.some((a) => a.envelope_id === envelopeId),
      options.timeoutMs ?? ACK_LIMIT_MS,
      () => `no ack for the ${type} envelope ${envelopeId} within ${options.timeoutMs ?? ACK_LIMIT_MS} ms (Slack would show the user an error)`,
    );
    socket.send(JSON.stringify({ envelope_id: envelopeId, payload, type, accepts_response_payload: options.acceptsResponsePayload ?? false }));
    await acked;
    const ack = this.acks.find((a) => a.envelope_id === envelopeId);
    if (ack === undefined) throw new Error(`the ack for ${envelopeId} went missing`);
    return ack;
  }

  /** A slash command: the form fields Slack would post, as a JSON payload. */
  slashCommand(fields: Readonly<Record<string, string>>): Promise<EnvelopeAck> {
    return this.deliver('slash_commands', fields, { acceptsResponsePayload: true });
  }

  /** An interactivity payload (block_actions, view_submission…). */
  interactive(payload: Json): Promise<EnvelopeAck> {
    return this.deliver('interactive', payload, { acceptsResponsePayload: payload.type === 'view_submission' });
  }

  /** Slack's periodic refresh: tells every connection to reconnect. */
  requestRefresh(): void {
    for (const client of this.wss.clients) {
      client.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: HOST } }));
    }
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** `apps.connections.open`: a one-time URL for the app token; Slack's refusals for anything else. */
  private open(token: string): Json {
    if (!token.startsWith('xapp-')) throw new SlackApiRefusal('not_allowed_token_type');
    if (token !== this.appToken) throw new SlackApiRefusal('invalid_auth');
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return { url: `${this.wsBase}/link/?ticket=${ticket}&app_id=${WORKSPACE.appId}` };
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', this.wsBase.replace(/^ws/, 'http'));
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (client) => this.connected(client));
  }

  private connected(client: WebSocket): void {
    client.on('message', (data: RawData) => this.received(data));
    client.on('close', (code: number) => {
      this.closeCodes.push(code);
      this.events.emit('close');
    });
    client.on('error', () => undefined);
    client.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.openConnections,
        debug_info: { host: HOST, build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: WORKSPACE.appId },
      }),
    );
    this.connectionCount += 1;
    this.events.emit('connection');
  }

  private received(data: RawData): void {
    let message: unknown;
    try {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      message = JSON.parse(bytes.toString('utf8'));
    } catch {
      return;
    }
    const m = message as { envelope_id?: unknown; payload?: Json };
    if (typeof m.envelope_id !== 'string') return;
    this.acks.push({ envelope_id: m.envelope_id, ...(m.payload !== undefined && { payload: m.payload }) });
    this.events.emit('ack');
  }

  private waitUntil(event: string, done: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done()) return;
        clearTimeout(timer);
        this.events.off(event, check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.events.off(event, check);
        reject(new Error(describe()));
      }, timeoutMs);
      this.events.on(event, check);
    });
  }
}
