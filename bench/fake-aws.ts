import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEST_SIGNING_SECRET, WORKSPACE } from '../test/support/slack-ids';

export const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:slurm-chatops-slack-AbCdEf';

/**
 * The two AWS APIs the slack function calls, on loopback: Lambda's Invoke (REST) and Secrets
 * Manager's GetSecretValue (JSON 1.1). An invoke is answered 202 at once, as an async invoke is,
 * and only then handed to `onInvoke`, so whatever runs the task never delays the ack.
 */
export class FakeAws {
  onInvoke: (payload: unknown) => void = () => {};
  invokes = 0;
  secretReads = 0;

  private constructor(private readonly server: Server, readonly endpoint: string) {}

  static async start(): Promise<FakeAws> {
    let fake: FakeAws | undefined;
    const server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const answer = fake!.answer(req, body);
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.json === undefined ? '' : JSON.stringify(answer.json));
        if (answer.after) setImmediate(answer.after);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeAws(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return fake;
  }

  private answer(req: IncomingMessage, body: string): { status: number; json?: unknown; after?: () => void } {
    if (/^\/2015-03-31\/functions\/[^/]+\/invocations$/.test(req.url ?? '')) {
      this.invokes += 1;
      const payload: unknown = JSON.parse(body);
      return { status: 202, after: () => this.onInvoke(payload) };
    }
    if (req.headers['x-amz-target'] === 'secretsmanager.GetSecretValue') {
      this.secretReads += 1;
      return {
        status: 200,
        json: { ARN: SECRET_ARN, Name: 'slurm-chatops-slack', SecretString: JSON.stringify({ SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: WORKSPACE.botToken }) },
      };
    }
    return { status: 404, json: { message: `no fake for ${req.url ?? ''}` } };
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
