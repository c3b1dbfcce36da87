import { sha256FromHeaders } from './integrity.js';

/** A file response and the sha256 the hub vouched for along the way, if any. */
export interface LinkedResponse {
  response: Response;
  /** From the hub's redirect (`x-linked-etag`) or the direct response; undefined when nobody stated one. */
  sha256: string | undefined;
}

const MAX_REDIRECTS = 10;

/**
 * Fetches `url`, following redirects by hand so the headers of each hop can be read. Hugging Face answers an LFS
 * file with a 302 to its CDN and puts the sha256 in that 302's `x-linked-etag`; a fetch that follows redirects
 * itself would show only the CDN response, whose etag is a different hash.
 * Where redirects cannot be inspected (a browser gives an opaque redirect), the request is repeated with fetch
 * following them, and only an `x-linked-etag` on the final response is trusted.
 */
export async function fetchWithLinkedSha256(
  fetchFn: typeof fetch,
  url: string,
  init: { headers: Record<string, string>; signal?: AbortSignal },
): Promise<LinkedResponse> {
  let current = url;
  let linked: string | undefined;
  let response = await fetchFn(current, { ...init, redirect: 'manual' });
  for (let hop = 0; hop < MAX_REDIRECTS && isRedirect(response.status); hop++) {
    const location = response.headers.get('location');
    if (location === null) break;
    linked ??= sha256FromHeaders(response.headers, { etag: false });
    await response.body?.cancel().catch(() => {});
    current = new URL(location, current).href;
    response = await fetchFn(current, { ...init, redirect: 'manual' });
  }
  if (response.type === 'opaqueredirect') {
    response = await fetchFn(current, { ...init, redirect: 'follow' });
  }
  const direct = current === url && !response.redirected;
  return { response, sha256: linked ?? sha256FromHeaders(response.headers, { etag: direct }) };
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
