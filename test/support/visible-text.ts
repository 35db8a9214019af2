/** Everything a user reads in a message: the fallback text and every text object in the blocks. */
export function visibleText(message: { text?: string; blocks?: unknown[] }): string {
  const texts: string[] = [message.text ?? ''];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') texts.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(message.blocks ?? []);
  return texts.join('\n');
}
