import type { JsonSchema, ToolSpec } from '../tools/tool.js';

/** Keywords whose values are data, not schemas: a `$ref` key inside them is not a reference. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);
/** Keywords whose values map names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

/**
 * The JSON Schema of one call object, `{ "name": <the tool's name>, "<argsKey>": <its arguments> }`, for a
 * structure whose schema root is `root` (a JSON Pointer with `#`, e.g. `#/items/anyOf/0`). The tool's
 * parameters move under `properties.<argsKey>`, so their local `$ref`s are rewritten to keep pointing at the
 * same subschemas.
 */
export function callSchema(spec: ToolSpec, argsKey: string, root = '#'): JsonSchema {
  const { $schema: _dialect, $id: _id, ...parameters } = spec.parameters;
  return {
    type: 'object',
    properties: {
      name: { const: spec.name },
      [argsKey]: rebaseRefs(parameters, `${root}/properties/${argsKey}`),
    },
    required: ['name', argsKey],
    additionalProperties: false,
  };
}

/** Rewrites every local `$ref` (`#…`) in a schema so it resolves from `base` (a pointer starting with `#`). */
export function rebaseRefs<T>(schema: T, base: string): T {
  if (Array.isArray(schema)) return schema.map((s) => rebaseRefs(s, base)) as T;
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#')) {
      out[key] = base + value.slice(1);
    } else if (DATA_KEYWORDS.has(key)) {
      out[key] = value;
    } else if (SCHEMA_MAPS.has(key) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      // Keys here are names (a property may be called "default"), values are schemas.
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rebaseRefs(v, base)]));
    } else {
      out[key] = rebaseRefs(value, base);
    }
  }
  return out as T;
}
