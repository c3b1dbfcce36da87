import { PocketLMError } from '../../errors/pocketlm-error.js';
import { anyJsonObject } from './any-json.js';
import { CompileContext, isSchemaObject, type JsonSchemaRegexOptions } from './compile-context.js';
import { compileSchema } from './compile-schema.js';
import { isNever, type RegexNode } from './regex-ast.js';
import { renderRegex } from './render-regex.js';

/**
 * A regex (ECMAScript source, `u` flag, matched against the whole output) such that every string it matches is JSON
 * that validates against `schema`. Soundness is the contract; some valid JSON is not produced: properties are written
 * in declared order and only declared ones, whitespace follows `options.whitespace`, strings constrained by
 * `pattern` / `format` use JSON.stringify's escapes, numbers keep to 15 significant digits, free-form JSON nests at
 * most `options.maxDepth` levels. See the folder's README for the keywords supported.
 *
 * Throws `PocketLMError` `UNSUPPORTED_CONSTRAINT` (naming the keyword and its JSON Pointer) for what cannot be
 * enforced, and `INVALID_OPTIONS` for a malformed schema.
 */
export function compileJsonSchema(schema: unknown, options: JsonSchemaRegexOptions = {}): string {
  return renderRegex(jsonSchemaRegexTree(schema, options));
}

/** The regex tree `compileJsonSchema` renders; sample from it with `sampleRegex`. */
export function jsonSchemaRegexTree(schema: unknown, options: JsonSchemaRegexOptions = {}): RegexNode {
  if (typeof schema !== 'boolean' && !isSchemaObject(schema)) {
    throw new PocketLMError('INVALID_OPTIONS', 'Invalid JSON Schema: must be an object or a boolean.', {
      details: { pointer: '' },
    });
  }
  const ctx: CompileContext = new CompileContext(schema, options, (s, p) => compileSchema(s, p, ctx));
  ctx.refStack.push(''); // the root counts as expanded once, for `{ "$ref": "#" }`
  const node = compileSchema(schema, '', ctx);
  if (isNever(node)) {
    const reason = ctx.emptyReason;
    throw new PocketLMError(
      'UNSUPPORTED_CONSTRAINT',
      `The JSON Schema admits no value this generator can write${reason ? `: ${reason.message}` : '.'}`,
      { details: reason ? { keyword: reason.keyword, pointer: reason.pointer } : {} },
    );
  }
  return node;
}

/** A regex for any JSON object (`responseFormat: { type: 'json_object' }`), nested at most `maxDepth` levels. */
export function anyJsonObjectRegex(options: JsonSchemaRegexOptions = {}): string {
  return renderRegex(anyJsonObjectRegexTree(options));
}

/** The regex tree `anyJsonObjectRegex` renders. */
export function anyJsonObjectRegexTree(options: JsonSchemaRegexOptions = {}): RegexNode {
  const ctx = new CompileContext({}, options, () => {
    throw new Error('unreachable');
  });
  return anyJsonObject(ctx.maxDepth, ctx);
}
