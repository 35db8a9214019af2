#!/usr/bin/env node
/**
 * Talk to the bot the way Slack does, from a terminal: sign a slash command
 * with the signing secret, POST it to the local runner, print the immediate
 * ack and then every message the bot posts to the command's response_url
 * (served here, on 127.0.0.1), with Block Kit drawn as plain text.
 *
 *   npm run slack -- "/slurm jobs" [--user U0ALICE] [--url http://127.0.0.1:3000/slack/events]
 *
 * Plain JavaScript on purpose: it runs on a fresh clone after `npm ci`, with
 * no build step and no extra package.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { createServer } from 'node:http';

/** What the local runner accepts when SLACK_SIGNING_SECRET is unset (dev only; never a real secret). */
const DEV_SIGNING_SECRET = 'slurm-chatops-local-dev-secret';
const TEAM = { id: 'T0CHATOPS', domain: 'chatops-dev' };
const APP_ID = 'A0SLURMBOT';

const USAGE = `Usage: npm run slack -- "/slurm <text>" [options]

Sends a signed slash command to the bot and prints its replies.

Options:
  --user ID          Slack user ID of the sender (default U0ALICE, or $SLACK_USER)
  --user-name NAME   Slack user name (default: the user ID in lower case, alice for U0ALICE)
  --channel ID       channel ID (default C0GENERAL)
  --url URL          where the bot listens (default http://127.0.0.1:$PORT/slack/events, PORT=3000)
  --timeout S        give up when no reply comes within S seconds (default 30)
  --settle S         stop S seconds after the last message (default 3)
  --json             also print each message as raw JSON
  --help             this text

Environment:
  SLACK_SIGNING_SECRET   secret shared with the bot (default: ${DEV_SIGNING_SECRET},
                         the local runner's development default)
`;

const OPTIONS_WITH_VALUE = new Set(['--user', '--user-name', '--channel', '--url', '--timeout', '--settle']);

/** Split argv into our options and the slash command (everything else, in order). */
function parseCli(argv, env) {
  const opts = { json: false };
  const words = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--json') opts.json = true;
    else if (OPTIONS_WITH_VALUE.has(arg)) {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      opts[arg.slice(2)] = argv[(i += 1)];
    } else words.push(arg);
  }
  const line = words.join(' ').trim();
  if (!line.startsWith('/')) throw new Error('give the slash command first, e.g. "/slurm jobs"');
  const command = line.split(/\s+/, 1)[0];
  const seconds = (name, dflt) => {
    const v = opts[name] === undefined ? dflt : Number(opts[name]);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number of seconds`);
    return v;
  };
  const userId = opts.user ?? env.SLACK_USER ?? 'U0ALICE';
  return {
    command,
    text: line.slice(command.length).trim(),
    userId,
    userName: opts['user-name'] ?? (userId === 'U0ALICE' ? 'alice' : userId.toLowerCase()),
    channelId: opts.channel ?? 'C0GENERAL',
    url: opts.url ?? `http://127.0.0.1:${env.PORT ?? '3000'}/slack/events`,
    timeoutMs: seconds('timeout', 30) * 1000,
    settleMs: seconds('settle', 3) * 1000,
    json: opts.json,
    secret: env.SLACK_SIGNING_SECRET ?? DEV_SIGNING_SECRET,
    secretFromEnv: env.SLACK_SIGNING_SECRET !== undefined,
  };
}

function sign(secret, body) {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    'Content-Type': 'application/x-www-form-urlencoded',
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': signature,
  };
}

