/**
 * Untrusted text (job names, user names, Slurm's messages, paths) enters a Slack
 * message only through these functions. Slack has no escape for `*`, `_`, `~` or
 * `:emoji:` in mrkdwn, so text that must stay literal goes inside a code span,
 * where only a backtick or a newline could end it early.
 */

// C0/C1 controls except tab and newline, plus bidi overrides and marks that can make
// text display in another order than it reads ("Trojan source").
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const BACKTICK_LOOKALIKE = '\u02CB';
const ELLIPSIS = '…';

/** Drops control and bidi characters, repairs broken UTF-16, normalises line ends and tabs. */
export function sanitize(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROLS, '');
}

/** Cuts text to at most `max` code points (never inside a surrogate pair), ending with `…` when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  if (points.length <= max) return text;
  return points.slice(0, Math.max(0, max - 1)).join('') + ELLIPSIS;
}

/** Escapes the three characters Slack treats as markup in every text object. */
function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Keeps the last `max` code points, starting with `…` when cut (for output tails). */
export function truncateStart(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  if (points.length <= max) return text;
  return ELLIPSIS + points.slice(points.length - Math.max(0, max - 1)).join('');
}

/**
 * Escapes and truncates so that the escaped result fits `max` characters: `&amp;` and friends
 * count five, so the raw text is cut further until it fits.
 */
function fitEscaped(raw: string, max: number, keep: 'head' | 'tail' = 'head'): string {
  const cut = keep === 'head' ? truncate : truncateStart;
  let budget = max;
  for (;;) {
    const escaped = escapeEntities(cut(raw, budget));
    if (escaped.length <= max || budget <= 1) return escaped.length <= max ? escaped : ELLIPSIS;
    budget = Math.min(budget - 1, Math.floor((budget * max) / escaped.length));
  }
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/**
 * `<@U…>`, which Slack shows as the user's name, for a well-formed user id; `otherwise` for anything
 * else, since the id sits inside markup and a forged one could carry its own.
 */
export function mention(userId: string | undefined, otherwise: string): string {
  return userId !== undefined && SLACK_USER_ID.test(userId) ? `<@${userId}>` : otherwise;
}

/**
 * Text for a mrkdwn field with `<`, `>` and `&` escaped, so `<!channel>`, `<@U123>` and
 * `<http://x|y>` display as typed instead of notifying or linking. Formatting marks
 * (`*bold*`) still apply: use {@link inlineCode} for text that must read literally.
 */
export function escapeMrkdwn(text: string, max: number = Number.POSITIVE_INFINITY): string {
  return fitEscaped(sanitize(text), max);
}

/**
 * One line of untrusted text as an inline code span: no mention, link, emoji or formatting
 * applies. Backticks become a look-alike (U+02CB) and newlines spaces, since either would
 * end the span. Blank text renders as an em dash. `max` bounds the whole result.
 */
export function inlineCode(text: string, max = 200): string {
  const line = sanitize(text).replace(/\n/g, ' ').replace(/`/g, BACKTICK_LOOKALIKE);
  if (line.trim() === '') return '—';
  return '`' + fitEscaped(line, Math.max(1, max - 2)) + '`';
}

/**
 * Multi-line untrusted text (Slurm's messages, a job's output) as a preformatted block.
 * `max` bounds the whole result; `keep` says which end survives a cut, marked with `…`.
 */
export function codeBlock(text: string, max = 2900, keep: 'head' | 'tail' = 'head'): string {
  const body = sanitize(text).replace(/`/g, BACKTICK_LOOKALIKE).replace(/^\n+|\s+$/g, '');
  if (body === '') return '```(empty)```';
  return '```' + fitEscaped(body, Math.max(1, max - 6), keep) + '```';
}

/**
 * Text for a `plain_text` object (headers, button labels), which Slack never parses for
 * markup: only controls and newlines are removed, and the length bounded.
 */
export function plainText(text: string, max: number): string {
  const line = sanitize(text).replace(/\n/g, ' ').trim();
  return truncate(line === '' ? '—' : line, max);
}
