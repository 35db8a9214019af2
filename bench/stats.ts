/** Summary of a sample of durations (milliseconds) or sizes. */
export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly p50: number;
  /** Nearest-rank 99th percentile: with fewer than 100 samples it is the maximum. */
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentile of a sorted sample. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/**
 * Median and nearest-rank p99 (plus min and max) of a sample.
 * @throws Error for an empty sample: a figure without measurements must not reach the report.
 */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const p50 = sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n: sorted.length, min: sorted[0]!, p50, p99: percentile(sorted, 99), max: sorted[sorted.length - 1]! };
}

/** Milliseconds with a precision that suits their size. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100) return `${Math.round(value)} ms`;
  if (Math.abs(value) >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

/** Bytes as kB / MB (decimal units, like the Lambda console). */
export function bytes(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} MB`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} kB`;
  return `${value} B`;
}

/** A ratio such as `12.3×`. */
export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)}×` : '—';
}
