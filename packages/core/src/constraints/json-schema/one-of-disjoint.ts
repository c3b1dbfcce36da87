import { isSchemaObject, type Schema } from './compile-context.js';
import { jsonTypeOf } from './json-literal.js';
import { deepEqual } from './merge-schemas.js';

type TypeName = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';
const ALL_TYPES: TypeName[] = ['null', 'boolean', 'number', 'string', 'array', 'object'];

/** What we can tell statically about the values a `oneOf` branch admits. */
interface Shape {
  types: Set<TypeName>;
  /** When known: the only values admitted (from `const` / `enum`). */
  values?: unknown[];
  /** Required properties pinned to a few values (`const` / `enum`): the usual tagged-union discriminators. */
  tags: Map<string, unknown[]>;
}

/**
 * Whether no value can satisfy two of the branches, shown statically: the branches admit different JSON types,
 * or different `const` / `enum` values, or are objects with a required property whose `const` / `enum` values
 * differ. Branches must already have their top-level `$ref` / `allOf` resolved; `deref` resolves a property's `$ref`.
 * When this says true, a value produced from one branch fails all the others, so `oneOf` can be generated like
 * `anyOf`.
 */
export function branchesAreDisjoint(branches: Schema[], deref: (schema: unknown) => unknown): boolean {
  const shapes = branches.map((b) => shapeOf(b, deref));
  for (let i = 0; i < shapes.length; i++) {
    for (let j = i + 1; j < shapes.length; j++) if (!disjoint(shapes[i], shapes[j])) return false;
  }
  return true;
}

function disjoint(a: Shape, b: Shape): boolean {
  const common = [...a.types].filter((t) => b.types.has(t));
  if (common.length === 0) return true;
  if (a.values && b.values) return !a.values.some((x) => b.values!.some((y) => deepEqual(x, y)));
  if (common.length === 1 && common[0] === 'object') {
    for (const [name, values] of a.tags) {
      const other = b.tags.get(name);
      if (other && !values.some((x) => other.some((y) => deepEqual(x, y)))) return true;
    }
  }
  return false;
}

function shapeOf(schema: Schema, deref: (schema: unknown) => unknown): Shape {
  if (schema === false) return { types: new Set(), values: [], tags: new Map() };
  if (schema === true) return { types: new Set(ALL_TYPES), tags: new Map() };
  const values = pinnedValues(schema);
  let types = new Set<TypeName>(ALL_TYPES);
  if (values) types = new Set(values.map(jsonTypeOf));
  const declared =
    schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (declared) {
    const named = new Set(declared.map((t) => (t === 'integer' ? 'number' : t)));
    types = new Set([...types].filter((t) => named.has(t)));
  }
  const tags = new Map<string, unknown[]>();
  const required = Array.isArray(schema.required) ? schema.required : [];
  const properties = isSchemaObject(schema.properties) ? schema.properties : {};
  for (const name of required) {
    if (typeof name !== 'string' || !Object.hasOwn(properties, name)) continue;
    const sub = deref(properties[name]);
    const pinned = isSchemaObject(sub) ? pinnedValues(sub) : undefined;
    if (pinned) tags.set(name, pinned);
  }
  return { types, values, tags };
}

function pinnedValues(schema: Record<string, unknown>): unknown[] | undefined {
  if ('const' in schema) return [schema.const];
  if (Array.isArray(schema.enum)) return schema.enum;
  return undefined;
}
