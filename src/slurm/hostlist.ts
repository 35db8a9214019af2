/**
 * Expands a Slurm host list (`node[01-03,7]`, `queue1-dy-c5xlarge-[1-10]`, `ip-10-0-[1-3,7]`,
 * `a,b`, `rack[1-2]-n[1-2]`) into host names, keeping zero padding. Stops at `limit` names.
 * Never throws: a malformed list comes back as the list itself, one "name".
 */
export function expandHostlist(text: string, limit = 10000): string[] {
  const out: string[] = [];
  for (const item of splitTopLevel(text.trim())) {
    if (item === '') continue;
    const expanded = expandItem(item, limit - out.length);
    if (expanded === undefined) return [text.trim()];
    out.push(...expanded);
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}

/** The first host of a host list, e.g. for `%N` in an output file name. */
export function firstHost(text: string): string | undefined {
  return expandHostlist(text, 1)[0];
}

/** Splits on commas that are not inside brackets. */
function splitTopLevel(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === ',' && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items;
}

function expandItem(item: string, limit: number): string[] | undefined {
  const open = item.indexOf('[');
  if (open < 0) return /[\]]/.test(item) ? undefined : [item];
  const close = item.indexOf(']', open);
  if (close < 0) return undefined;
  const prefix = item.slice(0, open);
  const rest = expandItem(item.slice(close + 1), limit);
  if (rest === undefined) return undefined;
  const out: string[] = [];
  for (const range of item.slice(open + 1, close).split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(range);
    if (!m) return undefined;
    const width = m[1]!.length;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) return undefined;
    for (let n = from; n <= to && out.length < limit; n++) {
      for (const tail of rest) {
        out.push(`${prefix}${String(n).padStart(width, '0')}${tail}`);
        if (out.length >= limit) break;
      }
    }
  }
  return out;
}
