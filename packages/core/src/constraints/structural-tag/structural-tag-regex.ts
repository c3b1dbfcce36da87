import { setOf } from '../json-schema/code-point-set.js';
import { jsonSchemaRegexTree } from '../json-schema/compile-json-schema.js';
import { alt, chars, literal, type RegexNode, repeat, seq } from '../json-schema/regex-ast.js';
import { renderRegex } from '../json-schema/render-regex.js';
import type { StructuralTagFormat } from '../response-format.js';

/** `begin`, JSON valid under `schema`, `end`: one alternative per structure. */
function structuresTree(format: StructuralTagFormat): RegexNode {
  const options = { whitespace: format.whitespace };
  return alt(
    ...format.structures.map((s) =>
      seq(literal(s.begin), jsonSchemaRegexTree(s.schema, options), literal(s.end)),
    ),
  );
}

/** Any one of the structures, as a whole-output regex. */
export function structuresRegex(format: StructuralTagFormat): string {
  return renderRegex(structuresTree(format));
}

/**
 * The whole output under `requireStructure`: one or more structures separated only by whitespace (exactly one
 * with `stopAfterFirst`).
 */
export function requiredStructuresRegex(format: StructuralTagFormat): string {
  const one = structuresTree(format);
  if (format.stopAfterFirst) return renderRegex(one);
  const space = repeat(chars(setOf(' ', '\n', '\t', '\r')), 0, null);
  return renderRegex(seq(one, repeat(seq(space, one), 0, null)));
}
