import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  anyJsonObjectRegex,
  anyJsonObjectRegexTree,
  sampleRegex,
} from '../src/constraints/json-schema/index.js';
import { seededRng } from '../src/sampling/seeded-rng.js';
import { checkSchemaCase, SAMPLES, type SchemaCase } from './json-schema-cases.js';

const ajv = new Ajv2020({ strict: false });

type Case = SchemaCase;

const person = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 20 },
    age: { type: 'integer', minimum: 0, maximum: 150 },
    email: { type: 'string', pattern: '^[^@]+@[^@]+$' },
    address: {
      type: 'object',
      properties: { street: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } },
      required: ['zip'],
      additionalProperties: false,
    },
    tags: { type: 'array', items: { enum: ['a', 'b', 'c'] }, maxItems: 3 },
  },
  required: ['name', 'age'],
  additionalProperties: false,
};

const cases: Case[] = [
  {
    name: 'enum of mixed values with regex metacharacters and escapes',
    schema: {
      enum: [
        'a.b',
        'c|d',
        '(x)*',
        'q"uote',
        'back\\slash',
        'new\nline',
        'ünï',
        '😀',
        1.5,
        -2e-7,
        null,
        true,
        { k: [1, '2'] },
      ],
    },
    valid: ['"a.b"', '"q\\"uote"', '"back\\\\slash"', '"new\\nline"', '1.5', '-2e-7', '{"k":[1,"2"]}'],
  },
  {
    // zod's z.record(z.string(), z.number()) writes this propertyNames, which every key meets.
    name: 'a map with propertyNames { type: string }',
    schema: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: { type: 'integer' } },
  },
  {
    name: 'const object',
    schema: { const: { a: [1, { b: null }], 'c.d': 'x' } },
    valid: ['{"a":[1,{"b":null}],"c.d":"x"}'],
  },
  {
    name: 'enum filtered by type',
    schema: { type: 'string', enum: ['a', 1, null, 'b'] },
    valid: ['"a"', '"b"'],
  },
  {
    name: 'enum filtered by other keywords',
    schema: { enum: ['ab', 'abcdef', 7], type: 'string', maxLength: 3 },
    valid: ['"ab"'],
  },
  {
    name: 'nested object, required and optional, declared order',
    schema: person,
    valid: [
      '{"name":"Ann","age":41}',
      '{"name":"A\\"nn","age":0,"email":"a.b@example.com","tags":["a","c"]}',
      '{"name":"Bo","age":150,"address":{"zip":"12345"}}',
      '{"name":"Bo","age":7,"address":{"street":"Main St","zip":"00000"},"tags":[]}',
    ],
  },
  {
    name: 'same object, spaced',
    schema: person,
    options: { whitespace: 'spaced' },
    valid: [
      '{"name": "Ann", "age": 41}',
      '{"name": "Bo", "age": 7, "address": {"zip": "12345"}, "tags": ["a", "b"]}',
    ],
  },
  {
    name: 'all properties optional',
    schema: {
      type: 'object',
      properties: { a: { type: 'boolean' }, b: { type: 'null' }, c: { type: 'integer' } },
    },
    valid: ['{}', '{"a":true}', '{"b":null,"c":-3}', '{"a":false,"c":0}', '{"a":true,"b":null,"c":12}'],
  },
  {
    name: 'optional before required',
    schema: {
      type: 'object',
      properties: { a: { type: 'boolean' }, b: { type: 'integer' } },
      required: ['b'],
    },
    valid: ['{"b":1}', '{"a":true,"b":1}'],
  },
  {
    name: 'required property not declared',
    schema: {
      type: 'object',
      properties: { a: { type: 'integer' } },
      required: ['z'],
      additionalProperties: { type: 'string' },
    },
    valid: ['{"z":"x"}', '{"a":1,"z":""}'],
  },
  {
    name: 'array with bounds',
    schema: { type: 'array', items: { type: 'integer', minimum: -5, maximum: 5 }, minItems: 2, maxItems: 4 },
    valid: ['[-5,5]', '[0,1,2,3]'],
  },
  {
    name: 'array, unbounded',
    schema: { type: 'array', items: { type: 'string' }, minItems: 1 },
    valid: ['["x"]', '["a","b","c","d","e"]'],
  },
  {
    name: 'prefixItems then items',
    schema: {
      type: 'array',
      prefixItems: [{ type: 'string' }, { type: 'number' }],
      items: { type: 'boolean' },
      minItems: 1,
      maxItems: 4,
    },
    valid: ['["a"]', '["a",1.5]', '["a",2,true,false]'],
  },
  {
    name: 'prefixItems only',
    schema: { type: 'array', prefixItems: [{ const: 1 }, { const: 2 }] },
    valid: ['[]', '[1]', '[1,2]'],
  },
  {
    name: 'anyOf of types',
    schema: { anyOf: [{ type: 'string', maxLength: 3 }, { type: 'integer' }, { type: 'null' }] },
    valid: ['"abc"', '42', 'null'],
  },
  { name: 'type array', schema: { type: ['string', 'null'], maxLength: 2 }, valid: ['"ab"', 'null'] },
  {
    name: 'oneOf tagged union',
    schema: {
      oneOf: [
        {
          type: 'object',
          properties: { kind: { const: 'circle' }, r: { type: 'number', minimum: 0 } },
          required: ['kind', 'r'],
        },
        {
          type: 'object',
          properties: { kind: { const: 'square' }, side: { type: 'number' } },
          required: ['kind', 'side'],
        },
      ],
    },
    valid: ['{"kind":"circle","r":1.5}', '{"kind":"square","side":-2}'],
  },
  {
    name: 'oneOf by type',
    schema: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'integer' } }] },
    valid: ['[1,2]'],
  },
  {
    name: '$ref to $defs and definitions, with siblings',
    schema: {
      $defs: { pos: { type: 'integer', minimum: 1 }, name: { type: 'string', pattern: '^[a-z]+$' } },
      definitions: { point: { type: 'object', properties: { x: { $ref: '#/$defs/pos' } }, required: ['x'] } },
      type: 'object',
      properties: { p: { $ref: '#/definitions/point' }, n: { $ref: '#/$defs/name', maxLength: 4 } },
      required: ['p'],
    },
    valid: ['{"p":{"x":3}}', '{"p":{"x":1},"n":"abcd"}'],
  },
  {
    name: 'recursive $ref, bounded expansion',
    schema: {
      type: 'object',
      properties: {
        value: { type: 'integer' },
        children: { type: 'array', items: { $ref: '#' }, maxItems: 2 },
      },
      required: ['value'],
    },
    valid: ['{"value":1,"children":[{"value":2},{"value":3,"children":[]}]}'],
  },
  {
    name: 'allOf merged',
    schema: {
      allOf: [
        { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
        { properties: { b: { type: 'integer', maximum: 3 }, a: { maxLength: 2 } }, required: ['b'] },
      ],
    },
    valid: ['{"a":"xy","b":3}'],
  },
  {
    name: 'nullable $ref through anyOf, spaced',
    schema: {
      $defs: {
        item: {
          type: 'object',
          properties: { id: { type: 'integer' }, at: { const: [1, { a: 'x' }] } },
          required: ['id'],
        },
      },
      anyOf: [{ $ref: '#/$defs/item' }, { type: 'null' }],
    },
    options: { whitespace: 'spaced' },
    valid: ['null', '{"id": 3}', '{"id": -1, "at": [1, {"a": "x"}]}'],
  },
  {
    name: 'map of integers',
    schema: { type: 'object', additionalProperties: { type: 'integer' }, maxProperties: 3 },
    valid: ['{}', '{"a":1,"b":2}'],
  },
  { name: 'closed empty object', schema: { type: 'object', additionalProperties: false }, valid: ['{}'] },
  {
    name: 'unevaluatedProperties false',
    schema: { type: 'object', properties: { a: { type: 'integer' } }, unevaluatedProperties: false },
    valid: ['{"a":1}'],
  },
  { name: 'free-form object', schema: { type: 'object' }, valid: ['{}', '{"a":{"b":[1,"x"]}}'] },
  { name: 'true schema', schema: true, valid: ['1', '[{"a":null}]'] },
  { name: 'empty schema, spaced', schema: {}, options: { whitespace: 'spaced' }, valid: ['{"a": [1, 2]}'] },
  { name: 'keywords without type', schema: { minLength: 2, maximum: 3 }, valid: ['"ab"', '3'] },
  {
    name: 'annotations ignored',
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 't',
      description: 'd',
      type: 'boolean',
      default: true,
      examples: [false],
    },
    valid: ['true'],
  },
];

