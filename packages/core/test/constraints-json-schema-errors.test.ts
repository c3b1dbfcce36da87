import { describe, expect, it } from 'vitest';
import { compileJsonSchema } from '../src/constraints/json-schema/index.js';
import { PocketLMError, type PocketLMErrorCode } from '../src/errors/pocketlm-error.js';

function errorOf(run: () => unknown): PocketLMError {
  try {
    run();
  } catch (e) {
    if (PocketLMError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected a PocketLMError');
}

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  ...extra,
});

// [schema, code, keyword, pointer]
const refusals: [unknown, PocketLMErrorCode, string, string][] = [
  [
    obj({ price: { type: 'number', multipleOf: 0.01 } }),
    'UNSUPPORTED_CONSTRAINT',
    'multipleOf',
    '/properties/price',
  ],
  [{ not: { type: 'string' } }, 'UNSUPPORTED_CONSTRAINT', 'not', '/'],
  [
    obj({ a: JSON.parse('{"if":{"type":"string"},"then":{"minLength":1}}') }),
    'UNSUPPORTED_CONSTRAINT',
    'if',
    '/properties/a',
  ],
  [{ type: 'object', patternProperties: { '^x': {} } }, 'UNSUPPORTED_CONSTRAINT', 'patternProperties', '/'],
  [obj({}, { dependentRequired: { a: ['b'] } }), 'UNSUPPORTED_CONSTRAINT', 'dependentRequired', '/'],
  [obj({}, { dependentSchemas: { a: {} } }), 'UNSUPPORTED_CONSTRAINT', 'dependentSchemas', '/'],
  [obj({}, { propertyNames: { maxLength: 3 } }), 'UNSUPPORTED_CONSTRAINT', 'propertyNames', '/'],
  [
    obj({ t: { type: 'array', uniqueItems: true } }),
    'UNSUPPORTED_CONSTRAINT',
    'uniqueItems',
    '/properties/t',
  ],
  [{ type: 'array', items: { contains: { const: 1 } } }, 'UNSUPPORTED_CONSTRAINT', 'contains', '/items'],
  [obj({ a: {}, b: {} }, { minProperties: 1 }), 'UNSUPPORTED_CONSTRAINT', 'minProperties', '/'],
  [obj({ a: {}, b: {} }, { maxProperties: 1 }), 'UNSUPPORTED_CONSTRAINT', 'maxProperties', '/'],
  [
    { type: 'object', additionalProperties: { type: 'string' }, minProperties: 2 },
    'UNSUPPORTED_CONSTRAINT',
    'minProperties',
    '/',
  ],
  [{ oneOf: [{ type: 'string' }, { type: 'string', maxLength: 3 }] }, 'UNSUPPORTED_CONSTRAINT', 'oneOf', '/'],
  [{ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 'UNSUPPORTED_CONSTRAINT', 'oneOf', '/'],
  [{ $ref: 'https://example.com/s.json' }, 'UNSUPPORTED_CONSTRAINT', '$ref', '/'],
  [{ $defs: { a: { $anchor: 'x' } }, $ref: '#x' }, 'UNSUPPORTED_CONSTRAINT', '$ref', '/'],
  [
    obj({ next: { $ref: '#' } }, { required: ['next'] }),
    'UNSUPPORTED_CONSTRAINT',
    '$ref',
    '/properties/next',
  ],
  [
    obj({ code: { type: 'string', pattern: '^(?=a)\\w+$' } }),
    'UNSUPPORTED_CONSTRAINT',
    'pattern',
    '/properties/code',
  ],
  [
    obj({ code: { type: 'string', pattern: '(a)\\1' } }),
    'UNSUPPORTED_CONSTRAINT',
    'pattern',
    '/properties/code',
  ],
  [{ type: 'string', pattern: '\\bx' }, 'UNSUPPORTED_CONSTRAINT', 'pattern', '/'],
  [{ type: 'string', pattern: '^\\p{Lu}$' }, 'UNSUPPORTED_CONSTRAINT', 'pattern', '/'],
  [{ type: 'string', format: 'idn-hostname' }, 'UNSUPPORTED_CONSTRAINT', 'format', '/'],
  [{ type: 'string', pattern: '^abc$', maxLength: 2 }, 'UNSUPPORTED_CONSTRAINT', 'maxLength', '/'],
  [
    { type: 'string', pattern: '^a{1,3}$', minLength: 5, maxLength: 9 },
    'UNSUPPORTED_CONSTRAINT',
    'minLength',
    '/',
  ],
  [
    { allOf: [obj({ a: {} }, { additionalProperties: false }), { properties: { b: {} } }] },
    'UNSUPPORTED_CONSTRAINT',
    'additionalProperties',
    '/',
  ],
  [{ allOf: [{ pattern: '^a' }, { pattern: 'b$' }] }, 'UNSUPPORTED_CONSTRAINT', 'pattern', '/'],
  [{ type: 'integer', minimum: 5, maximum: 4 }, 'UNSUPPORTED_CONSTRAINT', 'minimum', '/'],
  [{ type: 'integer', exclusiveMinimum: 1e20 }, 'UNSUPPORTED_CONSTRAINT', 'exclusiveMinimum', '/'],
  [obj({ a: false }, { required: ['a'] }), 'UNSUPPORTED_CONSTRAINT', 'false', '/properties/a'],
  [{ type: 'string', enum: [1, 2] }, 'UNSUPPORTED_CONSTRAINT', 'enum', '/'],
  [
    {
      type: 'object',
      $defs: { a: { $id: 'a.json', type: 'string' } },
      properties: { a: { $ref: '#/$defs/a' } },
    },
    'UNSUPPORTED_CONSTRAINT',
    '$id',
    '/$defs/a',
  ],
  [{ type: 'strng' }, 'INVALID_OPTIONS', 'type', '/'],
  [{ properties: [] }, 'INVALID_OPTIONS', 'properties', '/'],
  [obj({ s: { minLength: -1 } }), 'INVALID_OPTIONS', 'minLength', '/properties/s'],
  [{ type: 'string', pattern: '(' }, 'INVALID_OPTIONS', 'pattern', '/'],
  [{ type: 'number', minimum: 0, exclusiveMinimum: true }, 'INVALID_OPTIONS', 'exclusiveMinimum', '/'],
  [{ $ref: '#/$defs/missing' }, 'INVALID_OPTIONS', '$ref', '/'],
  [{ anyOf: [] }, 'INVALID_OPTIONS', 'anyOf', '/'],
  [obj({ 'a/b': { enum: [Number.NaN] } }), 'INVALID_OPTIONS', 'enum', '/properties/a~1b'],
];

describe('JSON Schema → regex: refusals name the keyword and its JSON Pointer', () => {
  for (const [schema, code, keyword, pointer] of refusals) {
    it(`${code} for "${keyword}" at ${pointer}: ${JSON.stringify(schema)}`, () => {
      const e = errorOf(() => compileJsonSchema(schema));
      expect(e.code).toBe(code);
      expect(e.message).toContain(`"${keyword}" at ${pointer}`);
      expect(e.details).toMatchObject({ keyword, pointer: pointer === '/' ? '' : pointer });
    });
  }

  it('refuses what is not a schema and bad options', () => {
    expect(errorOf(() => compileJsonSchema(42)).code).toBe('INVALID_OPTIONS');
    expect(errorOf(() => compileJsonSchema({}, { whitespace: 'tabs' as 'compact' })).code).toBe(
      'INVALID_OPTIONS',
    );
    expect(errorOf(() => compileJsonSchema({}, { maxDepth: 0 })).code).toBe('INVALID_OPTIONS');
  });

  it('expands recursion up to maxRecursion and cuts optional branches beyond it', () => {
    const list = obj({ v: { type: 'integer' }, next: { $ref: '#' } }, { required: ['v'] });
    const depth = (source: string) => source.split('"next"').length - 1;
    expect(depth(compileJsonSchema(list, { maxRecursion: 0 }))).toBe(0);
    expect(depth(compileJsonSchema(list, { maxRecursion: 2 }))).toBe(2);
    const re = new RegExp(`^(?:${compileJsonSchema(list, { maxRecursion: 1 })})$`, 'u');
    expect(re.test('{"v":1,"next":{"v":2}}')).toBe(true);
    expect(re.test('{"v":1,"next":{"v":2,"next":{"v":3}}}')).toBe(false);
  });
});
