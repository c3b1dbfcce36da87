import { invalidModel } from '../invalid-model.js';
import { GGUF_SCALAR_BYTES, GgufValueType } from './gguf-constants.js';
import type { GgufCursor } from './gguf-cursor.js';

/** A GGUF metadata value. 64-bit integers become numbers when they are safe integers, else bigints. */
export type GgufScalar = number | bigint | boolean | string;
/** A metadata array: numbers in a typed array or plain array, strings as `string[]`. */
export type GgufValue = GgufScalar | readonly GgufScalar[] | ArrayLike<number>;

/**
 * Most elements a metadata array may have (16.7M; real vocabularies and merge lists are a few hundred thousand).
 * Checked before allocating, together with "the rest of the file must hold them".
 */
export const MAX_GGUF_ARRAY_LENGTH = 1 << 24;

/** Smallest encoded size of one array element of each type (strings: their 8-byte length). */
function minElementBytes(type: number): number {
  return type === GgufValueType.STRING ? 8 : (GGUF_SCALAR_BYTES[type] ?? 1);
}

/** Reads one scalar of metadata type `type`. */
function readScalar(c: GgufCursor, type: number, what: string): GgufScalar {
  switch (type) {
    case GgufValueType.UINT8:
      return c.u8(what);
    case GgufValueType.INT8:
      return c.i8(what);
    case GgufValueType.UINT16:
      return c.u16(what);
    case GgufValueType.INT16:
      return c.i16(what);
    case GgufValueType.UINT32:
      return c.u32(what);
    case GgufValueType.INT32:
      return c.i32(what);
    case GgufValueType.FLOAT32:
      return c.f32(what);
    case GgufValueType.FLOAT64:
      return c.f64(what);
    case GgufValueType.BOOL: {
      const b = c.u8(what);
      if (b > 1) throw invalidModel(c.file, `${what} is a bool stored as ${b}.`);
      return b === 1;
    }
    case GgufValueType.STRING:
      return c.string(what);
    case GgufValueType.UINT64:
    case GgufValueType.INT64: {
      const v = type === GgufValueType.UINT64 ? c.u64(what) : c.i64(what);
      const n = Number(v);
      return Number.isSafeInteger(n) ? n : v;
    }
    default:
      throw invalidModel(c.file, `${what} has unknown metadata type ${type}.`, { valueType: type });
  }
}

/** Reads one value of metadata type `type`, including arrays (arrays of arrays are refused, as ggml does). */
export function readGgufValue(c: GgufCursor, type: number, what: string): GgufValue {
  if (type !== GgufValueType.ARRAY) return readScalar(c, type, what);
  const itemType = c.u32(`the element type of ${what}`);
  if (itemType === GgufValueType.ARRAY) throw invalidModel(c.file, `${what} is an array of arrays.`);
  if (itemType !== GgufValueType.STRING && GGUF_SCALAR_BYTES[itemType] === undefined) {
    throw invalidModel(c.file, `${what} has unknown element type ${itemType}.`, { valueType: itemType });
  }
  // `count` refuses a length the rest of the file could not hold, before anything is allocated.
  const length = c.count(`the elements of ${what}`, minElementBytes(itemType));
  if (length > MAX_GGUF_ARRAY_LENGTH) {
    throw invalidModel(c.file, `${what} has ${length} elements, over the ${MAX_GGUF_ARRAY_LENGTH} limit.`, {
      length,
    });
  }
  if (itemType === GgufValueType.UINT8) {
    const at = c.take(length, what);
    return c.slice(at, at + length);
  }
  if (itemType === GgufValueType.INT32) {
    const out = new Int32Array(length);
    for (let i = 0; i < length; i++) out[i] = c.i32(what);
    return out;
  }
  if (itemType === GgufValueType.FLOAT32) {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++) out[i] = c.f32(what);
    return out;
  }
  const out: GgufScalar[] = new Array(length);
  for (let i = 0; i < length; i++) out[i] = readScalar(c, itemType, what);
  return out;
}
