import { type ByteAutomaton, DEAD } from '../regex/byte-automaton.js';
import { LeadingSpaceStripped } from './strip-leading-space.js';
import type { TokenVocabulary } from './token-vocabulary.js';

/** Options for {@link DfaTokenMasker}. */
export interface DfaTokenMaskerOptions {
  /** Ids that end generation: allowed exactly when the output so far is accepted. */
  eosIds: Iterable<number>;
  /** Masks kept (least recently used dropped). Default 1024: about 6 MB at a 49k vocabulary. */
  cacheSize?: number;
  /**
   * Whether the output the user sees loses one leading space (SentencePiece decoders; see
   * `TokenVocabulary.stripsLeadingSpace`, the default). When set, the automaton matches the text as decoded,
   * so the first token may be `▁{` where the pattern starts with `{`. Turn it off when the generated text is
   * shown appended to earlier text rather than decoded on its own.
   */
  stripLeadingSpace?: boolean;
}

/**
 * Which tokens may come next under a byte automaton (a compiled regex): token t is allowed in state s iff
 * stepping t's bytes from s never dies (and the automaton only hands out states that can still reach
 * acceptance, so t does not lead into a dead end); EOS is allowed iff s accepts. Tokens that are only part of
 * a UTF-8 character (byte-level or `<0xNN>` tokens) are fine: the automaton steps bytes, not characters.
 *
 * States are the masker's own (start from `start`, move with `advance`); `DEAD` (-1) means the constraint is
 * broken. A mask is computed by one walk of the vocabulary's byte trie and cached per state.
 */
export class DfaTokenMasker {
  readonly start: number;
  readonly width: number;
  /** Mask length in 32-bit words. */
  readonly words: number;
  private readonly automaton: ByteAutomaton;
  private readonly eosIds: number[];
  private readonly eosSet: Set<number>;
  private readonly cache = new Map<number, Uint32Array>();
  private readonly cacheSize: number;
  private readonly states: Int32Array;
  /** Masks computed by a trie walk, and masks served from the cache. */
  readonly stats = { computed: 0, cached: 0 };

  constructor(
    automaton: ByteAutomaton,
    private readonly vocabulary: TokenVocabulary,
    options: DfaTokenMaskerOptions,
  ) {
    const strip = options.stripLeadingSpace ?? vocabulary.stripsLeadingSpace;
    this.automaton = strip ? new LeadingSpaceStripped(automaton) : automaton;
    this.start = this.automaton.start;
    this.width = vocabulary.width;
    this.words = Math.ceil(this.width / 32);
    this.eosIds = [...options.eosIds].filter((id) => id >= 0 && id < this.width);
    this.eosSet = new Set(this.eosIds);
    this.cacheSize = Math.max(1, options.cacheSize ?? 1024);
    this.states = new Int32Array(vocabulary.trie.maxDepth + 1);
  }

  /** Whether ending here satisfies the constraint. */
  isAccepting(state: number): boolean {
    return this.automaton.isAccepting(state);
  }

  /**
   * The allowed-token bitmask for `state` (bit `id % 32` of word `id >> 5`; set = allowed). The array is
   * cached and shared: read it, do not modify it. All zero when `state` is DEAD, or when the state accepts
   * and no EOS id was given and nothing may follow.
   */
  mask(state: number): Uint32Array {
    const hit = this.cache.get(state);
    if (hit !== undefined) {
      // Re-inserting marks it most recently used.
      this.cache.delete(state);
      this.cache.set(state, hit);
      this.stats.cached++;
      return hit;
    }
    const mask = this.compute(state);
    this.stats.computed++;
    this.cache.set(state, mask);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return mask;
  }

  /** Whether `id` may come next in `state`. */
  isAllowed(state: number, id: number): boolean {
    if (this.eosSet.has(id)) return this.isAccepting(state);
    return this.advance(state, id) !== DEAD;
  }

  /**
   * The state after token `id`: DEAD when the token is not allowed. An EOS id leaves an accepting state as
   * it is (generation ends there) and kills any other.
   */
  advance(state: number, id: number): number {
    if (state < 0) return DEAD;
    if (this.eosSet.has(id)) return this.isAccepting(state) ? state : DEAD;
    const bytes = this.vocabulary.bytesOf(id);
    if (bytes === undefined || bytes.length === 0) return DEAD;
    let s = state;
    for (let i = 0; i < bytes.length && s !== DEAD; i++) s = this.automaton.step(s, bytes[i]);
    return s;
  }

  private compute(state: number): Uint32Array {
    const mask = new Uint32Array(this.words);
    if (state < 0) return mask;
    const { node, skip, token, shared, nodeCount } = this.vocabulary.trie;
    const automaton = this.automaton;
    const states = this.states;
    states[0] = state;
    let i = 0;
    while (i < nodeCount) {
      const packed = node[i];
      const depth = packed >> 8;
      const s = automaton.step(states[depth - 1], packed & 0xff);
      if (s < 0) {
        i = skip[i];
        continue;
      }
      states[depth] = s;
      const id = token[i];
      if (id >= 0) mask[id >>> 5] |= 1 << (id & 31);
      else if (id < -1) for (const t of shared[-2 - id]) mask[t >>> 5] |= 1 << (t & 31);
      i++;
    }
    // EOS is decided by acceptance alone, even when an EOS id also has bytes.
    const accepting = this.automaton.isAccepting(state);
    for (const id of this.eosIds) {
      if (accepting) mask[id >>> 5] |= 1 << (id & 31);
      else mask[id >>> 5] &= ~(1 << (id & 31));
    }
    return mask;
  }
}
