import type { LogitsConstraint } from '../logits-constraint.js';
import { RegexConstraint } from '../regex-constraint.js';
import type { TokenVocabulary } from '../token-mask/token-vocabulary.js';
import type { CompiledGrammar } from './compile-grammar.js';
import { GrammarTokenMasker, type GrammarTokenMaskerOptions } from './grammar-token-masker.js';

/**
 * One generation's walk through a grammar: tokens that cannot continue a string the grammar accepts are
 * masked out, and EOS is allowed exactly when the output so far is complete. Built on a shared
 * {@link GrammarTokenMasker} (reused across requests, with its mask cache), or directly on a compiled grammar.
 * Its walk is a regex constraint's: a state of the masker's automaton, advanced token by token.
 */
export class GrammarConstraint implements LogitsConstraint {
  private readonly walk: RegexConstraint;

  constructor(masker: GrammarTokenMasker);
  constructor(grammar: CompiledGrammar, vocabulary: TokenVocabulary, options: GrammarTokenMaskerOptions);
  constructor(
    source: GrammarTokenMasker | CompiledGrammar,
    vocabulary?: TokenVocabulary,
    options?: GrammarTokenMaskerOptions,
  ) {
    const shared =
      source instanceof GrammarTokenMasker
        ? source
        : new GrammarTokenMasker(source, vocabulary!, options ?? { eosIds: [] });
    this.walk = new RegexConstraint(shared.acquire());
  }

  get complete(): boolean {
    return this.walk.complete;
  }

  mask(logits: Float32Array): void {
    this.walk.mask(logits);
  }

  accept(id: number): void {
    this.walk.accept(id);
  }
}
