import { ValidationError } from '../../errors';

/** Slack allows 4,000 characters of command text; anything near that is not a `/slurm` query. */
export const MAX_COMMAND_TEXT = 1000;
const MAX_TOKENS = 40;

// Smart-quote engines disagree on which typographic quote opens or closes (“x”, ”x”, „x“, ‘x’),
// so any of them closes a group a typographic quote opened; straight quotes close only themselves.
const TYPOGRAPHIC_QUOTES = new Set(['“', '”', '„', '‘', '’', '«', '»']);
// Slack's clients (and macOS) turn `--` into an em or en dash as people type.
const DASH_PREFIX = /^[\u2012\u2013\u2014\u2015\u2212](?=[A-Za-z])/;
const SPACE = /[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]/;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/** Slack escapes these three in command text. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Splits slash-command text into words the way a shell user expects: whitespace separates,
 * straight or typographic quotes group (`--user "bob"`, `“bob”`), an em dash typed for `--`
 * counts as `--`. No escapes and no expansion: nothing here is ever given to a shell.
 * @throws ValidationError for text that is too long, has too many words, or an unclosed quote.
 */
export function tokenize(raw: string): string[] {
  if (raw.length > MAX_COMMAND_TEXT) {
    throw new ValidationError(`That command is too long (${raw.length} characters; at most ${MAX_COMMAND_TEXT}).`, 'text');
  }
  const text = unescapeSlack(raw.normalize('NFC').replace(INVISIBLE, ''));
  const tokens: string[] = [];
  let current: string | undefined;
  let open: string | undefined;
  for (const ch of text) {
    if (open !== undefined) {
      const closes = open === 'typographic' ? TYPOGRAPHIC_QUOTES.has(ch) : ch === open;
      if (closes) open = undefined;
      else current += ch;
    } else if (SPACE.test(ch)) {
      if (current !== undefined) tokens.push(current);
      current = undefined;
    } else if (ch === '"' || ch === "'" || TYPOGRAPHIC_QUOTES.has(ch)) {
      open = TYPOGRAPHIC_QUOTES.has(ch) ? 'typographic' : ch;
      current ??= '';
    } else {
      current = (current ?? '') + ch;
    }
  }
  if (open !== undefined) throw new ValidationError('A quote is not closed: add the missing quote.', 'text');
  if (current !== undefined) tokens.push(current);
  if (tokens.length > MAX_TOKENS) throw new ValidationError(`Too many words (${tokens.length}; at most ${MAX_TOKENS}).`, 'text');
  return tokens.map((t) => t.replace(DASH_PREFIX, '--'));
}