describe('JSON Schema → regex: soundness (samples parse and validate) and completeness (examples match)', () => {
  cases.forEach((c, index) => {
    it(c.name, () => checkSchemaCase(c, 1000 + index, ajv));
  });

  it('json_object mode: any JSON object, nested up to maxDepth', () => {
    const validate = ajv.compile({ type: 'object' });
    const rng = seededRng(7);
    for (const maxDepth of [1, 3]) {
      const tree = anyJsonObjectRegexTree({ maxDepth });
      const whole = new RegExp(`^(?:${anyJsonObjectRegex({ maxDepth })})$`, 'u');
      for (let i = 0; i < SAMPLES; i++) {
        const text = sampleRegex(tree, rng);
        expect(validate(JSON.parse(text)), text).toBe(true);
        expect(whole.test(text)).toBe(true);
      }
    }
    const depth3 = new RegExp(`^(?:${anyJsonObjectRegex()})$`, 'u');
    expect(depth3.test('{"a":{"b":[1,2.5,"x\\u00e9",true,null]},"":-1e5}')).toBe(true);
    expect(depth3.test('{"a":{"b":[[1]]}}')).toBe(false); // four levels
    expect(depth3.test('[1]')).toBe(false);
    const spaced = new RegExp(`^(?:${anyJsonObjectRegex({ whitespace: 'spaced' })})$`, 'u');
    expect(spaced.test('{"a": [1, 2], "b": {}}')).toBe(true);
  });
});
