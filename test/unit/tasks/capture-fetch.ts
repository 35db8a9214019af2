import type { FetchFn } from '../../../src/slack/respond';

export interface Posted {
  readonly url: string;
  readonly body: { text: string; blocks: unknown[]; response_type: string; replace_original: boolean };
}

/** A fetch that records what was posted to response URLs and answers `status` (200 by default). */
export function captureFetch(status: (url: string) => number = () => 200): { fetch: FetchFn; posted: Posted[] } {
  const posted: Posted[] = [];
  const fetch: FetchFn = async (url, init) => {
    posted.push({ url, body: JSON.parse(init.body) as Posted['body'] });
    const code = status(url);
    return { ok: code >= 200 && code < 300, status: code, text: async () => (code === 200 ? 'ok' : 'invalid_blocks') };
  };
  return { fetch, posted };
}
