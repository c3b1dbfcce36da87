import { PocketLMError } from '@pocketlm/core';
import type { Chunk } from '../document.js';

/**
 * The embedded store's own file format, independent of Orama's internals (so an Orama upgrade never strands a
 * saved index; the index is rebuilt on open):
 *
 *   magic "PLMRAGST" · u32 format version · u32 header length · header JSON { dimensions, count, chunks }
 *   · zero padding to 4 bytes · count × dimensions float32 (little-endian) · SHA-256 of everything before it
 *
 * Vectors are raw float32 because JSON numbers would make a 100k × 384 store ~5× larger and slower to parse.
 */
export const STORE_FORMAT_VERSION = 1;
const MAGIC = 'PLMRAGST';
const PREFIX = 16;
const DIGEST = 32;

/** What a store file holds: chunks and their embeddings, in the same order. */
export interface StoreContents {
  dimensions: number;
  chunks: Chunk[];
  vectors: Float32Array[];
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function corrupt(name: string, reason: string): PocketLMError {
  return new PocketLMError(
    'INVALID_MODEL',
    `The RAG store "${name}" is unreadable (${reason}); rebuild the index.`,
    {
      details: { file: name, reason },
    },
  );
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

function storedChunk(c: Chunk): Chunk {
  // Only the Chunk fields: a RetrievedChunk passed to upsert must not persist its score.
  const out: Chunk = {
    id: c.id,
    source: c.source,
    kind: c.kind,
    hash: c.hash,
    text: c.text,
    start: c.start,
    end: c.end,
    headings: c.headings,
    tokens: c.tokens,
  };
  if (c.page !== undefined) out.page = c.page;
  return out;
}

/** Serialises a store to bytes (little-endian platforms, which is every platform PocketLM runs on). */
export async function encodeStore(contents: StoreContents): Promise<Uint8Array> {
  if (!littleEndian)
    throw new PocketLMError('BACKEND_UNAVAILABLE', 'The RAG store format needs a little-endian CPU.');
  const { dimensions, chunks, vectors } = contents;
  const header = new TextEncoder().encode(
    JSON.stringify({ dimensions, count: chunks.length, chunks: chunks.map(storedChunk) }),
  );
  const vectorsAt = align4(PREFIX + header.length);
  const total = vectorsAt + chunks.length * dimensions * 4 + DIGEST;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, STORE_FORMAT_VERSION, true);
  view.setUint32(12, header.length, true);
  bytes.set(header, PREFIX);
  const floats = new Float32Array(bytes.buffer, vectorsAt, chunks.length * dimensions);
  for (const [i, v] of vectors.entries()) floats.set(v, i * dimensions);
  bytes.set(await sha256(bytes.subarray(0, total - DIGEST)), total - DIGEST);
  return bytes;
}

/**
 * Reads bytes written by {@link encodeStore}. Anything wrong (truncated, bit-flipped, not a store, a newer format)
 * is a `PocketLMError('INVALID_MODEL')` naming `name`; nothing is ever repaired or written here.
 */
export async function decodeStore(bytes: Uint8Array, name: string): Promise<StoreContents> {
  if (bytes.length < PREFIX + DIGEST) throw corrupt(name, `only ${bytes.length} bytes`);
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC)
    throw corrupt(name, 'not a PocketLM RAG store');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== STORE_FORMAT_VERSION) {
    throw corrupt(
      name,
      `format version ${version}; this version of @pocketlm/rag reads ${STORE_FORMAT_VERSION}`,
    );
  }
  const digest = await sha256(bytes.subarray(0, bytes.length - DIGEST));
  const stored = bytes.subarray(bytes.length - DIGEST);
  if (!digest.every((b, i) => b === stored[i]))
    throw corrupt(name, 'checksum mismatch: truncated or damaged');

  const headerLength = view.getUint32(12, true);
  if (PREFIX + headerLength > bytes.length - DIGEST) throw corrupt(name, 'header runs past the end');
  let header: { dimensions?: unknown; count?: unknown; chunks?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX, PREFIX + headerLength)));
  } catch {
    throw corrupt(name, 'header is not JSON');
  }
  const { dimensions, count, chunks } = header;
  if (!Number.isInteger(dimensions) || (dimensions as number) < 1) throw corrupt(name, 'bad dimensions');
  if (!Array.isArray(chunks) || chunks.length !== count || !chunks.every(isChunk))
    throw corrupt(name, 'bad chunks');
  const dims = dimensions as number;
  const vectorsAt = align4(PREFIX + headerLength);
  if (vectorsAt + chunks.length * dims * 4 !== bytes.length - DIGEST)
    throw corrupt(name, 'vector block size');

  // One copy into an aligned buffer: Float32Array views need 4-byte alignment and the input may be any view.
  const floats = new Float32Array(chunks.length * dims);
  new Uint8Array(floats.buffer).set(bytes.subarray(vectorsAt, vectorsAt + floats.byteLength));
  const vectors = chunks.map((_, i) => floats.subarray(i * dims, (i + 1) * dims));
  return { dimensions: dims, chunks, vectors };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function isChunk(value: unknown): value is Chunk {
  const c = value as Partial<Chunk> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.id === 'string' &&
    typeof c.source === 'string' &&
    typeof c.kind === 'string' &&
    typeof c.hash === 'string' &&
    typeof c.text === 'string' &&
    Array.isArray(c.headings)
  );
}
