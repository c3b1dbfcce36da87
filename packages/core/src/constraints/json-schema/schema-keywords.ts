/** Keywords that never restrict a value: skipped. Unknown keywords are skipped too, as validators do. */
export const ANNOTATION_KEYWORDS: ReadonlySet<string> = new Set([
  '$schema',
  '$id',
  '$anchor',
  '$dynamicAnchor',
  '$recursiveAnchor',
  '$vocabulary',
  '$comment',
  '$defs',
  'definitions',
  'title',
  'description',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'contentEncoding',
  'contentMediaType',
  'contentSchema',
]);

/** Assertions a regex cannot enforce (or that this compiler does not): always refused. */
export const REFUSED_KEYWORDS: ReadonlySet<string> = new Set([
  'not',
  'if',
  'then',
  'else',
  'patternProperties',
  'propertyNames',
  'dependentRequired',
  'dependentSchemas',
  'dependencies',
  'contains',
  'minContains',
  'maxContains',
  'unevaluatedItems',
  'multipleOf',
  '$dynamicRef',
  '$recursiveRef',
]);

/** Keywords that only restrict values of one type; without `type`, their presence says which types to generate. */
export const TYPE_KEYWORDS = {
  object: [
    'properties',
    'required',
    'additionalProperties',
    'minProperties',
    'maxProperties',
    'unevaluatedProperties',
  ],
  array: ['items', 'prefixItems', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems'],
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'],
} as const satisfies Record<string, readonly string[]>;

export const JSON_TYPES = ['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'] as const;
export type JsonType = (typeof JSON_TYPES)[number];

/** Every keyword this compiler acts on (or refuses); anything else is skipped as an annotation. */
const KNOWN_ASSERTIONS: ReadonlySet<string> = new Set([
  'type',
  'enum',
  'const',
  'allOf',
  'anyOf',
  'oneOf',
  '$ref',
  ...Object.values(TYPE_KEYWORDS).flat(),
  ...REFUSED_KEYWORDS,
]);

/** Whether a keyword can restrict values, as far as this compiler knows. */
export const isAssertion = (keyword: string): boolean => KNOWN_ASSERTIONS.has(keyword);
