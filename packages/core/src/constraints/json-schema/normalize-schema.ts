import { type CompileContext, childPointer, isSchemaObject, type Schema } from './compile-context.js';
import { mergeSchemas } from './merge-schemas.js';
import { resolveRef } from './resolve-ref.js';
import { isAssertion, REFUSED_KEYWORDS } from './schema-keywords.js';

/** A schema with its top-level `$ref` and `allOf` folded in. */
export interface NormalizedSchema {
  readonly schema: Schema;
  /** Where the schema is, for error messages (the `$ref` target when the ref had no sibling keywords). */
  readonly pointer: string;
  /** Pointers of the `$ref` targets folded in, to keep on the recursion stack while compiling the result. */
  readonly refs: readonly string[];
}

/**
 * Folds a schema's top-level `$ref` (with its sibling keywords) and `allOf` branches into one schema, by
 * `mergeSchemas`, and refuses keywords in `REFUSED_KEYWORDS`. A `$ref` already expanded `maxRecursion` times
 * further out becomes `false` (the branch is cut off; sound, as `false` admits nothing).
 */
export function normalizeSchema(
  schema: unknown,
  pointer: string,
  ctx: CompileContext,
  refs: readonly string[] = [],
): NormalizedSchema {
  if (typeof schema === 'boolean') return { schema, pointer, refs };
  if (!isSchemaObject(schema)) return ctx.invalid('schema', pointer, 'must be an object or a boolean.');
  for (const key of Object.keys(schema)) {
    if (REFUSED_KEYWORDS.has(key) && !(key === 'propertyNames' && saysOnlyString(schema[key]))) {
      ctx.unsupported(key, pointer);
    }
  }
  if (schema.$id !== undefined && pointer !== '' && ctx.usesRefs) {
    ctx.unsupported(
      '$id',
      pointer,
      'in a subschema is not supported in a document with "$ref" (it changes what refs resolve against)',
    );
  }
  if (schema.$ref !== undefined) {
    const target = resolveRef(schema.$ref, pointer, ctx);
    const depth = [...ctx.refStack, ...refs].filter((r) => r === target.pointer).length;
    if (depth > ctx.maxRecursion) {
      ctx.noteEmpty(
        '$ref',
        pointer,
        `is recursive, and a value needs it expanded more than ${ctx.maxRecursion} times (maxRecursion)`,
      );
      return { schema: false, pointer, refs };
    }
    const resolved = normalizeSchema(target.schema, target.pointer, ctx, [...refs, target.pointer]);
    const { $ref: _, ...siblings } = schema;
    if (!Object.keys(siblings).some(isAssertion)) return resolved;
    const rest = normalizeSchema(siblings, pointer, ctx, refs);
    return {
      schema: mergeSchemas(resolved.schema, rest.schema, pointer, ctx),
      pointer,
      refs: [...resolved.refs, ...rest.refs.slice(refs.length)],
    };
  }
  if (schema.allOf !== undefined) {
    const { allOf, ...rest } = schema;
    if (!Array.isArray(allOf) || allOf.length === 0)
      return ctx.invalid('allOf', pointer, 'must be a non-empty array.');
    let merged = normalizeSchema(rest, pointer, ctx, refs);
    allOf.forEach((branch, i) => {
      const part = normalizeSchema(branch, childPointer(pointer, 'allOf', i), ctx, refs);
      merged = {
        schema: mergeSchemas(merged.schema, part.schema, pointer, ctx),
        pointer,
        refs: [...merged.refs, ...part.refs.slice(refs.length)],
      };
    });
    return merged;
  }
  return { schema, pointer, refs };
}

/** `propertyNames` that every JSON key satisfies (zod's `z.record(z.string(), …)` writes `{ type: "string" }`). */
function saysOnlyString(value: unknown): boolean {
  if (value === true) return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).every(([k, v]) => (k === 'type' && v === 'string') || !isAssertion(k));
}
