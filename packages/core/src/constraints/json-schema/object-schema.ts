import { anyJsonValue } from './any-json.js';
import { type CompileContext, childPointer, isSchemaObject, type SchemaObject } from './compile-context.js';
import { anyJsonString } from './json-string.js';
import { alt, isNever, literal, NEVER, optional, type RegexNode, repeat, seq } from './regex-ast.js';

interface Entry {
  readonly node: RegexNode;
  readonly required: boolean;
}

/**
 * JSON objects for a `type: "object"` schema.
 * - With `properties` (or `required`): only the declared properties are written, in declared order, then any
 *   `required` names `properties` does not declare (valued by `additionalProperties`). Optional properties may be
 *   present or absent. No other property is ever written, whatever `additionalProperties` says (sound either way).
 * - Without them: a map — any keys, each value matching `additionalProperties` (or any JSON when it is absent or
 *   `true`; nothing when it is `false`, giving `{}`).
 */
export function compileObject(schema: SchemaObject, pointer: string, ctx: CompileContext): RegexNode {
  const { properties, required: requiredRaw = [] } = schema;
  if (properties !== undefined && !isSchemaObject(properties))
    ctx.invalid('properties', pointer, 'must be an object.');
  if (!Array.isArray(requiredRaw) || !requiredRaw.every((r) => typeof r === 'string')) {
    ctx.invalid('required', pointer, 'must be an array of strings.');
  }
  const required = requiredRaw as string[];
  const minProperties = ctx.count(schema, 'minProperties', pointer);
  const maxProperties = ctx.count(schema, 'maxProperties', pointer);
  if (properties === undefined && required.length === 0) {
    return mapObject(schema, pointer, ctx, minProperties, maxProperties);
  }
  const entries: Entry[] = [];
  const declared = properties ?? {};
  const needed = new Set<string>(required);
  for (const [name, sub] of Object.entries(declared)) {
    const value = ctx.compile(sub, childPointer(pointer, 'properties', name));
    entries.push({ node: seq(literal(JSON.stringify(name)), ctx.colon, value), required: needed.has(name) });
  }
  for (const name of required) {
    if (Object.hasOwn(declared, name)) continue;
    const value = extraValue(schema, pointer, ctx);
    if (isNever(value))
      ctx.noteEmpty('required', pointer, `needs ${JSON.stringify(name)}, which no schema allows`);
    entries.push({ node: seq(literal(JSON.stringify(name)), ctx.colon, value), required: true });
  }
  if (entries.some((e) => e.required && isNever(e.node))) return NEVER;
  const present = entries.filter((e) => !isNever(e.node));
  const requiredCount = present.filter((e) => e.required).length;
  if (minProperties !== undefined && minProperties > requiredCount) {
    ctx.unsupported('minProperties', pointer, 'above the number of required properties is not supported');
  }
  if (maxProperties !== undefined && maxProperties < present.length) {
    ctx.unsupported('maxProperties', pointer, 'below the number of declared properties is not supported');
  }
  return seq(literal('{'), entryList(present, ctx.comma), literal('}'));
}

/** Comma-separated entries in order, each optional one present or not. */
function entryList(entries: Entry[], comma: RegexNode): RegexNode {
  const tail = (from: number) =>
    entries.slice(from).map((e) => (e.required ? seq(comma, e.node) : optional(seq(comma, e.node))));
  const first = entries.findIndex((e) => e.required);
  if (first >= 0) {
    // Optional entries before the first required one are each followed by a comma.
    const before = entries.slice(0, first).map((e) => optional(seq(e.node, comma)));
    return seq(...before, entries[first].node, ...tail(first + 1));
  }
  // All optional: choose the first entry present (or none); every later one may follow.
  return optional(alt(...entries.map((e, i) => seq(e.node, ...tail(i + 1)))));
}

/** The value a property outside `properties` must have: `additionalProperties`, or any JSON. */
function extraValue(schema: SchemaObject, pointer: string, ctx: CompileContext): RegexNode {
  const additional = schema.additionalProperties ?? schema.unevaluatedProperties;
  const key = schema.additionalProperties !== undefined ? 'additionalProperties' : 'unevaluatedProperties';
  if (additional === undefined || additional === true) return anyJsonValue(ctx.maxDepth - 1, ctx);
  return ctx.compile(additional, childPointer(pointer, key));
}

function mapObject(
  schema: SchemaObject,
  pointer: string,
  ctx: CompileContext,
  minProperties: number | undefined,
  maxProperties: number | undefined,
): RegexNode {
  const value = extraValue(schema, pointer, ctx);
  // Keys are not kept distinct, and a repeated key counts once, so at most one property can be promised.
  if (minProperties !== undefined && minProperties > 1) {
    ctx.unsupported('minProperties', pointer, 'above 1 is not supported without "properties"');
  }
  const min = minProperties ?? 0;
  const max = isNever(value) ? 0 : (maxProperties ?? null);
  if (max !== null && max < min) {
    ctx.noteEmpty('minProperties', pointer, 'cannot be met: no property is allowed');
    return NEVER;
  }
  const entry = seq(anyJsonString(), ctx.colon, value);
  const list = seq(entry, repeat(seq(ctx.comma, entry), Math.max(0, min - 1), max === null ? null : max - 1));
  return seq(literal('{'), min > 0 ? list : max === 0 ? literal('') : optional(list), literal('}'));
}
