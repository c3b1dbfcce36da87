import { PocketLMError } from '../../errors/pocketlm-error.js';
import { tokenDecodingOf } from './token-decoding.js';
import { buildTokenTrie, type TokenTrie } from './token-trie.js';

/** Options for {@link TokenVocabulary.fromTokenizerJson}. */
export interface TokenVocabularyOptions {
  /**
   * The logits width (the model's `vocab_size`), which may exceed the tokenizer's ids: padding ids are never
   * allowed. Ids at or above it are dropped. Default: the largest id + 1.
   */
  width?: number;
  /** More ids to leave out (never allowed by a mask), besides the special added tokens. */
  excludeIds?: Iterable<number>;
}

/**
 * Every token id's exact output bytes: what the masker matches against the byte automaton. Special tokens,
 * padding ids and excluded ids have no bytes (`bytesOf` is undefined) and are never allowed by a mask; the
 * masker allows EOS separately, by acceptance.
 *
 * Bytes are the token's own contribution to the output with the decoder's per-token rules (byte-level map,
 * `▁` → space, `<0xNN>` → one byte). A SentencePiece decoder that strips one leading space from the whole
 * output is not folded into any token; it is reported as `stripsLeadingSpace` and the masker applies it to
 * the first token generated (see `DfaTokenMasker`).
 */
export class TokenVocabulary {
  readonly width: number;
  readonly stripsLeadingSpace: boolean;
  private readonly tokens: readonly (Uint8Array | undefined)[];
  private trieCache: TokenTrie | undefined;

  constructor(
    tokens: readonly (Uint8Array | undefined)[],
    options: { width?: number; stripsLeadingSpace?: boolean } = {},
  ) {
    this.width = options.width ?? tokens.length;
    this.tokens = tokens.slice(0, this.width);
    this.stripsLeadingSpace = options.stripsLeadingSpace ?? false;
  }

  /**
   * Reads a Hugging Face `tokenizer.json` (BPE or Unigram model). Non-special added tokens are plain text and
   * decode like the others; special added tokens are left out.
   *
   * @throws PocketLMError `UNSUPPORTED_CONSTRAINT` when its decoder does not give tokens fixed bytes (see
   *   `tokenDecodingOf`) or its model is not BPE/Unigram; `INVALID_MODEL` when it has no vocabulary.
   */
  static fromTokenizerJson(
    json: Record<string, unknown>,
    options: TokenVocabularyOptions = {},
  ): TokenVocabulary {
    const decoding = tokenDecodingOf(json.decoder);
    const strings = new Map<number, { text: string; added: boolean }>();
    for (const [text, id] of vocabEntries(json.model)) strings.set(id, { text, added: false });

    const excluded = new Set(options.excludeIds ?? []);
    for (const t of Array.isArray(json.added_tokens) ? json.added_tokens : []) {
      const token = t as { id?: unknown; content?: unknown; special?: unknown };
      if (typeof token.id !== 'number' || typeof token.content !== 'string') continue;
      if (token.special === true) excluded.add(token.id);
      else strings.set(token.id, { text: token.content, added: true });
    }

    let size = 0;
    for (const id of strings.keys()) size = Math.max(size, id + 1);
    const width = options.width ?? size;
    const tokens: (Uint8Array | undefined)[] = new Array(Math.min(width, size)).fill(undefined);
    for (const [id, { text, added }] of strings) {
      if (id < tokens.length && !excluded.has(id)) tokens[id] = decoding.bytes(text, added);
    }
    return new TokenVocabulary(tokens, { width, stripsLeadingSpace: decoding.stripsLeadingSpace });
  }

  /** The bytes of token `id`, or undefined when it can never be allowed (special, padding, excluded). */
  bytesOf(id: number): Uint8Array | undefined {
    return this.tokens[id];
  }

  /** The vocabulary's byte trie, built on first use (~150 ms at 49k tokens) and shared by every masker. */
  get trie(): TokenTrie {
    this.trieCache ??= buildTokenTrie(this.tokens);
    return this.trieCache;
  }
}

function vocabEntries(model: unknown): [string, number][] {
  const m = model as { type?: unknown; vocab?: unknown } | null;
  if (typeof m !== 'object' || m === null || typeof m.vocab !== 'object' || m.vocab === null) {
    throw new PocketLMError('INVALID_MODEL', 'tokenizer.json has no model vocabulary.');
  }
  const type = m.type ?? (Array.isArray(m.vocab) ? 'Unigram' : 'BPE');
  if (type === 'Unigram' && Array.isArray(m.vocab)) {
    // Unigram: [[piece, score], …], the id is the index.
    return m.vocab.map((entry, id) => [String((entry as unknown[])[0]), id]);
  }
  if (type === 'BPE' && !Array.isArray(m.vocab)) {
    return Object.entries(m.vocab as Record<string, number>).filter(([, id]) => Number.isInteger(id));
  }
  throw new PocketLMError(
    'UNSUPPORTED_CONSTRAINT',
    `Constrained decoding supports BPE and Unigram tokenizers, not ${JSON.stringify(type)}.`,
    { details: { feature: `${String(type)} tokenizer model` } },
  );
}
