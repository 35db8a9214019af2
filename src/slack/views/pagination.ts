/** One page of a list: which items, and where it sits among the pages. */
export interface Page<T> {
  readonly items: readonly T[];
  /** 0-based, clamped to the last page. */
  readonly page: number;
  readonly pageCount: number;
  /** 0-based index of the first item shown. */
  readonly start: number;
  readonly total: number;
  readonly hasPrevious: boolean;
  readonly hasNext: boolean;
}

/**
 * Cuts a list into a page. A page number past the end (the list shrank since the button
 * was drawn) shows the last page; a negative or fractional one shows the first.
 */
export function paginate<T>(items: readonly T[], page: number, pageSize: number): Page<T> {
  const size = Math.max(1, Math.floor(pageSize));
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  const wanted = Number.isInteger(page) && page > 0 ? page : 0;
  const current = Math.min(wanted, pageCount - 1);
  const start = current * size;
  return {
    items: items.slice(start, start + size),
    page: current,
    pageCount,
    start,
    total: items.length,
    hasPrevious: current > 0,
    hasNext: current < pageCount - 1,
  };
}

/** Keeps a requested page size inside what a view can fit in one message. */
export function clampPageSize(requested: number | undefined, fallback: number, max: number): number {
  if (requested === undefined || !Number.isFinite(requested)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(requested)));
}
