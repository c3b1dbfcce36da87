const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The sha256 a response vouches for, from Hugging Face's `x-linked-etag` (LFS files) or `etag`, when it is one.
 * Git-stored files carry a 40-hex git object id instead, and other servers an opaque tag: those give undefined,
 * because checking against something that is not a content hash would reject good files.
 * Pass `etag: false` for a response a CDN sent after a redirect: its own 64-hex etag is a storage hash
 * (Xet), not the file's sha256.
 */
export function sha256FromHeaders(headers: Headers, options: { etag?: boolean } = {}): string | undefined {
  for (const name of options.etag === false ? ['x-linked-etag'] : ['x-linked-etag', 'etag']) {
    const value = headers.get(name);
    if (value === null) continue;
    const tag = normalizeSha256(value.replace(/^W\//, '').replace(/"/g, ''));
    if (tag !== undefined) return tag;
  }
  return undefined;
}

/** Lowercase 64-hex sha256, or undefined when `value` is not one (an optional `sha256:` prefix is accepted). */
export function normalizeSha256(value: string): string | undefined {
  const hex = value
    .trim()
    .replace(/^sha256[:-]/i, '')
    .toLowerCase();
  return SHA256_HEX.test(hex) ? hex : undefined;
}
