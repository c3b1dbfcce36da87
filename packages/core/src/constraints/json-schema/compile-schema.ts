import { anyJsonValue } from './any-json.js';
import { compileArray } from './array-schema.js';
import {
  type CompileContext,
  childPointer,
  isSchemaObject,
  type Schema,
  type SchemaObject,
} from './compile-context.js';
import { isJsonValue, jsonTypeOf, serializeJson } from './json-literal.js';
import { deepEqual, mergeSchemas } from './merge-schemas.js';
import { normalizeSchema } from './normalize-schema.js';
import { boundedInteger, boundedNumber, type NumericBounds } from './number-regex.js';
import { compileObject } from './object-schema.js';
import { branchesAreDisjoint } from './one-of-disjoint.js';
import { alt, isNever, literal, NEVER, type RegexNode } from './regex-ast.js';
import { renderRegex } from './render-regex.js';
import { resolveRef } from './resolve-ref.js';
import { isAssertion, JSON_TYPES, type JsonType, TYPE_KEYWORDS } from './schema-keywords.js';
import { compileString } from './string-schema.js';

/** The regex tree for a subschema found at `pointer`. */
export function compileSchema(schema: unknown, pointer: string, ctx: CompileContext): RegexNode {
  const normalized = normalizeSchema(schema, pointer, ctx);
  return withRefs(normalized.refs, ctx, () => compileNormalized(normalized.schema, normalized.pointer, ctx));
}

function withRefs(refs: readonly string[], ctx: CompileContext, run: () => RegexNode): RegexNode {
  ctx.refStack.push(...refs);
  try {
    return run();
  } finally {
    ctx.refStack.length -= refs.length;
  }
}

/** A schema without top-level `$ref` / `allOf`: combinators, then `enum` / `const`, then the types. */
function compileNormalized(schema: Schema, pointer: string, ctx: CompileContext): RegexNode {
  if (schema === true) return anyJsonValue(ctx.maxDepth, ctx);
  if (schema === false) {
    ctx.noteEmpty('false', pointer, 'admits no value');
    return NEVER;
  }
  if (schema.anyOf !== undefined) return compileBranches(schema, 'anyOf', pointer, ctx);
  if (schema.oneOf !== undefined) return compileBranches(schema, 'oneOf', pointer, ctx);
  if (schema.enum !== undefined || schema.const !== undefined) return compileValues(schema, pointer, ctx);
  return compileTypes(schema, pointer, ctx);
}

/** `anyOf` / `oneOf`: each branch merged with the sibling keywords; `oneOf` only with provably disjoint branches. */
function compileBranches(schema: SchemaObject, key: 'anyOf' | 'oneOf', pointer: string, ctx: CompileContext) {
  const { [key]: raw, ...siblings } = schema;
  if (!Array.isArray(raw) || raw.length === 0) return ctx.invalid(key, pointer, 'must be a non-empty array.');
  const withSiblings = Object.keys(siblings).some(isAssertion);
  const branches = raw.map((branch, i) => {
    const n = normalizeSchema(branch, childPointer(pointer, key, i), ctx);
    const merged = withSiblings ? mergeSchemas(siblings, n.schema, pointer, ctx) : n.schema;
    return { ...n, schema: merged, pointer: withSiblings ? pointer : n.pointer };
  });
  if (key === 'oneOf') {
    const deref = (s: unknown) =>
      isSchemaObject(s) && typeof s.$ref === 'string' ? resolveRef(s.$ref, pointer, ctx).schema : s;
    if (
      !branchesAreDisjoint(
        branches.map((b) => b.schema),
        deref,
      )
    ) {
      ctx.unsupported(
        'oneOf',
        pointer,
        'is only supported when no value can match two branches (different types, ' +
          'different const/enum values, or a required property with different const/enum values); use anyOf',
      );
    }
  }
  return alt(
    ...branches.map((b) => withRefs(b.refs, ctx, () => compileNormalized(b.schema, b.pointer, ctx))),
  );
}

