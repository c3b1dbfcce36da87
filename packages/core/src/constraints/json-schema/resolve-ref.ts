import { type CompileContext, childPointer } from './compile-context.js';

/**
 * The subschema a `$ref` names, and its JSON Pointer. Only references into the same document are supported
 * (`#`, `#/$defs/Name`, `#/definitions/Name`, any `#/json/pointer`); anchors and other documents are refused.
 */
export function resolveRef(
  ref: unknown,
  pointer: string,
  ctx: CompileContext,
): { schema: unknown; pointer: string } {
  if (typeof ref !== 'string') return ctx.invalid('$ref', pointer, 'must be a string.');
  if (!ref.startsWith('#') || (ref.length > 1 && ref[1] !== '/')) {
    return ctx.unsupported(
      '$ref',
      pointer,
      `to ${JSON.stringify(ref)} is not supported (only "#/…" pointers)`,
    );
  }
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return ctx.invalid('$ref', pointer, `${JSON.stringify(ref)} is not a valid URI fragment.`);
  }
  let node: unknown = ctx.root;
  let target = '';
  for (const raw of fragment === '' ? [] : fragment.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const next =
      typeof node === 'object' && node !== null && Object.hasOwn(node, token)
        ? (node as Record<string, unknown>)[token]
        : undefined;
    if (next === undefined) return ctx.invalid('$ref', pointer, `${JSON.stringify(ref)} does not resolve.`);
    node = next;
    target = childPointer(target, token);
  }
  return { schema: node, pointer: target };
}
