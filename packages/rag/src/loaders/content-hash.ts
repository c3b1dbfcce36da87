/** SHA-256 of the bytes as lowercase hex, through Web Crypto so it runs in Node 20 and browsers alike. */
export async function contentHash(bytes: Uint8Array): Promise<string> {
  // Copy into a plain ArrayBuffer: digest() rejects views over SharedArrayBuffer.
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
