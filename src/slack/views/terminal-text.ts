// CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or `ESC ] … ESC \`), and two-byte escapes (`ESC (B`, `ESC =`).
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()][A-Za-z0-9]|\u001b[@-_]/g;

/**
 * A job's output as a terminal would have shown it: colour and cursor escapes dropped, a line
 * redrawn with `\r` (progress bars) reduced to its last state, backspaces applied. What is left is
 * plain text for escape.ts (which removes any other control character).
 */
export function cleanTerminalText(text: string): string {
  return text
    .replace(ANSI, '')
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => {
      const bare = line.replace(/\r+$/, '');
      const drawn = bare.slice(bare.lastIndexOf('\r') + 1);
      let out = '';
      for (const ch of drawn) out = ch === '\b' ? out.slice(0, -1) : out + ch;
      return out;
    })
    .join('\n');
}
