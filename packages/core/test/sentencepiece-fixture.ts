/** `<unk>`, `<s>`, `</s>`: ids 0 to 2 of every {@link sentencePieceJson} (`</s>` is the EOS). */
export const SPECIAL_PIECES: readonly string[] = ['<unk>', '<s>', '</s>'];

/** The byte-fallback pieces `<0x00>` to `<0xFF>`, in byte order. */
export const BYTE_PIECES: readonly string[] = Array.from(
  { length: 256 },
  (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`,
);

/**
 * A hand-made Llama-style SentencePiece `tokenizer.json`: BPE without merges, `▁` for spaces and the
 * decoder that turns it back and strips the first leading space. Ids follow {@link SPECIAL_PIECES}, then
 * (with `byteFallback`, the default) {@link BYTE_PIECES}, then `words`; a repeated piece keeps its first id.
 */
export function sentencePieceJson(
  words: readonly string[],
  { byteFallback = true }: { byteFallback?: boolean } = {},
): Record<string, unknown> {
  const pieces = [...SPECIAL_PIECES, ...(byteFallback ? BYTE_PIECES : []), ...words];
  return {
    added_tokens: [0, 1, 2].map((id) => ({ id, content: pieces[id], normalized: false, special: true })),
    decoder: {
      type: 'Sequence',
      decoders: [
        { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
        { type: 'ByteFallback' },
        { type: 'Fuse' },
        { type: 'Strip', content: ' ', start: 1, stop: 0 },
      ],
    },
    model: {
      type: 'BPE',
      unk_token: '<unk>',
      byte_fallback: byteFallback,
      vocab: Object.fromEntries([...new Set(pieces)].map((p, i) => [p, i])),
      merges: [],
    },
  };
}
