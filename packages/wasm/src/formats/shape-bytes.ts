import { invalidModel } from './invalid-model.js';

/**
 * Product of `dims` as a safe integer, or `INVALID_MODEL` when a dimension is not a non-negative integer or the
 * product overflows: a hostile header must not turn a shape into a wrong (or NaN) byte count.
 */
export function elementCountOf(file: string, tensor: string, dims: readonly unknown[]): number {
  let count = 1;
  for (const dim of dims) {
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) {
      throw invalidModel(file, `tensor ${tensor} has an invalid dimension ${String(dim)}.`, { tensor });
    }
    count *= dim;
    if (!Number.isSafeInteger(count)) {
      throw invalidModel(file, `tensor ${tensor} has more elements than can be addressed.`, { tensor });
    }
  }
  return count;
}
