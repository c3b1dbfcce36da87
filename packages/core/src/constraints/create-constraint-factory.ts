import { compileGrammar, GrammarConstraint, GrammarTokenMasker } from './grammar/index.js';
import { anyJsonObjectRegex, compileJsonSchema } from './json-schema/index.js';
import type { LogitsConstraint } from './logits-constraint.js';
import { compileRegex } from './regex/index.js';
import { RegexConstraint } from './regex-constraint.js';
import type { ResponseFormat } from './response-format.js';
import { StructuralTagConstraint } from './structural-tag/structural-tag-constraint.js';
import { StructuralTagMasker } from './structural-tag/structural-tag-masker.js';
import { requiredStructuresRegex } from './structural-tag/structural-tag-regex.js';
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

type ConstrainedFormat = Exclude<ResponseFormat, { type: 'text' }>;

/**
 * Turns response formats into token-level constraints: JSON Schema → regex (`json-schema/`), regex → byte DFA
 * (`regex/`), DFA × vocabulary → per-state token masks (`token-mask/`); GBNF grammars run a pushdown recognizer
 * through the same masker (`grammar/`); structural tags add free text around JSON structures (`structural-tag/`).
 * The vocabulary is built on first use; compiled formats and their cached masks are shared by every request that
 * uses the same format.
 */
export function createConstraintFactory(
  source: ConstraintVocabularySource,
): (format: ConstrainedFormat) => LogitsConstraint {
  let vocabulary: TokenVocabulary | undefined;
  const vocab = () =>
    (vocabulary ??= TokenVocabulary.fromTokenizerJson(source.tokenizerJson(), { width: source.width }));
  const compiled = new Map<string, () => LogitsConstraint>();

  const regex = (pattern: string) => {
    // 256 cached masks per format (about 1.5 MB at a 49k vocabulary), 16 formats at most.
    const masker = new DfaTokenMasker(compileRegex(pattern), vocab(), {
      eosIds: source.eosIds,
      cacheSize: 256,
    });
    return () => new RegexConstraint(masker);
  };

  const compile = (format: ConstrainedFormat): (() => LogitsConstraint) => {
    switch (format.type) {
      case 'regex':
        return regex(format.pattern);
      case 'json_object':
        return regex(anyJsonObjectRegex());
      case 'json_schema':
        return regex(compileJsonSchema(format.schema));
      case 'structural_tag': {
        if (format.requireStructure) return regex(requiredStructuresRegex(format));
        const masker = new StructuralTagMasker(format, vocab(), {
          eosIds: source.eosIds,
          specialTokens: specialTokensOf(source.tokenizerJson()),
        });
        return () => new StructuralTagConstraint(masker);
      }
      case 'grammar': {
        const grammar = compileGrammar(format.grammar);
        const masker = new GrammarTokenMasker(grammar, vocab(), { eosIds: source.eosIds, cacheSize: 256 });
        return () => new GrammarConstraint(masker);
      }
    }
  };

  return (format) => {
    const key = formatKey(format);
    let make = compiled.get(key);
    if (make) {
      compiled.delete(key);
    } else {
      make = compile(format);
      if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
    }
    compiled.set(key, make);
    return make();
  };
}

function formatKey(format: ConstrainedFormat): string {
  if (format.type === 'json_schema') return `json_schema:${JSON.stringify(format.schema)}`;
  return JSON.stringify(format);
}

/** Special added tokens by their text: a structural tag's trigger may be one (Mistral's `[TOOL_CALLS]`). */
function specialTokensOf(json: Record<string, unknown>): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of Array.isArray(json.added_tokens) ? json.added_tokens : []) {
    const token = t as { id?: unknown; content?: unknown; special?: unknown };
    if (token.special === true && typeof token.id === 'number' && typeof token.content === 'string') {
      out.set(token.content, token.id);
    }
  }
  return out;
}
