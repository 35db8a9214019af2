import { inlineCode } from './escape';
import { section, fallbackText, type SlackMessage } from './blocks';

/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
export function levenshtein(a: string, b: string): number {
  const s = Array.from(a.toLowerCase());
  const t = Array.from(b.toLowerCase());
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[t.length] ?? 0;
}

/**
 * The known subcommands within `maxDistance` edits of what was typed, closest first
 * (ties keep the order of `known`). A typo longer than 64 characters matches nothing.
 */
export function suggestSubcommands(typed: string, known: readonly string[], maxDistance = 2): string[] {
  const word = typed.trim();
  if (word === '' || word.length > 64) return [];
  return known
    .map((k, index) => ({ k, index, d: levenshtein(word, k) }))
    .filter((c) => c.d <= maxDistance)
    .sort((x, y) => x.d - y.d || x.index - y.index)
    .map((c) => c.k);
}

/** "Unknown subcommand `jbos`. Did you mean `jobs`?" — or the list of subcommands when nothing is close. */
export function renderUnknownSubcommand(input: { typed: string; known: readonly string[]; command?: string }): SlackMessage {
  const command = input.command ?? '/slurm';
  const typed = inlineCode(input.typed, 80);
  const suggestions = suggestSubcommands(input.typed, input.known);
  const first = suggestions[0];
  const hint = first
    ? `Did you mean ${inlineCode(`${command} ${first}`)}?`
    : `Try one of: ${input.known.map((k) => inlineCode(k, 40)).join(', ')}.`;
  const text = `:thinking_face: Unknown subcommand ${typed}. ${hint} Type ${inlineCode(`${command} help`)} for examples.`;
  return { text: fallbackText(text), blocks: [section(text)] };
}
