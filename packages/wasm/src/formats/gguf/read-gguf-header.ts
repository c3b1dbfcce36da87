import type { FileBytes } from '../file-bytes.js';
import { invalidModel } from '../invalid-model.js';
import { GgufCursor, NeedMoreBytes } from './gguf-cursor.js';
import { type GgufHeader, parseGgufHeader } from './gguf-header.js';

/** First read of a GGUF header; a tiny model's whole header fits, a 150k-token vocabulary needs a few more. */
const FIRST_READ_BYTES = 1 << 20;
/** Largest header accepted (real ones are tens of MB at most); stops a lying length from pulling in the file. */
export const MAX_GGUF_HEADER_BYTES = 256 * (1 << 20);

/**
 * Reads and parses the header of a GGUF file without reading its tensor data: it parses a prefix of the file and,
 * when the header runs past it, reads a prefix four times as long (or as long as needed) and parses again.
 */
export async function readGgufHeader(bytes: FileBytes, signal?: AbortSignal): Promise<GgufHeader> {
  let length = Math.min(bytes.size, FIRST_READ_BYTES);
  for (;;) {
    const prefix = await bytes.read(0, length, 'the GGUF header', signal);
    try {
      return parseGgufHeader(new GgufCursor(bytes.name, prefix, bytes.size));
    } catch (error) {
      if (!(error instanceof NeedMoreBytes)) throw error;
      if (error.needed > MAX_GGUF_HEADER_BYTES) {
        throw invalidModel(bytes.name, `the GGUF header runs past ${MAX_GGUF_HEADER_BYTES} bytes.`, {
          needed: error.needed,
        });
      }
      // The cursor only asks for bytes inside the file, so this grows strictly and ends at the file size.
      length = Math.min(bytes.size, Math.max(error.needed, length * 4));
    }
  }
}
