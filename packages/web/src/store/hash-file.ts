import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

// Reads large files a slice at a time so a model of hundreds of MB is never held in memory to be hashed.
const SLICE_BYTES = 4 * 2 ** 20;

/** Lowercase hex SHA-256 of a `File` / `Blob`, streamed in slices (WebCrypto can only hash a whole buffer). */
export async function sha256OfBlob(blob: Blob): Promise<string> {
  const hasher = sha256.create();
  for (let offset = 0; offset < blob.size; offset += SLICE_BYTES) {
    const slice = await blob.slice(offset, offset + SLICE_BYTES).arrayBuffer();
    hasher.update(new Uint8Array(slice));
  }
  return bytesToHex(hasher.digest());
}
