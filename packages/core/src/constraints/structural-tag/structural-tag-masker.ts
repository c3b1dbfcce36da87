import { PocketLMError } from '../../errors/pocketlm-error.js';
import { DEAD } from '../regex/byte-automaton.js';
import { compileRegex } from '../regex/compile-regex.js';
import type { StructuralTagFormat } from '../response-format.js';
import { DfaTokenMasker } from '../token-mask/dfa-token-masker.js';
import type { TokenVocabulary } from '../token-mask/token-vocabulary.js';
import { structuresRegex } from './structural-tag-regex.js';
import { TriggerMatcher } from './trigger-matcher.js';

/** Free-text masks kept per context (one per trigger prefix the output can end with). */
const FREE_MASK_CACHE = 64;

/**
 * What every request under one `structural_tag` format shares: the byte DFA of the structures and its cached
 * masks, the trigger matcher, and the free-text masks. Free text allows every token except those that would
 * complete a trigger and then continue with bytes no structure allows; inside a structure the DFA decides.
 */
export class StructuralTagMasker {
  readonly words: number;
  readonly structure: DfaTokenMasker;
  readonly matcher: TriggerMatcher;
  /** The structure DFA's state once each trigger's text has been read. */
  readonly triggerStates: readonly number[];
  /** Special (control) tokens whose text is a trigger, e.g. Mistral's `[TOOL_CALLS]`: id → trigger index. */
  readonly specialTriggers: ReadonlyMap<number, number>;
  /** Ids that end generation: all that may follow the first structure under `stopAfterFirst`. */
  readonly endOnly: Uint32Array;
  readonly stopAfterFirst: boolean;
  private readonly candidates: Int32Array;
  private readonly freeMasks = new Map<string, Uint32Array>();
  private readonly continues = new Map<number, boolean>();
  private readonly dfa: ReturnType<typeof compileRegex>;

  constructor(
    format: StructuralTagFormat,
    readonly vocabulary: TokenVocabulary,
    options: { eosIds: readonly number[]; specialTokens: ReadonlyMap<string, number> },
  ) {
    this.dfa = compileRegex(structuresRegex(format));
    // The structure follows earlier text, so the DFA sees its bytes as they are (no leading-space rule).
    this.structure = new DfaTokenMasker(this.dfa, vocabulary, {
      eosIds: options.eosIds,
      cacheSize: 256,
      stripLeadingSpace: false,
    });
    this.words = this.structure.words;
    this.matcher = new TriggerMatcher(format.triggers);
    this.triggerStates = this.matcher.triggers.map((bytes, t) => {
      let s = this.dfa.start;
      for (let i = 0; i < bytes.length && s !== DEAD; i++) s = this.dfa.step(s, bytes[i]);
      if (s === DEAD) {
        throw new PocketLMError(
          'INVALID_OPTIONS',
          `"responseFormat" trigger ${JSON.stringify(format.triggers[t])} does not begin any of its structures.`,
          { details: { option: 'responseFormat', trigger: format.triggers[t] } },
        );
      }
      return s;
    });
    const special = new Map<number, number>();
    format.triggers.forEach((t, i) => {
      const id = options.specialTokens.get(t);
      if (id !== undefined) special.set(id, i);
    });
    this.specialTriggers = special;
    this.candidates = this.tokensEndingTriggers();
    this.stopAfterFirst = format.stopAfterFirst === true;
    this.endOnly = new Uint32Array(this.words);
    for (const id of options.eosIds)
      if (id >= 0 && id < vocabulary.width) this.endOnly[id >>> 5] |= 1 << (id & 31);
  }

  /** Steps the structure DFA over bytes (DEAD once nothing fits). */
  step(state: number, bytes: Uint8Array): number {
    let s = state;
    for (let i = 0; i < bytes.length && s !== DEAD; i++) s = this.dfa.step(s, bytes[i]);
    return s;
  }

  /** Whether a structure can still go on from `state` (an accepting state that cannot is where it ends). */
  canContinue(state: number): boolean {
    let hit = this.continues.get(state);
    if (hit === undefined) {
      hit = false;
      for (let b = 0; b < 256 && !hit; b++) hit = this.dfa.step(state, b) !== DEAD;
      this.continues.set(state, hit);
    }
    return hit;
  }

  /** Bytes a token adds to free text: the first token may lose one leading space (SentencePiece decoders). */
  freeBytes(id: number, first: boolean): Uint8Array | undefined {
    const bytes = this.vocabulary.bytesOf(id);
    if (bytes && first && this.vocabulary.stripsLeadingSpace && bytes[0] === 0x20) return bytes.subarray(1);
    return bytes;
  }

  /** Tokens allowed in free text after `context` (see `TriggerMatcher.advance`). Cached; do not modify. */
  freeMask(context: Uint8Array, first: boolean): Uint32Array {
    const key = `${first ? '^' : ''}${context.join(',')}`;
    const hit = this.freeMasks.get(key);
    if (hit) return hit;
    const mask = new Uint32Array(this.words).fill(0xffffffff);
    for (const id of this.candidates) {
      const bytes = this.freeBytes(id, first)!;
      const found = this.matcher.find(context, bytes);
      if (found && this.step(this.triggerStates[found.trigger], found.rest) === DEAD) {
        mask[id >>> 5] &= ~(1 << (id & 31));
      }
    }
    if (this.freeMasks.size >= FREE_MASK_CACHE) this.freeMasks.delete(this.freeMasks.keys().next().value!);
    this.freeMasks.set(key, mask);
    return mask;
  }

  private tokensEndingTriggers(): Int32Array {
    const ids: number[] = [];
    const last = this.matcher.lastBytes;
    for (let id = 0; id < this.vocabulary.width; id++) {
      const bytes = this.vocabulary.bytesOf(id);
      if (bytes?.some((b) => last.has(b))) ids.push(id);
    }
    return Int32Array.from(ids);
  }
}
