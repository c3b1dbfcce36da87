import { PocketLMError } from '../errors/pocketlm-error.js';
import { anyJsonObjectRegex, compileJsonSchema } from './json-schema/index.js';
import type { LogitsConstraint } from './logits-constraint.js';
import { compileRegex } from './regex/index.js';
import { RegexConstraint } from './regex-constraint.js';
import type { ResponseFormat } from './response-format.js';
import { DfaTokenMasker } from './token-mask/dfa-token-masker.js';
import { TokenVocabulary } from './token-mask/token-vocabulary.js';

/** Compiled constraints kept per engine: compiling and the first masks of a schema are the expensive part. */
const MAX_COMPILED = 16;

/** What a constraint factory needs to know about the model's tokens. */
export interface ConstraintVocabularySource {
  /** The parsed `tokenizer.json`, read only when the first constraint is built. */
  tokenizerJson: () => Record<string, unknown>;
  /** Width of the logits rows the constraint masks (the tokenizer's size). */
  width: number;
  eosIds: readonly number[];
}

/**
 * Turns response formats into token-level constraints: JSON Schema → regex (`json-schema/`), regex → byte DFA
 * (`regex/`), DFA × vocabulary → per-state token masks (`token-mask/`). The vocabulary is built on first use;
 * compiled formats and their cached masks are shared by every request that uses the same format.
 */
export function createConstraintFactory(
  source: ConstraintVocabularySource,
): (format: Exclude<ResponseFormat, { type: 'text' }>) => LogitsConstraint {
  let vocabulary: TokenVocabulary | undefined;
  const maskers = new Map<string, DfaTokenMasker>();
  return (format) => {
    if (format.type === 'grammar' || format.type === 'structural_tag') {
      throw new PocketLMError('UNSUPPORTED_CONSTRAINT', `"${format.type}" is not wired yet.`);
    }
    const pattern =
      format.type === 'regex'
        ? format.pattern
        : format.type === 'json_object'
          ? anyJsonObjectRegex()
          : compileJsonSchema(format.schema);
    let masker = maskers.get(pattern);
    if (masker) {
      maskers.delete(pattern);
    } else {
      vocabulary ??= TokenVocabulary.fromTokenizerJson(source.tokenizerJson(), { width: source.width });
      // 256 cached masks per format (about 1.5 MB at a 49k vocabulary), 16 formats at most.
      masker = new DfaTokenMasker(compileRegex(pattern), vocabulary, {
        eosIds: source.eosIds,
        cacheSize: 256,
      });
      if (maskers.size >= MAX_COMPILED) maskers.delete(maskers.keys().next().value as string);
    }
    maskers.set(pattern, masker);
    return new RegexConstraint(masker);
  };
}
