import type { CompileContext, Schema, SchemaObject } from './compile-context.js';
import { isAssertion } from './schema-keywords.js';

const LOWER_BOUNDS = new Set(['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties']);
const UPPER_BOUNDS = new Set(['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties']);
const OBJECT_SHAPE = ['properties', 'additionalProperties', 'unevaluatedProperties'];
const OBJECT_CLOSERS = ['additionalProperties', 'unevaluatedProperties'];
const ARRAY_SHAPE = ['prefixItems', 'items', 'additionalItems'];

/**
 * One schema that admits exactly the values both `a` and `b` admit (their conjunction), for `allOf`, `$ref` with
 * sibling keywords, and `anyOf` / `oneOf` with sibling keywords. Keywords found in only one schema are copied
 * (assertions are independent), `type` / `required` / `enum` / bounds are intersected, shared `properties` and
 * `items` become `allOf`s of both. Everything else that would change meaning when put side by side is refused:
 * the same keyword with different values, or `additionalProperties` / `items` next to shape keywords of the other.
 * Neither schema may have a top-level `$ref` or `allOf` (resolve those first).
 */
export function mergeSchemas(a: Schema, b: Schema, pointer: string, ctx: CompileContext): Schema {
  if (a === false || b === false) return false;
  if (a === true) return b;
  if (b === true) return a;
  checkShapes(a, b, pointer, ctx);
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (!isAssertion(key)) continue;
    if (!(key in out)) {
      out[key] = value;
      continue;
    }
    const mine = out[key];
    if (deepEqual(mine, value)) continue;
    if (key === 'type') out.type = intersectTypes(mine, value);
    else if (key === 'required' && Array.isArray(mine) && Array.isArray(value)) {
      out.required = [...new Set([...mine, ...value])];
    } else if (key === 'enum' && Array.isArray(mine) && Array.isArray(value)) {
      out.enum = mine.filter((x) => value.some((y) => deepEqual(x, y)));
    } else if (LOWER_BOUNDS.has(key) && typeof mine === 'number' && typeof value === 'number') {
      out[key] = Math.max(mine, value);
    } else if (UPPER_BOUNDS.has(key) && typeof mine === 'number' && typeof value === 'number') {
      out[key] = Math.min(mine, value);
    } else if (key === 'properties' && isObject(mine) && isObject(value)) {
      const merged: Record<string, unknown> = { ...mine };
      for (const [name, sub] of Object.entries(value)) {
        merged[name] = name in mine ? { allOf: [mine[name], sub] } : sub;
      }
      out.properties = merged;
    } else if (key === 'items' && !Array.isArray(mine) && !Array.isArray(value)) {
      out.items = { allOf: [mine, value] };
    } else {
      ctx.unsupported(
        key,
        pointer,
        'appears with different values in schemas that must hold together (allOf, or $ref / anyOf / oneOf with sibling keywords); combining them is not supported',
      );
    }
  }
  return out;
}

function checkShapes(a: SchemaObject, b: SchemaObject, pointer: string, ctx: CompileContext): void {
  // additionalProperties / unevaluatedProperties judge properties by their *own* schema's `properties`, so they
  // cannot be moved next to another schema's property keywords.
  for (const [x, y] of [
    [a, b],
    [b, a],
  ]) {
    const closer = OBJECT_CLOSERS.find((k) => k in x);
    if (closer && OBJECT_SHAPE.some((k) => k in y) && !sameKeys(x, y, OBJECT_SHAPE)) {
      ctx.unsupported(
        closer,
        pointer,
        'cannot be combined with property keywords of another schema (allOf / $ref siblings)',
      );
    }
  }
  const arrayA = ARRAY_SHAPE.filter((k) => k in a);
  const arrayB = ARRAY_SHAPE.filter((k) => k in b);
  const itemsOnly = (keys: string[], s: SchemaObject) =>
    keys.length === 1 && keys[0] === 'items' && !Array.isArray(s.items);
  if (arrayA.length > 0 && arrayB.length > 0 && !(itemsOnly(arrayA, a) && itemsOnly(arrayB, b))) {
    if (!sameKeys(a, b, ARRAY_SHAPE)) {
      ctx.unsupported(
        arrayA[0],
        pointer,
        'cannot be combined with item keywords of another schema (allOf / $ref siblings)',
      );
    }
  }
}

/** Whether both schemas have identical values (or absence) for every listed keyword. */
const sameKeys = (a: SchemaObject, b: SchemaObject, keys: string[]) =>
  keys.every((k) => deepEqual(a[k], b[k]));

function intersectTypes(a: unknown, b: unknown): string[] {
  const list = (t: unknown): string[] => (Array.isArray(t) ? t : [t]).filter((x) => typeof x === 'string');
  const left = list(a);
  const right = list(b);
  const out = new Set(left.filter((t) => right.includes(t)));
  if (
    (left.includes('integer') && right.includes('number')) ||
    (left.includes('number') && right.includes('integer'))
  ) {
    out.add('integer');
  }
  return [...out];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural equality of JSON values (object key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
    );
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
  );
}