/** `enum` / `const`: the listed values that also satisfy the other keywords, written as literals. */
function compileValues(schema: SchemaObject, pointer: string, ctx: CompileContext): RegexNode {
  const { enum: list, const: single, ...rest } = schema;
  if (list !== undefined && !Array.isArray(list)) return ctx.invalid('enum', pointer, 'must be an array.');
  const key = list !== undefined ? 'enum' : 'const';
  let values = list ?? [single];
  if (list !== undefined && 'const' in schema) values = values.filter((v) => deepEqual(v, single));
  for (const v of values) {
    if (!isJsonValue(v)) ctx.invalid(key, pointer, 'must hold JSON values only.');
  }
  const text = values.map((v) => serializeJson(v, ctx.whitespace));
  const others = Object.keys(rest).filter(isAssertion);
  let keep: (text: string, value: unknown) => boolean = () => true;
  if (others.length === 1 && others[0] === 'type') {
    const types = typeList(rest.type, pointer, ctx);
    keep = (_, v) => types.includes(jsonTypeOf(v)) || (types.includes('integer') && Number.isInteger(v));
  } else if (others.length > 0) {
    // The other keywords' regex is sound, so a value whose text it matches satisfies them.
    const re = new RegExp(`^(?:${renderRegex(compileTypes(rest, pointer, ctx))})$`, 'u');
    keep = (t) => re.test(t);
  }
  const kept = text.filter((t, i) => keep(t, values[i]));
  if (kept.length === 0) ctx.noteEmpty(key, pointer, 'has no value that also satisfies the other keywords');
  return alt(...kept.map(literal));
}

/** Values of the types the schema allows (from `type`, else from the type-specific keywords present). */
function compileTypes(schema: SchemaObject, pointer: string, ctx: CompileContext): RegexNode {
  const types = schema.type === undefined ? inferTypes(schema) : typeList(schema.type, pointer, ctx);
  if (types === undefined) return anyJsonValue(ctx.maxDepth, ctx);
  if (types.length === 0) ctx.noteEmpty('type', pointer, 'allows no type');
  return alt(...types.map((type) => compileType(type, schema, pointer, ctx)));
}

function compileType(type: JsonType, schema: SchemaObject, pointer: string, ctx: CompileContext): RegexNode {
  switch (type) {
    case 'object':
      return compileObject(schema, pointer, ctx);
    case 'array':
      return compileArray(schema, pointer, ctx);
    case 'string':
      return compileString(schema, pointer, ctx);
    case 'boolean':
      return alt(literal('true'), literal('false'));
    case 'null':
      return literal('null');
    case 'integer':
    case 'number': {
      const bounds = numericBounds(schema, pointer, ctx);
      const node = type === 'integer' ? boundedInteger(bounds) : boundedNumber(bounds);
      if (isNever(node))
        ctx.noteEmpty(Object.keys(bounds)[0], pointer, `leaves no ${type} the generator can write`);
      return node;
    }
  }
}

function numericBounds(schema: SchemaObject, pointer: string, ctx: CompileContext): NumericBounds {
  const bounds: Record<string, number> = {};
  for (const key of TYPE_KEYWORDS.number) {
    const value = schema[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      ctx.invalid(
        key,
        pointer,
        'must be a finite number (draft-04 boolean exclusive bounds are not supported).',
      );
    }
    bounds[key] = value;
  }
  return bounds;
}

function typeList(value: unknown, pointer: string, ctx: CompileContext): JsonType[] {
  const list = Array.isArray(value) ? value : [value];
  for (const t of list) {
    if (!(JSON_TYPES as readonly unknown[]).includes(t))
      ctx.invalid('type', pointer, `has an unknown type ${JSON.stringify(t)}.`);
  }
  return [...new Set(list as JsonType[])];
}

/** Without `type`: the types whose keywords appear (undefined when none do: any JSON value). */
function inferTypes(schema: SchemaObject): JsonType[] | undefined {
  const types = (Object.keys(TYPE_KEYWORDS) as (keyof typeof TYPE_KEYWORDS)[]).filter((type) =>
    TYPE_KEYWORDS[type].some((k) => schema[k] !== undefined),
  );
  return types.length === 0 ? undefined : types;
}
