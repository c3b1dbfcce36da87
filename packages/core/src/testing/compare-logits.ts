import { expect } from 'vitest';

/** The largest difference between two logit arrays, scaled by max(1, |expected|), and where it is. */
export function maxLogitError(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
): { error: number; index: number } {
  let error = 0;
  let index = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    // NaN compares false, so it is caught explicitly.
    if (!(e <= error)) {
      error = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e;
      index = i;
    }
  }
  return { error, index };
}

/** Asserts equal lengths and every logit within `tolerance` of `expected`, naming the worst one on failure. */
export function expectLogitsClose(
  actual: Float32Array,
  expected: Float32Array,
  tolerance: number,
  what: string,
  width?: number,
): void {
  expect(actual.length, `${what}: logits length`).toBe(expected.length);
  const { error, index } = maxLogitError(actual, expected);
  const where = width ? `row ${Math.floor(index / width)}, column ${index % width}` : `index ${index}`;
  expect(
    error,
    `${what}: logit at ${where} is ${actual[index]}, reference ${expected[index]} (tolerance ${tolerance})`,
  ).toBeLessThanOrEqual(tolerance);
}

/** Rows `from` (inclusive) to `to` (exclusive) of a row-major [rows, width] logits array. */
export function logitRows(logits: Float32Array, width: number, from: number, to: number): Float32Array {
  return logits.subarray(from * width, to * width);
}
