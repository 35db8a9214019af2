import { loadConfig, loadSlackCredentials, socketModeCredentials } from '../config';
import { isChatopsError } from '../errors';
import { createLog } from '../tasks/log';
import { startLocalServer } from './server';

/** The secret `scripts/slack-send.mjs` signs with by default; accepted only on loopback. */
const LOCAL_DEV_SIGNING_SECRET = 'slurm-chatops-local-dev-secret';

/** Why the runner could not start, in one line that says what to change. */
function startupProblem(error: unknown): string {
  if (isChatopsError(error)) return error.message;
  const { code, port } = (error ?? {}) as { code?: string; port?: number };
  if (code === 'EADDRINUSE') return `port ${port ?? ''} is already in use; pick another with PORT=<port> npm start`;
  if (code === 'EACCES') return `port ${port ?? ''} needs privileges; pick one above 1024 with PORT=<port> npm start`;
  return error instanceof Error ? error.message : String(error);
}

/** `npm start`: the bot on this machine. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLog(config.env.logLevel);
  // Socket Mode needs no signing secret: Slack only talks over the WebSocket the app token opened.
  const socketMode = socketModeCredentials(config.env);
  // Without a real secret the runner still starts, for trying it with scripts/slack-send.mjs, but
  // only on loopback: a publicly known secret must never guard a reachable endpoint.
  const devMode = socketMode === undefined && config.env.slackSigningSecret === undefined && config.env.slackSecretArn === undefined;
  const credentials = socketMode ?? (devMode ? { signingSecret: LOCAL_DEV_SIGNING_SECRET } : await loadSlackCredentials(config.env));
  const server = await startLocalServer({ config, credentials, log, ...(devMode && { host: '127.0.0.1' }) });
  if (devMode) {
    log.warn('SLACK_SIGNING_SECRET is not set: development mode, listening on 127.0.0.1 only with the well-known ' +
      'secret that `npm run slack` signs with. Set SLACK_SIGNING_SECRET to serve Slack.');
  }
  const setup = {
    clusters: config.clusters.map((c) => `${c.name} (${c.executor})`),
    mappedUsers: Object.keys(config.users).length,
    configFile: config.env.configPath ?? '(built-in default: one local cluster, nobody mapped)',
  };
  if (server.port === undefined) log.info('slurm-chatops is connected to Slack in Socket Mode; no HTTP port is open', setup);
  else log.info('slurm-chatops is listening', { url: `http://localhost:${server.port}/slack/events`, ...setup });
  if (credentials.botToken === undefined) {
    log.warn('SLACK_BOT_TOKEN is not set: replies to commands work, posting to channels will not');
  }
  const shutdown = (signal: string): void => {
    log.info('stopping', { signal });
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`slurm-chatops cannot start: ${startupProblem(error)}\n`);
  process.exitCode = 1;
});
