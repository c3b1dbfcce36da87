import { anyJsonValue } from './any-json.js';
import { type CompileContext, childPointer, type SchemaObject } from './compile-context.js';
import { EMPTY, literal, NEVER, optional, type RegexNode, repeat, seq } from './regex-ast.js';

/**
 * JSON arrays for a `type: "array"` schema: `prefixItems` (or draft-07 array-form `items`) for the first positions,
 * then `items` (or `additionalItems`) for the rest, between `minItems` and `maxItems` elements. When further items
 * are allowed but unconstrained (no `items` after `prefixItems`), none are written; a schema with no item keywords at
 * all gets arbitrary JSON items. `uniqueItems: true` is refused (a regex cannot keep items distinct).
 */
export function compileArray(schema: SchemaObject, pointer: string, ctx: CompileContext): RegexNode {
  if (schema.uniqueItems === true) ctx.unsupported('uniqueItems', pointer, 'is not supported');
  const tuple = Array.isArray(schema.items) && schema.prefixItems === undefined;
  const prefixRaw = tuple ? schema.items : (schema.prefixItems ?? []);
  if (!Array.isArray(prefixRaw)) ctx.invalid('prefixItems', pointer, 'must be an array of schemas.');
  const prefixKey = tuple ? 'items' : 'prefixItems';
  const prefix = (prefixRaw as unknown[]).map((s, i) => ctx.compile(s, childPointer(pointer, prefixKey, i)));
  const restKey = tuple || Array.isArray(schema.items) ? 'additionalItems' : 'items';
  const restSchema = schema[restKey];
  let rest: RegexNode | undefined; // undefined: no items after the prefix
  if (restSchema === undefined) rest = prefix.length === 0 ? anyJsonValue(ctx.maxDepth - 1, ctx) : undefined;
  else if (restSchema !== false) rest = ctx.compile(restSchema, childPointer(pointer, restKey));

  const minItems = ctx.count(schema, 'minItems', pointer) ?? 0;
  const declaredMax = ctx.count(schema, 'maxItems', pointer) ?? null;
  const capacity = rest === undefined ? prefix.length : null;
  const maxItems =
    declaredMax === null ? capacity : capacity === null ? declaredMax : Math.min(declaredMax, capacity);
  if (maxItems !== null && maxItems < minItems) {
    ctx.noteEmpty('minItems', pointer, 'cannot be met by the items the schema allows');
    return NEVER;
  }

  const comma = ctx.comma;
  // Elements from position i on, element i present (with its leading comma unless it is the first).
  const from = (i: number): RegexNode => {
    const lead = i > 0 ? comma : EMPTY;
    if (i >= prefix.length) {
      const item = rest ?? NEVER;
      const more = repeat(
        seq(comma, item),
        Math.max(0, minItems - i - 1),
        maxItems === null ? null : maxItems - i - 1,
      );
      return seq(lead, item, more);
    }
    const here = seq(lead, prefix[i]);
    if (maxItems !== null && i + 1 >= maxItems) return here;
    const next = from(i + 1);
    return seq(here, i + 1 < minItems ? next : optional(next));
  };
  const body = maxItems === 0 ? EMPTY : minItems > 0 ? from(0) : optional(from(0));
  return seq(literal('['), body, literal(']'));
}
