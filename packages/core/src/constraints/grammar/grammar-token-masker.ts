import { DfaTokenMasker, type DfaTokenMaskerOptions } from '../token-mask/dfa-token-masker.js';
import type { TokenVocabulary } from '../token-mask/token-vocabulary.js';
import type { CompiledGrammar } from './compile-grammar.js';
import { GrammarAutomaton, type GrammarAutomatonOptions } from './grammar-automaton.js';

/** Options for {@link GrammarTokenMasker}. */
export interface GrammarTokenMaskerOptions extends DfaTokenMaskerOptions, GrammarAutomatonOptions {
  /**
   * Configurations the shared recognizer may build before generations that start later get a fresh one
   * (with an empty mask cache). Bounds the memory of a grammar kept for the engine's lifetime, while
   * generations in flight keep the recognizer they started with. Default 20,000.
   */
  renewAfterStates?: number;
}

/**
 * The part of a grammar constraint that requests share: the recognizer (configurations and their byte
 * transitions, built lazily) and the per-configuration token masks, computed by walking the vocabulary's
 * byte trie with `DfaTokenMasker` (a live prefix keeps its subtree, a dead one prunes it; EOS is allowed iff
 * the configuration accepts; a SentencePiece leading space is handled as for regexes) and kept in an LRU
 * cache keyed by configuration. Per-request state lives in {@link GrammarConstraint}.
 */
export class GrammarTokenMasker {
  private automatonNow: GrammarAutomaton;
  private maskerNow: DfaTokenMasker;
  private readonly renewAfter: number;

  constructor(
    readonly grammar: CompiledGrammar,
    readonly vocabulary: TokenVocabulary,
    private readonly options: GrammarTokenMaskerOptions,
  ) {
    this.renewAfter = options.renewAfterStates ?? 20_000;
    this.automatonNow = new GrammarAutomaton(grammar, options);
    this.maskerNow = new DfaTokenMasker(this.automatonNow, vocabulary, options);
  }

  /** The recognizer new generations start on. */
  get automaton(): GrammarAutomaton {
    return this.automatonNow;
  }

  /** Masks computed by a trie walk and masks served from the cache, on the current recognizer. */
  get stats(): { computed: number; cached: number } {
    return this.maskerNow.stats;
  }

  /** The masker (and through it the recognizer) for a generation starting now; keep it for its whole run. */
  acquire(): DfaTokenMasker {
    if (this.automatonNow.stateCount > this.renewAfter) {
      this.automatonNow = new GrammarAutomaton(this.grammar, this.options);
      this.maskerNow = new DfaTokenMasker(this.automatonNow, this.vocabulary, this.options);
    }
    return this.maskerNow;
  }
}
