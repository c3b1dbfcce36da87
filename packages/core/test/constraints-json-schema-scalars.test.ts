import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, it } from 'vitest';
import { checkSchemaCase, type SchemaCase } from './json-schema-cases.js';

// Format checks written from RFC 3339 and ajv-formats' "full" mode, independently of the compiler's regexes.
const daysIn = (y: number, m: number) =>
  [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
    m - 1
  ];
function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo);
}
function isTime(s: string): boolean {
  const m = /^(\d\d):(\d\d):(\d\d)(\.\d+)?(z|([+-])(\d\d):(\d\d))$/i.exec(s);
  if (!m) return false;
  return (
    Number(m[1]) <= 23 && Number(m[2]) <= 59 && Number(m[3]) <= 59 && (!m[6] || (+m[7] <= 23 && +m[8] <= 59))
  );
}
const isDateTime = (s: string) => {
  const parts = s.split(/t|\s/i);
  return parts.length === 2 && isDate(parts[0]) && isTime(parts[1]);
};
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

const ajv = new Ajv2020({ strict: false, allErrors: false });
ajv.addFormat('date', isDate);
ajv.addFormat('time', isTime);
ajv.addFormat('date-time', isDateTime);
ajv.addFormat('email', (s: string) => EMAIL.test(s));
ajv.addFormat('uuid', (s: string) => UUID.test(s));
ajv.addFormat('ipv4', (s: string) => IPV4.test(s));
// WHATWG URL parsing, and the host must come through as written (RFC 3986 allows dot segments in the path).
ajv.addFormat('uri', (s: string) => {
  try {
    const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]+)[^\s]*$/i.exec(s);
    return m !== null && new URL(s).host === m[1];
  } catch {
    return false;
  }
});

type Case = SchemaCase;

const cases: Case[] = [
  { name: 'integer, unbounded', schema: { type: 'integer' }, valid: ['0', '-7', '123456789012345'] },
  { name: 'number, unbounded', schema: { type: 'number' }, valid: ['0', '-0.5', '1e10', '3.25E-2', '12.0'] },
  {
    name: 'integer range',
    schema: { type: 'integer', exclusiveMinimum: -1000, maximum: 12345 },
    valid: ['-999', '0', '12345'],
  },
  {
    name: 'number range',
    schema: { type: 'number', minimum: -10, exclusiveMaximum: 10 },
    valid: ['-10', '-9.75', '9.999', '9'],
  },
  {
    name: 'number, exclusive minimum',
    schema: { type: 'number', exclusiveMinimum: 0 },
    valid: ['1', '0.5', '1000.25'],
  },
  {
    name: 'number, non-integer bounds',
    schema: { type: 'number', minimum: 0.5, maximum: 2.5 },
    valid: ['1', '1.5', '2'],
  },
  {
    name: 'number, negative maximum',
    schema: { type: 'number', maximum: -3 },
    valid: ['-3', '-3.5', '-1000'],
  },
  {
    name: 'number, exclusive negative',
    schema: { type: 'number', exclusiveMinimum: -2, exclusiveMaximum: 0 },
    valid: ['-1', '-1.5'],
  },
  { name: 'number, huge bounds', schema: { type: 'number', minimum: -1e300, maximum: 1e300 }, valid: ['5'] },
  {
    name: 'string lengths',
    schema: { type: 'string', minLength: 2, maxLength: 4 },
    valid: ['"ab"', '"😀😀"', '"\\n\\t\\u00e9x"'],
  },
  {
    name: 'pattern, anchored',
    schema: { type: 'string', pattern: '^[A-Z]{2}-\\d{3}$' },
    valid: ['"AB-123"'],
  },
  { name: 'pattern, unanchored', schema: { type: 'string', pattern: 'abc' }, valid: ['"abc"', '"xxabcyy"'] },
  {
    name: 'pattern, anchors per alternative',
    schema: { type: 'string', pattern: '^a|b$' },
    valid: ['"a"', '"ab"', '"xb"'],
  },
  {
    name: 'pattern with length',
    schema: { type: 'string', pattern: '^(foo|bar)+$', maxLength: 9 },
    valid: ['"foobar"'],
  },
  {
    name: 'pattern needing escapes',
    schema: { type: 'string', pattern: '^["\\\\\\n\\t/]+$' },
    valid: ['"\\"\\\\\\n\\t/"'],
  },
  {
    name: 'pattern with dot and negations',
    schema: { type: 'string', pattern: '^\\S+@\\S+\\.\\w{2,3}$|^.{3}$' },
  },
  {
    name: 'pattern, unanchored, lengths',
    schema: { type: 'string', pattern: '[0-9]', minLength: 3, maxLength: 6 },
    valid: ['"1ab"'],
  },
  {
    name: 'pattern with unicode',
    schema: { type: 'string', pattern: '^[\\u{1F600}-\\u{1F64F}é]{1,3}$' },
    valid: ['"😀é"'],
  },
  {
    name: 'format date',
    schema: { type: 'string', format: 'date' },
    valid: ['"2024-02-29"', '"1999-12-31"'],
  },
  {
    name: 'format time',
    schema: { type: 'string', format: 'time' },
    valid: ['"23:59:59Z"', '"08:00:00.5+05:30"'],
  },
  {
    name: 'format date-time',
    schema: { type: 'string', format: 'date-time' },
    valid: ['"2024-01-31T12:00:00Z"'],
  },
  {
    name: 'format email',
    schema: { type: 'string', format: 'email' },
    valid: ['"john.doe+x@mail.example.org"'],
  },
  {
    name: 'format uuid',
    schema: { type: 'string', format: 'uuid' },
    valid: ['"123e4567-e89b-12d3-a456-426614174000"'],
  },
  { name: 'format ipv4', schema: { type: 'string', format: 'ipv4' }, valid: ['"192.168.0.255"'] },
  {
    name: 'format uri',
    schema: { type: 'string', format: 'uri' },
    valid: ['"https://example.org/a/b-c"', '"http://localhost"'],
  },
  {
    // zod's z.email() writes both: the pattern decides.
    name: 'format next to a pattern',
    schema: { type: 'string', format: 'email', pattern: '^[a-z]{1,8}@example\\.com$' },
    valid: ['"ann@example.com"'],
  },
  {
    name: 'format with maxLength',
    schema: { type: 'string', format: 'email', maxLength: 12 },
    valid: ['"a@b.c"'],
  },
  {
    name: 'anyOf with sibling keywords',
    schema: { type: 'string', anyOf: [{ format: 'uuid' }, { maxLength: 2 }] },
    valid: ['"ab"'],
  },
];

describe('JSON Schema → regex for numbers and strings: samples validate, examples match', () => {
  cases.forEach((c, index) => {
    it(c.name, () => checkSchemaCase(c, 1000 + index, ajv));
  });
});
