import { PocketLMError } from '../../errors/pocketlm-error.js';
import { byteLevelBytes } from './byte-level-alphabet.js';

/** How a tokenizer's decoder turns one token string into output bytes. */
export interface TokenDecoding {
  /** The bytes `token` contributes to the output. `added`: it is a (non-special) added token. */
  bytes(token: string, added: boolean): Uint8Array;
  /**
   * The decoder drops one space at the very start of the output (SentencePiece: a `Strip` after `Fuse`, or
   * `Metaspace`), so the first token's leading space never shows.
   */
  readonly stripsLeadingSpace: boolean;
}

type Piece = string | Uint8Array;
type Step = (piece: Piece, added: boolean) => Piece;

const encoder = new TextEncoder();
const BYTE_TOKEN = /^<0x([0-9A-Fa-f]{2})>$/;

/**
 * Reads a `tokenizer.json` `decoder` section as a per-token mapping, the way `@huggingface/tokenizers` (our
 * runtime's decoder) applies it. Supported: `ByteLevel` (GPT-2 byte map; added tokens are their own text),
 * and SentencePiece-style chains of `Replace` (plain string), `ByteFallback` (`<0xNN>` is byte NN), `Fuse`,
 * `Strip` of one leading space after `Fuse`, and `Metaspace`. Decoders whose output depends on the
 * neighbouring tokens in other ways (WordPiece's joining spaces, BPE suffixes, CTC) cannot give a token fixed
 * bytes.
 *
 * @throws PocketLMError `UNSUPPORTED_CONSTRAINT` for any other decoder.
 */
export function tokenDecodingOf(decoder: unknown): TokenDecoding {
  const steps: Step[] = [];
  let fused = false;
  let stripsLeadingSpace = false;
  const list = isObject(decoder) && decoder.type === 'Sequence' ? decoder.decoders : [decoder];
  if (!Array.isArray(list)) throw unsupported('a Sequence decoder without a "decoders" list');

  for (const d of list) {
    if (!isObject(d))
      throw unsupported(
        decoder === null || decoder === undefined ? 'no decoder' : 'a decoder entry that is not an object',
      );
    switch (d.type) {
      case 'ByteLevel':
        steps.push((piece, added) => {
          if (typeof piece !== 'string' || added) return piece;
          // Characters outside the table: the Rust decoder falls back to the token's own UTF-8.
          return byteLevelBytes(piece) ?? piece;
        });
        break;
      case 'Replace': {
        const pattern = isObject(d.pattern) ? d.pattern.String : undefined;
        if (typeof pattern !== 'string') throw unsupported('a Replace decoder with a regex pattern');
        const content = typeof d.content === 'string' ? d.content : '';
        steps.push((piece) => (typeof piece === 'string' ? piece.replaceAll(pattern, content) : piece));
        break;
      }
      case 'ByteFallback':
        steps.push((piece) => {
          const m = typeof piece === 'string' ? BYTE_TOKEN.exec(piece) : null;
          return m === null ? piece : Uint8Array.of(Number.parseInt(m[1], 16));
        });
        break;
      case 'Fuse':
        fused = true;
        break;
      case 'Strip': {
        const start = Number(d.start ?? 0);
        const stop = Number(d.stop ?? 0);
        if (stop !== 0 || start > 1 || (start === 1 && (!fused || d.content !== ' '))) {
          throw unsupported(
            `a Strip decoder (content ${JSON.stringify(d.content)}, start ${start}, stop ${stop})`,
          );
        }
        if (start === 1) stripsLeadingSpace = true;
        break;
      }
      case 'Metaspace': {
        const replacement = typeof d.replacement === 'string' ? d.replacement : '\u2581';
        steps.push((piece) => (typeof piece === 'string' ? piece.replaceAll(replacement, ' ') : piece));
        // @huggingface/tokenizers drops the first token's leading space whatever prepend_scheme says.
        stripsLeadingSpace = true;
        break;
      }
      default:
        throw unsupported(`the ${JSON.stringify(d.type)} decoder`);
    }
  }

  return {
    stripsLeadingSpace,
    bytes(token: string, added: boolean): Uint8Array {
      let piece: Piece = token;
      for (const step of steps) piece = step(piece, added);
      return typeof piece === 'string' ? encoder.encode(piece) : piece;
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unsupported(what: string): PocketLMError {
  return new PocketLMError(
    'UNSUPPORTED_CONSTRAINT',
    `Constrained decoding needs each token's exact output bytes, but this tokenizer.json has ${what}.`,
    { details: { feature: what } },
  );
}
