import { createSpaceCleanupStream } from './tokenization-space-cleanup.js';
import type { IncrementalDecoder } from './tokenizer.js';

const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * Streams text one token at a time with the prefix-offset / read-offset technique (as text-generation-inference
 * does): each push decodes a short window of recent ids twice, with and without the ids not yet emitted, and
 * emits only the new suffix. Decoding a window rather than the lone token keeps decoders whose output depends
 * on context right (SentencePiece's leading-space strip, byte fallback, byte-level multi-byte characters), and a
 * window ending in U+FFFD is held back because its last character is not complete yet.
 *
 * `clean_up_tokenization_spaces` rewrites text across token boundaries, so `decode` must not apply it; pass
 * `cleanUpSpaces` and it is applied to the stream with a short hold-back instead. For decoders that only ever
 * append text (every byte-level and SentencePiece decoder), the pushes plus `flush()` then concatenate to exactly
 * what decoding all ids at once gives.
 *
 * @param decode decodes a non-empty window of ids to text, without `clean_up_tokenization_spaces`.
 */
export function createIncrementalDecoder(
  decode: (ids: number[]) => string,
  options: { cleanUpSpaces?: boolean } = {},
): IncrementalDecoder {
  const cleanup = options.cleanUpSpaces ? createSpaceCleanupStream() : undefined;
  let ids: number[] = [];
  // ids[prefixOffset, readOffset) were emitted last time and give the window its context; ids[readOffset…] are new.
  let prefixOffset = 0;
  let readOffset = 0;

  const pending = (): { prefixText: string; text: string } => ({
    prefixText: readOffset > prefixOffset ? decode(ids.slice(prefixOffset, readOffset)) : '',
    text: ids.length > prefixOffset ? decode(ids.slice(prefixOffset)) : '',
  });

  return {
    push(id: number): string {
      ids.push(id);
      const { prefixText, text } = pending();
      if (text.length <= prefixText.length || text.endsWith(REPLACEMENT_CHARACTER)) return '';
      // Drop ids that no longer give context, so a long stream does not keep every id.
      ids = ids.slice(readOffset);
      prefixOffset = 0;
      readOffset = ids.length;
      const delta = text.slice(prefixText.length);
      return cleanup ? cleanup.push(delta) : delta;
    },
    flush(): string {
      const { prefixText, text } = pending();
      ids = [];
      prefixOffset = 0;
      readOffset = 0;
      const delta = text.length > prefixText.length ? text.slice(prefixText.length) : '';
      return cleanup ? cleanup.push(delta) + cleanup.flush() : delta;
    },
  };
}