/** mrkdwn to terminal text: links, mentions and Slack's HTML escapes. */
function plain(text) {
  return String(text ?? '')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/<@([A-Z0-9]+)(\|[^>]*)?>/g, '@$1')
    .replace(/<#[A-Z0-9]+\|([^>]+)>/g, '#$1')
    .replace(/<!(here|channel|everyone)[^>]*>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function elementText(el) {
  if (el === null || typeof el !== 'object') return '';
  switch (el.type) {
    case 'button':
      return `[${plain(el.text?.text)}]`;
    case 'static_select':
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
      return `[${plain(el.placeholder?.text ?? 'choose')} ▾]`;
    case 'overflow':
      return '[…]';
    case 'image':
      return `(image: ${el.alt_text ?? ''})`;
    case 'mrkdwn':
    case 'plain_text':
      return plain(el.text);
    default:
      return `[${el.type}]`;
  }
}

function richText(node) {
  if (node === null || typeof node !== 'object') return '';
  if (typeof node.text === 'string') return node.text;
  if (node.type === 'user') return `@${node.user_id}`;
  if (node.type === 'link') return node.url;
  const inner = (node.elements ?? []).map(richText).join('');
  return node.type === 'rich_text_preformatted' || node.type === 'rich_text_section' ? `${inner}\n` : inner;
}

/** One Block Kit block as lines of text. */
function renderBlock(block) {
  switch (block.type) {
    case 'header': {
      const t = plain(block.text?.text);
      return [t, '='.repeat(Math.min(t.length, 60))];
    }
    case 'section': {
      const lines = [];
      if (block.text) lines.push(...plain(block.text.text).split('\n'));
      if (block.accessory) {
        const acc = elementText(block.accessory);
        if (lines.length === 0) lines.push(acc);
        else lines[0] = `${lines[0]}  ${acc}`;
      }
      const fields = (block.fields ?? []).map((f) => plain(f.text).replace(/\n/g, ' '));
      const width = Math.min(40, Math.max(0, ...fields.filter((_, i) => i % 2 === 0).map((f) => f.length)));
      for (let i = 0; i < fields.length; i += 2) {
        lines.push(`  ${fields[i].padEnd(width)}${fields[i + 1] !== undefined ? `   ${fields[i + 1]}` : ''}`.trimEnd());
      }
      return lines;
    }
    case 'divider':
      return ['-'.repeat(40)];
    case 'context':
      return [`  ${(block.elements ?? []).map(elementText).join('  ')}`];
    case 'actions':
      return [(block.elements ?? []).map(elementText).join(' ')];
    case 'image':
      return [`(image: ${block.alt_text ?? ''})`];
    case 'input':
      return [`${plain(block.label?.text)}: ${elementText(block.element)}`];
    case 'rich_text':
      return richText(block).replace(/\n$/, '').split('\n');
    default:
      return [`[${block.type} block]`];
  }
}

/** A whole message: its blocks if it has any, otherwise its text. */
function renderMessage(message) {
  if (Array.isArray(message.blocks) && message.blocks.length > 0) return message.blocks.flatMap(renderBlock).join('\n');
  if (typeof message.text === 'string') return plain(message.text);
  if (message.delete_original === true) return '(the original message is deleted)';
  return '(no text)';
}

function describe(message) {
  const tags = [message.response_type ?? 'ephemeral'];
  if (message.replace_original === true) tags.push('replaces the original');
  if (message.delete_original === true) tags.push('deletes the original');
  return tags.join(', ');
}

/** Serve response_url POSTs on 127.0.0.1; `onMessage` gets each parsed JSON body. */
async function startResponseServer(onMessage) {
  const path = `/commands/${TEAM.id}/${randomInt(1e9, 1e10)}/${randomBytes(12).toString('hex')}`;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== path) {
        res.writeHead(404).end('no_service');
        return;
      }
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end('invalid_payload');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      onMessage(body);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { server, url: `http://127.0.0.1:${server.address().port}${path}` };
}

async function main() {
  let cli;
  try {
    cli = parseCli(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`slack-send: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (cli.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  let replies = 0;
  let lastActivity = Date.now();
  let sawContent = false;
  const print = (title, message) => {
    process.stdout.write(`\n── ${title} ──\n${renderMessage(message)}\n`);
    if (cli.json) process.stdout.write(`${JSON.stringify(message, null, 2)}\n`);
  };
  const { server, url: responseUrl } = await startResponseServer((message) => {
    replies += 1;
    sawContent = true;
    lastActivity = Date.now();
    print(`reply ${replies} (${describe(message)})`, message);
  });

  try {
    const body = new URLSearchParams({
      token: 'localdevverificationtoken',
      team_id: TEAM.id,
      team_domain: TEAM.domain,
      channel_id: cli.channelId,
      channel_name: 'general',
      user_id: cli.userId,
      user_name: cli.userName,
      command: cli.command,
      text: cli.text,
      api_app_id: APP_ID,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: `${randomInt(1e9, 1e10)}.${randomInt(1e9, 1e10)}.${randomBytes(16).toString('hex')}`,
    }).toString();
    process.stdout.write(`→ ${cli.command} ${cli.text}  (as ${cli.userId}, to ${cli.url})\n`);

    let res;
    try {
      res = await fetch(cli.url, { method: 'POST', headers: sign(cli.secret, body), body });
    } catch (e) {
      process.stderr.write(`slack-send: cannot reach ${cli.url}: ${e.cause?.message ?? e.message}\nIs the bot running (npm start)?\n`);
      return 1;
    }
    const ackText = await res.text();
    lastActivity = Date.now();
    if (res.status !== 200) {
      const source = cli.secretFromEnv ? 'SLACK_SIGNING_SECRET' : `the development default (${DEV_SIGNING_SECRET}, as SLACK_SIGNING_SECRET is unset)`;
      const hint = res.status === 401 ? ` (signature refused: the bot must use the same secret as this script, which signed with ${source})` : '';
      process.stderr.write(`slack-send: the bot answered HTTP ${res.status}${hint}\n${ackText}\n`);
      return 1;
    }
    if (ackText.trim() === '') {
      process.stdout.write('\n── ack ──\n(acknowledged)\n');
    } else {
      sawContent = true;
      let ack;
      try {
        ack = JSON.parse(ackText);
      } catch {
        ack = { text: ackText };
      }
      print(`ack (${describe(ack)})`, ack);
    }

    const started = Date.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const now = Date.now();
      if (sawContent && now - lastActivity >= cli.settleMs) return 0;
      if (now - started >= cli.timeoutMs) {
        process.stderr.write(`slack-send: no reply within ${cli.timeoutMs / 1000} s\n`);
        return sawContent ? 0 : 1;
      }
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

process.exitCode = await main();
