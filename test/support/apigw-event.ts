/**
 * What the slack Lambda receives when API Gateway (HTTP API, payload format
 * 2.0) forwards a request from Slack: lower-case headers, the raw body (or its
 * base64 form), and the request context. Lets tests invoke the handler
 * directly with requests built by `slack-requests.ts`.
 */
import { randomUUID } from 'node:crypto';
import type { SlackHttpRequest } from './slack-requests';

/** API Gateway HTTP API event, payload format 2.0 (the fields Bolt and our handlers read). */
export interface ApiGatewayV2Event {
  readonly version: '2.0';
  readonly routeKey: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly headers: Record<string, string>;
  readonly requestContext: {
    readonly accountId: string;
    readonly apiId: string;
    readonly domainName: string;
    readonly domainPrefix: string;
    readonly http: { readonly method: string; readonly path: string; readonly protocol: string; readonly sourceIp: string; readonly userAgent: string };
    readonly requestId: string;
    readonly routeKey: string;
    readonly stage: string;
    readonly time: string;
    readonly timeEpoch: number;
  };
  readonly body: string;
  readonly isBase64Encoded: boolean;
}

export interface ApiGatewayEventOptions {
  /** Send the body base64-encoded, as API Gateway does for some content types. */
  readonly base64?: boolean;
  /** Default `/slack/events`. */
  readonly path?: string;
}

const API_ID = 'abc123def4';
const REGION_DOMAIN = `${API_ID}.execute-api.eu-west-1.amazonaws.com`;
// TEST-NET-3: an address that is never routed, standing in for Slack's.
const SLACK_SOURCE_IP = '203.0.113.10';

function clfTime(d: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** The API Gateway v2 event for a request from Slack. */
export function apiGatewayEvent(req: SlackHttpRequest, options: ApiGatewayEventOptions = {}): ApiGatewayV2Event {
  const path = options.path ?? '/slack/events';
  const base64 = options.base64 ?? false;
  const now = new Date();
  const headers: Record<string, string> = {
    accept: '*/*',
    'accept-encoding': 'gzip,deflate',
    'content-length': String(Buffer.byteLength(req.body, 'utf8')),
    host: REGION_DOMAIN,
    'x-amzn-trace-id': `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    'x-forwarded-for': SLACK_SOURCE_IP,
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  };
  for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = value;
  const routeKey = `POST ${path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: API_ID,
      domainName: REGION_DOMAIN,
      domainPrefix: API_ID,
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: SLACK_SOURCE_IP, userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    body: base64 ? Buffer.from(req.body, 'utf8').toString('base64') : req.body,
    isBase64Encoded: base64,
  };
}

/** A Lambda context good enough for handlers that read the request ID and remaining time. */
export function lambdaContext(functionName = 'slurm-chatops-dev-slack', timeoutMs = 10000): {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis: () => number;
} {
  const deadline = Date.now() + timeoutMs;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `2025/01/01/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}
