import type { Readable } from 'node:stream';

/**
 * Collects one output stream up to a byte limit. Bytes are kept raw and decoded once at the end,
 * so a UTF-8 character split across two chunks is not mangled.
 */
export class OutputCollector {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private overflowed = false;

  constructor(private readonly maxBytes: number, private readonly onOverflow: () => void) {}

  attach(stream: Readable | null): void {
    stream?.on('data', (chunk: Buffer) => this.add(chunk));
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  private add(chunk: Buffer): void {
    if (this.overflowed) return;
    if (this.size + chunk.length > this.maxBytes) {
      this.overflowed = true;
      this.onOverflow();
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
  }
}
