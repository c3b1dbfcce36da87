import type { CompileContext, SchemaObject } from './compile-context.js';
import { anyJsonString, jsonStringOf } from './json-string.js';
import { limitLength } from './limit-length.js';
import { patternToRegex } from './pattern-to-regex.js';
import { isNever, lengthBounds, NEVER, type RegexNode } from './regex-ast.js';
import { STRING_FORMATS } from './string-formats.js';

/**
 * JSON strings for a `type: "string"` schema: `minLength` / `maxLength` (code points, an escape counting as one),
 * `pattern` and `format`. Without `pattern` / `format`, any character in any JSON encoding is allowed. With them,
 * the value's language is built first and then encoded character by character the way JSON.stringify writes it
 * (raw where allowed, else the canonical escape); lengths are then enforced by `limitLength`, which may refuse.
 */
export function compileString(schema: SchemaObject, pointer: string, ctx: CompileContext): RegexNode {
  const minLength = ctx.count(schema, 'minLength', pointer) ?? 0;
  const maxLength = ctx.count(schema, 'maxLength', pointer) ?? null;
  if (maxLength !== null && maxLength < minLength) {
    ctx.noteEmpty('maxLength', pointer, 'is below "minLength"');
    return NEVER;
  }
  const value = valueLanguage(schema, pointer, ctx);
  if (value === undefined) return anyJsonString(minLength, maxLength);
  const limited = limitLength(value, minLength, maxLength);
  // Blame the bound the value's lengths fall outside of, else the upper one (the usual culprit).
  const shortest = lengthBounds(value).min;
  const culprit =
    schema.maxLength === undefined || (minLength > 0 && shortest <= (maxLength ?? 0))
      ? 'minLength'
      : 'maxLength';
  const source = schema.pattern !== undefined ? '"pattern"' : '"format"';
  if (limited === null) ctx.unsupported(culprit, pointer, `cannot be combined with this ${source}`);
  if (isNever(limited) && !isNever(value))
    ctx.noteEmpty(culprit, pointer, `leaves no string that matches ${source}`);
  return jsonStringOf(limited);
}

/** The value-level language of `pattern` or `format`, or undefined when neither is given. */
function valueLanguage(schema: SchemaObject, pointer: string, ctx: CompileContext): RegexNode | undefined {
  const { pattern, format } = schema;
  // With both, the pattern decides: `format` is an annotation unless a validator opts in, and generators that
  // write both (zod's `z.email()`, `z.uuid()`, `z.iso.date()`) make the pattern the stricter of the two.
  if (pattern !== undefined) {
    if (typeof pattern !== 'string') ctx.invalid('pattern', pointer, 'must be a string.');
    try {
      new RegExp(pattern, 'u');
    } catch {
      ctx.invalid(
        'pattern',
        pointer,
        `${JSON.stringify(pattern)} is not a valid regular expression (u flag).`,
      );
    }
    return patternToRegex(pattern, (why) => ctx.unsupported('pattern', pointer, `is not supported: ${why}`));
  }
  if (format !== undefined) {
    if (typeof format !== 'string') ctx.invalid('format', pointer, 'must be a string.');
    if (!Object.hasOwn(STRING_FORMATS, format)) {
      const known = Object.keys(STRING_FORMATS).join(', ');
      ctx.unsupported('format', pointer, `${JSON.stringify(format)} is not supported (supported: ${known})`);
    }
    return STRING_FORMATS[format];
  }
  return undefined;
}
