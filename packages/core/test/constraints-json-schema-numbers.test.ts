import { describe, expect, it } from 'vitest';
import { compileJsonSchema } from '../src/constraints/json-schema/index.js';
import { integerRange } from '../src/constraints/json-schema/integer-range.js';
import { renderRegex } from '../src/constraints/json-schema/render-regex.js';
import { seededRng } from '../src/sampling/seeded-rng.js';

const whole = (source: string) => new RegExp(`^(?:${source})$`, 'u');

describe('integer ranges (digit-range decomposition)', () => {
  it('matches exactly the canonical integers in random ranges, including negatives', () => {
    const rng = seededRng(11);
    for (let round = 0; round < 24; round++) {
      const a = Math.floor(rng() * 2400) - 1200;
      const b = a + Math.floor(rng() * (round % 3 === 0 ? 30 : 1500));
      const re = whole(renderRegex(integerRange(BigInt(a), BigInt(b))));
      for (let n = -1600; n <= 1600; n++)
        expect(re.test(String(n)), `${n} in [${a}, ${b}]`).toBe(n >= a && n <= b);
      for (const bad of ['-0', '007', '+1', '1.0', '']) expect(re.test(bad)).toBe(false);
    }
  });

  it('handles bounds at the edges of digit counts and large values', () => {
    const cases: [bigint, bigint][] = [
      [0n, 0n],
      [9n, 10n],
      [99n, 1000n],
      [-100n, -99n],
      [123456789n, 987654321012n],
      [-999999999999999n, 999999999999999n],
    ];
    for (const [lo, hi] of cases) {
      const re = whole(renderRegex(integerRange(lo, hi)));
      for (const n of [lo - 1n, lo, lo + 1n, (lo + hi) / 2n, hi - 1n, hi, hi + 1n]) {
        expect(re.test(n.toString()), `${n} in [${lo}, ${hi}]`).toBe(n >= lo && n <= hi);
      }
    }
  });
});

type Bounds = { minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number };
const inRange = (v: number, b: Bounds) =>
  (b.minimum === undefined || v >= b.minimum) &&
  (b.maximum === undefined || v <= b.maximum) &&
  (b.exclusiveMinimum === undefined || v > b.exclusiveMinimum) &&
  (b.exclusiveMaximum === undefined || v < b.exclusiveMaximum);

/** Decimal texts around the interesting points: integers, tenths, hundredths, with and without trailing zeros. */
function candidates(): string[] {
  const out = new Set<string>();
  for (let n = -4000; n <= 4000; n++) {
    const v = n / 100;
    out.add(String(v));
    out.add(v.toFixed(2));
    if (Number.isInteger(v)) out.add(v.toFixed(1));
  }
  for (const s of [
    '0.001',
    '-0.001',
    '2.4999',
    '2.5001',
    '-1.0000001',
    '0.30000000000001',
    '12.345678901234',
  ])
    out.add(s);
  return [...out].filter((s) => s !== '-0' && s !== '-0.00' && s !== '-0.0');
}

describe('bounded numbers', () => {
  const texts = candidates();
  const boundCases: Bounds[] = [
    { minimum: 0 },
    { exclusiveMinimum: 0 },
    { minimum: -10, exclusiveMaximum: 10 },
    { minimum: 0.5, maximum: 2.5 },
    { exclusiveMinimum: 0.25, exclusiveMaximum: 0.75 },
    { minimum: -1.5, maximum: -1.25 },
    { maximum: -3 },
    { exclusiveMaximum: -3.05 },
    { exclusiveMinimum: -2, exclusiveMaximum: 0 },
    { minimum: 2.5, maximum: 2.5 },
    { minimum: 1, exclusiveMinimum: 1 },
    { minimum: -0.001, maximum: 0.001 },
  ];
  for (const bounds of boundCases) {
    it(`numbers in ${JSON.stringify(bounds)}: sound, and complete for short decimals`, () => {
      const re = whole(compileJsonSchema({ type: 'number', ...bounds }));
      // Exponent-free decimals with at most 15 digits are exactly the forms the regex promises.
      const wrong = texts.filter((text) => re.test(text) !== inRange(Number(text), bounds));
      expect(wrong).toEqual([]);
    });
    it(`integers in ${JSON.stringify(bounds)}`, () => {
      const schema = { type: 'integer', ...bounds };
      if (!Array.from({ length: 121 }, (_, i) => i - 60).some((n) => inRange(n, bounds))) {
        expect(() => compileJsonSchema(schema)).toThrow(/leaves no integer/);
        return;
      }
      const re = whole(compileJsonSchema(schema));
      for (let n = -60; n <= 60; n++) expect(re.test(String(n)), String(n)).toBe(inRange(n, bounds));
      expect(re.test('1.0')).toBe(false);
    });
  }

  it('keeps values off an exclusive bound they could round onto', () => {
    const re = whole(compileJsonSchema({ type: 'number', exclusiveMaximum: 5 }));
    expect(re.test('4.99999999999999')).toBe(true); // 15 digits
    expect(re.test('4.999999999999999')).toBe(false); // 16 digits: would need care, left out
    expect(re.test('4.99999999999999999999')).toBe(false); // parses to 5
    const precise = whole(compileJsonSchema({ type: 'number', exclusiveMinimum: 0.1234567890123456 }));
    expect(precise.test('1')).toBe(true);
    expect(precise.test('0.2')).toBe(false); // the bound has 16 digits: no fractions beside it
  });

  it('caps digits where no bound does, so values stay finite and exact', () => {
    const int = whole(compileJsonSchema({ type: 'integer', minimum: 0 }));
    expect(int.test('999999999999999')).toBe(true);
    expect(int.test('1000000000000000')).toBe(false);
    const num = whole(compileJsonSchema({ type: 'number' }));
    expect(num.test('1.5e99')).toBe(true);
    expect(num.test('1e999')).toBe(false);
    expect(num.test('01')).toBe(false);
    expect(num.test('1.')).toBe(false);
    expect(num.test('.5')).toBe(false);
  });
});
