/**
 * Runs `build` on the first call and hands every caller the same promise; a rejected build is
 * forgotten, so the next call tries again. For what a container builds once (clients, secrets,
 * the app): a cold start that failed on a passing outage must not fail every later event.
 * The returned function rejects with whatever `build` rejected with.
 */
export function keepOnSuccess<T>(build: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | undefined;
  return () => {
    const pending = (kept ??= build());
    pending.catch(() => {
      if (kept === pending) kept = undefined;
    });
    return pending;
  };
}
