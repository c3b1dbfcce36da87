export type { JsonSchemaRegexOptions } from './compile-context.js';
export {
  anyJsonObjectRegex,
  anyJsonObjectRegexTree,
  compileJsonSchema,
  jsonSchemaRegexTree,
} from './compile-json-schema.js';
export type { RegexNode } from './regex-ast.js';
export { renderRegex } from './render-regex.js';
export { sampleRegex } from './sample-regex.js';
