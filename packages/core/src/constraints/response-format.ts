import { PocketLMError } from '../errors/pocketlm-error.js';

/**
 * The shape a request's output must take, enforced token by token (so it holds for any model and backend):
 * - `json_schema`: JSON that validates against `schema` (see the docs for the keywords supported);
 * - `json_object`: any JSON object;
 * - `regex`: text that matches `pattern` as a whole (ECMAScript syntax, `u` flag);
 * - `grammar`: text the GBNF grammar's `root` rule derives (context-free: recursion is fine);
 * - `structural_tag`: free text, except that once the output reaches one of `triggers` it must go on as one of
 *   `structures` (`begin`, then JSON valid under `schema`, then `end`) before free text resumes. This is how tool
 *   calls are constrained while the model stays free to answer in prose. With `requireStructure` the output is
 *   one or more structures separated by whitespace, and nothing else.
 * - `text`: no constraint.
 * Generation still ends at `maxTokens`; a reply cut off there (`finishReason: 'length'`) may be incomplete.
 */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; schema: Record<string, unknown> | boolean; name?: string }
  | { type: 'regex'; pattern: string }
  | { type: 'grammar'; grammar: string }
  | StructuralTagFormat;

/** See {@link ResponseFormat}. */
export interface StructuralTagFormat {
  type: 'structural_tag';
  /** Strings that start a structure; each must be a prefix of `begin` + JSON of at least one structure. */
  triggers: string[];
  structures: StructuralTag[];
  requireStructure?: boolean;
  /** End the output after the first structure (one tool call per turn): only an end token may follow it. */
  stopAfterFirst?: boolean;
  /**
   * How the JSON is spaced: `compact` (default, as `JSON.stringify` writes it) or `spaced` (`{"a": 1, "b": 2}`, as
   * Python's `json.dumps` and so most chat templates' `tojson` write it: what models were trained on).
   */
  whitespace?: 'compact' | 'spaced';
}

/** Literal `begin`, then JSON valid under `schema`, then literal `end`. */
export interface StructuralTag {
  begin: string;
  schema: Record<string, unknown> | boolean;
  end: string;
}

const invalid = (message: string) =>
  new PocketLMError('INVALID_OPTIONS', `"responseFormat" ${message}`, {
    details: { option: 'responseFormat' },
  });

/** Checks a request's `responseFormat`; `undefined` and `{ type: 'text' }` mean unconstrained. */
export function validateResponseFormat(
  value: unknown,
): Exclude<ResponseFormat, { type: 'text' }> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw invalid('must be an object with a "type".');
  const v = value as Record<string, unknown>;
  switch (v.type) {
    case 'text':
      return undefined;
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema':
      if (typeof v.schema !== 'boolean' && (typeof v.schema !== 'object' || v.schema === null)) {
        throw invalid('of type "json_schema" needs a "schema" object.');
      }
      return value as ResponseFormat & { type: 'json_schema' };
    case 'regex':
      if (typeof v.pattern !== 'string') throw invalid('of type "regex" needs a "pattern" string.');
      return { type: 'regex', pattern: v.pattern };
    case 'grammar':
      if (typeof v.grammar !== 'string') throw invalid('of type "grammar" needs a "grammar" string (GBNF).');
      return { type: 'grammar', grammar: v.grammar };
    case 'structural_tag':
      return validateStructuralTag(v);
    default:
      throw invalid(
        'type must be "text", "json_object", "json_schema", "regex", "grammar" or "structural_tag", ' +
          `got ${JSON.stringify(v.type)}.`,
      );
  }
}

function validateStructuralTag(v: Record<string, unknown>): StructuralTagFormat {
  const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((t) => typeof t === 'string');
  if (!strings(v.triggers) || v.triggers.some((t) => t === '')) {
    throw invalid('of type "structural_tag" needs "triggers": an array of non-empty strings.');
  }
  const structures = v.structures;
  const isTag = (t: unknown): t is StructuralTag => {
    const tag = t as Record<string, unknown> | null;
    return (
      typeof tag === 'object' &&
      tag !== null &&
      typeof tag.begin === 'string' &&
      typeof tag.end === 'string' &&
      (typeof tag.schema === 'boolean' || (typeof tag.schema === 'object' && tag.schema !== null))
    );
  };
  if (!Array.isArray(structures) || structures.length === 0 || !structures.every(isTag)) {
    throw invalid('of type "structural_tag" needs "structures": [{ begin, schema, end }, …], at least one.');
  }
  if (v.requireStructure !== undefined && typeof v.requireStructure !== 'boolean') {
    throw invalid('"requireStructure" must be a boolean.');
  }
  if (v.stopAfterFirst !== undefined && typeof v.stopAfterFirst !== 'boolean') {
    throw invalid('"stopAfterFirst" must be a boolean.');
  }
  if (v.whitespace !== undefined && v.whitespace !== 'compact' && v.whitespace !== 'spaced') {
    throw invalid('"whitespace" must be "compact" or "spaced".');
  }
  return {
    type: 'structural_tag',
    triggers: v.triggers,
    structures,
    requireStructure: v.requireStructure === true,
    stopAfterFirst: v.stopAfterFirst === true,
    whitespace: v.whitespace ?? 'compact',
  };
}
